//! The national lines (988, 911, SAMHSA's National Helpline, each in English and in
//! Spanish): built-in data of the service, which the search puts first in a crisis.

use std::sync::OnceLock;

/// The source the national lines are stored under; no feed may use it.
pub const SOURCE: &str = "waypoint-national-lines";

/// The lines as HSDS 3.1 compiled services (made by `seed-data/generate.py`).
pub const LINES: &str = include_str!("../../../seed-data/national/national-lines.json");

/// Which line a record is, for the order crisis answers list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Line {
    /// 988 Suicide & Crisis Lifeline.
    Lifeline,
    /// 911 emergency services.
    Emergency,
    /// SAMHSA's National Helpline (treatment referral and information).
    Helpline,
}

/// One national line: its service, which line it is and the language it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalLine {
    pub service_id: String,
    pub line: Line,
    /// ISO 639-1 code of the language the record is written (and first answered) in.
    pub language: String,
}

/// The built-in lines, read once from the compiled-in file.
pub fn lines() -> &'static [NationalLine] {
    static LINES_READ: OnceLock<Vec<NationalLine>> = OnceLock::new();
    LINES_READ.get_or_init(|| {
        let records: Vec<serde_json::Value> =
            serde_json::from_str(LINES).expect("national-lines.json is JSON");
        records
            .iter()
            .map(|r| {
                let numbers: Vec<&str> = r["phones"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p["number"].as_str())
                    .collect();
                NationalLine {
                    service_id: r["id"].as_str().expect("a line has an id").to_string(),
                    line: line_of(&numbers),
                    language: r["languages"][0]["code"]
                        .as_str()
                        .expect("a line names its language")
                        .to_string(),
                }
            })
            .collect()
    })
}

/// 988 and 911 by their numbers; any other national line is the helpline.
fn line_of(numbers: &[&str]) -> Line {
    if numbers.contains(&"988") {
        Line::Lifeline
    } else if numbers.contains(&"911") {
        Line::Emergency
    } else {
        Line::Helpline
    }
}

/// The national line a service is, if it is one.
pub fn line(service_id: &str) -> Option<&'static NationalLine> {
    lines().iter().find(|l| l.service_id == service_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_shipped_in_english_and_spanish() {
        for line in [Line::Lifeline, Line::Emergency, Line::Helpline] {
            let mut languages: Vec<&str> = lines()
                .iter()
                .filter(|l| l.line == line)
                .map(|l| l.language.as_str())
                .collect();
            languages.sort();
            assert_eq!(languages, ["en", "es"], "{line:?}");
        }
    }

    #[test]
    fn lines_are_found_by_service() {
        let first = &lines()[0];
        assert_eq!(line(&first.service_id), Some(first));
        assert_eq!(line("not-a-line"), None);
    }
}
