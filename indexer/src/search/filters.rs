//! The search's attribute, hours and facet parameters, parsed and checked: `open_now`,
//! `open_at`, `attendance`, `free`, `accepts`, `age`, `gender`, `moud`, `wheelchair`,
//! `fellowship`, `meeting_type`, `taxonomy_term_id`, `facets`. Filter values are those `seed-data/filters.csv` gives.

use chrono::{DateTime, Utc};

use super::params::SearchParams;
use crate::model::filters::{FilterMap, MAX_AGE};
use crate::params::{ParamError, bad};

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
    /// The filter parameters of a search, checked.
    pub fn from_params(params: &SearchParams) -> Result<Filters, ParamError> {
        let open = match (params.open_now, &params.open_at) {
            (Some(true), Some(_)) => {
                return Err(bad("open_at", "give either open_now or open_at, not both"));
            }
            (Some(true), None) => Some(OpenAt::Now),
            (_, Some(at)) => Some(OpenAt::At(instant("open_at", at)?)),
            (_, None) => None,
        };
        let age = match params.age {
            Some(age) if age > MAX_AGE => {
                return Err(bad("age", format!("{age} is outside 0..{MAX_AGE}")));
            }
            age => age,
        };
        let facets = params
            .facets
            .iter()
            .map(|name| {
                FACETS.iter().copied().find(|f| f == name).ok_or_else(|| {
                    bad(
                        "facets",
                        format!("unknown facet {name:?}; use one of {}", FACETS.join(", ")),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Filters {
            open,
            attendance: params
                .attendance
                .as_deref()
                .map(|v| known("attendance", v))
                .transpose()?,
            free: params.free.unwrap_or(false),
            accepts: known_list("accepts", &params.accepts)?,
            age,
            gender: gender(params.gender.as_deref())?,
            moud: known_list("moud", &params.moud)?,
            wheelchair: params.wheelchair.unwrap_or(false),
            fellowship: known_list("fellowship", &params.fellowship)?,
            meeting_type: known_list("meeting_type", &params.meeting_type)?,
            taxonomy_term_ids: distinct(params.taxonomy_term_id.iter().cloned()),
            facets: distinct(facets.into_iter()),
        })
    }
}

/// `gender`, checked against the values the search's filter takes (the bridge reads a
/// person's gender through it too).
pub fn gender(value: Option<&str>) -> Result<Option<String>, ParamError> {
    value.map(|v| known("gender", v)).transpose()
}

/// Each value of a list parameter, checked, without repeats, in the order given.
fn known_list(parameter: &str, values: &[String]) -> Result<Vec<String>, ParamError> {
    let checked = values
        .iter()
        .map(|v| known(parameter, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(distinct(checked.into_iter()))
}

fn distinct<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Filters, ParamError> {
        Filters::from_params(&crate::params::from_pairs(pairs)?)
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
        assert_eq!(parse(&[("q", "x")]).unwrap(), Filters::default());
    }
}
