//! The waitlist's rules as plain functions: federal block-grant priority order, and the
//! clocks for interim services (48 hours) and admission (14 days, or 120 days once interim
//! services have started).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Interim services must start within this time for a person who injects drugs.
pub const INTERIM_SERVICES_WITHIN: Duration = Duration::hours(48);
/// Admission is due within this time…
pub const ADMISSION_WITHIN: Duration = Duration::days(14);
/// …or within this time once interim services have started.
pub const ADMISSION_WITH_INTERIM_WITHIN: Duration = Duration::days(120);

/// Priority classes, highest first (45 CFR 96.131).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorityClass {
    PregnantAndInjecting,
    Pregnant,
    Injecting,
    Everyone,
}

impl PriorityClass {
    pub fn of(pregnant: bool, injects_drugs: bool) -> PriorityClass {
        match (pregnant, injects_drugs) {
            (true, true) => PriorityClass::PregnantAndInjecting,
            (true, false) => PriorityClass::Pregnant,
            (false, true) => PriorityClass::Injecting,
            (false, false) => PriorityClass::Everyone,
        }
    }
}

/// What the clocks need to know about an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockFacts {
    pub requested_at: DateTime<Utc>,
    pub injects_drugs: bool,
    pub interim_started_at: Option<DateTime<Utc>>,
}

/// Where an entry stands against its clocks at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Clocks {
    /// When interim services are due (people who inject drugs only).
    #[serde(
        serialize_with = "as_stored_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub interim_services_due_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "as_stored")]
    #[schema(value_type = String, format = DateTime)]
    pub admission_due_at: DateTime<Utc>,
    /// Interim services are due and have not started.
    pub interim_services_overdue: bool,
    pub admission_overdue: bool,
}

fn as_stored<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::clock::format(*t))
}

fn as_stored_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => as_stored(t, s),
        None => s.serialize_none(),
    }
}

impl Clocks {
    pub fn overdue(&self) -> bool {
        self.interim_services_overdue || self.admission_overdue
    }
}

/// The clocks of a waiting entry at `now`.
pub fn clocks(facts: &ClockFacts, now: DateTime<Utc>) -> Clocks {
    let interim_due = facts
        .injects_drugs
        .then(|| facts.requested_at + INTERIM_SERVICES_WITHIN);
    let admission_due = facts.requested_at
        + match facts.interim_started_at {
            Some(_) => ADMISSION_WITH_INTERIM_WITHIN,
            None => ADMISSION_WITHIN,
        };
    Clocks {
        interim_services_due_at: interim_due,
        admission_due_at: admission_due,
        interim_services_overdue: interim_due
            .is_some_and(|due| facts.interim_started_at.is_none() && now > due),
        admission_overdue: now > admission_due,
    }
}

/// Whether interim services started within their 48 hours (for people who inject drugs).
pub fn interim_on_time(facts: &ClockFacts) -> Option<bool> {
    let due = facts.requested_at + INTERIM_SERVICES_WITHIN;
    facts
        .injects_drugs
        .then(|| facts.interim_started_at.is_some_and(|t| t <= due))
}

/// The waitlist order: priority class, then who asked first; the id breaks exact ties so
/// the order never changes between reads.
pub fn queue_order<T>(entries: &mut [T], key: impl Fn(&T) -> (PriorityClass, DateTime<Utc>, &str)) {
    entries.sort_by(|a, b| key(a).cmp(&key(b)));
}

/// Whole days waited at `now`.
pub fn days_waiting(requested_at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - requested_at).num_days().max(0)
}

/// What happened when a coordinator tried to reach the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContactOutcome {
    Reached,
    NoAnswer,
    LeftMessage,
    WrongNumber,
}

/// Why a person left the waitlist without being admitted here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalReason {
    AdmittedElsewhere,
    Declined,
    CouldNotContact,
    Ineligible,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn priority_classes_follow_the_block_grant() {
        assert_eq!(
            PriorityClass::of(true, true),
            PriorityClass::PregnantAndInjecting
        );
        assert_eq!(PriorityClass::of(true, false), PriorityClass::Pregnant);
        assert_eq!(PriorityClass::of(false, true), PriorityClass::Injecting);
        assert_eq!(PriorityClass::of(false, false), PriorityClass::Everyone);
        assert!(PriorityClass::PregnantAndInjecting < PriorityClass::Pregnant);
        assert!(PriorityClass::Pregnant < PriorityClass::Injecting);
        assert!(PriorityClass::Injecting < PriorityClass::Everyone);
    }

    #[test]
    fn the_queue_is_priority_then_request_time_then_id() {
        let mut entries = vec![
            ("e", PriorityClass::Everyone, t("2026-11-01T08:00:00Z")),
            ("d", PriorityClass::Injecting, t("2026-11-20T08:00:00Z")),
            ("c", PriorityClass::Pregnant, t("2026-11-21T08:00:00Z")),
            ("b", PriorityClass::Pregnant, t("2026-11-21T08:00:00Z")),
            (
                "a",
                PriorityClass::PregnantAndInjecting,
                t("2026-11-22T08:00:00Z"),
            ),
            ("f", PriorityClass::Pregnant, t("2026-11-02T08:00:00Z")),
        ];
        queue_order(&mut entries, |e| (e.1, e.2, e.0));
        let ids: Vec<&str> = entries.iter().map(|e| e.0).collect();
        assert_eq!(ids, ["a", "f", "b", "c", "d", "e"]);
    }

    #[test]
    fn interim_services_are_due_in_48_hours_for_people_who_inject() {
        let facts = ClockFacts {
            requested_at: t("2026-11-20T10:00:00Z"),
            injects_drugs: true,
            interim_started_at: None,
        };
        let due = t("2026-11-22T10:00:00Z");
        let at = |now| clocks(&facts, t(now));
        assert_eq!(
            at("2026-11-21T00:00:00Z").interim_services_due_at,
            Some(due)
        );
        assert!(!at("2026-11-22T10:00:00Z").interim_services_overdue);
        assert!(at("2026-11-22T10:00:01Z").interim_services_overdue);
        let started = ClockFacts {
            interim_started_at: Some(t("2026-11-21T09:00:00Z")),
            ..facts.clone()
        };
        assert!(!clocks(&started, t("2026-11-30T00:00:00Z")).interim_services_overdue);
        assert_eq!(interim_on_time(&started), Some(true));
        let late = ClockFacts {
            interim_started_at: Some(t("2026-11-23T09:00:00Z")),
            ..facts.clone()
        };
        assert_eq!(interim_on_time(&late), Some(false));

        let not_injecting = ClockFacts {
            injects_drugs: false,
            ..facts
        };
        let c = clocks(&not_injecting, t("2026-11-30T00:00:00Z"));
        assert_eq!(c.interim_services_due_at, None);
        assert!(!c.interim_services_overdue);
        assert_eq!(interim_on_time(&not_injecting), None);
    }

    #[test]
    fn admission_is_due_in_14_days_or_120_with_interim_services() {
        let facts = ClockFacts {
            requested_at: t("2026-11-01T10:00:00Z"),
            injects_drugs: false,
            interim_started_at: None,
        };
        let c = clocks(&facts, t("2026-11-15T10:00:00Z"));
        assert_eq!(c.admission_due_at, t("2026-11-15T10:00:00Z"));
        assert!(!c.admission_overdue);
        assert!(clocks(&facts, t("2026-11-15T10:00:01Z")).admission_overdue);
        assert!(clocks(&facts, t("2026-11-15T10:00:01Z")).overdue());

        let interim = ClockFacts {
            interim_started_at: Some(t("2026-11-02T10:00:00Z")),
            ..facts
        };
        let c = clocks(&interim, t("2026-12-20T00:00:00Z"));
        assert_eq!(c.admission_due_at, t("2027-03-01T10:00:00Z"));
        assert!(!c.admission_overdue);
        assert!(clocks(&interim, t("2027-03-01T10:00:01Z")).admission_overdue);
    }

    #[test]
    fn days_waiting_counts_whole_days() {
        let asked = t("2026-11-01T10:00:00Z");
        assert_eq!(days_waiting(asked, t("2026-11-01T23:00:00Z")), 0);
        assert_eq!(days_waiting(asked, t("2026-11-03T10:00:00Z")), 2);
        assert_eq!(days_waiting(asked, t("2026-10-31T10:00:00Z")), 0);
    }

    #[test]
    fn contact_outcomes_and_removal_reasons_use_the_api_words() {
        assert_eq!(
            serde_json::to_value(ContactOutcome::NoAnswer).unwrap(),
            "no-answer"
        );
        assert_eq!(
            serde_json::from_value::<RemovalReason>("admitted-elsewhere".into()).unwrap(),
            RemovalReason::AdmittedElsewhere
        );
        assert!(serde_json::from_value::<RemovalReason>("bored".into()).is_err());
    }
}
