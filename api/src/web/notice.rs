//! What the page tells a person about a thin answer, in the page's language: the words
//! that matched nothing and where the nearest match is. The API's own sentence names its
//! parameters (`radius_km`); the page's names none, and reads the same in Spanish.

use super::text::Lang;
use crate::search::page::{Nothing, NoticeFacts};

/// The notice, as plain text (the caller escapes it).
pub fn text(lang: Lang, facts: &NoticeFacts) -> String {
    let quoted = |words: &[String]| {
        words
            .iter()
            .map(|w| format!("“{w}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let t = lang.t();
    let meanings = facts
        .intent
        .iter()
        .map(|slug| t.category(slug))
        .collect::<Vec<_>>()
        .join(", ");
    let mut parts = Vec::new();
    if !facts.meant.is_empty() {
        parts.push(match lang {
            Lang::En => format!(
                "No listing here says {}; showing what it means instead: {meanings}.",
                quoted(&facts.meant)
            ),
            Lang::Es => format!(
                "Ningún servicio de aquí dice {}; se muestra lo que significa: {meanings}.",
                quoted(&facts.meant)
            ),
        });
    }
    if !facts.dropped.is_empty() {
        let many = facts.dropped.len() > 1;
        parts.push(match (lang, many) {
            (Lang::En, false) => format!(
                "No listing here matches {}, so it was left out of the search.",
                quoted(&facts.dropped)
            ),
            (Lang::En, true) => format!(
                "No listing here matches {}, so they were left out of the search.",
                quoted(&facts.dropped)
            ),
            (Lang::Es, false) => format!(
                "Ningún servicio de aquí coincide con {}, así que no se usó en la búsqueda.",
                quoted(&facts.dropped)
            ),
            (Lang::Es, true) => format!(
                "Ningún servicio de aquí coincide con {}, así que no se usaron en la búsqueda.",
                quoted(&facts.dropped)
            ),
        });
    }
    match (lang, facts.nothing) {
        (_, None) => {}
        (
            Lang::En,
            Some(Nothing::Within {
                radius_km,
                nearest_km: Some(n),
            }),
        ) => parts.push(format!(
            "Nothing within {radius_km} km matches; the nearest match is {n} km away."
        )),
        (
            Lang::Es,
            Some(Nothing::Within {
                radius_km,
                nearest_km: Some(n),
            }),
        ) => parts.push(format!(
            "Nada a menos de {radius_km} km coincide; lo más cercano está a {n} km."
        )),
        (
            Lang::En,
            Some(Nothing::Within {
                radius_km,
                nearest_km: None,
            }),
        ) => parts.push(format!(
            "Nothing within {radius_km} km matches, nor anywhere else."
        )),
        (
            Lang::Es,
            Some(Nothing::Within {
                radius_km,
                nearest_km: None,
            }),
        ) => parts.push(format!(
            "Nada a menos de {radius_km} km coincide, ni en ningún otro lugar."
        )),
        // The page's own "nothing matched" line says the rest.
        (_, Some(Nothing::Anywhere)) => {}
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(meant: &[&str], dropped: &[&str], nothing: Option<Nothing>) -> NoticeFacts {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        NoticeFacts {
            meant: words(meant),
            intent: vec!["substance-use-treatment".into()],
            dropped: words(dropped),
            nothing,
        }
    }

    #[test]
    fn the_spanish_page_says_it_in_spanish_and_names_no_parameter() {
        let f = facts(
            &["rehab"],
            &["xyzzy"],
            Some(Nothing::Within {
                radius_km: 10.0,
                nearest_km: Some(42.5),
            }),
        );
        let es = text(Lang::Es, &f);
        assert!(es.contains("Ningún servicio de aquí dice “rehab”"), "{es}");
        assert!(
            es.contains(Lang::Es.t().category("substance-use-treatment")),
            "{es}"
        );
        assert!(es.contains("“xyzzy”, así que no se usó"), "{es}");
        assert!(es.contains("lo más cercano está a 42.5 km"), "{es}");
        let en = text(Lang::En, &f);
        assert!(en.contains("the nearest match is 42.5 km away."), "{en}");
        for written in [&es, &en] {
            assert!(!written.contains("radius_km"), "{written}");
            assert!(!written.contains("substance-use-treatment"), "{written}");
        }
    }

    #[test]
    fn several_dropped_words_are_plural() {
        let f = facts(&[], &["foo", "bar"], None);
        assert!(text(Lang::En, &f).contains("“foo”, “bar”, so they were left out"));
        assert!(text(Lang::Es, &f).contains("no se usaron"));
    }
}
