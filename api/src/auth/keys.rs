//! API keys: `wp_` and 32 random bytes in base64url. Only the SHA-256 hex of a key is
//! stored, and a request's key is found by looking its hash up, so the key itself never
//! reaches the database or a comparison that could leak timing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

pub const KEY_PREFIX: &str = "wp_";

/// A new random key, to be shown once.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a key.
pub fn hash(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key in an `Authorization` header value, when it is `Bearer <key>`.
pub fn from_authorization(header: &str) -> Option<&str> {
    let (scheme, key) = header.trim().split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_random_and_url_safe() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(a.starts_with("wp_"));
        assert_eq!(a.len(), 3 + 43);
        assert!(
            a[3..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn hashes_are_sha256_hex_and_stable() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(hash("wp_a"), hash("wp_b"));
    }

    #[test]
    fn bearer_headers_give_the_key() {
        assert_eq!(from_authorization("Bearer wp_x"), Some("wp_x"));
        assert_eq!(from_authorization("bearer  wp_x "), Some("wp_x"));
        assert_eq!(from_authorization("Basic dXNlcg=="), None);
        assert_eq!(from_authorization("Bearer"), None);
        assert_eq!(from_authorization("Bearer "), None);
    }
}
