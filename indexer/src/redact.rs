//! Credentials kept out of everything the service prints: a database URL is held as a
//! [`SecretUrl`], whose `Display` and `Debug` show it with its password and query-string
//! values masked, and [`scrub`] masks the same secrets in messages a driver wrote.

use std::fmt;

/// What stands where a secret was.
pub const MASK: &str = "***";

/// Query parameters whose values are never secret (libpq's connection options that name
/// a place or a mode); every other parameter's value is masked, since a token or a key
/// can travel under any name.
const PLAIN_PARAMETERS: [&str; 10] = [
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "sslmode",
    "connect_timeout",
    "application_name",
    "target_session_attrs",
    "gssencmode",
];

/// A URL that may carry a credential. It is printed only as [`redact`] shows it; the
/// driver gets the whole text through [`SecretUrl::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn new(url: impl Into<String>) -> SecretUrl {
        SecretUrl(url.into())
    }

    /// The URL with its secrets, for the one place that connects with it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with this URL's secrets masked (see [`scrub`]).
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, &self.0)
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretUrl({:?})", redact(&self.0))
    }
}

impl std::str::FromStr for SecretUrl {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<SecretUrl, Self::Err> {
        Ok(SecretUrl::new(s))
    }
}

/// `url` as it may be printed: the password of its user information and the values of
/// its query parameters (but for the plain connection options above) replaced by `***`.
/// Text that is not a URL with a scheme comes back unchanged.
pub fn redact(url: &str) -> String {
    let parts = Parts::of(url);
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..parts.authority.0]);
    let authority = &url[parts.authority.0..parts.authority.1];
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..=colon]);
                    out.push_str(MASK);
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    out.push_str(&url[parts.authority.1..parts.query.0]);
    let query = &url[parts.query.0..parts.query.1];
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) if !is_plain(name) => {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(pair),
        }
    }
    out.push_str(&url[parts.query.1..]);
    out
}

/// `text` with every secret of `url` masked wherever it appears, in the URL's own
/// spelling and percent-decoded: for messages from drivers that may echo what they were
/// given. Secrets shorter than 3 characters are left alone, since masking them would
/// garble the message and reveal more than it hides.
pub fn scrub(text: &str, url: &str) -> String {
    let redacted = redact(url);
    let mut out = text.replace(url, &redacted);
    for secret in secrets(url) {
        for spelling in [percent_decode(&secret), secret] {
            if spelling.chars().count() >= 3 {
                out = out.replace(&spelling, MASK);
            }
        }
    }
    out
}

/// The secrets `redact` masks: the password and the non-plain query values.
fn secrets(url: &str) -> Vec<String> {
    let parts = Parts::of(url);
    let mut found = Vec::new();
    let authority = &url[parts.authority.0..parts.authority.1];
    if let Some(at) = authority.rfind('@')
        && let Some((_, password)) = authority[..at].split_once(':')
        && !password.is_empty()
    {
        found.push(password.to_string());
    }
    let query = &url[parts.query.0..parts.query.1];
    for pair in query.split('&') {
        if let Some((name, value)) = pair.split_once('=')
            && !is_plain(name)
            && !value.is_empty()
        {
            found.push(value.to_string());
        }
    }
    found
}

fn is_plain(name: &str) -> bool {
    PLAIN_PARAMETERS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(&percent_decode(name)))
}

/// Byte ranges of a URL's authority and query (empty ranges where it has none).
struct Parts {
    authority: (usize, usize),
    query: (usize, usize),
}

impl Parts {
    fn of(url: &str) -> Parts {
        let end = url.find('#').unwrap_or(url.len());
        let authority = match url.find("://") {
            Some(i)
                if url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) =>
            {
                let start = i + 3;
                let len = url[start..end].find(['/', '?']).unwrap_or(end - start);
                (start, start + len)
            }
            _ => (0, 0),
        };
        let query = match url[authority.1..end].find('?') {
            Some(q) => (authority.1 + q + 1, end),
            None => (end, end),
        };
        Parts { authority, query }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_and_users_hosts_kept() {
        assert_eq!(
            redact("postgres://postgres:SECRET@db.example.org:5432/waypoint"),
            "postgres://postgres:***@db.example.org:5432/waypoint"
        );
        // A password holding '@' and ':' (percent-encoded or not) is masked whole.
        assert_eq!(
            redact("postgresql://app:p@ss:w0rd@10.0.0.5/w"),
            "postgresql://app:***@10.0.0.5/w"
        );
        assert_eq!(
            redact("postgres://app@127.0.0.1/w"),
            "postgres://app@127.0.0.1/w"
        );
        assert_eq!(
            redact("sqlite://data/waypoint.db"),
            "sqlite://data/waypoint.db"
        );
    }

    #[test]
    fn query_secrets_are_masked_and_plain_options_kept() {
        assert_eq!(
            redact("postgres://h/w?sslmode=require&password=SECRET&sslpassword=KEY#frag"),
            "postgres://h/w?sslmode=require&password=***&sslpassword=***#frag"
        );
        assert_eq!(
            redact("https://hooks.example.org/in?token=abc&x"),
            "https://hooks.example.org/in?token=***&x"
        );
        assert_eq!(redact("not a url"), "not a url");
    }

    #[test]
    fn scrub_masks_secrets_echoed_in_messages() {
        let url = "postgres://postgres:S%40CRET@127.0.0.1:1/w?token=TOKEN123";
        let message = format!(
            "cannot connect to {url}: password S@CRET refused, token TOKEN123, again S%40CRET"
        );
        let scrubbed = scrub(&message, url);
        assert!(!scrubbed.contains("S@CRET"), "{scrubbed}");
        assert!(!scrubbed.contains("S%40CRET"), "{scrubbed}");
        assert!(!scrubbed.contains("TOKEN123"), "{scrubbed}");
        assert!(scrubbed.contains("postgres://postgres:***@127.0.0.1:1/w"));
    }

    #[test]
    fn secret_urls_print_redacted() {
        let url: SecretUrl = "postgres://u:SECRET@h/w".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://u:***@h/w");
        assert!(!format!("{url:?}").contains("SECRET"));
        assert_eq!(url.expose(), "postgres://u:SECRET@h/w");
    }
}
