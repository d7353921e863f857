//! The scrape token an operator gives the server for Prometheus (`WAYPOINT_METRICS_TOKEN`),
//! so a scraper reads `/metrics` without an admin's key. It is kept only as its SHA-256,
//! and never printed.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// The shortest scrape token accepted: a guessable one would open the figures to anyone.
pub const MIN_TOKEN_LENGTH: usize = 24;

/// The scrape token, as its hash.
#[derive(Clone, PartialEq, Eq)]
pub struct ScrapeToken {
    hash: [u8; 32],
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl FromStr for ScrapeToken {
    type Err = String;

    fn from_str(token: &str) -> Result<ScrapeToken, String> {
        let token = token.trim();
        if token.chars().count() < MIN_TOKEN_LENGTH || token.chars().any(char::is_whitespace) {
            return Err(format!(
                "the metrics token must be at least {MIN_TOKEN_LENGTH} characters without spaces (for example the output of `openssl rand -hex 32`)"
            ));
        }
        Ok(ScrapeToken {
            hash: digest(token),
        })
    }
}

impl fmt::Debug for ScrapeToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ScrapeToken(redacted)")
    }
}

impl ScrapeToken {
    /// Whether `presented` is this token (compared as hashes).
    pub fn matches(&self, presented: &str) -> bool {
        digest(presented) == self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_must_be_long_and_is_kept_only_as_its_hash() {
        assert!("short".parse::<ScrapeToken>().is_err());
        assert!(
            "has a space in it but is long enough"
                .parse::<ScrapeToken>()
                .is_err()
        );
        let secret = "0123456789abcdef0123456789abcdef";
        let token: ScrapeToken = secret.parse().unwrap();
        assert!(token.matches(secret));
        assert!(!token.matches("0123456789abcdef0123456789abcdeF"));
        assert!(!format!("{token:?}").contains(secret));
    }
}
