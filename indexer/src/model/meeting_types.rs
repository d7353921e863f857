//! Meeting Guide meeting types (`seed-data/meeting-guide-types.csv`): code → name and
//! language, and the slug the search's `meeting_type` filter takes for each name.

use std::collections::HashMap;
use std::sync::OnceLock;

const TYPES: &str = include_str!("../../../seed-data/meeting-guide-types.csv");

/// The taxonomy meeting types are stored under.
pub const TAXONOMY: &str = "Meeting Guide";

#[derive(Debug)]
pub struct MeetingType {
    pub code: &'static str,
    pub name: &'static str,
    /// ISO 639-1 code of a language type.
    pub language: Option<&'static str>,
}

/// Every type, in the file's order.
pub fn all() -> &'static [MeetingType] {
    static ALL: OnceLock<Vec<MeetingType>> = OnceLock::new();
    ALL.get_or_init(|| {
        TYPES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| {
                let mut c = l.splitn(3, ',');
                let (code, name) = (c.next()?, c.next()?);
                let language = c.next().filter(|s| !s.is_empty());
                Some(MeetingType {
                    code,
                    name,
                    language,
                })
            })
            .collect()
    })
}

pub fn by_code(code: &str) -> Option<&'static MeetingType> {
    static MAP: OnceLock<HashMap<&'static str, &'static MeetingType>> = OnceLock::new();
    MAP.get_or_init(|| all().iter().map(|t| (t.code, t)).collect())
        .get(code)
        .copied()
}

/// A name as a filter value: lower case, words joined by hyphens ("12 Steps & 12
/// Traditions" → "12-steps-12-traditions", "Non-Binary" → "non-binary").
pub fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_named_once_and_slugs_differ() {
        assert_eq!(by_code("S").unwrap().language, Some("es"));
        assert_eq!(by_code("X").unwrap().name, "Wheelchair Access");
        let mut codes: Vec<&str> = all().iter().map(|t| t.code).collect();
        let mut slugs: Vec<String> = all().iter().map(|t| slug(t.name)).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        slugs.sort();
        slugs.dedup();
        assert_eq!((codes.len(), slugs.len()), (n, n));
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(slug("12 Steps & 12 Traditions"), "12-steps-12-traditions");
        assert_eq!(slug("Women"), "women");
        assert_eq!(slug("Non-Binary"), "non-binary");
    }
}
