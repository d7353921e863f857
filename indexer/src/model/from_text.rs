//! Facts that feeds write as text rather than as codes: the languages named in a language's
//! name or note or in `interpretation_services` ("Spanish and ASL.") and whether
//! `fees_description` says a service costs nothing ("None.", "Free", "No fee").

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Language;
use super::fold::fold;

const LANGUAGES: &str = include_str!("../../../seed-data/languages.csv");

/// Sentences about written matter, not about people who speak the language.
const MATERIALS: [&str; 6] = [
    "brochure",
    "material",
    "literature",
    "book",
    "format",
    "publication",
];

/// Folded language names (as word lists) and their codes, longest names first, so that
/// "american sign language" is taken before "sign language".
fn names() -> &'static [(Vec<String>, &'static str)] {
    static NAMES: OnceLock<Vec<(Vec<String>, &'static str)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<(Vec<String>, &'static str)> = LANGUAGES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| l.split_once(','))
            .map(|(name, code)| (words(name), code.trim()))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        names
    })
}

/// The name a code is shown with: the first `languages.csv` row with that code.
pub fn language_name(code: &str) -> Option<&'static str> {
    static FIRST: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    FIRST
        .get_or_init(|| {
            let mut first = HashMap::new();
            for (name, code) in LANGUAGES
                .lines()
                .filter(|l| !l.starts_with('#'))
                .skip(1)
                .filter_map(|l| l.split_once(','))
            {
                first.entry(code.trim()).or_insert(name.trim());
            }
            first
        })
        .get(code)
        .copied()
}

/// Folded words; dots inside a word go ("A.S.L." is "asl").
fn words(text: &str) -> Vec<String> {
    fold(text)
        .replace('.', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Sentences: split at `;`, at a line break, and at a full stop followed by a space or the
/// end ("A.S.L." stays whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let ends = match c {
            ';' | '\n' => true,
            '.' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            out.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// ISO 639-1 codes (and `sgn` for sign languages) of the languages a text names, in the
/// order named, each once. Sentences about written matter ("Offers brochures in Spanish")
/// are left out; a name `languages.csv` does not list ("Creole" alone) is not guessed.
pub fn languages_in(text: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for sentence in sentences(text) {
        let w = words(sentence);
        if w.iter()
            .any(|w| MATERIALS.iter().any(|m| w.starts_with(*m)))
        {
            continue;
        }
        let mut i = 0;
        while i < w.len() {
            let hit = names()
                .iter()
                .find(|(name, _)| w[i..].starts_with(name.as_slice()));
            match hit {
                Some((name, code)) => {
                    if !found.contains(code) {
                        found.push(*code);
                    }
                    i += name.len();
                }
                None => i += 1,
            }
        }
    }
    found
}

/// Whether a fees text says the service costs nothing. Only what the text says: its first
/// sentence is "None", "Free", "No fee(s)", "No charge", "No cost", "Free of charge" or
/// "Gratis" (case and closing punctuation aside), and no later sentence names a price or a
/// way to pay ("None if eligible. Premium $45" and "Medicaid, sliding scale" are not free;
/// "None. Voluntary donations accepted." is).
pub fn fees_say_free(text: &str) -> bool {
    const FREE: [&str; 12] = [
        "none",
        "free",
        "no fee",
        "no fees",
        "no charge",
        "no charges",
        "no cost",
        "free of charge",
        "gratis",
        "sin costo",
        "there is no fee",
        "there is no charge",
    ];
    const PAYING: [&str; 16] = [
        "$",
        "fee",
        "premium",
        "insurance",
        "medicaid",
        "medicare",
        "medical assistance",
        "sliding",
        "pay",
        "charge",
        "cost",
        "copay",
        "co-pay",
        "price",
        "rate",
        "%",
    ];
    let parts = sentences(text);
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    let first = fold(first.trim().trim_end_matches(['.', '!', ',']));
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    FREE.contains(&first.as_str())
        && rest.iter().all(|s| {
            let s = fold(s);
            !PAYING.iter().any(|p| s.contains(*p))
        })
}

/// A service's or location's languages with the codes their text names: a language
/// without a code whose name or note names languages ("Spanish, French.") becomes one
/// language per code, named as `languages.csv` names it, the feed's text kept as its note
/// (the first keeps the feed's id, the others get `new_id(first id, code)`); languages
/// named in `interpretation_services` and not yet listed are added
/// (`new_id("interpretation_services", code)`). A language naming none is kept as it is;
/// a code is listed once.
pub fn coded_languages(
    languages: Vec<Language>,
    interpretation_services: Option<&str>,
    new_id: impl Fn(&str, &str) -> String,
) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    let listed = |out: &[Language], code: &str| out.iter().any(|l| l.code.as_deref() == Some(code));
    for l in languages {
        if l.code.is_some() {
            out.push(l);
            continue;
        }
        let text = [l.name.as_deref(), l.note.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". ");
        let codes = languages_in(&text);
        if codes.is_empty() {
            out.push(l);
            continue;
        }
        for (i, code) in codes.into_iter().enumerate() {
            if listed(&out, code) {
                continue;
            }
            let name = language_name(code).map(str::to_string);
            out.push(Language {
                id: if i == 0 {
                    l.id.clone()
                } else {
                    new_id(&l.id, code)
                },
                note: Some(text.clone()).filter(|t| Some(t) != name.as_ref()),
                name,
                code: Some(code.to_string()),
            });
        }
    }
    for code in interpretation_services
        .map(languages_in)
        .unwrap_or_default()
    {
        if !listed(&out, code) {
            out.push(Language {
                id: new_id("interpretation_services", code),
                name: language_name(code).map(str::to_string),
                code: Some(code.to_string()),
                note: interpretation_services.map(str::to_string),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_named_in_text() {
        assert_eq!(languages_in("Spanish."), vec!["es"]);
        assert_eq!(languages_in("Spanish, French."), vec!["es", "fr"]);
        assert_eq!(languages_in("Spanish and ASL."), vec!["es", "sgn"]);
        assert_eq!(languages_in("A.S.L."), vec!["sgn"]);
        assert_eq!(
            languages_in("American Sign Language or Interpreter available."),
            vec!["sgn"]
        );
        assert_eq!(languages_in("English, Spanish"), vec!["en", "es"]);
        assert_eq!(languages_in("ESPAÑOL y inglés"), vec!["es", "en"]);
        assert_eq!(
            languages_in("Spanish and Haitian Creole."),
            vec!["es", "ht"]
        );
        assert_eq!(
            languages_in("Vietnamese, Chinese and Korean. (ethnic sites)"),
            vec!["vi", "zh", "ko"]
        );
        assert_eq!(
            languages_in("Spanish and Mandarin, with access to others."),
            vec!["es", "zh"]
        );
    }

    #[test]
    fn text_naming_no_language_gives_none() {
        assert!(languages_in("Accommodations possible.").is_empty());
        assert!(languages_in("Language Line.").is_empty());
        assert!(languages_in("Interpreters available.").is_empty());
        assert!(languages_in("None.").is_empty());
        // "Creole" alone could be several languages.
        assert_eq!(languages_in("Spanish, Creole."), vec!["es"]);
        // Words that only contain a name are not it.
        assert!(languages_in("Spanishtown Road").is_empty());
    }

    #[test]
    fn written_matter_is_not_a_spoken_language() {
        assert!(languages_in("Offers brochures in Spanish.").is_empty());
        assert!(
            languages_in("Free Literature available in Spanish, Russian and Chinese.").is_empty()
        );
        assert_eq!(
            languages_in("Materials in Spanish. Accommodations possible."),
            Vec::<&str>::new()
        );
        assert_eq!(
            languages_in(
                "Spanish.  Provides information in alternative formats, including Braille."
            ),
            vec!["es"]
        );
    }

    #[test]
    fn codes_have_names() {
        assert_eq!(language_name("es"), Some("Spanish"));
        assert_eq!(language_name("zh"), Some("Chinese"));
        assert_eq!(language_name("xx"), None);
    }

    #[test]
    fn fees_that_say_free() {
        for text in [
            "None.",
            "None",
            "  none  ",
            "Free",
            "Free.",
            "No fee.",
            "No fees.",
            "No charge",
            "No cost.",
            "Free of charge.",
            "Gratis",
            "None.  Voluntary donation basket is passed at meetings.",
            "None. Donations accepted.",
        ] {
            assert!(fees_say_free(text), "{text:?} is free");
        }
    }

    #[test]
    fn fees_that_do_not_say_free() {
        for text in [
            "",
            "Medicaid, sliding scale",
            "Sliding fee scale.",
            "None if eligible. MCHP Premium is $45-$57 per family.",
            "None for counseling or set up fee.  $10 per creditor for a maximum total of $30 monthly.",
            "All services except experimental treatments are free.",
            "Voluntary donations accepted.",
            "See notes.",
            "$100-150 weekly.",
            "None. $5 for copies.",
            "None. Medicaid accepted.",
            "Free for members; $10 otherwise",
        ] {
            assert!(!fees_say_free(text), "{text:?} is not free");
        }
    }

    fn lang(id: &str, name: Option<&str>, code: Option<&str>) -> Language {
        Language {
            id: id.into(),
            name: name.map(str::to_string),
            code: code.map(str::to_string),
            note: None,
        }
    }

    #[test]
    fn languages_get_the_codes_their_text_names() {
        let new_id = |owner: &str, code: &str| format!("{owner}+{code}");
        let got = coded_languages(
            vec![
                lang("a", Some("Spanish, French."), None),
                lang("b", Some("Accommodations possible."), None),
                lang("c", Some("Spanish"), None),
                lang("d", Some("Deutsch"), Some("de")),
            ],
            Some("Korean and Spanish interpreters"),
            new_id,
        );
        type Summary<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let summary: Vec<Summary> = got
            .iter()
            .map(|l| {
                (
                    l.id.as_str(),
                    l.name.as_deref(),
                    l.code.as_deref(),
                    l.note.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("a", Some("Spanish"), Some("es"), Some("Spanish, French.")),
                ("a+fr", Some("French"), Some("fr"), Some("Spanish, French.")),
                ("b", Some("Accommodations possible."), None, None),
                ("d", Some("Deutsch"), Some("de"), None),
                (
                    "interpretation_services+ko",
                    Some("Korean"),
                    Some("ko"),
                    Some("Korean and Spanish interpreters")
                ),
            ]
        );
    }
}
