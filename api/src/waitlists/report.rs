//! Waitlist figures for a period, as plain functions over entries' dates: admissions,
//! median days to admission, interim services started on time, removals by reason, and
//! the median wait a coordinator sees per program.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::rules::{self, ClockFacts};

/// What the figures need to know of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryDates {
    pub requested_at: DateTime<Utc>,
    pub injects_drugs: bool,
    pub interim_started_at: Option<DateTime<Utc>>,
    pub admitted_at: Option<DateTime<Utc>>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removal_reason: Option<String>,
}

/// `GET /v1/reports/waitlist`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WaitlistReport {
    pub from: String,
    pub to: String,
    /// People admitted in the period.
    pub admissions: usize,
    /// Median days from request to admission of those admitted in the period.
    pub median_days_to_admission: Option<f64>,
    /// People who inject drugs whose 48-hour interim clock ended in the period.
    pub interim_services_due: usize,
    /// Of those, the share whose interim services started in time (0 to 1).
    pub interim_services_on_time_share: Option<f64>,
    /// People removed in the period, by reason.
    pub removals_by_reason: BTreeMap<String, usize>,
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
                let admitted = e.admitted_at.filter(|t| within(*t, from, to))?;
                Some(days(e.requested_at, admitted))
            })
            .collect(),
    )
    .map(one_decimal)
}

/// The figures for `[from, to)`.
pub fn waitlist_report(
    entries: &[EntryDates],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> WaitlistReport {
    let admissions = entries
        .iter()
        .filter(|e| e.admitted_at.is_some_and(|t| within(t, from, to)))
        .count();
    let due: Vec<bool> = entries
        .iter()
        .filter(|e| {
            e.injects_drugs && within(e.requested_at + rules::INTERIM_SERVICES_WITHIN, from, to)
        })
        .filter_map(|e| {
            rules::interim_on_time(&ClockFacts {
                requested_at: e.requested_at,
                injects_drugs: e.injects_drugs,
                interim_started_at: e.interim_started_at,
            })
        })
        .collect();
    let on_time = due.iter().filter(|ok| **ok).count();
    let mut removals_by_reason = BTreeMap::new();
    for e in entries {
        if e.removed_at.is_some_and(|t| within(t, from, to)) {
            let reason = e.removal_reason.clone().unwrap_or_else(|| "other".into());
            *removals_by_reason.entry(reason).or_insert(0) += 1;
        }
    }
    WaitlistReport {
        from: crate::clock::format(from),
        to: crate::clock::format(to),
        admissions,
        median_days_to_admission: median_wait_days(entries, from, to),
        interim_services_due: due.len(),
        interim_services_on_time_share: (!due.is_empty())
            .then(|| (on_time as f64 / due.len() as f64 * 1000.0).round() / 1000.0),
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
            requested_at: t(requested),
            injects_drugs: false,
            interim_started_at: None,
            admitted_at: None,
            removed_at: None,
            removal_reason: None,
        }
    }

    #[test]
    fn medians_of_odd_even_and_no_values() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn the_report_counts_what_happened_in_the_period() {
        let (from, to) = (t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"));
        let admitted = |requested: &str, admitted: &str| EntryDates {
            admitted_at: Some(t(admitted)),
            ..entry(requested)
        };
        let removed = |at: &str, reason: &str| EntryDates {
            removed_at: Some(t(at)),
            removal_reason: Some(reason.into()),
            ..entry("2026-10-20T00:00:00Z")
        };
        let injecting = |requested: &str, interim: Option<&str>| EntryDates {
            injects_drugs: true,
            interim_started_at: interim.map(t),
            ..entry(requested)
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
            injecting("2026-11-02T00:00:00Z", Some("2026-11-03T00:00:00Z")),
            injecting("2026-11-02T00:00:00Z", Some("2026-11-05T00:00:00Z")),
            injecting("2026-11-08T00:00:00Z", None),
            injecting("2026-11-08T00:00:00Z", Some("2026-11-09T00:00:00Z")),
            // Its clock ends in December.
            injecting("2026-11-30T00:00:00Z", None),
        ];
        let r = waitlist_report(&entries, from, to);
        assert_eq!(r.admissions, 3);
        assert_eq!(r.median_days_to_admission, Some(10.0));
        assert_eq!(r.interim_services_due, 4);
        assert_eq!(r.interim_services_on_time_share, Some(0.5));
        assert_eq!(r.removals_by_reason.get("declined"), Some(&2));
        assert_eq!(r.removals_by_reason.get("could-not-contact"), Some(&1));
        assert_eq!(r.removals_by_reason.get("ineligible"), None);

        let empty = waitlist_report(&[], from, to);
        assert_eq!(empty.median_days_to_admission, None);
        assert_eq!(empty.interim_services_on_time_share, None);
    }
}
