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
}
