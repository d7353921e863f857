//! Stable ids. A source's own UUIDs are kept; anything else gets a UUIDv5 derived from the
//! source name and the source's key, so loading the same feed again yields the same ids.

use uuid::Uuid;

/// Waypoint's UUIDv5 namespace (a fixed random UUID; never change it).
const WAYPOINT_NAMESPACE: Uuid = Uuid::from_u128(0x5d1c_2f7e_93a4_4b8e_a0c6_1e2f_3a4b_5c6d);

/// A UUIDv5 for one entity of one source, named by the source's own key.
pub fn derive(source: &str, kind: &str, key: &str) -> String {
    let name = format!("{source}\u{1f}{kind}\u{1f}{key}");
    Uuid::new_v5(&WAYPOINT_NAMESPACE, name.as_bytes()).to_string()
}

/// The source's id when it is a UUID (normalised to lower-case hyphenated form), else a
/// derived one, so that foreign keys between a source's records still line up.
pub fn keep_or_derive(source: &str, kind: &str, raw: &str) -> String {
    let raw = raw.trim();
    match Uuid::parse_str(raw) {
        Ok(id) => id.to_string(),
        Err(_) => derive(source, kind, raw),
    }
}

/// A UUIDv5 for a name shared by every source (taxonomies, units), so that the same
/// taxonomy loaded from two feeds is one row.
pub fn shared(kind: &str, key: &str) -> String {
    derive("waypoint", kind, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let a = derive("aa-sepia", "meeting", "chester-woodlyn");
        assert_eq!(a, derive("aa-sepia", "meeting", "chester-woodlyn"));
        assert_ne!(a, derive("aa-oc", "meeting", "chester-woodlyn"));
        assert_ne!(a, derive("aa-sepia", "location", "chester-woodlyn"));
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
    }

    #[test]
    fn source_uuids_are_kept() {
        let id = "9B7D334E-C7C2-5E6F-9C96-39548261FFFF";
        assert_eq!(
            keep_or_derive("x", "service", id),
            "9b7d334e-c7c2-5e6f-9c96-39548261ffff"
        );
        assert_eq!(
            keep_or_derive("x", "service", "svc-1"),
            derive("x", "service", "svc-1")
        );
    }
}
