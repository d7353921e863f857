//! How to join an online meeting: its link, and its dial-in as feeds write it
//! ("+16465588656,,85012345678#", "646-558-8656 Meeting ID: 850 1234 5678 Passcode: 1234"),
//! split into the number to dial, the meeting id and the passcode. The dial-in is stored as
//! an HSDS phone whose description starts "Join by phone" and names the id and passcode.

use serde::{Deserialize, Serialize};

use super::phones::is_number;

/// What a phone's description starts with when it is a meeting's dial-in.
pub const JOIN_BY_PHONE: &str = "Join by phone";

/// How to join a meeting online or by phone, as a result shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Join {
    /// The meeting's own link (Zoom room, Meet…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The number to dial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passcode: Option<String>,
    /// What the feed says about joining (the link's or the dial-in's notes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A dial-in split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dial {
    pub number: String,
    pub meeting_id: Option<String>,
    pub passcode: Option<String>,
}

/// The value after a label ("meeting id: 850 1234 5678"): digits and spaces when
/// `digits_only`, else the next word.
fn labelled(text: &str, labels: &[&str], digits_only: bool) -> Option<String> {
    let lower = text.to_lowercase();
    let at = labels
        .iter()
        .find_map(|l| lower.find(l).map(|i| i + l.len()))?;
    let rest = text[at..].trim_start_matches(|c: char| c == ':' || c == '#' || c.is_whitespace());
    let value: String = if digits_only {
        rest.chars()
            .take_while(|c| c.is_ascii_digit() || *c == ' ')
            .filter(char::is_ascii_digit)
            .collect()
    } else {
        rest.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', '#'])
            .to_string()
    };
    (!value.is_empty()).then_some(value)
}

const ID_LABELS: [&str; 4] = ["meeting id", "conference id", "access code", "id"];
const PASSCODE_LABELS: [&str; 4] = ["passcode", "password", "participant code", "pin"];

/// Splits a feed's `conference_phone`: the number is what comes before the first comma,
/// semicolon, `#` or letter; the meeting id and passcode come either labelled
/// ("Meeting ID: …", "Passcode: …") or as one-tap dialling (`,,id#,,,,*passcode#`).
/// `None` when there is no number to dial.
pub fn parse_dial(raw: &str) -> Option<Dial> {
    let raw = raw.trim();
    let end = raw
        .find(|c: char| c == ',' || c == ';' || c == '#' || c.is_alphabetic())
        .unwrap_or(raw.len());
    let number = raw[..end]
        .trim()
        .trim_end_matches(|c: char| !c.is_ascii_digit() && c != ')')
        .to_string();
    if !is_number(&number) {
        return None;
    }
    let rest = &raw[end..];
    let mut meeting_id = labelled(rest, &ID_LABELS, true);
    let mut passcode = labelled(rest, &PASSCODE_LABELS, false);
    if meeting_id.is_none() && rest.starts_with(',') {
        let mut groups = rest
            .split(',')
            .map(|g| g.trim().trim_start_matches('*').trim_end_matches('#'))
            .filter(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
        meeting_id = groups.next().map(str::to_string);
        passcode = passcode.or_else(|| groups.next().map(str::to_string));
    }
    Some(Dial {
        number,
        meeting_id,
        passcode,
    })
}

/// The description a dial-in phone is stored with: "Join by phone, meeting ID 850…,
/// passcode 1234; notes".
pub fn describe(dial: &Dial, notes: Option<&str>) -> String {
    let mut out = JOIN_BY_PHONE.to_string();
    if let Some(id) = &dial.meeting_id {
        out.push_str(&format!(", meeting ID {id}"));
    }
    if let Some(p) = &dial.passcode {
        out.push_str(&format!(", passcode {p}"));
    }
    if let Some(n) = notes.filter(|n| !n.trim().is_empty()) {
        out.push_str("; ");
        out.push_str(n.trim());
    }
    out
}

/// Whether a phone (by its description) is a meeting's dial-in.
pub fn is_dial_in(description: Option<&str>) -> bool {
    description.is_some_and(|d| d.starts_with(JOIN_BY_PHONE))
}

/// A dial-in phone read back: (meeting id, passcode, notes) from its description.
pub fn read_description(description: &str) -> (Option<String>, Option<String>, Option<String>) {
    let (head, notes) = match description.split_once("; ") {
        Some((h, n)) => (h, Some(n.to_string())),
        None => (description, None),
    };
    (
        labelled(head, &ID_LABELS[..1], true),
        labelled(head, &PASSCODE_LABELS[..1], false),
        notes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(raw: &str) -> (String, Option<String>, Option<String>) {
        let d = parse_dial(raw).unwrap_or_else(|| panic!("{raw:?}"));
        (d.number, d.meeting_id, d.passcode)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn one_tap_dialling_splits_into_number_id_and_passcode() {
        assert_eq!(
            dial("+16465588656,,85012345678#"),
            ("+16465588656".into(), s("85012345678"), None)
        );
        assert_eq!(
            dial("+16465588656,,85012345678#,,,,*123456#"),
            ("+16465588656".into(), s("85012345678"), s("123456"))
        );
        assert_eq!(dial("+19292056099"), ("+19292056099".into(), None, None));
    }

    #[test]
    fn labelled_ids_and_passcodes_are_read() {
        assert_eq!(
            dial("646-558-8656 Meeting ID: 850 1234 5678 Passcode: 1234"),
            ("646-558-8656".into(), s("85012345678"), s("1234"))
        );
        assert_eq!(
            dial("(646) 558-8656; meeting id 850 1234"),
            ("(646) 558-8656".into(), s("8501234"), None)
        );
        assert_eq!(
            dial("+1 669 900 6833 ID# 987 654 321, password: serenity"),
            ("+1 669 900 6833".into(), s("987654321"), s("serenity"))
        );
    }

    #[test]
    fn no_number_no_dial() {
        for bad in ["", "N/A", "Meeting ID 850 1234 5678", "call us"] {
            assert_eq!(parse_dial(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_description_reads_back() {
        let d = parse_dial("+16465588656,,85012345678#,,,,*123456#").unwrap();
        let text = describe(&d, Some("Ask for the host"));
        assert_eq!(
            text,
            "Join by phone, meeting ID 85012345678, passcode 123456; Ask for the host"
        );
        assert!(is_dial_in(Some(&text)));
        assert_eq!(
            read_description(&text),
            (s("85012345678"), s("123456"), s("Ask for the host"))
        );
        assert_eq!(read_description(JOIN_BY_PHONE), (None, None, None));
    }
}
