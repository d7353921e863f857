//! Timestamps as stored: RFC 3339 UTC text with a fixed width, so text order is time order
//! on both backends.

use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-23T12:00:00.000000Z`: microseconds, always `Z`.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Now, as stored.
pub fn now() -> String {
    format(Utc::now())
}

/// Parses a stored or client-given RFC 3339 timestamp (any offset) into UTC.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Which end of a day a plain date stands for in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEnd {
    /// `from=2026-11-01`: from the day's first instant.
    Start,
    /// `to=2026-11-30`: through the day's last instant (the whole day included).
    End,
}

/// A period bound given as an RFC 3339 time or a plain date (`2026-11-01`, UTC).
pub fn parse_bound(text: &str, end: DayEnd) -> Option<DateTime<Utc>> {
    if let Some(t) = parse(text) {
        return Some(t);
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let start = day.and_hms_opt(0, 0, 0)?.and_utc();
    Some(match end {
        DayEnd::Start => start,
        DayEnd::End => start + chrono::Duration::days(1) - chrono::Duration::microseconds(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_timestamps_sort_as_text_in_time_order() {
        let a = parse("2026-11-23T09:00:00+00:00").unwrap();
        let b = parse("2026-11-23T10:00:00.5Z").unwrap();
        assert!(format(a) < format(b));
        assert_eq!(format(a), "2026-11-23T09:00:00.000000Z");
        assert_eq!(parse(&format(b)), Some(b));
        assert!(parse("yesterday").is_none());
    }

    #[test]
    fn period_bounds_take_dates_and_times() {
        assert_eq!(
            parse_bound("2026-11-01", DayEnd::Start).map(format),
            Some("2026-11-01T00:00:00.000000Z".into())
        );
        assert_eq!(
            parse_bound("2026-11-30", DayEnd::End).map(format),
            Some("2026-11-30T23:59:59.999999Z".into())
        );
        assert_eq!(
            parse_bound("2026-11-30T12:00:00-05:00", DayEnd::End).map(format),
            Some("2026-11-30T17:00:00.000000Z".into())
        );
        assert!(parse_bound("2026-13-01", DayEnd::Start).is_none());
    }
}
