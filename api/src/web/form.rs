//! The page's query string, read leniently: what the person typed and checked (unknown
//! parameters ignored, empty fields dropped, overlong text cut), and the `/v1/search`
//! parameters it stands for. Bad values are not refused here: the search's own parsing
//! refuses them, and the page shows its message.

use super::text::Lang;

/// Longest text kept from a field; the rest is cut (at a character boundary).
const MAX_FIELD_CHARS: usize = 200;

/// What the search form holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SearchForm {
    pub q: String,
    pub near: String,
    /// The browser's location (the page's "Use my location", rounded by its script to
    /// about 100 m), used when no place is typed.
    pub lat: String,
    pub lon: String,
    pub categories: Vec<String>,
    pub open_now: bool,
    pub free: bool,
    pub spanish: bool,
    /// Meetings that meet today (the place's weekday).
    pub today: bool,
    pub has_capacity: bool,
    pub page: Option<String>,
    /// The language asked for with `lang`, when it is one the page is written in.
    pub lang: Option<Lang>,
}

/// The query string's pairs, decoded; one that cannot be decoded reads as none.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    actix_web::web::Query::<Vec<(String, String)>>::from_query(query)
        .map(|q| q.into_inner())
        .unwrap_or_default()
}

/// A field's text, trimmed and cut to a sane length.
pub fn field(value: &str) -> String {
    value.trim().chars().take(MAX_FIELD_CHARS).collect()
}

fn checked(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "on" | "yes"
    )
}

impl SearchForm {
    pub fn parse(query: &str) -> SearchForm {
        let mut form = SearchForm::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "q" => form.q = field(&value),
                "near" => form.near = field(&value),
                "lat" => form.lat = field(&value),
                "lon" => form.lon = field(&value),
                "category" => {
                    for slug in value.split(',').map(field).filter(|s| !s.is_empty()) {
                        if !form.categories.contains(&slug) && form.categories.len() < 10 {
                            form.categories.push(slug);
                        }
                    }
                }
                "open_now" => form.open_now = checked(&value),
                "free" => form.free = checked(&value),
                "language" => form.spanish = value.trim().eq_ignore_ascii_case("es"),
                "today" => form.today = checked(&value),
                "has_capacity" => form.has_capacity = checked(&value),
                "page" => form.page = Some(field(&value)).filter(|p| !p.is_empty()),
                "lang" => form.lang = Lang::parse(&value),
                _ => {}
            }
        }
        form
    }

    /// Whether the search is near the browser's location: given, and no place typed.
    pub fn uses_location(&self) -> bool {
        self.near.is_empty() && !self.lat.is_empty() && !self.lon.is_empty()
    }

    /// Nothing asked yet: the page shows the form alone.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty()
            && self.near.is_empty()
            && !self.uses_location()
            && self.categories.is_empty()
            && !(self.open_now || self.free || self.spanish || self.today || self.has_capacity)
    }

    /// The `/v1/search` parameters this form stands for (`today` is added by the caller,
    /// which knows the place's weekday). Meetings today without a category means support
    /// groups.
    pub fn search_params(&self) -> Vec<(String, String)> {
        let mut params = Vec::new();
        let mut push = |k: &str, v: &str| params.push((k.to_string(), v.to_string()));
        if !self.q.is_empty() {
            push("q", &self.q);
        }
        if !self.near.is_empty() {
            push("near", &self.near);
        } else if self.uses_location() {
            push("lat", &self.lat);
            push("lon", &self.lon);
        }
        for c in &self.categories {
            push("category", c);
        }
        if self.today && self.categories.is_empty() {
            push("category", "support-groups");
        }
        if self.open_now {
            push("open_now", "true");
        }
        if self.free {
            push("free", "true");
        }
        if self.spanish {
            push("language", "es");
        }
        if self.has_capacity {
            push("has_capacity", "true");
        }
        if let Some(page) = &self.page {
            push("page", page);
        }
        params
    }

    /// This form as a query string for a link (another page, the other language).
    pub fn query_string(&self, page: Option<usize>, lang: Lang) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if !self.near.is_empty() {
            pairs.push(("near", self.near.clone()));
        } else if self.uses_location() {
            pairs.push(("lat", self.lat.clone()));
            pairs.push(("lon", self.lon.clone()));
        }
        for c in &self.categories {
            pairs.push(("category", c.clone()));
        }
        for (on, key, value) in [
            (self.open_now, "open_now", "true"),
            (self.free, "free", "true"),
            (self.spanish, "language", "es"),
            (self.today, "today", "true"),
            (self.has_capacity, "has_capacity", "true"),
        ] {
            if on {
                pairs.push((key, value.to_string()));
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
        }
        pairs.push(("lang", lang.code().to_string()));
        waypoint_indexer::params::query_string(&pairs)
    }

    /// Whether a category chip is checked.
    pub fn has_category(&self, slug: &str) -> bool {
        self.categories.iter().any(|c| c == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_what_was_typed_and_checked() {
        let f = SearchForm::parse(
            "q=+rehab+&near=21202&category=food&category=housing&open_now=on&language=es&today=1&lang=es&x=y",
        );
        assert_eq!(f.q, "rehab");
        assert_eq!(f.categories, ["food", "housing"]);
        assert!(f.open_now && f.spanish && f.today && !f.free);
        assert_eq!(f.lang, Some(Lang::Es));
        let params = f.search_params();
        assert!(params.contains(&("language".into(), "es".into())));
        assert!(params.contains(&("open_now".into(), "true".into())));
        assert!(
            !params
                .iter()
                .any(|(k, _)| k == "today" || k == "lang" || k == "x")
        );
    }

    #[test]
    fn an_empty_form_asks_nothing() {
        assert!(SearchForm::parse("").is_empty());
        assert!(SearchForm::parse("q=&near=&lang=es").is_empty());
        assert!(SearchForm::parse("%%%").is_empty());
        assert!(!SearchForm::parse("free=true").is_empty());
    }

    #[test]
    fn meetings_today_without_a_category_are_support_groups() {
        let f = SearchForm::parse("today=true&near=19106");
        assert!(
            f.search_params()
                .contains(&("category".into(), "support-groups".into()))
        );
    }

    #[test]
    fn links_carry_the_form_encoded() {
        let f = SearchForm::parse("q=comida%20gratis&near=Santa%20Ana%2C%20CA&free=true");
        assert_eq!(
            f.query_string(Some(2), Lang::Es),
            "q=comida%20gratis&near=Santa%20Ana%2C%20CA&free=true&page=2&lang=es"
        );
        assert_eq!(SearchForm::parse(&f.query_string(None, Lang::En)).q, f.q);
    }

    #[test]
    fn the_browsers_location_is_used_only_when_no_place_is_typed() {
        let located = SearchForm::parse("q=food&lat=39.290&lon=-76.612");
        assert!(located.uses_location() && !located.is_empty());
        let params = located.search_params();
        assert!(params.contains(&("lat".into(), "39.290".into())));
        assert!(params.contains(&("lon".into(), "-76.612".into())));
        assert!(
            located
                .query_string(Some(2), Lang::En)
                .contains("lat=39.290&lon=-76.612")
        );
        // A place typed wins over a location left in the form.
        let typed = SearchForm::parse("q=food&near=21202&lat=39.290&lon=-76.612");
        assert!(!typed.uses_location());
        assert!(!typed.search_params().iter().any(|(k, _)| k == "lat"));
        // Half a location is none.
        assert!(!SearchForm::parse("lat=39.290").uses_location());
    }

    #[test]
    fn overlong_fields_are_cut() {
        let long = "a".repeat(5000);
        assert_eq!(
            SearchForm::parse(&format!("q={long}")).q.len(),
            MAX_FIELD_CHARS
        );
    }
}
