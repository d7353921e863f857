//! How a listing's parts read on the page and on the sheet: escaping, links that are safe
//! to follow (only `http(s)`, `tel:` and `sms:` built from digits), phones, times in each
//! language, weekly hours, distance and capacity.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Timelike};

use super::text::{Lang, Strings};
use crate::capacity::{Capacity, CapacityStatus};
use crate::search::SearchItem;

/// Text (and double-quoted attribute values) made safe for HTML: `& < > " ' /` escaped.
pub fn esc(text: &str) -> Cow<'_, str> {
    html_escape::encode_safe(text)
}

/// A web link from a listing, only when it is `http` or `https` (never `javascript:`).
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        .then_some(url)
        .filter(|u| !u.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// The characters of a phone number a dialler takes (digits, a leading `+`, `,` pauses,
/// `*` and `#`), or `None` when fewer than three digits remain.
pub fn dial(number: &str) -> Option<String> {
    let kept: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '+' | ',' | '*' | '#'))
        .collect();
    (kept.chars().filter(char::is_ascii_digit).count() >= 3).then_some(kept)
}

/// `tel:` for a number.
pub fn tel(number: &str) -> Option<String> {
    dial(number).map(|d| format!("tel:{d}"))
}

/// `sms:` for a number: digits (and a leading `+`) only.
pub fn sms(number: &str) -> Option<String> {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    (digits.len() >= 3).then(|| format!("sms:{digits}"))
}

/// Whether a phone takes text messages, from its HSDS type.
pub fn texts(phone_type: Option<&str>) -> bool {
    matches!(
        phone_type.map(str::to_ascii_lowercase).as_deref(),
        Some("text" | "sms" | "cell" | "mobile")
    )
}

/// A local `HH:MM` as the language writes it: `7:00 PM` or `19:00`.
pub fn clock(lang: Lang, hhmm: &str) -> String {
    let mut parts = hhmm.split(':');
    let (Some(Ok(h)), Some(Ok(m))) = (
        parts.next().map(str::parse::<u32>),
        parts.next().map(str::parse::<u32>),
    ) else {
        return hhmm.to_string();
    };
    match lang {
        Lang::Es => format!("{h}:{m:02}"),
        Lang::En => {
            let suffix = if h % 24 < 12 { "AM" } else { "PM" };
            let h12 = match h % 12 {
                0 => 12,
                x => x,
            };
            format!("{h12}:{m:02} {suffix}")
        }
    }
}

/// `MO,WE` as day names: `Mon, Wed`.
pub fn days(t: &Strings, byday: &str) -> String {
    const CODES: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    byday
        .split(',')
        .filter_map(|code| {
            let code = code.trim().to_ascii_uppercase();
            // An RRULE day may carry an ordinal (`1MO`): the last two letters name it.
            let day = code.get(code.len().saturating_sub(2)..)?;
            CODES.iter().position(|c| *c == day).map(|i| t.days[i])
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One weekly time (days, opening, closing, description): `Mon, Wed 7:00 PM–8:00 PM`.
pub fn schedule_line(lang: Lang, s: [Option<&str>; 4]) -> Option<String> {
    let t = lang.t();
    let [byday, opens_at, closes_at, description] = s;
    let day = byday.map(|d| days(t, d)).unwrap_or_default();
    let time = match (opens_at, closes_at) {
        (Some(o), Some(c)) => format!("{}–{}", clock(lang, o), clock(lang, c)),
        (Some(o), None) => clock(lang, o),
        _ => String::new(),
    };
    let line = [day, time]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let line = match (line.is_empty(), description) {
        (true, Some(d)) => d.trim().to_string(),
        _ => line,
    };
    (!line.is_empty()).then_some(line)
}

/// A result's weekly times, without repeats, at most `max` of them.
pub fn schedule_lines(lang: Lang, item: &SearchItem, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let times = item.schedule.iter().map(|s| {
        [
            s.byday.as_deref(),
            s.opens_at.as_deref(),
            s.closes_at.as_deref(),
            s.description.as_deref(),
        ]
    });
    for line in times.filter_map(|s| schedule_line(lang, s)) {
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines.truncate(max);
    lines
}

/// When it next opens (an RFC 3339 instant in the listing's zone): `Mon 7:00 PM`.
pub fn next_opening(lang: Lang, at: &str) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(at).ok()?;
    let day = lang.t().days[at.weekday().num_days_from_sunday() as usize];
    let time = clock(lang, &format!("{:02}:{:02}", at.hour(), at.minute()));
    Some(format!("{day} {time}"))
}

/// Open now, closed (with when it next opens), always open, or not known.
pub fn open_state(lang: Lang, item: &SearchItem) -> (&'static str, String) {
    let t = lang.t();
    match (item.open_now, item.next_opening.as_deref()) {
        (Some(true), None) => ("open", t.always_open.to_string()),
        (Some(true), Some(_)) => ("open", t.open.to_string()),
        (Some(false), next) => {
            let next = next.and_then(|n| next_opening(lang, n));
            let text = match next {
                Some(n) => format!("{} · {} {n}", t.closed, t.next),
                None => t.closed.to_string(),
            };
            ("closed", text)
        }
        (None, _) => ("unknown", t.hours_unknown.to_string()),
    }
}

/// Distance in miles (US listings): `1.4 mi`.
pub fn miles(km: f64) -> String {
    let mi = km * 0.621_371;
    if mi < 10.0 {
        format!("{mi:.1} mi")
    } else {
        format!("{mi:.0} mi")
    }
}

/// The street address on one line: `12 Main St, Suite 2, Baltimore, MD 21202`.
pub fn address_line(item: &SearchItem) -> Option<String> {
    let a = &item.location.address;
    let street = [a.address_1.as_deref(), a.address_2.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if street.is_empty() {
        return None;
    }
    let state_zip = [a.state_province.as_deref(), a.postal_code.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<&str> = [
        Some(street.as_str()),
        a.city.as_deref(),
        Some(state_zip.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect();
    Some(parts.join(", "))
}

/// Directions to a place on OpenStreetMap (a link only: nothing is loaded from there).
pub fn directions(item: &SearchItem) -> Option<String> {
    let (lat, lon) = (item.location.latitude?, item.location.longitude?);
    address_line(item)?;
    Some(format!(
        "https://www.openstreetmap.org/directions?route=%3B{lat:.5}%2C{lon:.5}"
    ))
}

/// What the program says about room now.
pub fn capacity(lang: Lang, c: &Capacity) -> String {
    let t = lang.t();
    if c.stale {
        return t.capacity_stale.to_string();
    }
    match c.status {
        CapacityStatus::NoCapacity => t.capacity_full.to_string(),
        CapacityStatus::Waitlist => t.capacity_waitlist.to_string(),
        CapacityStatus::AdditionalAssessmentRequired => t.capacity_assessment.to_string(),
        CapacityStatus::Capacity => c
            .capacities
            .iter()
            .map(|u| match u.maximum {
                Some(max) => format!("{}: {} {} / {max}", u.unit, u.available, t.capacity_open),
                None => format!("{}: {} {}", u.unit, u.available, t.capacity_open),
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Ways to pay as people say them.
pub fn payment(code: &str) -> String {
    match code {
        "medicaid" => "Medicaid".into(),
        "medicare" => "Medicare".into(),
        "private_insurance" => "private insurance".into(),
        "military" => "TRICARE".into(),
        "veterans_affairs" => "VA".into(),
        "state_insurance" => "state insurance".into(),
        "uninsured" => "uninsured".into(),
        "sliding_fee" => "sliding fee".into(),
        "payment_assistance" => "payment assistance".into(),
        "self_pay" => "self-pay".into(),
        other => other.replace('_', " "),
    }
}

/// Text cut to `max` characters at a word, with `…` when cut.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let head: String = text.chars().take(max).collect();
    let head = head.rsplit_once(' ').map(|(h, _)| h).unwrap_or(&head);
    Cow::Owned(format!("{}…", head.trim_end_matches([',', '.', ';'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_text_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(esc("Clínica"), "Clínica");
    }

    #[test]
    fn only_web_links_are_followed() {
        assert_eq!(web_url(" https://x.org/a "), Some("https://x.org/a"));
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(web_url("https://x.org/a b"), None);
    }

    #[test]
    fn phones_dial_only_what_a_dialler_takes() {
        assert_eq!(tel("(410) 555-0100").as_deref(), Some("tel:4105550100"));
        assert_eq!(
            tel("+16465588656,,85012345678#").as_deref(),
            Some("tel:+16465588656,,85012345678#")
        );
        assert_eq!(tel("N/A"), None);
        assert_eq!(sms("988").as_deref(), Some("sms:988"));
        assert!(texts(Some("text")) && !texts(Some("voice")) && !texts(None));
    }

    #[test]
    fn times_read_as_each_language_writes_them() {
        assert_eq!(clock(Lang::En, "19:00"), "7:00 PM");
        assert_eq!(clock(Lang::En, "00:30"), "12:30 AM");
        assert_eq!(clock(Lang::En, "12:00"), "12:00 PM");
        assert_eq!(clock(Lang::Es, "07:05"), "7:05");
        assert_eq!(clock(Lang::En, "noon"), "noon");
        assert_eq!(days(Lang::En.t(), "MO,WE,1FR"), "Mon, Wed, Fri");
        assert_eq!(days(Lang::Es.t(), "SA"), "sáb");
        assert_eq!(
            next_opening(Lang::En, "2026-11-30T19:00:00-05:00").as_deref(),
            Some("Mon 7:00 PM")
        );
        assert_eq!(next_opening(Lang::En, "soon"), None);
    }

    #[test]
    fn distances_are_in_miles() {
        assert_eq!(miles(1.0), "0.6 mi");
        assert_eq!(miles(40.0), "25 mi");
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("one two three four", 10), "one two…");
    }
}
