//! Which listings are one program: listings with the same name at the same place (a weekly
//! meeting listed once per day it meets, a service a feed repeats) share a place key, which
//! the index stores and the search groups results by.

use sha2::{Digest, Sha256};

use super::geography::Point;

/// Coordinates are compared to four decimals (about 11 m).
const PLACE_DECIMALS: f64 = 10_000.0;

/// The key listings of one program share: the name (case and runs of space aside) and the
/// point; unplaced listings (online meetings, lines) by the name and the organization (a
/// meeting's group), whatever their links.
pub fn place_key(name: &str, point: Option<Point>, organization_id: &str) -> u64 {
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let place = match point {
        Some(p) => format!(
            "point:{}:{}",
            (p.lat() * PLACE_DECIMALS).round() as i64,
            (p.lon() * PLACE_DECIMALS).round() as i64
        ),
        None => format!("organization:{organization_id}"),
    };
    let digest = Sha256::digest(format!("{name}\u{1f}{place}").as_bytes());
    u64::from_be_bytes(digest[..8].try_into().expect("a digest has 8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Option<Point> {
        Some(Point::lat_lon(lat, lon))
    }

    #[test]
    fn the_same_name_at_the_same_point_is_one_program() {
        let a = place_key("Vernon Park  Group", at(40.03512, -75.17421), "o1");
        let b = place_key("vernon park group", at(40.035121, -75.174209), "o2");
        assert_eq!(a, b);
        assert_ne!(
            a,
            place_key("Vernon Park Group", at(40.0361, -75.17421), "o1")
        );
        assert_ne!(a, place_key("Other Group", at(40.03512, -75.17421), "o1"));
    }

    #[test]
    fn unplaced_listings_group_by_name_and_organization() {
        assert_eq!(
            place_key("Online", None, "group"),
            place_key("online", None, "group")
        );
        assert_ne!(
            place_key("Online", None, "group"),
            place_key("Online", None, "other")
        );
        assert_ne!(
            place_key("Online", None, "group"),
            place_key("Online", at(1.0, 1.0), "group")
        );
    }
}
