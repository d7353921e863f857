//! The waitlist's rules as plain functions: federal block-grant priority order, and the
//! clocks of 45 CFR 96.126 and 96.131 — interim services within 48 hours of the request
//! (people who inject drugs, pregnant people), admission within 14 days, or within 120 days
//! only when interim services came within those 48 hours.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Interim services must be made available within this time of the request: for a person
/// who injects drugs (45 CFR 96.126(b)(2)) and for a pregnant person (96.131(d)(2)).
pub const INTERIM_SERVICES_WITHIN: Duration = Duration::hours(48);
/// Admission is due within this time of the request (96.126(b)(1))…
pub const ADMISSION_WITHIN: Duration = Duration::days(14);
/// …or within this time when interim services were made available within 48 hours
/// (96.126(b)(2)). A late interim service never earns it.
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

/// What an interim service was, by the items of the 45 CFR 96.121 definition of interim
/// services, plus naloxone and medication for opioid use disorder. One recorded service may
/// be of several kinds; one recorded without kinds is of unspecified kind.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InterimKind {
    /// Counselling and education about HIV and tuberculosis, and the steps that keep them
    /// from being passed on.
    HivTbCounseling,
    /// Counselling on the risks of needle-sharing.
    NeedleSharingRisks,
    /// Counselling on the risks of transmission to sexual partners and infants.
    TransmissionRisks,
    /// Referral for HIV or TB testing or treatment.
    HivTbTestingReferral,
    /// Counselling on the effects of alcohol and drug use on the fetus (pregnant people).
    FetalEffectsCounseling,
    /// Referral for prenatal care (pregnant people): the one kind 96.131(d) names.
    PrenatalCareReferral,
    Naloxone,
    /// Medication for opioid use disorder (methadone, buprenorphine, naltrexone).
    Moud,
}

/// What the clocks need to know about an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockFacts {
    pub requested_at: DateTime<Utc>,
    pub pregnant: bool,
    pub injects_drugs: bool,
    /// The earliest start of any interim service recorded.
    pub interim_started_at: Option<DateTime<Utc>>,
    /// The earliest start of a recorded interim service that includes a referral for
    /// prenatal care.
    pub prenatal_referral_at: Option<DateTime<Utc>>,
    /// When the person was admitted here, if they were.
    pub admitted_at: Option<DateTime<Utc>>,
    /// When the person was taken off the waitlist otherwise, if they were.
    pub removed_at: Option<DateTime<Utc>>,
}

impl ClockFacts {
    /// A person waiting since `requested_at`, with nothing recorded yet.
    pub fn waiting(requested_at: DateTime<Utc>, pregnant: bool, injects_drugs: bool) -> Self {
        ClockFacts {
            requested_at,
            pregnant,
            injects_drugs,
            interim_started_at: None,
            prenatal_referral_at: None,
            admitted_at: None,
            removed_at: None,
        }
    }

    /// When the person left the waitlist, either way.
    fn left_at(&self) -> Option<DateTime<Utc>> {
        self.admitted_at.or(self.removed_at)
    }
}

/// Where one clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running: not due yet, not kept yet.
    Pending,
    /// Kept: done by the time it was due.
    Met,
    /// Ran out and still not done: do it now.
    Overdue,
    /// Ran out and done only later (or the person left after it ran out): the violation
    /// stays on record.
    Missed,
    /// The person left the waitlist before it ran out (for the interim clock: admitted or
    /// removed within the 48 hours), so it no longer runs.
    Stopped,
}

impl ClockState {
    /// The clock ran out without being kept: overdue or missed.
    pub fn violated(self) -> bool {
        matches!(self, ClockState::Overdue | ClockState::Missed)
    }
}

/// Where an entry stands against its clocks at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Clocks {
    /// When interim services are due: 48 hours after the request, for people who inject
    /// drugs (45 CFR 96.126(b)) and pregnant people (96.131(d)); absent for others.
    #[serde(
        serialize_with = "as_stored_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub interim_services_due_at: Option<DateTime<Utc>>,
    /// The interim-services clock; absent for people who neither inject drugs nor are
    /// pregnant. For a pregnant person it is kept only by a service recorded with the kind
    /// `prenatal_care_referral` within the 48 hours; for anyone else by any interim service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interim_services_clock: Option<ClockState>,
    /// The 48 hours ran out without interim services made available in them (`overdue` or
    /// `missed`). Stays true when they come late: a late service never keeps the clock.
    pub interim_services_overdue: bool,
    /// 14 days after the request, or 120 days when the interim-services clock was kept
    /// (for a person with no interim clock: when an interim service started within 48 hours).
    #[serde(serialize_with = "as_stored")]
    #[schema(value_type = String, format = DateTime)]
    pub admission_due_at: DateTime<Utc>,
    /// The admission clock: `met` when admitted here by `admission_due_at`, `stopped` when
    /// removed before it.
    pub admission_clock: ClockState,
    /// Not admitted by `admission_due_at` (`overdue` or `missed`).
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
    /// A clock ran out without being kept.
    pub fn overdue(&self) -> bool {
        self.interim_services_overdue || self.admission_overdue
    }
}

/// Whether the entry has the 48-hour interim-services clock: people who inject drugs
/// (96.126(b)(2)) and pregnant people, injecting or not (96.131(d)(2)).
pub fn has_interim_clock(facts: &ClockFacts) -> bool {
    facts.injects_drugs || facts.pregnant
}

/// When the interim services that count for the clock were first made available. For a
/// pregnant person, the first referral for prenatal care: 96.131(d)(2) asks for interim
/// services "including a referral for prenatal care", and the 96.121 definition makes it
/// part of a pregnant person's interim services (so 96.126(b)(2)'s "including referral for
/// prenatal care" holds for a pregnant person who injects, too). For anyone else, the first
/// interim service of any kind, a service of unspecified kind included.
pub fn interim_made_available_at(facts: &ClockFacts) -> Option<DateTime<Utc>> {
    if facts.pregnant {
        facts.prenatal_referral_at
    } else {
        facts.interim_started_at
    }
}

/// When interim services are due: 48 hours after the request.
pub fn interim_due_at(facts: &ClockFacts) -> DateTime<Utc> {
    facts.requested_at + INTERIM_SERVICES_WITHIN
}

/// Whether interim services were made available within 48 hours of the request: the one
/// way admission may wait 120 days instead of 14. A late service never counts.
pub fn interim_on_time(facts: &ClockFacts) -> bool {
    interim_made_available_at(facts).is_some_and(|t| t <= interim_due_at(facts))
}

/// When admission is due: 14 days after the request, or 120 with interim services in time.
pub fn admission_due_at(facts: &ClockFacts) -> DateTime<Utc> {
    facts.requested_at
        + if interim_on_time(facts) {
            ADMISSION_WITH_INTERIM_WITHIN
        } else {
            ADMISSION_WITHIN
        }
}

/// One clock at `now`: due at `due`, kept by `done_at`, no longer running once the person
/// left at `left_at` before it ran out.
pub fn clock_state(
    due: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
    left_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ClockState {
    if done_at.is_some_and(|t| t <= due) {
        ClockState::Met
    } else if left_at.is_some_and(|t| t <= due) {
        ClockState::Stopped
    } else if now <= due {
        ClockState::Pending
    } else if done_at.is_some() || left_at.is_some() {
        ClockState::Missed
    } else {
        ClockState::Overdue
    }
}

/// The interim-services clock at `now`, for entries that have one.
pub fn interim_clock(facts: &ClockFacts, now: DateTime<Utc>) -> Option<ClockState> {
    has_interim_clock(facts).then(|| {
        clock_state(
            interim_due_at(facts),
            interim_made_available_at(facts),
            facts.left_at(),
            now,
        )
    })
}

/// The admission clock at `now`.
pub fn admission_clock(facts: &ClockFacts, now: DateTime<Utc>) -> ClockState {
    clock_state(
        admission_due_at(facts),
        facts.admitted_at,
        facts.removed_at,
        now,
    )
}

/// The clocks of an entry at `now`.
pub fn clocks(facts: &ClockFacts, now: DateTime<Utc>) -> Clocks {
    let interim = interim_clock(facts, now);
    let admission = admission_clock(facts, now);
    Clocks {
        interim_services_due_at: interim.map(|_| interim_due_at(facts)),
        interim_services_clock: interim,
        interim_services_overdue: interim.is_some_and(ClockState::violated),
        admission_due_at: admission_due_at(facts),
        admission_clock: admission,
        admission_overdue: admission.violated(),
    }
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
    use waypoint_indexer::model::Keyword;

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

    fn hours(facts: &ClockFacts, h: i64) -> DateTime<Utc> {
        facts.requested_at + Duration::hours(h)
    }

    fn injecting() -> ClockFacts {
        ClockFacts::waiting(t("2026-11-01T10:00:00Z"), false, true)
    }

    #[test]
    fn interim_services_at_47_hours_keep_the_clock_and_admission_waits_120_days() {
        let mut facts = injecting();
        facts.interim_started_at = Some(hours(&facts, 47));
        let c = clocks(&facts, hours(&facts, 24 * 30));
        assert_eq!(c.interim_services_due_at, Some(t("2026-11-03T10:00:00Z")));
        assert_eq!(c.interim_services_clock, Some(ClockState::Met));
        assert!(!c.interim_services_overdue);
        assert_eq!(c.admission_due_at, t("2027-03-01T10:00:00Z"));
        assert_eq!(c.admission_clock, ClockState::Pending);
        assert!(!c.overdue());
        let c = clocks(&facts, t("2027-03-01T10:00:01Z"));
        assert_eq!(c.admission_clock, ClockState::Overdue);
        assert!(c.admission_overdue && c.overdue());
        // Exactly at 48 hours is still in time.
        facts.interim_started_at = Some(hours(&facts, 48));
        assert!(interim_on_time(&facts));
    }

    #[test]
    fn a_late_interim_service_never_keeps_the_clock_nor_earns_120_days() {
        for late in [49, 24 * 20] {
            let mut facts = injecting();
            facts.interim_started_at = Some(hours(&facts, late));
            let at = |h| clocks(&facts, hours(&facts, h));
            let c = at(late + 1);
            assert_eq!(
                c.interim_services_clock,
                Some(ClockState::Missed),
                "{late}h"
            );
            assert!(c.interim_services_overdue, "the violation stays");
            assert!(c.overdue());
            assert_eq!(
                c.admission_due_at,
                t("2026-11-15T10:00:00Z"),
                "14 days, not 120"
            );
            assert!(!interim_on_time(&facts));
            let c = clocks(&facts, t("2026-11-15T10:00:01Z"));
            assert_eq!(c.admission_clock, ClockState::Overdue);
            assert!(c.admission_overdue);
        }
    }

    #[test]
    fn with_no_interim_services_both_clocks_run_out() {
        let facts = injecting();
        let at = |h| clocks(&facts, hours(&facts, h));
        assert_eq!(at(1).interim_services_clock, Some(ClockState::Pending));
        assert!(
            !at(48).interim_services_overdue,
            "due at 48 hours, not before"
        );
        let c = clocks(&facts, hours(&facts, 48) + Duration::seconds(1));
        assert_eq!(c.interim_services_clock, Some(ClockState::Overdue));
        assert!(c.interim_services_overdue && !c.admission_overdue && c.overdue());
        assert_eq!(c.admission_due_at, t("2026-11-15T10:00:00Z"));
        assert_eq!(
            clocks(&facts, t("2026-11-15T10:00:00Z")).admission_clock,
            ClockState::Pending
        );
        let c = clocks(&facts, t("2026-11-15T10:00:01Z"));
        assert_eq!(c.admission_clock, ClockState::Overdue);
        assert!(c.admission_overdue);
    }

    #[test]
    fn a_pregnant_person_who_does_not_inject_has_the_48_hour_clock() {
        let facts = ClockFacts::waiting(t("2026-11-01T10:00:00Z"), true, false);
        assert!(has_interim_clock(&facts));
        let c = clocks(&facts, hours(&facts, 49));
        assert_eq!(c.interim_services_due_at, Some(t("2026-11-03T10:00:00Z")));
        assert_eq!(c.interim_services_clock, Some(ClockState::Overdue));
        assert!(c.overdue());

        let referred = ClockFacts {
            interim_started_at: Some(hours(&facts, 20)),
            prenatal_referral_at: Some(hours(&facts, 20)),
            ..facts.clone()
        };
        let c = clocks(&referred, hours(&facts, 49));
        assert_eq!(c.interim_services_clock, Some(ClockState::Met));
        assert_eq!(c.admission_due_at, t("2027-03-01T10:00:00Z"));
    }

    #[test]
    fn a_pregnant_persons_clock_needs_a_prenatal_care_referral_in_time() {
        for injects in [false, true] {
            let facts = ClockFacts::waiting(t("2026-11-01T10:00:00Z"), true, injects);
            // Counselling at 10 hours, no referral for prenatal care: not kept.
            let counselled = ClockFacts {
                interim_started_at: Some(hours(&facts, 10)),
                ..facts.clone()
            };
            assert_eq!(
                interim_clock(&counselled, hours(&facts, 47)),
                Some(ClockState::Pending)
            );
            let c = clocks(&counselled, hours(&facts, 49));
            assert_eq!(c.interim_services_clock, Some(ClockState::Overdue));
            assert_eq!(c.admission_due_at, t("2026-11-15T10:00:00Z"));
            // The referral comes on day 3: late, and still no 120 days.
            let late = ClockFacts {
                prenatal_referral_at: Some(hours(&facts, 72)),
                ..counselled
            };
            let c = clocks(&late, hours(&facts, 73));
            assert_eq!(c.interim_services_clock, Some(ClockState::Missed));
            assert!(c.interim_services_overdue);
            assert_eq!(c.admission_due_at, t("2026-11-15T10:00:00Z"));
        }
    }

    #[test]
    fn people_who_neither_inject_nor_are_pregnant_have_no_interim_clock() {
        let facts = ClockFacts::waiting(t("2026-11-01T10:00:00Z"), false, false);
        let c = clocks(&facts, t("2026-11-30T00:00:00Z"));
        assert_eq!(c.interim_services_due_at, None);
        assert_eq!(c.interim_services_clock, None);
        assert!(!c.interim_services_overdue);
        assert!(
            c.admission_overdue,
            "the 14-day admission clock runs for everyone"
        );
        // The admission clock has the same shape: 120 days only with interim services
        // within 48 hours.
        let early = ClockFacts {
            interim_started_at: Some(hours(&facts, 30)),
            ..facts.clone()
        };
        assert_eq!(admission_due_at(&early), t("2027-03-01T10:00:00Z"));
        let late = ClockFacts {
            interim_started_at: Some(hours(&facts, 50)),
            ..facts
        };
        assert_eq!(admission_due_at(&late), t("2026-11-15T10:00:00Z"));
    }

    #[test]
    fn leaving_the_waitlist_stops_or_settles_the_clocks() {
        let facts = injecting();
        // Admitted within 48 hours with no interim services: nothing was due.
        let admitted = ClockFacts {
            admitted_at: Some(hours(&facts, 30)),
            ..facts.clone()
        };
        let c = clocks(&admitted, hours(&facts, 24 * 30));
        assert_eq!(c.interim_services_clock, Some(ClockState::Stopped));
        assert_eq!(c.admission_clock, ClockState::Met);
        assert!(!c.overdue());
        // Admitted on day 20 with no interim services: both clocks were missed.
        let late = ClockFacts {
            admitted_at: Some(hours(&facts, 24 * 20)),
            ..facts.clone()
        };
        let c = clocks(&late, hours(&facts, 24 * 30));
        assert_eq!(c.interim_services_clock, Some(ClockState::Missed));
        assert_eq!(c.admission_clock, ClockState::Missed);
        assert!(c.interim_services_overdue && c.admission_overdue);
        // Removed on day 5 after interim services in time: admission no longer runs.
        let removed = ClockFacts {
            interim_started_at: Some(hours(&facts, 5)),
            removed_at: Some(hours(&facts, 24 * 5)),
            ..facts
        };
        let c = clocks(&removed, hours(&facts, 24 * 200));
        assert_eq!(c.interim_services_clock, Some(ClockState::Met));
        assert_eq!(c.admission_clock, ClockState::Stopped);
        assert!(!c.overdue());
    }

    #[test]
    fn clock_states_in_order_of_the_checks() {
        let due = t("2026-11-03T10:00:00Z");
        let before = t("2026-11-02T10:00:00Z");
        let after = t("2026-11-04T10:00:00Z");
        assert_eq!(clock_state(due, Some(due), None, after), ClockState::Met);
        assert_eq!(
            clock_state(due, None, Some(before), after),
            ClockState::Stopped
        );
        assert_eq!(clock_state(due, None, None, due), ClockState::Pending);
        assert_eq!(clock_state(due, None, None, after), ClockState::Overdue);
        assert_eq!(
            clock_state(due, Some(after), None, after),
            ClockState::Missed
        );
        assert_eq!(
            clock_state(due, None, Some(after), after),
            ClockState::Missed
        );
        assert!(ClockState::Missed.violated() && ClockState::Overdue.violated());
        assert!(!ClockState::Stopped.violated() && !ClockState::Pending.violated());
    }

    #[test]
    fn interim_kinds_use_the_api_names() {
        for &kind in InterimKind::all() {
            assert_eq!(InterimKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(
            InterimKind::parse("prenatal_care_referral"),
            Some(InterimKind::PrenatalCareReferral)
        );
        assert_eq!(InterimKind::parse("Naloxone"), None);
        assert_eq!(InterimKind::parse("hugs"), None);
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
