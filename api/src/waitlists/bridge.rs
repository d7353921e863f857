//! Bridge resources: what a person on a waitlist can use now, near them and in their
//! language — meetings in the coming days, medication programs with room, peer support,
//! naloxone, food and housing help — each ready to record as an interim service.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::{Hit, SearchRequest};
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{locations, service_at_locations, services};
use waypoint_indexer::with_conn;

use crate::capacity::listings;
use crate::clock;
use crate::error::ApiError;
use crate::waitlists::rules::InterimKind;

/// One search for a kind of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Search {
    /// `/v1/search` parameters.
    pub params: &'static [(&'static str, &'static str)],
    /// Only listings whose name or description says one of these (a word's intent alone
    /// brings in its whole category: "naloxone" would list every treatment program).
    pub mentions: &'static [&'static str],
}

/// One kind of help the bridge looks for: the listings any of its searches finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The group's key in the answer.
    pub key: &'static str,
    /// Said to the coordinator, and the start of the interim service's `what`.
    pub label: &'static str,
    pub searches: &'static [Search],
    /// Only programs with a fresh report of a free unit.
    pub needs_room: bool,
    /// Only weekly events that meet within the asked number of days.
    pub meets_soon: bool,
    /// The interim-service kinds a suggestion of this kind is recorded with.
    pub interim_kinds: &'static [InterimKind],
}

/// Medication programs are found by their SAMHSA service codes, or, in feeds without
/// them, by what their own text says they give.
const MOUD_WORDS: &[&str] = &[
    "methadone",
    "buprenorphine",
    "suboxone",
    "sublocade",
    "naltrexone",
    "vivitrol",
    "medication-assisted",
    "medication assisted",
    "medications for opioid",
];

/// The kinds, in the order a coordinator reads them.
pub const KINDS: [Kind; 6] = [
    Kind {
        key: "meetings",
        label: "Support-group meeting",
        searches: &[Search {
            params: &[("category", "support-groups"), ("sort", "distance")],
            mentions: &[],
        }],
        needs_room: false,
        meets_soon: true,
        interim_kinds: &[],
    },
    Kind {
        key: "moud",
        label: "Medication for opioid use disorder",
        searches: &[
            Search {
                params: &[
                    ("category", "substance-use-treatment"),
                    ("moud", "methadone,buprenorphine,naltrexone"),
                    ("sort", "distance"),
                ],
                mentions: &[],
            },
            Search {
                params: &[
                    ("category", "substance-use-treatment"),
                    ("sort", "distance"),
                ],
                mentions: MOUD_WORDS,
            },
        ],
        needs_room: true,
        meets_soon: false,
        interim_kinds: &[InterimKind::Moud],
    },
    Kind {
        key: "peer_support",
        label: "Peer support",
        searches: &[Search {
            params: &[("q", "peer support")],
            mentions: &["peer"],
        }],
        needs_room: false,
        meets_soon: false,
        interim_kinds: &[],
    },
    Kind {
        key: "naloxone",
        label: "Naloxone",
        searches: &[Search {
            params: &[("q", "naloxone")],
            mentions: &["naloxone", "narcan", "harm reduction"],
        }],
        needs_room: false,
        meets_soon: false,
        interim_kinds: &[InterimKind::Naloxone],
    },
    Kind {
        key: "food",
        label: "Food help",
        searches: &[Search {
            params: &[("category", "food"), ("sort", "distance")],
            mentions: &[],
        }],
        needs_room: false,
        meets_soon: false,
        interim_kinds: &[],
    },
    Kind {
        key: "housing",
        label: "Housing help",
        searches: &[Search {
            params: &[("category", "housing"), ("sort", "distance")],
            mentions: &[],
        }],
        needs_room: false,
        meets_soon: false,
        interim_kinds: &[],
    },
];

/// Listings read per kind before keeping the best few (meetings are thinned by date).
const CANDIDATES: usize = 100;
pub const DEFAULT_PER_KIND: usize = 3;
pub const MAX_PER_KIND: usize = 10;
pub const DEFAULT_DAYS: i64 = 3;
pub const MAX_DAYS: i64 = 14;

/// What the caller asked for, checked.
#[derive(Debug, Clone)]
pub struct BridgeQuery {
    /// Where the person is: `near`, `lat`/`lon` and `radius_km` as `/v1/search` takes them;
    /// empty to search around the program itself.
    pub place: Vec<(String, String)>,
    /// ISO 639-1; the client's preferred language when not given.
    pub language: Option<String>,
    pub days: i64,
    pub per_kind: usize,
}

/// Whether an event that next starts at `next_opening` (or is on now) meets within `days`.
pub fn meets_within(
    open_now: Option<bool>,
    next_opening: Option<&str>,
    now: DateTime<Utc>,
    days: i64,
) -> bool {
    open_now == Some(true)
        || next_opening
            .and_then(clock::parse)
            .is_some_and(|t| t >= now && t <= now + Duration::days(days))
}

/// Whether a listing's name or description says one of `words` (any, when none are given).
pub fn mentions_any(hit: &Hit, words: &[&str]) -> bool {
    if words.is_empty() {
        return true;
    }
    let text = format!(
        "{} {}",
        hit.name,
        hit.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    words.iter().any(|w| text.contains(w))
}

/// Whether a listing is offered in `language` (any listing, when none is known).
pub fn in_language(hit: &Hit, language: Option<&str>) -> bool {
    language.is_none_or(|l| hit.languages.iter().any(|x| x == l))
}

/// Keeps the listings in the person's language first, then the rest, at most `limit`,
/// leaving out `exclude` (the program they wait for) and listings that are not active.
pub fn pick(hits: Vec<Hit>, language: Option<&str>, exclude: &str, limit: usize) -> Vec<Hit> {
    let usable = |h: &Hit| h.service_id != exclude && h.status == "active";
    let (mut first, rest): (Vec<Hit>, Vec<Hit>) = hits
        .into_iter()
        .filter(usable)
        .partition(|h| in_language(h, language));
    first.extend(rest);
    first.truncate(limit);
    first
}

/// Where the program is (its first located place), to search around when the caller gives
/// no place.
pub fn program_point(conn: &mut DbConnection, service_id: &str) -> QueryResult<Option<(f64, f64)>> {
    let found: Option<(Option<f64>, Option<f64>)> =
        with_conn!(conn, |c| service_at_locations::table
            .inner_join(locations::table.on(locations::id.eq(service_at_locations::location_id)))
            .filter(service_at_locations::service_id.eq(service_id))
            .filter(locations::latitude.is_not_null())
            .filter(locations::longitude.is_not_null())
            .select((locations::latitude, locations::longitude))
            .order(service_at_locations::id)
            .first(c)
            .optional())?;
    Ok(found.and_then(|(lat, lon)| lat.zip(lon)))
}

/// What an interim service is: as the caller says, or else the name of the listing it
/// records (one step from a bridge suggestion). A listing named must exist.
pub fn interim_description(
    conn: &mut DbConnection,
    what: Option<String>,
    service_at_location_id: Option<&str>,
) -> Result<String, ApiError> {
    let listing = match service_at_location_id {
        Some(id) => {
            let name: Option<String> = with_conn!(&mut *conn, |c| service_at_locations::table
                .inner_join(services::table.on(services::id.eq(service_at_locations::service_id)))
                .filter(service_at_locations::id.eq(id))
                .select(services::name)
                .first(c)
                .optional())?;
            Some(name.ok_or_else(|| {
                ApiError::invalid(
                    "service_at_location_id",
                    format!("no listing has the service-at-location id {id:?}"),
                )
            })?)
        }
        None => None,
    };
    match (what, listing) {
        (Some(what), _) => super::model::interim_what(what),
        (None, Some(name)) => Ok(name),
        (None, None) => Err(ApiError::invalid(
            "what",
            "say what the interim service is, or give the listing's service_at_location_id",
        )),
    }
}

/// The suggestions of one kind.
pub struct Suggestions {
    pub kind: Kind,
    pub hits: Vec<Hit>,
    pub capacities: std::collections::HashMap<String, crate::capacity::Capacity>,
}

/// Searches every kind around the person (or the program) and keeps the best few of each.
#[allow(clippy::too_many_arguments)]
pub fn suggest(
    conn: &mut DbConnection,
    index: &SearchIndex,
    service_id: &str,
    query: &BridgeQuery,
    language: Option<&str>,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<Vec<Suggestions>, ApiError> {
    let mut place = query.place.clone();
    if place.is_empty() {
        let (lat, lon) = program_point(conn, service_id)?.ok_or_else(|| {
            ApiError::invalid(
                "near",
                "the program has no located place: give `near` or `lat` and `lon`",
            )
        })?;
        place = vec![
            ("lat".into(), lat.to_string()),
            ("lon".into(), lon.to_string()),
        ];
    }
    let mut out = Vec::with_capacity(KINDS.len());
    for kind in KINDS {
        let mut hits: Vec<Hit> = Vec::new();
        let mut capacities = std::collections::HashMap::new();
        for search in kind.searches {
            let mut params = place.clone();
            params.extend(
                search
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string())),
            );
            params.push(("per_page".into(), CANDIDATES.to_string()));
            let request = SearchRequest::from_params(&params, Gazetteer::shipped())
                .map_err(|e| ApiError::invalid(e.parameter, e.detail))?;
            let (_, found) =
                listings::search(conn, index, request, kind.needs_room, now, stale_after)?;
            capacities.extend(found.capacities);
            for h in found.results.hits {
                let wanted = mentions_any(&h, search.mentions)
                    && (!kind.meets_soon
                        || meets_within(h.open_now, h.next_opening.as_deref(), now, query.days));
                if wanted && !hits.iter().any(|seen| seen.id == h.id) {
                    hits.push(h);
                }
            }
        }
        if kind.searches.len() > 1 {
            // Several searches, each nearest first: merge them nearest first.
            hits.sort_by(|a, b| {
                let km = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
                km(a).total_cmp(&km(b))
            });
        }
        out.push(Suggestions {
            kind,
            hits: pick(hits, language, service_id, query.per_kind),
            capacities,
        });
    }
    Ok(out)
}

/// The answer's shape for one suggestion's "record it" step.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordStep {
    pub method: &'static str,
    pub href: String,
    /// The body to send to `href` as it is.
    pub body: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn hit(service: &str, languages: &[&str], status: &str) -> Hit {
        Hit {
            id: format!("sal-{service}"),
            service_id: service.into(),
            organization_id: "org".into(),
            location_id: "loc".into(),
            name: service.into(),
            organization_name: "Org".into(),
            description: None,
            status: status.into(),
            categories: vec![],
            languages: languages.iter().map(|l| l.to_string()).collect(),
            latitude: None,
            longitude: None,
            postal_code: None,
            city: None,
            state: None,
            distance_km: None,
            by_service_area: false,
            score: 1.0,
            details: Default::default(),
            time_zone: None,
            open_now: None,
            next_opening: None,
        }
    }

    #[test]
    fn the_persons_language_comes_first_and_the_program_itself_never() {
        let hits = vec![
            hit("a", &["en"], "active"),
            hit("b", &["es"], "active"),
            hit("own", &["es"], "active"),
            hit("c", &["en", "es"], "active"),
            hit("closed", &["es"], "inactive"),
        ];
        let kept: Vec<String> = pick(hits.clone(), Some("es"), "own", 3)
            .into_iter()
            .map(|h| h.service_id)
            .collect();
        assert_eq!(kept, ["b", "c", "a"]);
        let kept: Vec<String> = pick(hits, None, "own", 2)
            .into_iter()
            .map(|h| h.service_id)
            .collect();
        assert_eq!(kept, ["a", "b"]);
    }

    #[test]
    fn mentions_are_read_in_name_and_description() {
        let mut h = hit("a", &[], "active");
        h.description = Some("Free Narcan kits and training".into());
        assert!(mentions_any(&h, &["naloxone", "narcan"]));
        assert!(!mentions_any(&h, &["peer"]));
        assert!(mentions_any(&h, &[]));
    }

    #[test]
    fn meetings_count_when_on_now_or_starting_within_the_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        assert!(meets_within(Some(true), None, now, 1));
        assert!(meets_within(
            None,
            Some("2026-11-24T19:00:00-05:00"),
            now,
            2
        ));
        assert!(!meets_within(
            None,
            Some("2026-11-27T19:00:00-05:00"),
            now,
            3
        ));
        assert!(!meets_within(None, None, now, 14));
        assert!(!meets_within(Some(false), Some("not a time"), now, 14));
    }
}
