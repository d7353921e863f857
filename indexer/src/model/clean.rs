//! Cleaning of messy feed values: HTML in text, state names, postal codes, time zones.

use std::collections::HashMap;
use std::sync::OnceLock;

const US_STATES: &str = include_str!("../../../seed-data/us-states.csv");

/// Plain text from a feed's text: HTML tags dropped, entities decoded, runs of spaces
/// collapsed, paragraphs kept. Empty text is `None`.
pub fn text(raw: &str) -> Option<String> {
    let decoded = if raw.contains('<') || raw.contains('&') {
        std::borrow::Cow::Owned(html_escape::decode_html_entities(&strip_tags(raw)).into_owned())
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    // Words are copied straight into the result: most feed text is already clean, and
    // this runs for every text field of every record.
    let mut out = String::with_capacity(decoded.len());
    for line in decoded.split('\n') {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Cleans an optional text field.
pub fn opt_text(raw: Option<&str>) -> Option<String> {
    raw.and_then(text)
}

/// Removes tags; block-level tags and `<br>` become line breaks; script and style bodies
/// are dropped.
fn strip_tags(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            // A lone '<' is text, not a tag ("age < 18").
            out.push_str(after);
            return out;
        };
        let tag = after[1..end].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && !tag.starts_with('!') {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        rest = &after[end + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(i) => rest = &rest[i..],
                None => return out,
            }
            continue;
        }
        match name {
            "br" | "p" | "div" | "li" | "ul" | "ol" | "tr" | "h1" | "h2" | "h3" | "h4" => {
                out.push('\n')
            }
            _ => out.push(' '),
        }
    }
    out.push_str(rest);
    out
}

struct StateInfo {
    code: &'static str,
    time_zone: &'static str,
}

fn states() -> &'static HashMap<String, StateInfo> {
    static STATES: OnceLock<HashMap<String, StateInfo>> = OnceLock::new();
    STATES.get_or_init(|| {
        let mut map = HashMap::new();
        for line in US_STATES.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut cols = line.split(',');
            let (Some(code), Some(name), Some(time_zone)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            for key in [code.to_ascii_lowercase(), name.to_ascii_lowercase()] {
                map.insert(key, StateInfo { code, time_zone });
            }
        }
        map
    })
}

/// The two-letter postal code for a state given by code or name ("Maryland", "md.").
pub fn state_code(raw: &str) -> Option<&'static str> {
    let key = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    states().get(&key).map(|s| s.code)
}

/// The IANA time zone used for a state's listings when a feed gives none.
pub fn state_time_zone(code: &str) -> Option<&'static str> {
    states()
        .get(&code.trim().to_ascii_lowercase())
        .map(|s| s.time_zone)
}

/// A US ZIP code in `12345` or `12345-6789` form; numbers that lost their leading zeros
/// are padded back ("2115" → "02115").
pub fn postal_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.len() {
        3 | 4 if raw.chars().all(|c| c.is_ascii_digit()) => Some(format!("{digits:0>5}")),
        5 => Some(digits),
        9 => Some(format!("{}-{}", &digits[..5], &digits[5..])),
        _ if raw.is_empty() => None,
        // Not a US ZIP; keep what the feed said rather than lose it.
        _ => Some(raw.to_string()),
    }
}

/// A clock time as `HH:MM` from `7:30`, `07:30:00`, `19:30`, `7:30 PM`.
pub fn clock_time(raw: &str) -> Option<String> {
    let raw = raw.trim().to_ascii_lowercase();
    let (body, pm, am) = if let Some(b) = raw.strip_suffix("pm") {
        (b.trim(), true, false)
    } else if let Some(b) = raw.strip_suffix("am") {
        (b.trim(), false, true)
    } else {
        (raw.as_str(), false, false)
    };
    let mut parts = body.split(':');
    let hour: u32 = parts.next()?.trim().parse().ok()?;
    let minute: u32 = match parts.next() {
        Some(m) => m.trim().parse().ok()?,
        None => 0,
    };
    let hour = match (hour, pm, am) {
        (12, false, true) => 0,
        (h, true, false) if h < 12 => h + 12,
        (h, _, _) => h,
    };
    // 24:00 is a valid closing time in several feeds: midnight at the end of the day.
    if (hour > 23 && !(hour == 24 && minute == 0)) || minute > 59 {
        return None;
    }
    Some(format!("{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            text("<p>Free groceries <b>every Tuesday</b>&amp; Thursday</p>").as_deref(),
            Some("Free groceries every Tuesday & Thursday")
        );
        assert_eq!(
            text("Line one<br/>Line   two").as_deref(),
            Some("Line one\nLine two")
        );
        assert_eq!(
            text("ages < 18 & > 12").as_deref(),
            Some("ages < 18 & > 12")
        );
        assert_eq!(text("<script>alert(1)</script>Hi").as_deref(), Some("Hi"));
        assert_eq!(text("  \n <p> </p> "), None);
    }

    #[test]
    fn plain_text_keeps_its_paragraphs_and_loses_stray_spaces() {
        assert_eq!(
            text("  Walk-in\tclinic \r\n\n\n  Call   first  ").as_deref(),
            Some("Walk-in clinic\nCall first")
        );
        assert_eq!(text("Already clean.").as_deref(), Some("Already clean."));
        assert_eq!(
            text("Café  Niño\u{a0}Center").as_deref(),
            Some("Café Niño Center")
        );
        assert_eq!(text(" \t\n "), None);
    }

    #[test]
    fn states_by_name_or_code() {
        assert_eq!(state_code("Maryland"), Some("MD"));
        assert_eq!(state_code(" pa "), Some("PA"));
        assert_eq!(state_code("D.C."), None);
        assert_eq!(state_code("District of Columbia"), Some("DC"));
        assert_eq!(state_time_zone("CA"), Some("America/Los_Angeles"));
    }

    #[test]
    fn postal_codes_are_repaired() {
        assert_eq!(postal_code("2115").as_deref(), Some("02115"));
        assert_eq!(postal_code("21215-1234").as_deref(), Some("21215-1234"));
        assert_eq!(postal_code("212151234").as_deref(), Some("21215-1234"));
        assert_eq!(postal_code(" "), None);
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock_time("7:30").as_deref(), Some("07:30"));
        assert_eq!(clock_time("19:30:00").as_deref(), Some("19:30"));
        assert_eq!(clock_time("7:30 PM").as_deref(), Some("19:30"));
        assert_eq!(clock_time("12:00 am").as_deref(), Some("00:00"));
        assert_eq!(clock_time("24:00").as_deref(), Some("24:00"));
        assert_eq!(clock_time("25:00"), None);
        assert_eq!(clock_time("noon"), None);
    }
}
