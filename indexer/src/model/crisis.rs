//! Which listings are crisis services (crisis and suicide lines, hotlines, warm lines,
//! mobile crisis teams): recognised from what feeds store, so a crisis search lists a
//! feed's local lines right after the national ones whatever taxonomy the feed uses.

/// The taxonomy term code the index gives every crisis service (and that the national
/// lines and our own data carry).
pub const CRISIS_LINE: &str = "crisis-line";

/// Term names (any taxonomy) that make a service a crisis service.
const CRISIS_TERMS: [&str; 8] = [
    "crisis intervention",
    "crisis hotline",
    "crisis line",
    "suicide prevention",
    "mobile crisis",
    "warm line",
    "warmline",
    "crisis stabilization",
];

/// Names that say a service is a crisis service.
const CRISIS_NAMES: [&str; 16] = [
    "crisis line",
    "crisis hotline",
    "crisis response",
    "crisis center",
    "crisis centre",
    "crisis services",
    "crisis program",
    "crisis residential",
    "crisis resolution",
    "crisis support",
    "crisis intervention",
    "mobile crisis",
    "hotline",
    "helpline",
    "warm line",
    "warmline",
];

/// Names of services that sound like crisis lines and are not: information and enrolment
/// lines, legal hotlines, bereavement groups, financial "crisis assistance".
const NOT_CRISIS_NAMES: [&str; 8] = [
    "enrollment",
    "enrolment",
    "informational",
    "information line",
    "law hotline",
    "bereavement",
    "survivors of suicide",
    "assistance program",
];

/// What a description of a service carrying a generic hotline term must say for it to be
/// a crisis line (Open Eligibility's "Help Hotlines" is also given to hospitals and
/// clinics that merely have a phone line).
const CRISIS_DESCRIPTIONS: [&str; 6] = [
    "crisis line",
    "crisis hotline",
    "24-hour hotline",
    "24-hour helpline",
    "24 hour hotline",
    "hotline: offers substance abuse crisis",
];

/// Open Eligibility's "Help Hotlines".
const HOTLINE_TERM: &str = "108-09-02";

/// Whether a service is a crisis service, from its name, description and taxonomy terms.
pub fn is_crisis_service(
    name: &str,
    description: Option<&str>,
    term_names: &[String],
    term_codes: &[String],
) -> bool {
    let name = name.to_lowercase();
    if NOT_CRISIS_NAMES.iter().any(|n| name.contains(n)) {
        return false;
    }
    if term_codes.iter().any(|c| c == CRISIS_LINE)
        || term_names.iter().any(|t| {
            let t = t.to_lowercase();
            CRISIS_TERMS.iter().any(|c| t.contains(c))
        })
        || CRISIS_NAMES.iter().any(|n| name.contains(n))
    {
        return true;
    }
    let description = description.unwrap_or("").to_lowercase();
    term_codes.iter().any(|c| c == HOTLINE_TERM)
        && CRISIS_DESCRIPTIONS.iter().any(|d| description.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn crisis_lines_are_recognised_by_term_name_or_description() {
        assert!(is_crisis_service(
            "County line",
            None,
            &[],
            &names(&["crisis-line"])
        ));
        assert!(is_crisis_service(
            "Behavioral Health",
            None,
            &names(&["Crisis Intervention"]),
            &[]
        ));
        assert!(is_crisis_service(
            "Maryland Youth Crisis Hotline",
            None,
            &[],
            &[]
        ));
        assert!(is_crisis_service(
            "Mobile Crisis of Harford County",
            None,
            &[],
            &[]
        ));
        assert!(is_crisis_service(
            "Statewide Peer Warm Line",
            None,
            &[],
            &[]
        ));
        assert!(is_crisis_service(
            "Junction, Inc.",
            Some("A 24-hour crisis line for drug-related issues is available."),
            &names(&["Help Hotlines"]),
            &names(&["108-09-02"])
        ));
    }

    #[test]
    fn lines_that_only_sound_like_crisis_lines_are_not() {
        assert!(!is_crisis_service(
            "HealthChoice Enrollment Hotline",
            None,
            &[],
            &[]
        ));
        assert!(!is_crisis_service(
            "Seasons: Suicide Bereavement",
            None,
            &[],
            &[]
        ));
        assert!(!is_crisis_service(
            "Harford County DSS, Crisis Assistance Program",
            None,
            &[],
            &[]
        ));
        // A hospital with a phone line, filed under "Help Hotlines".
        assert!(!is_crisis_service(
            "Mercy Medical Center",
            Some("Also provides a 24-hour emergency room."),
            &names(&["Help Hotlines"]),
            &names(&["108-09-02"])
        ));
        assert!(!is_crisis_service(
            "Lifeline Connect Baptist Church",
            None,
            &[],
            &[]
        ));
    }
}
