//! Phones as listings show them, whatever the importer: numbers that are not numbers left
//! out, fax numbers marked as such, voice numbers first and fax last.

use super::Phone;

/// Whether a feed's phone number can be dialled at all: it has at least three digits
/// (so 211, 911 and 988 stay) and is not a placeholder such as "N/A" or "none".
pub fn is_number(raw: &str) -> bool {
    raw.chars().filter(|c| c.is_ascii_digit()).count() >= 3
}

/// Whether the phone is a fax: its type says so, or its number or description does.
fn is_fax(p: &Phone) -> bool {
    let says_fax = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "fax")
    };
    p.phone_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("fax"))
        || says_fax(&p.number)
        || p.description.as_deref().is_some_and(says_fax)
}

/// Where a phone goes in the list: voice (or unstated) first, other kinds next, fax last.
fn rank(p: &Phone) -> u8 {
    if is_fax(p) {
        return 2;
    }
    match p
        .phone_type
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("voice" | "cell" | "") => 0,
        _ => 1,
    }
}

/// The phones to show, in order: dialable numbers only; a number marked fax anywhere gets
/// the type `fax`; voice numbers first, fax last, otherwise the order given.
pub fn for_listing(phones: Vec<Phone>) -> Vec<Phone> {
    let mut out: Vec<Phone> = phones
        .into_iter()
        .filter(|p| is_number(&p.number))
        .map(|mut p| {
            if is_fax(&p) {
                p.phone_type = Some("fax".into());
            }
            p
        })
        .collect();
    out.sort_by_key(rank);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(number: &str, phone_type: Option<&str>, description: Option<&str>) -> Phone {
        Phone {
            id: number.to_string(),
            number: number.to_string(),
            extension: None,
            phone_type: phone_type.map(str::to_string),
            description: description.map(str::to_string),
        }
    }

    fn numbers(phones: &[Phone]) -> Vec<(&str, Option<&str>)> {
        phones
            .iter()
            .map(|p| (p.number.as_str(), p.phone_type.as_deref()))
            .collect()
    }

    #[test]
    fn placeholders_are_left_out_and_short_codes_kept() {
        for bad in ["N/A", "none", "", "  ", "x", "12", "TBD", "-"] {
            assert!(!is_number(bad), "{bad:?}");
        }
        for good in [
            "911",
            "988",
            "211",
            "741741",
            "(410) 555-0100",
            "+16465588656",
        ] {
            assert!(is_number(good), "{good:?}");
        }
    }

    #[test]
    fn voice_first_fax_last_and_marked() {
        let got = for_listing(vec![
            phone("410-555-0199", Some("fax"), None),
            phone("Fax: 410-555-0198", None, None),
            phone("410-555-0101", Some("text"), None),
            phone("N/A", Some("voice"), None),
            phone("410-555-0102", None, Some("fax line")),
            phone("410-555-0100", Some("voice"), None),
            phone("410-555-0103", None, Some("Main office")),
        ]);
        assert_eq!(
            numbers(&got),
            vec![
                ("410-555-0100", Some("voice")),
                ("410-555-0103", None),
                ("410-555-0101", Some("text")),
                ("410-555-0199", Some("fax")),
                ("Fax: 410-555-0198", Some("fax")),
                ("410-555-0102", Some("fax")),
            ]
        );
    }

    #[test]
    fn words_that_only_contain_fax_do_not_mark_it() {
        let got = for_listing(vec![phone("410-555-0100", None, Some("Fairfax office"))]);
        assert_eq!(got[0].phone_type, None);
    }
}
