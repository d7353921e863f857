//! The search's attribute, hours and facet parameters, parsed and checked: `open_now`,
//! `open_at`, `attendance`, `free`, `accepts`, `age`, `gender`, `moud`, `wheelchair`,
//! `fellowship`, `meeting_type`, `taxonomy_term_id`, `facets`. Filter values are those `seed-data/filters.csv` gives.

use chrono::{DateTime, Utc};

use super::request::ParamError;
use crate::model::filters::{FilterMap, MAX_AGE};

/// Counts a search can return over its whole result.
pub const FACETS: [&str; 10] = [
    "category",
    "language",
    "attendance",
    "accepts",
    "moud",
    "gender",
    "free",
    "wheelchair",
    "fellowship",
    "meeting_type",
];

/// When the search asks about opening hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OpenAt {
    /// `open_now=true`: the moment the search runs.
    Now,
    /// `open_at`: a given instant.
    At(DateTime<Utc>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Only listings open then (listings with unknown hours are left out).
    pub open: Option<OpenAt>,
    pub attendance: Option<String>,
    pub free: bool,
    /// Any of these ways to pay.
    pub accepts: Vec<String>,
    pub age: Option<u32>,
    pub gender: Option<String>,
    /// Any of these medications.
    pub moud: Vec<String>,
    pub wheelchair: bool,
    /// Meetings of any of these fellowships (`aa`, `al-anon`…).
    pub fellowship: Vec<String>,
    /// Meetings of any of these types (`women`, `open`, `spanish`…).
    pub meeting_type: Vec<String>,
    /// Any of these taxonomy terms.
    pub taxonomy_term_ids: Vec<String>,
    pub facets: Vec<&'static str>,
}

fn bad(parameter: &str, detail: impl Into<String>) -> ParamError {
    ParamError {
        parameter: parameter.to_string(),
        detail: detail.into(),
        candidates: Vec::new(),
    }
}

fn boolean(parameter: &str, value: &str) -> Result<bool, ParamError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(bad(parameter, format!("{value:?}: use true or false"))),
    }
}

/// A value of a mapped filter, checked against the values the mapping knows.
fn known(parameter: &str, value: &str) -> Result<String, ParamError> {
    let v = value.trim().to_ascii_lowercase();
    let values = FilterMap::shipped().values(parameter);
    if values.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(bad(
            parameter,
            format!("unknown value {value:?}; use one of {}", values.join(", ")),
        ))
    }
}

fn each(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// An ISO 8601 date-time with an offset: `2026-11-23T19:00:00-05:00`, `…T19:00-05:00`
/// or `…Z`.
pub fn instant(parameter: &str, value: &str) -> Result<DateTime<Utc>, ParamError> {
    let v = value.trim();
    DateTime::parse_from_rfc3339(v)
        .or_else(|_| DateTime::parse_from_str(v, "%Y-%m-%dT%H:%M%:z"))
        .or_else(|_| DateTime::parse_from_str(&v.replace('Z', "+00:00"), "%Y-%m-%dT%H:%M%:z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            bad(
                parameter,
                format!(
                    "{value:?} is not an ISO 8601 date-time with an offset, such as 2026-11-23T19:00:00-05:00"
                ),
            )
        })
}

impl Filters {
    /// Takes one parameter if it is one of these; `None` when it is not.
    pub fn take(&mut self, key: &str, value: &str) -> Option<Result<(), ParamError>> {
        let result = (|| {
            match key {
                "open_now" => {
                    if boolean(key, value)? {
                        if matches!(self.open, Some(OpenAt::At(_))) {
                            return Err(bad(key, "give either open_now or open_at, not both"));
                        }
                        self.open = Some(OpenAt::Now);
                    }
                }
                "open_at" => {
                    if self.open == Some(OpenAt::Now) {
                        return Err(bad(key, "give either open_now or open_at, not both"));
                    }
                    self.open = Some(OpenAt::At(instant(key, value)?));
                }
                "attendance" => self.attendance = Some(known(key, value)?),
                "free" => self.free = boolean(key, value)?,
                "wheelchair" => self.wheelchair = boolean(key, value)?,
                "gender" => self.gender = Some(known(key, value)?),
                "accepts" | "moud" | "fellowship" | "meeting_type" => {
                    for v in each(value) {
                        let v = known(key, v)?;
                        let list = match key {
                            "accepts" => &mut self.accepts,
                            "moud" => &mut self.moud,
                            "fellowship" => &mut self.fellowship,
                            _ => &mut self.meeting_type,
                        };
                        if !list.contains(&v) {
                            list.push(v);
                        }
                    }
                }
                "age" => {
                    let age: u32 = value.trim().parse().map_err(|_| {
                        bad(key, format!("{value:?} is not a whole number of years"))
                    })?;
                    if age > MAX_AGE {
                        return Err(bad(key, format!("{age} is outside 0..{MAX_AGE}")));
                    }
                    self.age = Some(age);
                }
                "taxonomy_term_id" => {
                    for id in each(value) {
                        if !self.taxonomy_term_ids.iter().any(|t| t == id) {
                            self.taxonomy_term_ids.push(id.to_string());
                        }
                    }
                }
                "facets" => {
                    for name in each(value) {
                        let facet = FACETS.iter().find(|f| **f == name).ok_or_else(|| {
                            bad(
                                key,
                                format!("unknown facet {name:?}; use one of {}", FACETS.join(", ")),
                            )
                        })?;
                        if !self.facets.contains(facet) {
                            self.facets.push(facet);
                        }
                    }
                }
                _ => return Ok(false),
            }
            Ok(true)
        })();
        match result {
            Ok(false) => None,
            Ok(true) => Some(Ok(())),
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Filters, ParamError> {
        let mut f = Filters::default();
        for (k, v) in pairs {
            f.take(k, v).expect("a filter parameter")?;
        }
        Ok(f)
    }

    #[test]
    fn values_are_checked_against_the_mapping() {
        let f = parse(&[
            ("accepts", "medicaid,Medicare"),
            ("accepts", "medicaid"),
            ("moud", "buprenorphine"),
            ("attendance", "online"),
            ("gender", "female"),
            ("age", "17"),
            ("free", "true"),
            ("wheelchair", "false"),
            ("fellowship", "aa,Al-Anon"),
            ("meeting_type", "women"),
            ("meeting_type", "12-steps-12-traditions"),
        ])
        .unwrap();
        assert_eq!(f.fellowship, vec!["aa", "al-anon"]);
        assert_eq!(f.meeting_type, vec!["women", "12-steps-12-traditions"]);
        assert_eq!(f.accepts, vec!["medicaid", "medicare"]);
        assert_eq!(f.moud, vec!["buprenorphine"]);
        assert_eq!((f.age, f.free, f.wheelchair), (Some(17), true, false));
        for (k, v) in [
            ("accepts", "bitcoin"),
            ("moud", "aspirin"),
            ("attendance", "telepathy"),
            ("gender", "x"),
            ("fellowship", "book-club"),
            ("meeting_type", "W"),
            ("age", "-3"),
            ("age", "121"),
            ("free", "maybe"),
            ("facets", "colour"),
            ("open_at", "tomorrow"),
            ("open_at", "2026-11-23T19:00:00"),
        ] {
            let e = parse(&[(k, v)]).unwrap_err();
            assert_eq!(e.parameter, k, "{k}={v}");
        }
    }

    #[test]
    fn open_at_takes_an_offset() {
        let f = parse(&[("open_at", "2026-11-23T19:00-05:00")]).unwrap();
        assert_eq!(
            f.open,
            Some(OpenAt::At(instant("x", "2026-11-24T00:00:00Z").unwrap()))
        );
        let e = parse(&[("open_now", "true"), ("open_at", "2026-11-23T19:00:00Z")]).unwrap_err();
        assert_eq!(e.parameter, "open_at");
        assert_eq!(parse(&[("open_now", "false")]).unwrap().open, None);
    }

    #[test]
    fn facets_are_named() {
        let f = parse(&[("facets", "category, language,category")]).unwrap();
        assert_eq!(f.facets, vec!["category", "language"]);
        assert!(Filters::default().take("q", "x").is_none());
    }
}
