//! Bridge resources: what a person on a waitlist can use now, near them and in their
//! language — meetings in the coming days, medication programs with room, peer support,
//! naloxone, food and housing help — each ready to record as an interim service.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::params;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::{Hit, SearchRequest};
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{locations, service_at_locations, services};
use waypoint_indexer::with_conn;

use crate::clock;
use crate::error::ApiError;
use crate::search;
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
    /// Programs with a fresh report of a free unit first, then those that have not
    /// reported (room unknown); never one that reports it is full.
    pub ranks_by_room: bool,
    /// Only weekly events that meet within the asked number of days.
    pub meets_soon: bool,
    /// Whom the kind is for: everyone, or only a person with this need.
    pub for_whom: Need,
    /// The interim-service kinds a suggestion of this kind is recorded with.
    pub interim_kinds: &'static [InterimKind],
}

/// A need that calls for a kind of interim help (45 CFR 96.121, 96.126, 96.131).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Everyone,
    /// A person who injects drugs: HIV and TB testing and care.
    InjectsDrugs,
    /// A pregnant person: prenatal care.
    Pregnant,
}

/// What the bridge knows of the person: what the coordinator says (`gender`, `age`,
/// `veteran`), the entry's own facts, and the age from the client's date of birth when the
/// caller may see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    /// `female`, `male`, `transgender` or `non_binary`, as `/v1/search` takes it.
    pub gender: Option<String>,
    pub age: Option<u32>,
    pub veteran: Option<bool>,
    pub pregnant: bool,
    pub injects_drugs: bool,
}

impl Person {
    fn has(&self, need: Need) -> bool {
        match need {
            Need::Everyone => true,
            Need::InjectsDrugs => self.injects_drugs,
            Need::Pregnant => self.pregnant,
        }
    }
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
        ranks_by_room: false,
        meets_soon: true,
        for_whom: Need::Everyone,
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
        ranks_by_room: true,
        meets_soon: false,
        for_whom: Need::Everyone,
        interim_kinds: &[InterimKind::Moud],
    },
    Kind {
        key: "peer_support",
        label: "Peer support",
        searches: &[Search {
            params: &[("q", "peer support")],
            mentions: &["peer"],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::Everyone,
        interim_kinds: &[],
    },
    Kind {
        key: "naloxone",
        label: "Naloxone",
        searches: &[Search {
            params: &[("q", "naloxone")],
            mentions: &["naloxone", "narcan", "harm reduction"],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::Everyone,
        interim_kinds: &[InterimKind::Naloxone],
    },
    Kind {
        key: "food",
        label: "Food help",
        searches: &[Search {
            params: &[("category", "food"), ("sort", "distance")],
            mentions: &[],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::Everyone,
        interim_kinds: &[],
    },
    Kind {
        key: "housing",
        label: "Housing help",
        searches: &[Search {
            params: &[("category", "housing"), ("sort", "distance")],
            mentions: &[],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::Everyone,
        interim_kinds: &[],
    },
];

/// Interim help the block grant names for some people: HIV and TB testing and care for a
/// person who injects drugs, prenatal care for a pregnant person.
pub const NEEDED_KINDS: [Kind; 2] = [
    Kind {
        key: "hiv_tb_testing",
        label: "HIV and TB testing and care",
        searches: &[Search {
            params: &[("q", "HIV testing"), ("sort", "distance")],
            mentions: &["hiv", "tuberculosis", "tb test", "std", "sti "],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::InjectsDrugs,
        interim_kinds: &[InterimKind::HivTbTestingReferral],
    },
    Kind {
        key: "prenatal_care",
        label: "Prenatal care",
        searches: &[Search {
            params: &[("q", "prenatal care"), ("sort", "distance")],
            mentions: &["prenatal", "maternity", "obstetric", "pregnan"],
        }],
        ranks_by_room: false,
        meets_soon: false,
        for_whom: Need::Pregnant,
        interim_kinds: &[InterimKind::PrenatalCareReferral],
    },
];

/// Mutual-help fellowships, whose meetings are for the person in recovery.
const MUTUAL_HELP: &[&str] = &[
    "aa",
    "alcoholics anonymous",
    "na",
    "narcotics anonymous",
    "smart recovery",
    "recovery dharma",
    "refuge recovery",
    "celebrate recovery",
    "cocaine anonymous",
    "crystal meth anonymous",
    "heroin anonymous",
    "marijuana anonymous",
    "lifering",
    "women for sobriety",
];

/// Groups for someone else (families, friends) or for grief: not help for the person.
const NOT_FOR_THE_PERSON: &[&str] = &[
    "al-anon",
    "alateen",
    "nar-anon",
    "naranon",
    "families anonymous",
    "family",
    "families",
    "parents",
    "grief",
    "bereavement",
    "codependents",
    "coda",
];

/// Words that say a listing is for one group only.
const FOR_WOMEN: &[&str] = &["women", "woman", "womens", "mothers", "ladies", "female"];
const FOR_MEN: &[&str] = &["men", "mens", "fathers", "male"];
const FOR_VETERANS: &[&str] = &["veteran", "veterans", "vets"];
const FOR_YOUTH: &[&str] = &[
    "youth",
    "teen",
    "teens",
    "adolescent",
    "adolescents",
    "young people",
];

/// The lower-case words of a listing's name, description and organization.
fn words_of(hit: &Hit) -> Vec<String> {
    format!(
        "{} {} {}",
        hit.name,
        hit.description.as_deref().unwrap_or_default(),
        hit.organization_name
    )
    .to_lowercase()
    .split(|c: char| !c.is_alphanumeric() && c != '-')
    .filter(|w| !w.is_empty())
    .map(|w| w.trim_matches('-').to_string())
    .collect()
}

/// Whether `phrases` (words, or phrases of words) appear among `words`.
fn says(words: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        let parts: Vec<&str> = p.split(' ').collect();
        words
            .windows(parts.len())
            .any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
    })
}

/// Whether a listing can serve this person: not one for another gender, for veterans when
/// the person is not known to be one, or for young people when the person is an adult.
pub fn fits(hit: &Hit, person: &Person) -> bool {
    let words = words_of(hit);
    let typed = |t: &str| hit.details.meeting_types.iter().any(|x| x == t);
    let for_women = says(&words, FOR_WOMEN) || typed("women");
    let for_men = (says(&words, FOR_MEN) || typed("men")) && !for_women;
    let gender_ok = match person.gender.as_deref() {
        Some("male") => !for_women,
        Some("female") => !for_men,
        _ => true,
    };
    let veteran_ok = person.veteran == Some(true) || !says(&words, FOR_VETERANS);
    let age_ok = person.age.is_none_or(|a| a < 18) || !says(&words, FOR_YOUTH);
    gender_ok && veteran_ok && age_ok
}

/// How a meeting ranks for the person: a mutual-help fellowship first, other groups next;
/// `None` for groups meant for families, friends or grief.
pub fn meeting_rank(hit: &Hit) -> Option<u8> {
    let words = words_of(hit);
    if says(&words, NOT_FOR_THE_PERSON) {
        None
    } else if says(&words, MUTUAL_HELP) {
        Some(0)
    } else {
        Some(1)
    }
}

/// Where a listing stands among a kind's suggestions (lower first), or `None` when it is
/// not for the person: for medication programs room now (0), then room unknown (1), never
/// one reporting it is full; for meetings as [`meeting_rank`] says; otherwise all alike.
fn tier(kind: &Kind, hit: &Hit, capacity: Option<&crate::capacity::Capacity>) -> Option<u8> {
    if kind.ranks_by_room {
        match capacity {
            Some(c) if c.has_capacity => Some(0),
            Some(c) if !c.stale => None,
            _ => Some(1),
        }
    } else if kind.meets_soon {
        meeting_rank(hit)
    } else {
        Some(0)
    }
}

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
    /// What the coordinator says of the person (the entry adds its own facts).
    pub person: Person,
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

/// Keeps the listings in the person's language first, then the rest, at most `limit`, one
/// per organization before a second of any, leaving out `exclude` (the program they wait
/// for) and listings that are not active.
pub fn pick(hits: Vec<Hit>, language: Option<&str>, exclude: &str, limit: usize) -> Vec<Hit> {
    let usable = |h: &Hit| h.service_id != exclude && h.status == "active";
    let (mut ordered, rest): (Vec<Hit>, Vec<Hit>) = hits
        .into_iter()
        .filter(usable)
        .partition(|h| in_language(h, language));
    ordered.extend(rest);
    // One per organization first, in that order, so the few suggestions are choices
    // between organizations; then the rest, if room is left.
    let mut kept: Vec<Hit> = Vec::with_capacity(limit);
    let mut later: Vec<Hit> = Vec::new();
    for h in ordered {
        if kept.len() < limit && !kept.iter().any(|k| k.organization_id == h.organization_id) {
            kept.push(h);
        } else {
            later.push(h);
        }
    }
    kept.extend(later.into_iter().take(limit.saturating_sub(kept.len())));
    kept
}

/// Where the program is (its first located place), to search around when the caller gives
/// no place.
pub fn program_point(conn: &mut DbConnection, service_id: &str) -> QueryResult<Option<(f64, f64)>> {
    let found: Option<(Option<f64>, Option<f64>)> =
        with_conn!(conn, |c| service_at_locations::table
            .inner_join(services::table.on(services::key.eq(service_at_locations::service_key)))
            .inner_join(locations::table.on(locations::key.eq(service_at_locations::location_key)))
            .filter(services::id.eq(service_id))
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
                .inner_join(services::table.on(services::key.eq(service_at_locations::service_key)))
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
    person: &Person,
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
    // The searches leave out listings for other genders and ages (as `/v1/search` does).
    if let Some(g) = &person.gender {
        place.push(("gender".into(), g.clone()));
    }
    if let Some(a) = person.age {
        place.push(("age".into(), a.to_string()));
    }
    let kinds = KINDS
        .into_iter()
        .chain(NEEDED_KINDS)
        .filter(|k| person.has(k.for_whom));
    let mut out = Vec::with_capacity(KINDS.len() + NEEDED_KINDS.len());
    for kind in kinds {
        // Each listing wanted with its tier: tiers are picked in order, language and
        // organizations counting within a tier.
        let mut hits: Vec<(u8, Hit)> = Vec::new();
        let mut capacities = std::collections::HashMap::new();
        for search in kind.searches {
            // For meetings `gender` would mean only meetings for that gender; mixed
            // meetings suit everyone, and `fits` leaves out those for another gender.
            let mut params: Vec<(String, String)> = place
                .iter()
                .filter(|(k, _)| !(kind.key == "meetings" && k == "gender"))
                .cloned()
                .collect();
            params.extend(
                search
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string())),
            );
            params.push(("per_page".into(), CANDIDATES.to_string()));
            let request =
                SearchRequest::from_params(params::from_pairs(&params)?, Gazetteer::shipped())?;
            let (_, found) = search::run(Some(conn), index, request, false, now, stale_after)?;
            capacities.extend(found.capacities);
            for h in found.results.hits {
                let Some(tier) = tier(&kind, &h, capacities.get(&h.service_id)) else {
                    continue;
                };
                let wanted = fits(&h, person)
                    && mentions_any(&h, search.mentions)
                    && (!kind.meets_soon
                        || meets_within(h.open_now, h.next_opening.as_deref(), now, query.days));
                if wanted && !hits.iter().any(|(_, seen)| seen.id == h.id) {
                    hits.push((tier, h));
                }
            }
        }
        if kind.searches.len() > 1 {
            // Several searches, each nearest first: merge them nearest first.
            hits.sort_by(|(_, a), (_, b)| {
                let km = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
                km(a).total_cmp(&km(b))
            });
        }
        hits.sort_by_key(|(tier, _)| *tier);
        let mut chosen: Vec<Hit> = Vec::new();
        while let Some((first, _)) = hits.first() {
            let first = *first;
            let split = hits.partition_point(|(t, _)| *t == first);
            let group = hits.drain(..split).map(|(_, h)| h).collect();
            let room_left = query.per_kind - chosen.len();
            chosen.extend(pick(group, language, service_id, room_left));
        }
        out.push(Suggestions {
            kind,
            hits: chosen,
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
            service_ids: vec![service.into()],
            online_only: false,
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
    fn suggestions_come_from_different_organizations_first() {
        let mut hits = vec![
            hit("a1", &[], "active"),
            hit("a2", &[], "active"),
            hit("b1", &[], "active"),
            hit("c1", &[], "active"),
        ];
        hits[0].organization_id = "org-a".into();
        hits[1].organization_id = "org-a".into();
        hits[2].organization_id = "org-b".into();
        hits[3].organization_id = "org-c".into();
        let kept: Vec<String> = pick(hits.clone(), None, "own", 3)
            .into_iter()
            .map(|h| h.service_id)
            .collect();
        assert_eq!(kept, ["a1", "b1", "c1"]);
        let kept: Vec<String> = pick(hits, None, "own", 4)
            .into_iter()
            .map(|h| h.service_id)
            .collect();
        assert_eq!(kept, ["a1", "b1", "c1", "a2"]);
    }

    fn named(name: &str, description: &str) -> Hit {
        let mut h = hit(name, &[], "active");
        h.name = name.into();
        h.description = Some(description.into());
        h
    }

    #[test]
    fn help_for_another_group_is_left_out() {
        let man = Person {
            gender: Some("male".into()),
            age: Some(34),
            ..Person::default()
        };
        let woman = Person {
            gender: Some("female".into()),
            ..Person::default()
        };
        let house = named(
            "Example Recovery House for Women (fictional)",
            "Sober living",
        );
        assert!(!fits(&house, &man));
        assert!(fits(&house, &woman));
        let mens = named("Example Men's Sober Living (fictional)", "");
        assert!(!fits(&mens, &woman) && fits(&mens, &man));
        // "Women" in a description of a mixed program still says it serves women only: the
        // rule errs towards leaving it out for a man, never towards sending him there.
        let vets = named("Example Veterans Peer Group (fictional)", "");
        assert!(
            !fits(&vets, &man),
            "veterans' help only for a known veteran"
        );
        let veteran = Person {
            veteran: Some(true),
            ..man.clone()
        };
        assert!(fits(&vets, &veteran));
        let teens = named("Example Teen Recovery Group (fictional)", "");
        assert!(!fits(&teens, &man));
        let anyone = named("Example Outpatient Program (fictional)", "Adults welcome");
        assert!(fits(&anyone, &man) && fits(&anyone, &woman));
    }

    #[test]
    fn mutual_help_meetings_first_and_family_or_grief_groups_never() {
        assert_eq!(
            meeting_rank(&named("Sunrise Group", "Open AA meeting")),
            Some(0)
        );
        assert_eq!(
            meeting_rank(&named("Clean Time", "Narcotics Anonymous")),
            Some(0)
        );
        assert_eq!(meeting_rank(&named("SMART Recovery Tuesday", "")), Some(0));
        assert_eq!(
            meeting_rank(&named("Community Circle", "A support group")),
            Some(1)
        );
        assert_eq!(meeting_rank(&named("Hope Al-Anon Family Group", "")), None);
        assert_eq!(
            meeting_rank(&named("Healing After Loss", "Grief support")),
            None
        );
        // Words, not letters: "na" inside "Nashville" is not Narcotics Anonymous.
        assert_eq!(
            meeting_rank(&named("Nashville Wellness Circle", "")),
            Some(1)
        );
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
