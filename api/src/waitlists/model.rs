//! Waitlist requests as clients send them, checked into domain values, and entries as
//! answered.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};
use utoipa::{IntoParams, ToSchema};
use waypoint_indexer::model::Keyword;
use waypoint_indexer::params;

use super::admission::Admission;
use super::rules::{Clocks, ContactOutcome, InterimKind, PriorityClass, RemovalReason};
use crate::clock;
use crate::error::ApiError;

/// The minimum needed to reach the person; `reference` is the partner's own id for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitlistClient {
    #[schema(pattern = r"\S")]
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// ISO 639-1, e.g. `es`, in any case (blank: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^([A-Za-z]{2})?$")]
    pub preferred_language: Option<String>,
}

/// `POST /v1/waitlists/{service_id}/entries`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntryBody {
    pub client: WaitlistClient,
    #[serde(default)]
    pub pregnant: bool,
    #[serde(default)]
    pub injects_drugs: bool,
    #[serde(default)]
    pub referral_id: Option<String>,
    #[serde(default)]
    pub consent_id: Option<String>,
    /// When the person asked for treatment (RFC 3339); now when omitted.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub requested_at: Option<String>,
}

/// A checked new entry.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub client: WaitlistClient,
    pub pregnant: bool,
    pub injects_drugs: bool,
    pub referral_id: Option<String>,
    pub consent_id: Option<String>,
    pub requested_at: DateTime<Utc>,
}

/// `PATCH …/entries/{id}`: what may change while a person waits.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryPatch {
    pub pregnant: Option<bool>,
    pub injects_drugs: Option<bool>,
    pub phone: Option<String>,
    /// ISO 639-1, e.g. `es`, in any case (blank: none).
    #[schema(pattern = "^([A-Za-z]{2})?$")]
    pub preferred_language: Option<String>,
    pub consent_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactAttemptBody {
    pub outcome: ContactOutcome,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterimServiceBody {
    /// What the person gets meanwhile: "methadone bridge dosing", "naloxone", "peer support"…
    /// The listing's name when omitted with `service_at_location_id`.
    #[serde(default)]
    pub what: Option<String>,
    /// The listing it is, when it is one (bridge suggestions give it).
    #[serde(default)]
    pub service_at_location_id: Option<String>,
    /// When it started (RFC 3339, not in the future); now when omitted.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub started_at: Option<String>,
    /// What it was, by the kinds of 45 CFR 96.121 (`hiv_tb_counseling`,
    /// `needle_sharing_risks`, `transmission_risks`, `hiv_tb_testing_referral`,
    /// `fetal_effects_counseling`, `prenatal_care_referral`) and `naloxone`, `moud`. Omitted
    /// (or empty): a service of unspecified kind, which keeps the 48-hour clock of a person
    /// who injects drugs but never a pregnant person's, whose clock needs a
    /// `prenatal_care_referral`.
    #[serde(default)]
    #[schema(value_type = Option<Vec<InterimKind>>)]
    pub kinds: Option<serde_json::Value>,
}

/// A checked interim-service request; `what` is settled with the listing it names (see
/// `bridge::interim_description`).
#[derive(Debug, Clone, PartialEq)]
pub struct InterimRequest {
    pub what: Option<String>,
    pub service_at_location_id: Option<String>,
    pub started_at: DateTime<Utc>,
    pub kinds: Vec<InterimKind>,
}

impl InterimRequest {
    /// The service to record, once `what` is settled.
    pub fn with_what(self, what: String) -> NewInterimService {
        NewInterimService {
            what,
            service_at_location_id: self.service_at_location_id,
            started_at: self.started_at,
            kinds: self.kinds,
        }
    }
}

/// A checked interim service to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInterimService {
    pub what: String,
    pub service_at_location_id: Option<String>,
    pub started_at: DateTime<Utc>,
    /// Without repeats, in the order `InterimKind` declares them; empty when unspecified.
    pub kinds: Vec<InterimKind>,
}

/// `POST …/entries/{id}/admit`. How the admission stands against the program's capacity
/// is decided by one rule (`waitlists::admission`): a fresh report's free unit is taken;
/// a fresh report without room is refused (409) unless `confirmed_by_program`; with no
/// report or a stale one the person is admitted and the answer says capacity was unknown.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmitBody {
    /// The unit of capacity admitted into (`bed`, `slot`…): one of the program's reported
    /// units. When omitted, the first with one free is taken.
    #[serde(default)]
    pub unit: Option<String>,
    /// The program confirmed it has a place for the person, though its fresh report shows
    /// none (admits without changing its counts).
    #[serde(default)]
    pub confirmed_by_program: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveBody {
    pub reason: RemovalReason,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContactAttempt {
    pub outcome: ContactOutcome,
    /// Withheld with the client's details (a note may name the client).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub attempted_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InterimService {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    pub started_at: String,
    /// Empty for a service recorded without kinds (unspecified).
    pub kinds: Vec<InterimKind>,
    /// When it was recorded (absent for services recorded before this was kept): a
    /// `started_at` well before it was given after the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<String>,
}

/// Which entries `GET /v1/waitlists/{service_id}/entries` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoStaticStr, VariantArray, ToSchema)]
#[strum(serialize_all = "snake_case")]
#[schema(rename_all = "snake_case")]
pub enum StatusFilter {
    /// The queue, in priority order with positions (the default).
    Waiting,
    Admitted,
    Removed,
    /// The queue first, then everyone admitted or removed.
    All,
}

/// The parameters the list takes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `waiting` (default: the queue in priority order, with positions), `admitted`,
    /// `removed` (in order of request), or `all` (the queue, then the others in order of
    /// request).
    #[serde(default, deserialize_with = "params::keyword")]
    #[param(default = "waiting", inline)]
    pub status: Option<StatusFilter>,
}

impl ListParams {
    pub fn filter(&self) -> StatusFilter {
        self.status.unwrap_or(StatusFilter::Waiting)
    }
}

/// An entry as answered.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Entry {
    pub id: String,
    pub service_id: String,
    /// The partner that added the entry; the client's details are theirs.
    pub created_by: String,
    /// The client's details: absent when withheld from the caller (see
    /// `client_details_withheld`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<WaitlistClient>,
    /// True when the caller may not see the client's details: the program needs a Part 2
    /// consent and none in force names the caller. Status, position and clocks stay visible.
    pub client_details_withheld: bool,
    /// The 42 CFR §2.32 notice, on every body with client details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<&'static str>,
    pub pregnant: bool,
    pub injects_drugs: bool,
    pub priority_class: PriorityClass,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_id: Option<String>,
    pub requested_at: String,
    /// `waiting`, `admitted` or `removed`.
    #[schema(schema_with = crate::keywords::entry_status)]
    pub status: String,
    /// 1-based place in the queue, while waiting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    pub days_waiting: i64,
    #[serde(flatten)]
    pub clocks: Clocks,
    pub overdue: bool,
    pub interim_services: Vec<InterimService>,
    pub contact_attempts: Vec<ContactAttempt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admitted_at: Option<String>,
    /// How the admission stood against the program's capacity, and who admitted
    /// (admissions recorded before this was kept have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admission: Option<Admission>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_reason: Option<RemovalReason>,
}

/// Trimmed text, or none when blank. (How long it may be is checked before the body is
/// parsed, by `crate::limits`.)
fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Clients' clocks may run this far ahead of ours.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// An RFC 3339 time given by the client, or now.
pub fn time_or_now(field: &str, value: Option<&str>) -> Result<DateTime<Utc>, ApiError> {
    match value {
        None => Ok(Utc::now()),
        Some(v) => clock::parse(v)
            .ok_or_else(|| ApiError::invalid(field, format!("{v:?} is not an RFC 3339 date-time"))),
    }
}

fn language(field: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    match text(value) {
        Some(v) if !(v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic())) => Err(
            ApiError::invalid(field, "an ISO 639-1 code of two letters, such as \"es\""),
        ),
        other => Ok(other.map(|v| v.to_lowercase())),
    }
}

impl NewEntryBody {
    pub fn validate(self, now: DateTime<Utc>) -> Result<NewEntry, ApiError> {
        let reference = text(Some(self.client.reference)).ok_or_else(|| {
            ApiError::invalid(
                "client.reference",
                "the partner's own id for the person is needed",
            )
        })?;
        let date_of_birth = text(self.client.date_of_birth);
        if let Some(d) = &date_of_birth
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
        {
            return Err(ApiError::invalid(
                "client.date_of_birth",
                "a date as YYYY-MM-DD",
            ));
        }
        let requested_at = time_or_now("requested_at", self.requested_at.as_deref())?;
        if requested_at > now + CLOCK_SKEW {
            return Err(ApiError::invalid("requested_at", "cannot be in the future"));
        }
        Ok(NewEntry {
            client: WaitlistClient {
                reference,
                name: text(self.client.name),
                date_of_birth,
                phone: text(self.client.phone),
                preferred_language: language(
                    "client.preferred_language",
                    self.client.preferred_language,
                )?,
            },
            pregnant: self.pregnant,
            injects_drugs: self.injects_drugs,
            referral_id: text(self.referral_id),
            consent_id: text(self.consent_id),
            requested_at,
        })
    }
}

impl EntryPatch {
    /// Checks the patch; the returned one has its texts trimmed.
    pub fn validate(self) -> Result<EntryPatch, ApiError> {
        Ok(EntryPatch {
            pregnant: self.pregnant,
            injects_drugs: self.injects_drugs,
            phone: text(self.phone),
            preferred_language: language("preferred_language", self.preferred_language)?,
            consent_id: text(self.consent_id),
        })
    }
}

/// A free-text note, trimmed; none when blank.
pub fn note(value: Option<String>) -> Option<String> {
    text(value)
}

/// Checks what an interim service is.
pub fn interim_what(value: String) -> Result<String, ApiError> {
    text(Some(value)).ok_or_else(|| ApiError::invalid("what", "say what the interim service is"))
}

/// Reads an interim service's `kinds`: absent, `null` or `[]` for unspecified, else an
/// array of kind names (repeats are dropped). Anything else names `kinds`.
pub fn interim_kinds(value: Option<serde_json::Value>) -> Result<Vec<InterimKind>, ApiError> {
    let names = || {
        InterimKind::all()
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let items = match value {
        None | Some(serde_json::Value::Null) => return Ok(Vec::new()),
        Some(serde_json::Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::invalid(
                "kinds",
                format!("an array of kinds: {}", names()),
            ));
        }
    };
    let mut kinds = Vec::new();
    for item in items {
        let kind = item.as_str().and_then(InterimKind::parse).ok_or_else(|| {
            ApiError::invalid(
                "kinds",
                format!("{item} is not a kind of interim service: use {}", names()),
            )
        })?;
        kinds.push(kind);
    }
    kinds.sort();
    kinds.dedup();
    Ok(kinds)
}

impl InterimServiceBody {
    /// Checks the start time and the kinds.
    pub fn validate(self, now: DateTime<Utc>) -> Result<InterimRequest, ApiError> {
        let started_at = match self.started_at.as_deref() {
            None => now,
            given => time_or_now("started_at", given)?,
        };
        if started_at > now + CLOCK_SKEW {
            return Err(ApiError::invalid(
                "started_at",
                "cannot be in the future: record an interim service once it is made available",
            ));
        }
        Ok(InterimRequest {
            kinds: interim_kinds(self.kinds)?,
            what: self.what,
            service_at_location_id: self.service_at_location_id,
            started_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> NewEntryBody {
        serde_json::from_value(json).unwrap()
    }

    use crate::error::parameter_of as parameter;

    #[test]
    fn interim_kinds_are_read_by_name_and_unknown_ones_named() {
        let read = |j: serde_json::Value| interim_kinds(Some(j));
        assert_eq!(interim_kinds(None).unwrap(), vec![]);
        assert_eq!(read(serde_json::json!(null)).unwrap(), vec![]);
        assert_eq!(read(serde_json::json!([])).unwrap(), vec![]);
        assert_eq!(
            read(serde_json::json!([
                "naloxone",
                "prenatal_care_referral",
                "naloxone"
            ]))
            .unwrap(),
            vec![InterimKind::PrenatalCareReferral, InterimKind::Naloxone]
        );
        for bad in [
            serde_json::json!(["hugs"]),
            serde_json::json!(["Naloxone"]),
            serde_json::json!([1]),
            serde_json::json!("naloxone"),
        ] {
            assert_eq!(parameter(read(bad).unwrap_err()), "kinds");
        }
    }

    #[test]
    fn interim_requests_without_kinds_still_read_and_never_start_in_the_future() {
        let now = Utc::now();
        let body = |j| serde_json::from_value::<InterimServiceBody>(j).unwrap();
        let old = body(serde_json::json!({"what": "methadone bridge dosing"}))
            .validate(now)
            .unwrap();
        assert_eq!(old.kinds, vec![]);
        assert_eq!(old.started_at, now);
        let future =
            body(serde_json::json!({"what": "naloxone", "started_at": "2999-01-01T00:00:00Z"}));
        assert_eq!(parameter(future.validate(now).unwrap_err()), "started_at");
    }

    #[test]
    fn the_list_takes_one_status_and_nothing_else() {
        let q = |p: &[(&str, &str)]| -> Result<StatusFilter, ApiError> {
            let list: ListParams = params::from_pairs(p)?;
            Ok(list.filter())
        };
        assert_eq!(q(&[]).unwrap(), StatusFilter::Waiting);
        assert_eq!(
            q(&[("status", "admitted")]).unwrap(),
            StatusFilter::Admitted
        );
        assert_eq!(q(&[("status", "removed")]).unwrap(), StatusFilter::Removed);
        assert_eq!(q(&[("status", "all")]).unwrap(), StatusFilter::All);
        assert_eq!(q(&[("status", "waiting")]).unwrap(), StatusFilter::Waiting);
        assert_eq!(
            parameter(q(&[("status", "Waiting")]).unwrap_err()),
            "status"
        );
        assert_eq!(
            parameter(q(&[("status", "all"), ("status", "admitted")]).unwrap_err()),
            "status"
        );
        assert_eq!(parameter(q(&[("state", "all")]).unwrap_err()), "state");
    }

    #[test]
    fn new_entries_are_checked_and_trimmed() {
        let now = Utc::now();
        let ok = body(serde_json::json!({
            "client": {"reference": " c-1 ", "name": "Testy McTestface", "preferred_language": "ES"},
            "pregnant": true
        }))
        .validate(now)
        .unwrap();
        assert_eq!(ok.client.reference, "c-1");
        assert_eq!(ok.client.preferred_language.as_deref(), Some("es"));
        assert!(ok.pregnant && !ok.injects_drugs);

        let bad = |j| parameter(body(j).validate(now).unwrap_err());
        assert_eq!(
            bad(serde_json::json!({"client": {"reference": " "}})),
            "client.reference"
        );
        assert_eq!(
            bad(serde_json::json!({"client": {"reference": "c", "date_of_birth": "1/2/1990"}})),
            "client.date_of_birth"
        );
        assert_eq!(
            bad(serde_json::json!({"client": {"reference": "c", "preferred_language": "spanish"}})),
            "client.preferred_language"
        );
        assert_eq!(
            bad(serde_json::json!({"client": {"reference": "c"}, "requested_at": "yesterday"})),
            "requested_at"
        );
        assert_eq!(
            bad(
                serde_json::json!({"client": {"reference": "c"}, "requested_at": "2999-01-01T00:00:00Z"})
            ),
            "requested_at"
        );
    }
}
