//! Who may read `/metrics`: an admin's API key, or the scrape token an operator gave the
//! server for Prometheus (`WAYPOINT_METRICS_TOKEN`), so a scraper needs no admin key.
//! The token is kept only as its SHA-256, like API keys, and never printed.

use std::fmt;
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;

use crate::auth::{Caller, Role, keys};
use crate::error::ApiError;

/// The shortest scrape token accepted: a guessable one would open the figures to anyone.
pub const MIN_TOKEN_LENGTH: usize = 24;

/// The scrape token, as its hash.
#[derive(Clone, PartialEq, Eq)]
pub struct ScrapeToken {
    hash: String,
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
            hash: keys::hash(token),
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
        keys::hash(presented) == self.hash
    }
}

/// Lets the request through when it bears the scrape token, else when its API key is an
/// admin's: 401 without a key that works, 403 for another role.
pub async fn check(req: &HttpRequest, token: Option<&ScrapeToken>) -> Result<(), ApiError> {
    let presented = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(keys::from_authorization);
    if let (Some(token), Some(presented)) = (token, presented)
        && token.matches(presented)
    {
        return Ok(());
    }
    Caller::from_request_head(req)
        .await?
        .require(&[Role::Admin])
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
