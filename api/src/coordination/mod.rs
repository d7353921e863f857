//! Coordinator views across programs: running programs near a place with what is known of
//! their room now, waitlist length and median wait; and a period's waitlist figures for
//! the programs the caller may see. The rules are plain functions; `actions` runs them
//! against the store and the index.

pub mod actions;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Role;
use crate::capacity::{Availability, Capacity};
use crate::error::ApiError;
use crate::waitlists::report::{self, EntryDates};

/// Who sees these views: coordinators and admins every program, providers their own.
pub const VIEWERS: &[Role] = &[Role::Coordinator, Role::Provider, Role::Admin];

/// Median waits are taken over the admissions of this many last days.
const MEDIAN_WAIT_DAYS: i64 = 90;

/// One program at one place, as a coordinator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramCapacity {
    /// The service-at-location id.
    pub id: String,
    pub service_id: String,
    pub name: String,
    pub organization_id: String,
    pub organization_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    /// What is known of its room now: `capacity_status` (a fresh report's status, or
    /// `unknown`), `unknown_reason` (`never-reported` or `stale`, only when unknown),
    /// `open_units` (free units of a fresh report; `null` when unknown, never 0 for
    /// unknown) and `reported_at` (its last report, `null` when it never reported).
    #[serde(flatten)]
    pub availability: Availability,
    /// The program's last report in full, fresh or stale; `null` when it has never reported.
    pub capacity: Option<Capacity>,
    /// People waiting. `null` where the caller may not see the program's waitlist: a
    /// provider sees its own programs' waitlists only (coordinators and admins see all).
    pub waitlist_length: Option<usize>,
    /// Median days from request to admission over the last 90 days' admissions; `null`
    /// when there were none, or where `waitlist_length` is withheld.
    pub median_wait_days: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapacityOverview {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<ProgramCapacity>,
}

/// A program's waitlist as the overview shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waits {
    /// People still waiting: neither admitted nor removed.
    pub waitlist_length: usize,
    /// Median days from request to admission of those admitted in the last 90 days.
    pub median_wait_days: Option<f64>,
}

/// The waits of one program's entries, as they stand at `now`.
pub fn waits(entries: &[EntryDates], now: DateTime<Utc>) -> Waits {
    Waits {
        waitlist_length: entries
            .iter()
            .filter(|e| e.facts.admitted_at.is_none() && e.facts.removed_at.is_none())
            .count(),
        median_wait_days: report::median_wait_days(
            entries,
            now - Duration::days(MEDIAN_WAIT_DAYS),
            now,
        ),
    }
}

/// The programs a report covers: `own` (a provider's programs; `None`: every program),
/// narrowed to the one asked for, which must be among them.
pub fn report_scope(
    own: Option<Vec<String>>,
    asked: Option<String>,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(one) = asked else {
        return Ok(own);
    };
    if own.as_ref().is_some_and(|own| !own.contains(&one)) {
        return Err(ApiError::Forbidden(format!(
            "service {one} is not one of this provider's programs"
        )));
    }
    Ok(Some(vec![one]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waitlists::rules::ClockFacts;

    fn t(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn entry(requested: &str, admitted: Option<&str>, removed: Option<&str>) -> EntryDates {
        let mut facts = ClockFacts::waiting(t(requested), false, false);
        facts.admitted_at = admitted.map(t);
        facts.removed_at = removed.map(t);
        EntryDates {
            id: requested.into(),
            facts,
            removal_reason: None,
        }
    }

    #[test]
    fn only_people_still_waiting_count_and_the_median_is_of_recent_admissions() {
        let now = t("2026-12-01T00:00:00Z");
        let entries = [
            entry("2026-11-20T00:00:00Z", None, None),
            entry("2026-11-21T00:00:00Z", None, None),
            entry("2026-11-01T00:00:00Z", Some("2026-11-03T00:00:00Z"), None),
            entry("2026-11-01T00:00:00Z", Some("2026-11-05T00:00:00Z"), None),
            entry("2026-11-01T00:00:00Z", Some("2026-11-10T00:00:00Z"), None),
            entry("2026-11-01T00:00:00Z", None, Some("2026-11-02T00:00:00Z")),
            // Admitted more than 90 days ago: waiting length 0, and out of the median.
            entry("2026-01-01T00:00:00Z", Some("2026-08-01T00:00:00Z"), None),
        ];
        assert_eq!(
            waits(&entries, now),
            Waits {
                waitlist_length: 2,
                median_wait_days: Some(4.0),
            }
        );
    }

    #[test]
    fn a_program_without_entries_has_no_wait() {
        let none = waits(&[], t("2026-12-01T00:00:00Z"));
        assert_eq!((none.waitlist_length, none.median_wait_days), (0, None));
    }

    #[test]
    fn a_report_covers_the_callers_programs_or_the_one_asked_among_them() {
        let own = || Some(vec!["a".to_string(), "b".to_string()]);
        assert_eq!(report_scope(None, None).unwrap(), None);
        assert_eq!(report_scope(own(), None).unwrap(), own());
        assert_eq!(
            report_scope(own(), Some("b".into())).unwrap(),
            Some(vec!["b".to_string()])
        );
        assert_eq!(
            report_scope(None, Some("z".into())).unwrap(),
            Some(vec!["z".to_string()])
        );
        let refused = report_scope(own(), Some("z".into())).unwrap_err();
        assert!(matches!(refused, ApiError::Forbidden(_)));
    }
}
