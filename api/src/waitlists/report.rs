//! Waitlist figures for a period, as plain functions over entries' clock facts: admissions,
//! median days to admission, interim services kept on time, the clocks of 45 CFR 96.126 and
//! 96.131 that ran out unkept, interim services by kind, removals by reason, and the median
//! wait a coordinator sees per program; and the report's query, read.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use waypoint_indexer::model::Keyword;
use waypoint_indexer::params;

use super::rules::{self, ClockFacts, ClockState, InterimKind};
use crate::clock;
use crate::error::ApiError;

/// What the figures need to know of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryDates {
    pub id: String,
    pub facts: ClockFacts,
    pub removal_reason: Option<String>,
}

/// The period when no `from` is given: this long before `to`.
pub const DEFAULT_PERIOD: Duration = Duration::days(30);

/// The key counting interim services recorded without kinds.
pub const UNSPECIFIED_KIND: &str = "unspecified";

/// `GET /v1/reports/waitlist`'s query, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportQuery {
    pub from: DateTime<Utc>,
    /// Exclusive.
    pub to: DateTime<Utc>,
    pub service_id: Option<String>,
}

/// Which end of the period a time is for: a plain date starts the period at the start of
/// that day, and ends it at the end of that day (the start of the next one), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    From,
    To,
}

/// A period bound: `YYYY-MM-DD` (a whole day, UTC) or an RFC 3339 date-time.
fn bound(name: &str, value: &str, end: End) -> Result<DateTime<Utc>, ApiError> {
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let day = match end {
            End::From => Some(day),
            End::To => day.succ_opt(),
        };
        if let Some(start) = day.and_then(|d| d.and_hms_opt(0, 0, 0)) {
            return Ok(start.and_utc());
        }
    }
    clock::parse(value).ok_or_else(|| {
        ApiError::invalid(
            name,
            format!("{value:?} is neither a date (YYYY-MM-DD, UTC) nor an RFC 3339 date-time"),
        )
    })
}

/// The parameters the report takes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Start of the period: a date (`2026-11-01`, from the start of that day, UTC) or an
    /// RFC 3339 date-time; default 30 days before `to`.
    #[serde(default, deserialize_with = "params::text")]
    #[param(example = "2026-11-01")]
    from: Option<String>,
    /// End of the period: a date (`2026-11-30`, to the end of that day, UTC) or an RFC 3339
    /// date-time (exclusive); default now.
    #[serde(default, deserialize_with = "params::text")]
    #[param(example = "2026-11-30")]
    to: Option<String>,
    /// Only this program.
    #[serde(default, deserialize_with = "params::text")]
    service_id: Option<String>,
}

impl ReportQuery {
    /// The period and program asked for: `to` defaults to `now`, `from` to 30 days before
    /// `to`.
    pub fn from_params(params: ReportParams, now: DateTime<Utc>) -> Result<ReportQuery, ApiError> {
        let ReportParams {
            from,
            to,
            service_id,
        } = params;
        let to = match to {
            Some(v) => bound("to", &v, End::To)?,
            None => now,
        };
        let from = match from {
            Some(v) => bound("from", &v, End::From)?,
            None => to - DEFAULT_PERIOD,
        };
        if from >= to {
            return Err(ApiError::invalid("from", "must be before `to`"));
        }
        Ok(ReportQuery {
            from,
            to,
            service_id,
        })
    }
}

/// `GET /v1/reports/waitlist`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WaitlistReport {
    pub from: String,
    /// The end of the period, exclusive: a plain-date `to` ends at the start of the next day
    /// (UTC).
    pub to: String,
    /// People admitted in the period.
    pub admissions: usize,
    /// Median days from request to admission of those admitted in the period.
    pub median_days_to_admission: Option<f64>,
    /// People whose 48-hour interim-services clock (people who inject drugs, pregnant
    /// people) ran out in the period, except those admitted or removed within the 48 hours.
    pub interim_services_due: usize,
    /// Of those, the share whose clock was kept (0 to 1).
    pub interim_services_on_time_share: Option<f64>,
    /// Clocks that ran out unkept in the period (late services never keep them).
    pub clock_violations: ClockViolations,
    /// Interim services that started in the period, by kind (every kind, with 0 for none);
    /// `unspecified` counts those recorded without kinds. A service of several kinds counts
    /// once under each.
    pub interim_services_by_kind: BTreeMap<String, usize>,
    /// People removed in the period, by reason.
    pub removals_by_reason: BTreeMap<String, usize>,
}

/// Clocks that ran out unkept in a period, by rule. A clock counts in the period in which
/// it ran out; a pregnant person who injects drugs counts under both interim rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ClockViolations {
    /// 45 CFR 96.126(b)(2): people who inject drugs who had no interim services made
    /// available within 48 hours of the request.
    pub interim_services_injecting: usize,
    /// 45 CFR 96.131(d)(2): pregnant people who had no interim services including a
    /// referral for prenatal care within 48 hours of the request.
    pub interim_services_pregnant: usize,
    /// 45 CFR 96.126(b)(1): people who inject drugs, without interim services in time, not
    /// admitted within 14 days.
    pub admission_14_days: usize,
    /// 45 CFR 96.126(b)(2): people who inject drugs, with interim services in time, not
    /// admitted within 120 days.
    pub admission_120_days: usize,
}

fn within(t: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    t >= from && t < to
}

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 86_400.0
}

/// The median, or `None` for no values.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(match values.len() % 2 {
        1 => values[mid],
        _ => (values[mid - 1] + values[mid]) / 2.0,
    })
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Median days from request to admission of the people admitted in `[from, to)`.
pub fn median_wait_days(
    entries: &[EntryDates],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<f64> {
    median(
        entries
            .iter()
            .filter_map(|e| {
                let admitted = e.facts.admitted_at.filter(|t| within(*t, from, to))?;
                Some(days(e.facts.requested_at, admitted))
            })
            .collect(),
    )
    .map(one_decimal)
}

/// Counts interim services by kind: every kind (0 for none) and `unspecified`.
pub fn interim_services_by_kind(services: &[Vec<InterimKind>]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = InterimKind::all()
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .chain([(UNSPECIFIED_KIND.to_string(), 0)])
        .collect();
    for kinds in services {
        if kinds.is_empty() {
            *counts.entry(UNSPECIFIED_KIND.into()).or_default() += 1;
        }
        for kind in kinds {
            *counts.entry(kind.as_str().into()).or_default() += 1;
        }
    }
    counts
}

/// The figures for `[from, to)` as they stand at `now`: a clock counts once it has run out
/// (its due time is in the period and before `now`). `interim_services` holds the kinds of
/// each interim service that started in the period.
pub fn waitlist_report(
    entries: &[EntryDates],
    interim_services: &[Vec<InterimKind>],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> WaitlistReport {
    let ran_out = |due: DateTime<Utc>| within(due, from, to) && due < now;
    let admissions = entries
        .iter()
        .filter(|e| e.facts.admitted_at.is_some_and(|t| within(t, from, to)))
        .count();
    let mut violations = ClockViolations::default();
    let (mut interim_due, mut interim_kept) = (0, 0);
    for e in entries {
        let facts = &e.facts;
        if let Some(state) = rules::interim_clock(facts, now)
            && ran_out(rules::interim_due_at(facts))
            && state != ClockState::Stopped
        {
            interim_due += 1;
            if state == ClockState::Met {
                interim_kept += 1;
            }
            if state.violated() {
                violations.interim_services_injecting += usize::from(facts.injects_drugs);
                violations.interim_services_pregnant += usize::from(facts.pregnant);
            }
        }
        if facts.injects_drugs
            && ran_out(rules::admission_due_at(facts))
            && rules::admission_clock(facts, now).violated()
        {
            match rules::interim_on_time(facts) {
                true => violations.admission_120_days += 1,
                false => violations.admission_14_days += 1,
            }
        }
    }
    let mut removals_by_reason = BTreeMap::new();
    for e in entries {
        if e.facts.removed_at.is_some_and(|t| within(t, from, to)) {
            let reason = e.removal_reason.clone().unwrap_or_else(|| "other".into());
            *removals_by_reason.entry(reason).or_insert(0) += 1;
        }
    }
    WaitlistReport {
        from: clock::format(from),
        to: clock::format(to),
        admissions,
        median_days_to_admission: median_wait_days(entries, from, to),
        interim_services_due: interim_due,
        interim_services_on_time_share: (interim_due > 0)
            .then(|| (interim_kept as f64 / interim_due as f64 * 1000.0).round() / 1000.0),
        clock_violations: violations,
        interim_services_by_kind: interim_services_by_kind(interim_services),
        removals_by_reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn entry(requested: &str) -> EntryDates {
        EntryDates {
            id: requested.into(),
            facts: ClockFacts::waiting(t(requested), false, false),
            removal_reason: None,
        }
    }

    use crate::error::parameter_of as parameter;

    fn query(p: &[(&str, &str)]) -> Result<ReportQuery, ApiError> {
        let params = waypoint_indexer::params::from_pairs(p)?;
        ReportQuery::from_params(params, t("2026-12-10T12:00:00Z"))
    }

    #[test]
    fn medians_of_odd_even_and_no_values() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn plain_dates_cover_whole_days_and_times_are_exact() {
        let q = query(&[("from", "2026-11-01"), ("to", "2026-11-30")]).unwrap();
        assert_eq!(q.from, t("2026-11-01T00:00:00Z"));
        assert_eq!(
            q.to,
            t("2026-12-01T00:00:00Z"),
            "the whole of November 30th"
        );
        let q = query(&[("from", "2026-11-30"), ("to", "2026-11-30")]).unwrap();
        assert_eq!(q.to - q.from, Duration::days(1), "one day");
        let q = query(&[
            ("from", "2026-11-01T06:00:00-05:00"),
            ("to", "2026-11-30T00:00:00Z"),
            ("service_id", "svc"),
        ])
        .unwrap();
        assert_eq!(q.from, t("2026-11-01T11:00:00Z"));
        assert_eq!(q.to, t("2026-11-30T00:00:00Z"));
        assert_eq!(q.service_id.as_deref(), Some("svc"));
        let q = query(&[]).unwrap();
        assert_eq!(q.to, t("2026-12-10T12:00:00Z"));
        assert_eq!(q.from, t("2026-11-10T12:00:00Z"));

        for (bad, name) in [
            (vec![("from", "last week")], "from"),
            (vec![("to", "2026-11-31")], "to"),
            (vec![("to", "30/11/2026")], "to"),
            (vec![("from", "2026-12-01"), ("to", "2026-11-30")], "from"),
            (vec![("from", "2026-11-01"), ("from", "2026-11-02")], "from"),
            (vec![("period", "november")], "period"),
        ] {
            assert_eq!(parameter(query(&bad).unwrap_err()), name, "{bad:?}");
        }
    }

    #[test]
    fn the_report_counts_what_happened_in_the_period() {
        let (from, to) = (t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"));
        let now = t("2026-12-10T00:00:00Z");
        let admitted = |requested: &str, admitted: &str| {
            let mut e = entry(requested);
            e.facts.admitted_at = Some(t(admitted));
            e
        };
        let removed = |at: &str, reason: &str| {
            let mut e = entry("2026-10-20T00:00:00Z");
            e.facts.removed_at = Some(t(at));
            e.removal_reason = Some(reason.into());
            e
        };
        let injecting = |requested: &str, interim: Option<&str>| {
            let mut e = entry(requested);
            e.facts.injects_drugs = true;
            e.facts.interim_started_at = interim.map(t);
            e
        };
        let entries = vec![
            admitted("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z"),
            admitted("2026-10-25T00:00:00Z", "2026-11-04T12:00:00Z"),
            admitted("2026-11-10T00:00:00Z", "2026-11-20T00:00:00Z"),
            // Admitted after the period: not counted.
            admitted("2026-11-20T00:00:00Z", "2026-12-02T00:00:00Z"),
            removed("2026-11-05T00:00:00Z", "declined"),
            removed("2026-11-06T00:00:00Z", "declined"),
            removed("2026-11-07T00:00:00Z", "could-not-contact"),
            removed("2026-10-07T00:00:00Z", "ineligible"),
            // Kept; admission due in March.
            injecting("2026-11-02T00:00:00Z", Some("2026-11-03T00:00:00Z")),
            // Late: interim missed, admission due on the 16th and missed.
            injecting("2026-11-02T00:00:00Z", Some("2026-11-05T00:00:00Z")),
            // Never: interim overdue, admission due on the 22nd and missed.
            injecting("2026-11-08T00:00:00Z", None),
            injecting("2026-11-08T00:00:00Z", Some("2026-11-09T00:00:00Z")),
            // Its clock ends in December.
            injecting("2026-11-30T00:00:00Z", None),
        ];
        let r = waitlist_report(&entries, &[], from, to, now);
        assert_eq!(r.admissions, 3);
        assert_eq!(r.median_days_to_admission, Some(10.0));
        assert_eq!(r.interim_services_due, 4);
        assert_eq!(r.interim_services_on_time_share, Some(0.5));
        assert_eq!(
            r.clock_violations,
            ClockViolations {
                interim_services_injecting: 2,
                interim_services_pregnant: 0,
                admission_14_days: 2,
                admission_120_days: 0,
            }
        );
        assert_eq!(r.removals_by_reason.get("declined"), Some(&2));
        assert_eq!(r.removals_by_reason.get("could-not-contact"), Some(&1));
        assert_eq!(r.removals_by_reason.get("ineligible"), None);

        let empty = waitlist_report(&[], &[], from, to, now);
        assert_eq!(empty.median_days_to_admission, None);
        assert_eq!(empty.interim_services_on_time_share, None);
        assert_eq!(empty.clock_violations, ClockViolations::default());
    }

    #[test]
    fn violations_follow_each_rule_and_count_once_run_out() {
        let (from, to) = (t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"));
        let person = |requested: &str, pregnant: bool, injects: bool| {
            let mut e = entry(requested);
            e.facts.pregnant = pregnant;
            e.facts.injects_drugs = injects;
            e
        };
        // Pregnant, not injecting: counselled in time but no prenatal referral.
        let mut counselled = person("2026-11-02T00:00:00Z", true, false);
        counselled.facts.interim_started_at = Some(t("2026-11-02T10:00:00Z"));
        // Pregnant and injecting, nothing: both interim rules, and admission at 14 days.
        let both = person("2026-11-03T00:00:00Z", true, true);
        // Pregnant with a prenatal referral in time: kept.
        let mut referred = person("2026-11-04T00:00:00Z", true, false);
        referred.facts.interim_started_at = Some(t("2026-11-04T10:00:00Z"));
        referred.facts.prenatal_referral_at = Some(t("2026-11-04T10:00:00Z"));
        // Injecting, kept, and 120 days ran out in the period (asked in July).
        let mut long = person("2026-07-20T00:00:00Z", false, true);
        long.facts.interim_started_at = Some(t("2026-07-21T00:00:00Z"));
        // Injecting, admitted on day 3 without interim services: nothing violated.
        let mut admitted = person("2026-11-05T00:00:00Z", false, true);
        admitted.facts.admitted_at = Some(t("2026-11-06T00:00:00Z"));
        // Everyone class, waiting 20 days: not a 96.126 admission violation.
        let other = person("2026-11-02T00:00:00Z", false, false);
        let entries = [counselled, both, referred, long, admitted, other];

        let r = waitlist_report(&entries, &[], from, to, t("2026-12-10T00:00:00Z"));
        assert_eq!(
            r.clock_violations,
            ClockViolations {
                interim_services_injecting: 1,
                interim_services_pregnant: 2,
                admission_14_days: 1,
                admission_120_days: 1,
            }
        );
        assert_eq!(
            r.interim_services_due, 3,
            "admitted within 48 hours: stopped"
        );
        assert_eq!(r.interim_services_on_time_share, Some(0.333));

        // Seen on November 4th at noon: only the clocks run out by then count.
        let r = waitlist_report(&entries, &[], from, to, t("2026-11-04T12:00:00Z"));
        assert_eq!(r.clock_violations.interim_services_pregnant, 1);
        assert_eq!(r.clock_violations.interim_services_injecting, 0);
        assert_eq!(r.clock_violations.admission_14_days, 0);
        assert_eq!(r.interim_services_due, 1);
    }

    #[test]
    fn interim_services_are_counted_by_kind() {
        let counts = interim_services_by_kind(&[
            vec![
                InterimKind::HivTbCounseling,
                InterimKind::NeedleSharingRisks,
            ],
            vec![InterimKind::HivTbCounseling],
            vec![],
        ]);
        assert_eq!(counts["hiv_tb_counseling"], 2);
        assert_eq!(counts["needle_sharing_risks"], 1);
        assert_eq!(counts["prenatal_care_referral"], 0);
        assert_eq!(counts[UNSPECIFIED_KIND], 1);
        assert_eq!(counts.len(), InterimKind::all().len() + 1);
    }
}
