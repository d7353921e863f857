//! The query parameters of `/v1/search` (and of the coordinators' `/v1/capacity`, which
//! takes the same): one struct that both parses them (`crate::params::parse`) and
//! documents them in the OpenAPI document. `SearchRequest::from_params` checks what the
//! values mean together.

use serde::Deserialize;
use strum::{IntoStaticStr, VariantArray};
use utoipa::{IntoParams, ToSchema};

use crate::params;

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoStaticStr, VariantArray, ToSchema)]
#[strum(serialize_all = "snake_case")]
#[schema(rename_all = "snake_case")]
pub enum Sort {
    Relevance,
    Distance,
    /// By the next start (meetings, and listings opening next); open now first.
    Soonest,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoStaticStr, VariantArray, ToSchema)]
#[strum(serialize_all = "snake_case")]
#[schema(rename_all = "snake_case")]
pub enum Weekday {
    Sunday,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
}

impl Weekday {
    /// The iCalendar two-letter code the index stores schedules by ("SU").
    pub fn code(self) -> &'static str {
        ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][self as usize]
    }
}

/// The parameters `/v1/search` takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Free text, in the searcher's own words; typos are tolerated.
    #[serde(default, deserialize_with = "params::text")]
    #[param(max_length = 500)]
    pub q: Option<String>,
    /// A category slug (housing, employment, healthcare, mental-health,
    /// substance-use-treatment, food, support-groups); repeat it or separate with commas.
    #[serde(default, deserialize_with = "params::list")]
    pub category: Vec<String>,
    /// Only this organization's services.
    #[serde(default, deserialize_with = "params::text")]
    pub organization_id: Option<String>,
    /// Only services offered in this language (ISO 639-1, e.g. `es`, or a three-letter
    /// ISO 639 code), in any case.
    #[serde(default, deserialize_with = "params::text")]
    #[param(pattern = "^([A-Za-z]{2,3})?$", example = "es")]
    pub language: Option<String>,
    /// Latitude of the point to search around (with `lon`).
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    /// Longitude of the point to search around (with `lat`).
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// A US ZIP code, "City, ST" (the city's centre) or a city name alone when only one
    /// US city bears it, to search around, instead of `lat`/`lon`. An ambiguous name is a
    /// 400 problem listing the places it could be in `candidates`.
    #[serde(default, deserialize_with = "params::text")]
    #[param(example = "Baltimore, MD")]
    pub near: Option<String>,
    /// Radius around the point, in km (default 25, at most 500).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 25, exclusive_minimum = 0, maximum = 500)]
    pub radius_km: Option<f64>,
    /// `min_lon,min_lat,max_lon,max_lat`, instead of a point.
    #[serde(default, deserialize_with = "params::text")]
    #[param(example = "-76.7,39.2,-76.5,39.4")]
    pub bbox: Option<String>,
    /// Weekly events (meetings) on this day.
    #[serde(default, deserialize_with = "params::keyword_in_any_case")]
    #[param(inline)]
    pub day: Option<Weekday>,
    /// Weekly events starting at or after this local time, `HH:MM` (blank: any time).
    #[serde(default, deserialize_with = "params::text")]
    #[param(pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9])?$", example = "18:00")]
    pub starts_after: Option<String>,
    /// Weekly events starting at or before this local time, `HH:MM` (blank: any time).
    #[serde(default, deserialize_with = "params::text")]
    #[param(pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9])?$", example = "21:00")]
    pub starts_before: Option<String>,
    /// `relevance` (default), `distance` (needs a point; places within the radius only,
    /// nearest first) or `soonest` (by the next start: open now first, then meetings and
    /// listings opening next; unknown hours last).
    #[serde(default, deserialize_with = "params::keyword")]
    #[param(default = "relevance", inline)]
    pub sort: Option<Sort>,
    /// `true`: only listings open now by their own time zone's clock. Listings whose hours
    /// are unknown are left out: unknown is not open.
    #[serde(default, deserialize_with = "params::flag")]
    pub open_now: Option<bool>,
    /// Only listings open at this instant, an ISO 8601 date-time with an offset
    /// (`2026-11-23T19:00:00-05:00`); also the instant `open_now` and `next_opening` in
    /// results are judged at. Not with `open_now`.
    #[serde(default, deserialize_with = "params::text")]
    #[param(example = "2026-11-23T19:00:00-05:00")]
    pub open_at: Option<String>,
    /// `in_person`, `online` or `hybrid`; hybrid listings count as in person and online too.
    #[serde(default, deserialize_with = "params::text")]
    pub attendance: Option<String>,
    /// `true`: only services at no cost (a cost option that is free, or costs nothing
    /// without naming insurance; fees text that says none, such as "None."; recovery
    /// meetings).
    #[serde(default, deserialize_with = "params::flag")]
    pub free: Option<bool>,
    /// Ways to pay, any of them: `medicaid`, `medicare`, `private_insurance`, `military`,
    /// `veterans_affairs`, `state_insurance`, `uninsured`, `sliding_fee`,
    /// `payment_assistance`, `self_pay`; repeat it or separate with commas.
    #[serde(default, deserialize_with = "params::list")]
    pub accepts: Vec<String>,
    /// Age in years: services whose stated ages or age groups include it, and services
    /// that state none.
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = 0, maximum = 120)]
    pub age: Option<u32>,
    /// `female`, `male`, `transgender` or `non_binary`: leaves out services restricted to
    /// other genders. For meetings it means meetings for that gender (`female`: women's
    /// meetings, Meeting Guide type W), not every mixed meeting.
    #[serde(default, deserialize_with = "params::text")]
    pub gender: Option<String>,
    /// Medications for opioid use disorder, any of them: `methadone`, `buprenorphine`,
    /// `naltrexone`.
    #[serde(default, deserialize_with = "params::list")]
    pub moud: Vec<String>,
    /// `true`: only listings marked wheelchair accessible.
    #[serde(default, deserialize_with = "params::flag")]
    pub wheelchair: Option<bool>,
    /// Meetings of any of these fellowships: `aa`, `al-anon`, `na`, `ca`, `cma`, `ha`,
    /// `ma`, `oa`, `ga`, `nar-anon`, `coda`, `aca`, `smart-recovery`,
    /// `celebrate-recovery`, `recovery-dharma`; repeat it or separate with commas.
    #[serde(default, deserialize_with = "params::list")]
    pub fellowship: Vec<String>,
    /// Meetings of any of these types, the Meeting Guide type names as slugs: `open`,
    /// `closed`, `women`, `men`, `newcomer`, `spanish`, `lgbtq`, `speaker`, `big-book`,
    /// `step-study`, `young-people`, `business`… (`seed-data/meeting-guide-types.csv`);
    /// repeat it or separate with commas.
    #[serde(default, deserialize_with = "params::list")]
    pub meeting_type: Vec<String>,
    /// Only services with this taxonomy term (repeatable: any of them).
    #[serde(default, deserialize_with = "params::list")]
    pub taxonomy_term_id: Vec<String>,
    /// `true`: only programs whose capacity report is fresh and has a free unit (a bed,
    /// a slot, an appointment) now.
    #[serde(default, deserialize_with = "params::flag")]
    pub has_capacity: Option<bool>,
    /// Counts to return over the whole result: `category`, `language`, `attendance`,
    /// `accepts`, `moud`, `gender`, `free`, `wheelchair`, `fellowship`, `meeting_type`;
    /// repeat it or separate with commas.
    #[serde(default, deserialize_with = "params::list")]
    pub facets: Vec<String>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 1, minimum = 1, maximum = 10000)]
    pub page: Option<usize>,
    /// Items per page (default 20, at most 100).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 20, minimum = 1, maximum = 100)]
    pub per_page: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Keyword;

    #[test]
    fn keywords_and_flags() {
        let p: SearchParams = params::from_pairs(&[
            ("sort", " distance "),
            ("day", "SUNDAY"),
            ("has_capacity", "true"),
        ])
        .unwrap();
        assert_eq!(p.has_capacity, Some(true));
        let e = params::from_pairs::<SearchParams, _, _>(&[("has_capacity", "maybe")]).unwrap_err();
        assert_eq!(e.parameter, "has_capacity");
        assert_eq!(
            (p.sort, p.day),
            (Some(Sort::Distance), Some(Weekday::Sunday))
        );
        assert_eq!(Weekday::Saturday.code(), "SA");
        assert_eq!(Sort::Soonest.as_str(), "soonest");
        let e = params::from_pairs::<SearchParams, _, _>(&[("sort", "")]).unwrap_err();
        assert_eq!(e.parameter, "sort", "a blank choice is refused");
        let e = params::from_pairs::<SearchParams, _, _>(&[("day", "someday")]).unwrap_err();
        assert_eq!(e.parameter, "day");
        assert!(e.detail.contains("monday"), "{e}");
    }
}
