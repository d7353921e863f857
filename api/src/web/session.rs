//! The rules of the page's sign-in sessions: a random id in a `Secure; HttpOnly;
//! SameSite=Strict` cookie (only its hash is stored), how long a session lives, and the
//! CSRF token every form carries (derived from the session id, so it is per session and
//! never stored), checked with the request's `Origin` when a browser sends one.

use std::time::Duration as StdDuration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::keys;

/// The cookie holding a signed-in session's id.
pub const SESSION_COOKIE: &str = "waypoint_session";
/// The cookie the sign-in form's CSRF token is derived from, before there is a session.
pub const SIGN_IN_COOKIE: &str = "waypoint_sign_in";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// A session unused this long ends: a shared computer left signed in is closed soon after.
pub const IDLE_LIFETIME: Duration = Duration::minutes(30);
/// A session ends this long after sign-in however busy it is: one working shift.
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);
/// A session's last use is written at most this often (not on every page).
pub const TOUCH_AFTER: Duration = Duration::minutes(1);
/// How long the sign-in form's cookie lasts.
const SIGN_IN_FORM_SECONDS: u64 = 60 * 60;

/// A new session id (or sign-in form secret): 32 random bytes, base64url.
pub fn new_id() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a session id.
pub fn id_hash(id: &str) -> String {
    keys::hash(id)
}

/// The HMAC of a fixed label under a session's (or sign-in form's) id.
fn csrf_mac(id: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(id.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"waypoint web form v1");
    mac
}

/// The CSRF token of a session (or sign-in form): an HMAC of a fixed label under its id,
/// so only someone holding the cookie can make it, and the database never holds it.
pub fn csrf_token(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(csrf_mac(id).finalize().into_bytes())
}

/// Whether a form's token is the one this id gives (the HMAC crate compares in constant
/// time, as webhook signatures are checked).
pub fn csrf_matches(id: &str, given: Option<&str>) -> bool {
    given
        .and_then(|token| URL_SAFE_NO_PAD.decode(token).ok())
        .is_some_and(|bytes| csrf_mac(id).verify_slice(&bytes).is_ok())
}

/// Why a stored session no longer lets anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Idle,
    TooOld,
}

/// Whether a session made at `created` and last used at `last_seen` is still live `now`.
pub fn check_live(
    created: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Ended> {
    if now - created >= ABSOLUTE_LIFETIME {
        Err(Ended::TooOld)
    } else if now - last_seen >= IDLE_LIFETIME {
        Err(Ended::Idle)
    } else {
        Ok(())
    }
}

/// Whether this use of a session should be written as its last.
pub fn needs_touch(last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen >= TOUCH_AFTER
}

fn cookie(name: &str, value: &str, max_age: StdDuration) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age={}; Secure; HttpOnly; SameSite=Strict",
        max_age.as_secs()
    )
}

/// `Set-Cookie` for a new session: it lasts no longer than the session may.
pub fn session_cookie(id: &str) -> String {
    let max_age = ABSOLUTE_LIFETIME.to_std().unwrap_or_default();
    cookie(SESSION_COOKIE, id, max_age)
}

/// `Set-Cookie` that removes the session cookie.
pub fn cleared_session_cookie() -> String {
    cookie(SESSION_COOKIE, "", StdDuration::ZERO)
}

/// `Set-Cookie` for the sign-in form's secret.
pub fn sign_in_cookie(secret: &str) -> String {
    cookie(
        SIGN_IN_COOKIE,
        secret,
        StdDuration::from_secs(SIGN_IN_FORM_SECONDS),
    )
}

/// A cookie's value in a `Cookie` header, when it is there and not empty.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Whether a form comes from the page itself. `Sec-Fetch-Site`, when the browser sends
/// it, must be `same-origin` (or `none`: typed or bookmarked). `Origin` must name the host
/// the request was sent to; browsers send `null` for it under our `no-referrer` policy,
/// which passes only with `Sec-Fetch-Site: same-origin`. Neither header (an old browser)
/// leaves the check to the CSRF token.
pub fn origin_allowed(origin: Option<&str>, host: Option<&str>, fetch_site: Option<&str>) -> bool {
    if fetch_site.is_some_and(|s| !matches!(s, "same-origin" | "none")) {
        return false;
    }
    match origin {
        None => true,
        Some("null") => fetch_site == Some("same-origin"),
        Some(origin) => {
            let origin_host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            host.zip(origin_host)
                .is_some_and(|(h, o)| o.eq_ignore_ascii_case(h.trim()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    }

    #[test]
    fn ids_are_random_and_stored_only_as_a_hash() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(id_hash(&a).len(), 64);
        assert!(!id_hash(&a).contains(&a));
    }

    #[test]
    fn the_csrf_token_belongs_to_one_session() {
        let (a, b) = (new_id(), new_id());
        let token = csrf_token(&a);
        assert!(csrf_matches(&a, Some(&token)));
        assert!(!csrf_matches(&b, Some(&token)));
        assert!(!csrf_matches(&a, None));
        assert!(!csrf_matches(&a, Some("")));
        assert!(!csrf_matches(&a, Some(&token[..10])));
    }

    #[test]
    fn a_session_ends_when_idle_or_too_old() {
        assert_eq!(check_live(at(0), at(0), at(29)), Ok(()));
        assert_eq!(check_live(at(0), at(0), at(30)), Err(Ended::Idle));
        assert_eq!(check_live(at(0), at(700), at(710)), Ok(()));
        assert_eq!(check_live(at(0), at(715), at(720)), Err(Ended::TooOld));
        assert!(!needs_touch(at(0), at(0) + Duration::seconds(59)));
        assert!(needs_touch(at(0), at(1)));
    }

    #[test]
    fn cookies_are_secure_http_only_strict_and_site_wide() {
        let c = session_cookie("abc");
        for part in [
            "waypoint_session=abc",
            "Path=/",
            "Secure",
            "HttpOnly",
            "SameSite=Strict",
            "Max-Age=43200",
        ] {
            assert!(c.split("; ").any(|p| p == part), "{part} in {c}");
        }
        assert!(cleared_session_cookie().contains("Max-Age=0"));
        assert!(sign_in_cookie("x").contains("SameSite=Strict"));
    }

    #[test]
    fn cookie_values_are_read_by_name() {
        let h = "waypoint_lang=es; waypoint_session=s1; other=x";
        assert_eq!(cookie_value(h, SESSION_COOKIE), Some("s1"));
        assert_eq!(cookie_value(h, SIGN_IN_COOKIE), None);
        assert_eq!(cookie_value("waypoint_session=", SESSION_COOKIE), None);
    }

    #[test]
    fn only_the_same_origin_may_post() {
        let host = Some("127.0.0.1:8080");
        assert!(origin_allowed(None, host, None));
        assert!(origin_allowed(Some("http://127.0.0.1:8080"), host, None));
        assert!(origin_allowed(
            Some("https://127.0.0.1:8080"),
            host,
            Some("same-origin")
        ));
        assert!(!origin_allowed(Some("https://evil.example"), host, None));
        assert!(!origin_allowed(Some("http://127.0.0.1:9090"), host, None));
        assert!(!origin_allowed(Some("http://127.0.0.1:8080"), None, None));
        // `null` (our no-referrer policy) only with the browser's word that it is ours.
        assert!(!origin_allowed(Some("null"), host, None));
        assert!(origin_allowed(Some("null"), host, Some("same-origin")));
        assert!(!origin_allowed(Some("null"), host, Some("cross-site")));
        assert!(!origin_allowed(None, host, Some("same-site")));
    }
}
