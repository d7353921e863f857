//! One result per program or group: listings with the same name at the same place (a
//! weekly meeting listed once per day it meets, a service a feed repeats) share a place
//! key and come back as one result carrying all their times.

use sha2::{Digest, Sha256};

/// Coordinates are compared to four decimals (about 11 m).
const PLACE_DECIMALS: f64 = 10_000.0;

/// The key listings of one program share: the name (case and runs of space aside) and the
/// point; unplaced listings (online meetings, lines) by the name and the organization (a
/// meeting's group), whatever their links.
pub fn place_key(name: &str, point: Option<(f64, f64)>, organization_id: &str) -> u64 {
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let place = match point {
        Some((lat, lon)) => format!(
            "point:{}:{}",
            (lat * PLACE_DECIMALS).round() as i64,
            (lon * PLACE_DECIMALS).round() as i64
        ),
        None => format!("organization:{organization_id}"),
    };
    let digest = Sha256::digest(format!("{name}\u{1f}{place}").as_bytes());
    u64::from_be_bytes(digest[..8].try_into().expect("a digest has 8 bytes"))
}

/// Groups positions by key, each group in the order of its first member, members in order.
pub fn groups(keys: impl IntoIterator<Item = u64>) -> Vec<Vec<usize>> {
    let mut index: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (position, key) in keys.into_iter().enumerate() {
        match index.get(&key) {
            Some(&g) => out[g].push(position),
            None => {
                index.insert(key, out.len());
                out.push(vec![position]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_at_the_same_point_is_one_program() {
        let a = place_key("Vernon Park  Group", Some((40.03512, -75.17421)), "o1");
        let b = place_key("vernon park group", Some((40.035121, -75.174209)), "o2");
        assert_eq!(a, b);
        assert_ne!(
            a,
            place_key("Vernon Park Group", Some((40.0361, -75.17421)), "o1")
        );
        assert_ne!(
            a,
            place_key("Other Group", Some((40.03512, -75.17421)), "o1")
        );
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
            place_key("Online", Some((1.0, 1.0)), "group")
        );
    }

    #[test]
    fn groups_keep_the_order_of_their_first_member() {
        assert_eq!(
            groups([7, 3, 7, 9, 3]),
            vec![vec![0, 2], vec![1, 4], vec![3]]
        );
        assert!(groups(Vec::<u64>::new()).is_empty());
    }
}
