//! The page's fixed text: one table of strings per language (English, Spanish), and how
//! the page's language is chosen (the `lang` parameter, else the cookie, else the
//! browser's `Accept-Language`, else English).

/// The languages the page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "waypoint_lang";

impl Lang {
    /// `en` or `es`; anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The language of an `Accept-Language` header: Spanish when its first language is.
    pub fn from_accept_language(header: &str) -> Lang {
        let first = header.split(',').next().unwrap_or("").trim();
        let primary = first.split(['-', ';']).next().unwrap_or("");
        Lang::parse(primary).unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    pub fn t(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }
}

/// Every fixed string of the page.
pub struct Strings {
    pub title: &'static str,
    pub tagline: &'static str,
    pub skip: &'static str,
    pub switch_to: &'static str,
    pub what: &'static str,
    pub what_hint: &'static str,
    pub place: &'static str,
    pub place_hint: &'static str,
    /// The button that searches near the browser's location (shown by the script).
    pub use_location: &'static str,
    pub locating: &'static str,
    pub location_denied: &'static str,
    /// Under the place field while the browser's location is in use.
    pub using_location: &'static str,
    /// The results' place when it is the browser's location.
    pub your_location: &'static str,
    pub categories: &'static str,
    pub filters: &'static str,
    pub more_filters: &'static str,
    pub open_now: &'static str,
    pub free: &'static str,
    pub spanish: &'static str,
    pub meetings_today: &'static str,
    pub has_openings: &'static str,
    pub search: &'static str,
    pub results: &'static str,
    pub results_count: &'static str,
    pub no_results: &'static str,
    pub start_hint: &'static str,
    pub error_heading: &'static str,
    pub did_you_mean: &'static str,
    pub unavailable: &'static str,
    /// The place typed is no ZIP code or city the page knows.
    pub place_unknown: &'static str,
    /// The place typed names several cities (the choices follow).
    pub place_ambiguous: &'static str,
    /// Any other search the page could not run (the parameter follows).
    pub search_refused: &'static str,
    pub crisis_heading: &'static str,
    pub crisis_text: &'static str,
    pub call_988: &'static str,
    pub text_988: &'static str,
    pub call_911: &'static str,
    pub online: &'static str,
    pub serves_area: &'static str,
    pub away: &'static str,
    pub open: &'static str,
    pub closed: &'static str,
    pub hours_unknown: &'static str,
    pub next: &'static str,
    pub always_open: &'static str,
    pub directions: &'static str,
    pub call: &'static str,
    pub text: &'static str,
    pub join_online: &'static str,
    pub join_phone: &'static str,
    pub meeting_id: &'static str,
    pub passcode: &'static str,
    pub languages: &'static str,
    pub cost: &'static str,
    pub free_cost: &'static str,
    pub pays_with: &'static str,
    pub capacity: &'static str,
    pub capacity_open: &'static str,
    pub capacity_full: &'static str,
    pub capacity_waitlist: &'static str,
    pub capacity_assessment: &'static str,
    pub capacity_stale: &'static str,
    pub hours: &'static str,
    pub website: &'static str,
    pub add_to_sheet: &'static str,
    pub make_sheet: &'static str,
    pub sheet_hint: &'static str,
    pub previous: &'static str,
    pub next_page: &'static str,
    pub page_of: &'static str,
    pub sheet_title: &'static str,
    pub sheet_empty: &'static str,
    pub note: &'static str,
    pub note_hint: &'static str,
    pub update_note: &'static str,
    pub print_hint: &'static str,
    pub print: &'static str,
    pub text_version: &'static str,
    pub text_hint: &'static str,
    pub copy: &'static str,
    pub plain_text_link: &'static str,
    pub back: &'static str,
    pub sheet_footer: &'static str,
    pub privacy: &'static str,
    pub api_docs: &'static str,
    pub language_nav: &'static str,
    pub pages_nav: &'static str,
    pub characters: &'static str,
    pub text_crisis: &'static str,
    pub days: [&'static str; 7],
    pub category_names: [(&'static str, &'static str); 7],
    pub language_names: &'static [(&'static str, &'static str)],
}

/// The seven categories' slugs, in the order the chips show them.
pub const CATEGORIES: [&str; 7] = [
    "substance-use-treatment",
    "support-groups",
    "mental-health",
    "housing",
    "food",
    "healthcare",
    "employment",
];

impl Strings {
    /// A category's name, or its slug when unknown.
    pub fn category<'a>(&self, slug: &'a str) -> &'a str {
        self.category_names
            .iter()
            .find(|(s, _)| *s == slug)
            .map(|(_, n)| *n)
            .unwrap_or(slug)
    }

    /// A language's name from its ISO 639-1 code, or the code when unknown.
    pub fn language<'a>(&self, code: &'a str) -> &'a str {
        self.language_names
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| *n)
            .unwrap_or(code)
    }
}

pub static EN: Strings = Strings {
    title: "Waypoint",
    tagline: "Find recovery help nearby",
    skip: "Skip to content",
    switch_to: "Español",
    what: "What do you need?",
    what_hint: "For example: rehab, NA meeting tonight, free food, housing",
    place: "Where? (ZIP code or city)",
    place_hint: "For example: 21202 or Baltimore, MD",
    use_location: "Use my location",
    locating: "Finding your location…",
    location_denied: "Your location is not available. Type a ZIP code or a city instead.",
    using_location: "Searching near your location. Type a place to search somewhere else.",
    your_location: "near you",
    categories: "Categories",
    filters: "Only show",
    more_filters: "Categories and filters",
    open_now: "Open now",
    free: "Free",
    spanish: "In Spanish",
    meetings_today: "Meetings today",
    has_openings: "Has openings",
    search: "Search",
    results: "Results",
    results_count: "results",
    no_results: "Nothing matched. Try fewer words, another place, or fewer filters.",
    start_hint: "Type what the person needs and where, then press Search.",
    error_heading: "We could not search that",
    did_you_mean: "Did you mean:",
    unavailable: "Search is not available right now. Please try again in a minute.",
    place_unknown: "We do not know that place. Type a US ZIP code, or a city with its state, as in “Toledo, OH”.",
    place_ambiguous: "Several cities have that name. Pick one, or add the state, as in “Springfield, IL”.",
    search_refused: "This search could not run. Check what you typed",
    crisis_heading: "Help right now",
    crisis_text: "If someone is in danger or not breathing, call 911 now. For a suicidal, mental health or substance use crisis, call or text 988, free and open 24/7.",
    call_988: "Call 988",
    text_988: "Text 988",
    call_911: "Call 911",
    online: "Online",
    serves_area: "Serves this area",
    away: "away",
    open: "Open now",
    closed: "Closed now",
    hours_unknown: "Hours not known",
    next: "Next:",
    always_open: "Open 24/7",
    directions: "Directions",
    call: "Call",
    text: "Text",
    join_online: "Join online",
    join_phone: "Join by phone",
    meeting_id: "meeting ID",
    passcode: "passcode",
    languages: "Languages",
    cost: "Cost",
    free_cost: "Free",
    pays_with: "Accepts",
    capacity: "Openings",
    capacity_open: "open",
    capacity_full: "Full",
    capacity_waitlist: "Waitlist",
    capacity_assessment: "Assessment needed first",
    capacity_stale: "Not known (last report is old)",
    hours: "Hours",
    website: "Website",
    add_to_sheet: "Add to sheet",
    make_sheet: "Make a sheet of the checked listings",
    sheet_hint: "Check listings to print them or send them as a text message.",
    previous: "Previous page",
    next_page: "Next page",
    page_of: "Page",
    sheet_title: "Resource sheet",
    sheet_empty: "No listing was chosen, or the chosen listings are no longer listed. Go back and check some results.",
    note: "Note for the person (printed, never saved)",
    note_hint: "For example: ask for Maria, bring ID",
    update_note: "Add the note",
    print_hint: "Print this page with your browser's Print command.",
    print: "Print",
    text_version: "As a text message",
    text_hint: "Copy this and paste it into a text message.",
    copy: "Copy text",
    plain_text_link: "Plain text",
    back: "Back to search",
    sheet_footer: "From Waypoint. Call before you go: hours and openings change. In a crisis call or text 988; in an emergency call 911.",
    privacy: "Waypoint keeps nothing about the people you search for.",
    api_docs: "API",
    language_nav: "Language",
    pages_nav: "Pages",
    characters: "characters",
    text_crisis: "Crisis: call or text 988. Emergency: 911.",
    days: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    category_names: [
        ("substance-use-treatment", "Treatment"),
        ("support-groups", "Support groups"),
        ("mental-health", "Mental health"),
        ("housing", "Housing"),
        ("food", "Food"),
        ("healthcare", "Health care"),
        ("employment", "Jobs"),
    ],
    language_names: &[
        ("en", "English"),
        ("es", "Spanish"),
        ("zh", "Chinese"),
        ("vi", "Vietnamese"),
        ("ko", "Korean"),
        ("ru", "Russian"),
        ("ar", "Arabic"),
        ("fr", "French"),
        ("ht", "Haitian Creole"),
        ("tl", "Tagalog"),
        ("pt", "Portuguese"),
        ("am", "Amharic"),
        ("so", "Somali"),
        ("ne", "Nepali"),
        ("sgn", "Sign language"),
    ],
};

pub static ES: Strings = Strings {
    title: "Waypoint",
    tagline: "Encuentre ayuda para la recuperación cerca",
    skip: "Ir al contenido",
    switch_to: "English",
    what: "¿Qué necesita?",
    what_hint: "Por ejemplo: rehabilitación, reunión de NA esta noche, comida gratis, vivienda",
    place: "¿Dónde? (código postal o ciudad)",
    place_hint: "Por ejemplo: 92701 o Santa Ana, CA",
    use_location: "Usar mi ubicación",
    locating: "Buscando su ubicación…",
    location_denied: "Su ubicación no está disponible. Escriba un código postal o una ciudad.",
    using_location: "Buscando cerca de su ubicación. Escriba un lugar para buscar en otro sitio.",
    your_location: "cerca de usted",
    categories: "Categorías",
    filters: "Mostrar solo",
    more_filters: "Categorías y filtros",
    open_now: "Abierto ahora",
    free: "Gratis",
    spanish: "En español",
    meetings_today: "Reuniones hoy",
    has_openings: "Con cupo",
    search: "Buscar",
    results: "Resultados",
    results_count: "resultados",
    no_results: "No se encontró nada. Pruebe con menos palabras, otro lugar o menos filtros.",
    start_hint: "Escriba lo que la persona necesita y dónde, y pulse Buscar.",
    error_heading: "No pudimos hacer esa búsqueda",
    did_you_mean: "¿Quiso decir:",
    unavailable: "La búsqueda no está disponible ahora. Vuelva a intentarlo en un minuto.",
    place_unknown: "No conocemos ese lugar. Escriba un código postal de EE. UU., o una ciudad con su estado, como “Toledo, OH”.",
    place_ambiguous: "Varias ciudades tienen ese nombre. Elija una, o agregue el estado, como “Springfield, IL”.",
    search_refused: "No se pudo hacer esta búsqueda. Revise lo que escribió",
    crisis_heading: "Ayuda ahora mismo",
    crisis_text: "Si alguien está en peligro o no respira, llame al 911 ahora. En una crisis suicida, de salud mental o de consumo de sustancias, llame al 988 y marque 2 para español, o envíe AYUDA por mensaje de texto al 988: gratis, las 24 horas.",
    call_988: "Llamar al 988",
    text_988: "Enviar texto al 988",
    call_911: "Llamar al 911",
    online: "En línea",
    serves_area: "Atiende esta zona",
    away: "de distancia",
    open: "Abierto ahora",
    closed: "Cerrado ahora",
    hours_unknown: "Horario desconocido",
    next: "Próximo:",
    always_open: "Abierto 24/7",
    directions: "Cómo llegar",
    call: "Llamar",
    text: "Texto",
    join_online: "Unirse en línea",
    join_phone: "Unirse por teléfono",
    meeting_id: "ID de reunión",
    passcode: "código",
    languages: "Idiomas",
    cost: "Costo",
    free_cost: "Gratis",
    pays_with: "Acepta",
    capacity: "Cupo",
    capacity_open: "libres",
    capacity_full: "Lleno",
    capacity_waitlist: "Lista de espera",
    capacity_assessment: "Primero se necesita una evaluación",
    capacity_stale: "Desconocido (el último informe es antiguo)",
    hours: "Horario",
    website: "Sitio web",
    add_to_sheet: "Añadir a la hoja",
    make_sheet: "Hacer una hoja con los marcados",
    sheet_hint: "Marque recursos para imprimirlos o enviarlos por mensaje de texto.",
    previous: "Página anterior",
    next_page: "Página siguiente",
    page_of: "Página",
    sheet_title: "Hoja de recursos",
    sheet_empty: "No se eligió ningún recurso, o ya no están en la lista. Vuelva y marque algunos resultados.",
    note: "Nota para la persona (se imprime, nunca se guarda)",
    note_hint: "Por ejemplo: pregunte por María, lleve identificación",
    update_note: "Añadir la nota",
    print_hint: "Imprima esta página con el comando Imprimir de su navegador.",
    print: "Imprimir",
    text_version: "Como mensaje de texto",
    text_hint: "Copie esto y péguelo en un mensaje de texto.",
    copy: "Copiar texto",
    plain_text_link: "Texto sin formato",
    back: "Volver a la búsqueda",
    sheet_footer: "De Waypoint. Llame antes de ir: los horarios y cupos cambian. En una crisis llame o envíe un texto al 988; en una emergencia llame al 911.",
    privacy: "Waypoint no guarda nada sobre las personas que usted busca.",
    api_docs: "API",
    language_nav: "Idioma",
    pages_nav: "Páginas",
    characters: "caracteres",
    text_crisis: "Crisis: llame o envíe texto al 988. Emergencia: 911.",
    days: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    category_names: [
        ("substance-use-treatment", "Tratamiento"),
        ("support-groups", "Grupos de apoyo"),
        ("mental-health", "Salud mental"),
        ("housing", "Vivienda"),
        ("food", "Comida"),
        ("healthcare", "Atención médica"),
        ("employment", "Empleo"),
    ],
    language_names: &[
        ("en", "inglés"),
        ("es", "español"),
        ("zh", "chino"),
        ("vi", "vietnamita"),
        ("ko", "coreano"),
        ("ru", "ruso"),
        ("ar", "árabe"),
        ("fr", "francés"),
        ("ht", "criollo haitiano"),
        ("tl", "tagalo"),
        ("pt", "portugués"),
        ("am", "amárico"),
        ("so", "somalí"),
        ("ne", "nepalí"),
        ("sgn", "lengua de señas"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_a_code_or_the_browser() {
        assert_eq!(Lang::parse("ES"), Some(Lang::Es));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(
            Lang::from_accept_language("es-MX,es;q=0.9,en;q=0.8"),
            Lang::Es
        );
        assert_eq!(Lang::from_accept_language("en-US,es;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }

    #[test]
    fn every_category_has_a_name_in_both_languages() {
        for slug in CATEGORIES {
            assert_ne!(EN.category(slug), slug);
            assert_ne!(ES.category(slug), slug);
        }
    }
}
