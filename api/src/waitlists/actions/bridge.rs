//! Bridge resources for one waiting person: what the entry tells of the person (read as
//! the caller may see it, so the showing is recorded), and the suggestions, each with the
//! one request that records it as an interim service.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::model::filters::MAX_AGE;
use waypoint_indexer::store::DbConnection;

use super::authorize;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::search::{SearchItem, item};
use crate::waitlists::bridge::{self, BridgeQuery, Person, RecordStep};
use crate::waitlists::{access, store};

#[derive(Serialize, ToSchema)]
pub struct Bridge {
    pub service_id: String,
    pub entry_id: String,
    pub days: i64,
    /// Kinds of help in a fixed order: `meetings` (mutual-help fellowships first; groups
    /// for families or grief left out), `moud` (medication programs with room now, then
    /// those whose room is unknown; never one reporting it is full), `peer_support`,
    /// `naloxone`, `food`, `housing`, then `hiv_tb_testing` for a person who injects drugs
    /// and `prenatal_care` for a pregnant person. A kind with nothing near is listed with
    /// no suggestions. Suggestions of a kind come from different organizations first, and
    /// leave out help for another gender, for veterans (unless the person is one) and for
    /// young people (for an adult).
    pub groups: Vec<BridgeGroup>,
}

#[derive(Serialize, ToSchema)]
pub struct BridgeGroup {
    pub kind: &'static str,
    pub label: &'static str,
    pub suggestions: Vec<BridgeSuggestion>,
}

#[derive(Serialize, ToSchema)]
pub struct BridgeSuggestion {
    pub listing: SearchItem,
    /// Offered in the person's language (always true when no language is known).
    pub in_language: bool,
    /// For medication programs: `available` (a fresh report of a free unit) or `unknown`
    /// (no fresh report: call first). Programs that report they are full are left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::keywords::bridge_room)]
    pub room: Option<&'static str>,
    /// Send this to record the suggestion as the entry's interim service.
    pub record: RecordStep,
}

/// What the entry adds to what the caller said of the person.
pub struct EntryFacts {
    pub person: Person,
    /// The client's preferred language, when the caller may see the client's details.
    pub language: Option<String>,
}

/// Reads the entry as the caller may see it (a write: the showing is recorded) and takes
/// from it the person's needs, and their age and language when the caller may see them.
pub fn entry_facts(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    entry_id: &str,
    mut person: Person,
) -> Result<EntryFacts, ApiError> {
    authorize(conn, caller, service_id)?;
    let now = Utc::now();
    let entry = store::get(conn, service_id, entry_id, now)?;
    let entry = access::show_one(conn, caller, entry, now)?;
    person.pregnant = entry.pregnant;
    person.injects_drugs = entry.injects_drugs;
    let client = entry.client;
    if person.age.is_none() {
        person.age = client
            .as_ref()
            .and_then(|c| c.date_of_birth.as_deref())
            .and_then(|d| age_on(d, now))
            // A birth date beyond any age the search takes (a typo such as 1430) says
            // nothing usable: the age stays unknown rather than failing the bridge.
            .filter(|age| *age <= MAX_AGE);
    }
    let language = client
        .and_then(|c| c.preferred_language)
        .map(|l| l.to_lowercase());
    Ok(EntryFacts { person, language })
}

/// Whole years from a `YYYY-MM-DD` birth date to `now`.
fn age_on(birth: &str, now: DateTime<Utc>) -> Option<u32> {
    let born = chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok()?;
    now.date_naive().years_since(born)
}

/// The suggestions of every kind, in the asked language or else the client's.
pub fn suggest(
    conn: &mut DbConnection,
    index: &SearchIndex,
    service_id: String,
    entry_id: String,
    query: &BridgeQuery,
    facts: EntryFacts,
    stale_after: Duration,
) -> Result<Bridge, ApiError> {
    let language = query.language.clone().or(facts.language);
    let found = bridge::suggest(
        conn,
        index,
        &service_id,
        query,
        language.as_deref(),
        &facts.person,
        Utc::now(),
        stale_after,
    )?;
    let href = format!("/v1/waitlists/{service_id}/entries/{entry_id}/interim-services");
    let groups = found
        .into_iter()
        .map(|s| BridgeGroup {
            kind: s.kind.key,
            label: s.kind.label,
            suggestions: s
                .hits
                .into_iter()
                .map(|h| {
                    let in_language = bridge::in_language(&h, language.as_deref());
                    let mut body = json!({
                        "what": format!("{}: {}", s.kind.label, h.name),
                        "service_at_location_id": h.id,
                    });
                    if !s.kind.interim_kinds.is_empty() {
                        body["kinds"] = json!(s.kind.interim_kinds);
                    }
                    let record = RecordStep {
                        method: "POST",
                        href: href.clone(),
                        body,
                    };
                    let capacity = s.capacities.get(&h.service_id).cloned();
                    let room = s.kind.ranks_by_room.then_some(match &capacity {
                        Some(c) if c.has_capacity => "available",
                        _ => "unknown",
                    });
                    BridgeSuggestion {
                        listing: item(h, true, capacity),
                        in_language,
                        room,
                        record,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(Bridge {
        service_id,
        entry_id,
        days: query.days,
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_is_in_whole_years_on_the_day() {
        let now = "2026-11-23T12:00:00Z".parse().unwrap();
        assert_eq!(age_on("2000-11-23", now), Some(26));
        assert_eq!(age_on("2000-11-24", now), Some(25));
        assert_eq!(age_on("23/11/2000", now), None);
    }
}
