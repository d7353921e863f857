//! Where a Meeting Guide meeting is: its formatted address split into parts, its state
//! even when the address is only a city, how people attend, and its time zone.

use crate::model::clean;

/// A street address: street, city, state, ZIP.
pub type Street = (String, String, String, String);

/// "1937 West MacDade Blvd, Woodlyn, PA 19094, USA" → street, city, state, ZIP.
pub fn split_address(formatted: &str) -> Option<Street> {
    let mut parts = parts(formatted);
    if parts.len() < 3 {
        return None;
    }
    let state_zip = parts.pop()?;
    let city = parts.pop()?.to_string();
    let (state, zip) = match state_zip.rsplit_once(' ') {
        Some((s, z)) if z.chars().next().is_some_and(|c| c.is_ascii_digit()) => (s, z),
        _ => (state_zip, ""),
    };
    let state = clean::state_code(state)?.to_string();
    Some((
        parts.join(", "),
        city,
        state,
        clean::postal_code(zip).unwrap_or_default(),
    ))
}

/// The comma-separated parts of an address, without the country.
fn parts(formatted: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = formatted
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts
        .last()
        .is_some_and(|c| ["USA", "US", "United States"].contains(c))
    {
        parts.pop();
    }
    parts
}

/// The state an address names, even one without a street ("Philadelphia, PA, USA",
/// "Orange County, California").
pub fn state_of(formatted: &str) -> Option<&'static str> {
    parts(formatted).iter().rev().find_map(|p| {
        let name = p
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ')
            .trim();
        clean::state_code(name)
    })
}

/// How people attend, from the feed's `attendance_option` when it gives one, else from
/// its conference details and types. A meeting with nowhere to go in person (no street
/// address) is online whatever the feed says; one whose place is temporarily closed
/// (type TC) but has a conference is online.
pub fn attendance(
    option: Option<&str>,
    conference: bool,
    street: bool,
    codes: &[String],
) -> &'static str {
    let has = |c: &str| codes.iter().any(|x| x == c);
    let said = match option {
        Some("in_person") => Some("in_person"),
        Some("online") => Some("online"),
        Some("hybrid") => Some("hybrid"),
        Some("inactive") => Some("inactive"),
        _ => None,
    };
    match said {
        Some("hybrid") if !street => "online",
        Some(a) => a,
        None if conference && (has("TC") || !street) => "online",
        None if conference => "hybrid",
        None if has("ONL") => "online",
        None => "in_person",
    }
}

/// A meeting's time zone: the feed's own, else its address's state's, else the state most
/// of the feed's meetings are in.
pub fn time_zone(
    given: Option<&str>,
    state: Option<&str>,
    feed_state: Option<&str>,
) -> Option<String> {
    given
        .filter(|z| z.parse::<chrono_tz::Tz>().is_ok())
        .map(str::to_string)
        .or_else(|| state.and_then(clean::state_time_zone).map(str::to_string))
        .or_else(|| {
            feed_state
                .and_then(clean::state_time_zone)
                .map(str::to_string)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_addresses_split() {
        assert_eq!(
            split_address("1937 West MacDade Boulevard, Woodlyn, PA 19094, USA"),
            Some((
                "1937 West MacDade Boulevard".into(),
                "Woodlyn".into(),
                "PA".into(),
                "19094".into()
            ))
        );
        assert_eq!(
            split_address("Suite 2, 10 Main St, Santa Ana, California 92701"),
            Some((
                "Suite 2, 10 Main St".into(),
                "Santa Ana".into(),
                "CA".into(),
                "92701".into()
            ))
        );
        assert_eq!(split_address("Philadelphia, PA, USA"), None);
    }

    #[test]
    fn a_city_alone_still_names_its_state() {
        assert_eq!(state_of("Philadelphia, PA, USA"), Some("PA"));
        assert_eq!(state_of("Orange County, California"), Some("CA"));
        assert_eq!(
            state_of("Cuttyhunk Island, Gosnold, MA 02713, USA"),
            Some("MA")
        );
        assert_eq!(state_of("Online"), None);
    }

    #[test]
    fn attendance_follows_the_feed_unless_there_is_nowhere_to_go() {
        let none: Vec<String> = Vec::new();
        let tc = vec!["TC".to_string()];
        assert_eq!(attendance(Some("hybrid"), true, true, &none), "hybrid");
        assert_eq!(attendance(Some("hybrid"), true, false, &none), "online");
        assert_eq!(attendance(Some("online"), true, true, &none), "online");
        assert_eq!(attendance(None, true, false, &none), "online");
        assert_eq!(attendance(None, true, true, &tc), "online");
        assert_eq!(attendance(None, true, true, &none), "hybrid");
        assert_eq!(attendance(None, false, true, &none), "in_person");
    }

    #[test]
    fn time_zones_come_from_the_feed_then_the_state_then_the_feed_s_state() {
        assert_eq!(
            time_zone(Some("America/Los_Angeles"), Some("PA"), Some("PA")).as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            time_zone(Some("Mars/Olympus"), Some("PA"), None).as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            time_zone(None, None, Some("CA")).as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(time_zone(None, None, None), None);
    }
}
