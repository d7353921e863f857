//! Limits on what one caller may ask of the server: how long it may take to send a
//! request, how long its target may be, and how many requests an API key or a client
//! address may make (token buckets), with failed API-key attempts slowed per address.

pub mod bucket;
pub mod client;
pub mod target;

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bucket::{Buckets, Rate, retry_after_seconds};

use crate::error::ApiError;
use crate::problems::ProblemType;

/// The limits' settings, from flags or `WAYPOINT_*` environment variables. A rate of 0 a
/// minute turns that limit off.
#[derive(Debug, Clone, clap::Args)]
pub struct TrafficSettings {
    /// Seconds a client has to send a request's line and headers.
    #[arg(long, env = "WAYPOINT_HEADER_TIMEOUT_SECONDS", default_value_t = 5)]
    pub header_timeout_seconds: u64,
    /// Seconds a client has to send a request's whole body, from the end of its headers.
    #[arg(long, env = "WAYPOINT_BODY_TIMEOUT_SECONDS", default_value_t = 10)]
    pub body_timeout_seconds: u64,
    /// Requests a minute one API key may make (0: no limit).
    #[arg(
        long,
        env = "WAYPOINT_RATE_LIMIT_KEY_PER_MINUTE",
        default_value_t = 1200
    )]
    pub key_per_minute: u32,
    /// Requests one API key may make at once, above its rate.
    #[arg(long, env = "WAYPOINT_RATE_LIMIT_KEY_BURST", default_value_t = 200)]
    pub key_burst: u32,
    /// Requests a minute one client address may make without a (verified) key (0: no limit).
    #[arg(
        long,
        env = "WAYPOINT_RATE_LIMIT_ADDRESS_PER_MINUTE",
        default_value_t = 300
    )]
    pub address_per_minute: u32,
    /// Requests one client address may make at once, above its rate.
    #[arg(long, env = "WAYPOINT_RATE_LIMIT_ADDRESS_BURST", default_value_t = 100)]
    pub address_burst: u32,
    /// Failed API-key attempts a minute one address regains once it used up its burst
    /// (0: failed attempts are not limited).
    #[arg(
        long,
        env = "WAYPOINT_RATE_LIMIT_KEY_FAILURES_PER_MINUTE",
        default_value_t = 1
    )]
    pub key_failures_per_minute: u32,
    /// Failed API-key attempts one address may make before its key-bearing requests are
    /// refused.
    #[arg(
        long,
        env = "WAYPOINT_RATE_LIMIT_KEY_FAILURES_BURST",
        default_value_t = 10
    )]
    pub key_failures_burst: u32,
    /// Proxies (comma-separated IP addresses) whose `X-Forwarded-For` names the client;
    /// from any other peer the header is ignored. None by default.
    #[arg(long, env = "WAYPOINT_TRUSTED_PROXIES", default_value = "", value_parser = parse_proxy_list)]
    pub trusted_proxies: ProxyList,
}

/// The trusted proxies, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyList(pub Vec<IpAddr>);

fn parse_proxy_list(text: &str) -> Result<ProxyList, String> {
    client::parse_proxies(text).map(ProxyList)
}

impl TrafficSettings {
    /// Tests: the timeouts as in a deployment, no rate limits (a test that wants them
    /// sets them).
    pub fn for_tests() -> TrafficSettings {
        TrafficSettings {
            header_timeout_seconds: 5,
            body_timeout_seconds: 10,
            key_per_minute: 0,
            key_burst: 0,
            address_per_minute: 0,
            address_burst: 0,
            key_failures_per_minute: 0,
            key_failures_burst: 0,
            trusted_proxies: ProxyList::default(),
        }
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_seconds.max(1))
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_seconds.max(1))
    }
}

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Counted {
    Key(String),
    Address(IpAddr),
}

/// Keys that verified recently are counted as keys; past this many the set starts over
/// (a key then counts against its address once more until it verifies again).
const VERIFIED_KEYS_KEPT: usize = 10_000;

/// The rate limits' state, shared by every worker.
pub struct RateLimiter {
    keys: Buckets<String>,
    addresses: Buckets<IpAddr>,
    key_failures: Buckets<IpAddr>,
    /// Hashes of keys a request authenticated with. Only these get a bucket of their own:
    /// an unknown key counts against its address, so made-up keys cannot dodge the
    /// address's limit on public endpoints.
    verified: Mutex<HashSet<String>>,
    trusted_proxies: Vec<IpAddr>,
}

impl RateLimiter {
    pub fn new(settings: &TrafficSettings) -> RateLimiter {
        RateLimiter {
            keys: Buckets::new(Rate {
                per_minute: settings.key_per_minute,
                burst: settings.key_burst,
            }),
            addresses: Buckets::new(Rate {
                per_minute: settings.address_per_minute,
                burst: settings.address_burst,
            }),
            key_failures: Buckets::new(Rate {
                per_minute: settings.key_failures_per_minute,
                burst: settings.key_failures_burst,
            }),
            verified: Mutex::new(HashSet::new()),
            trusted_proxies: settings.trusted_proxies.0.clone(),
        }
    }

    /// The client address behind a connection's peer (see `client::client_address`).
    pub fn client_address(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        client::client_address(peer, forwarded_for, &self.trusted_proxies)
    }

    /// Lets a request through, or refuses it with a 429 problem: `key_hash` is the hash of
    /// the API key it carries, if any.
    pub fn admit(
        &self,
        client: IpAddr,
        key_hash: Option<&str>,
        now: Instant,
    ) -> Result<(), ApiError> {
        let address = client::counted_address(client);
        if key_hash.is_some() {
            self.refuse_after_failed_keys(client, now)?;
        }
        let verified = key_hash.filter(|h| self.is_verified(h));
        let counted = match verified {
            Some(hash) => Counted::Key(hash.to_string()),
            None => Counted::Address(address),
        };
        let (taken, rate, whose) = match &counted {
            Counted::Key(hash) => (self.keys.take(hash, now), self.keys.rate(), "this API key"),
            Counted::Address(ip) => (
                self.addresses.take(ip, now),
                self.addresses.rate(),
                "this address",
            ),
        };
        taken.map_err(|wait| {
            refusal(
                format!(
                    "{whose} made more than {} requests a minute (bursts of {}); try again in {} s",
                    rate.per_minute,
                    rate.burst.max(1),
                    retry_after_seconds(wait)
                ),
                wait,
            )
        })
    }

    /// Refuses (429) a key attempt from an address that made too many failed ones: every
    /// request carrying a key, and the web page's sign-in, which takes a key in a form.
    pub fn refuse_after_failed_keys(&self, client: IpAddr, now: Instant) -> Result<(), ApiError> {
        let address = client::counted_address(client);
        self.key_failures.check(&address, now).map_err(|wait| {
            let rate = self.key_failures.rate();
            refusal(
                format!(
                    "too many failed API-key attempts from this address (more than {} at once, then {} a minute); try again in {} s",
                    rate.burst,
                    rate.per_minute,
                    retry_after_seconds(wait)
                ),
                wait,
            )
        })
    }

    fn is_verified(&self, key_hash: &str) -> bool {
        self.verified
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(key_hash)
    }

    /// A request authenticated with this key: from now on it counts as the key's own.
    pub fn key_accepted(&self, key_hash: &str) {
        let mut verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if verified.len() >= VERIFIED_KEYS_KEPT && !verified.contains(key_hash) {
            verified.clear();
        }
        verified.insert(key_hash.to_string());
    }

    /// A request from `client` carried an unknown or revoked key.
    pub fn key_refused(&self, client: IpAddr, key_hash: &str, now: Instant) {
        self.verified
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key_hash);
        let _ = self
            .key_failures
            .take(&client::counted_address(client), now);
    }
}

fn refusal(detail: String, wait: Duration) -> ApiError {
    ApiError::RateLimited {
        detail,
        retry_after_seconds: retry_after_seconds(wait),
    }
}

/// The 408 problem for a request that did not arrive in `timeout`.
pub fn timed_out(what: &str, timeout: Duration) -> ApiError {
    let seconds = timeout.as_secs();
    ApiError::rule(
        ProblemType::RequestTimeout,
        format!("the request's {what} did not arrive within {seconds} s; nothing was done"),
    )
    .with("timeout_seconds", seconds)
}

/// The problem for a request target that cannot be used.
pub fn target_problem(fault: target::TargetFault) -> ApiError {
    match fault {
        target::TargetFault::TooLong { bytes } => ApiError::rule(
            ProblemType::UriTooLong,
            format!(
                "the path and query string are {bytes} bytes long; the API takes at most {} bytes",
                target::MAX_URI_BYTES
            ),
        )
        .with("max_bytes", target::MAX_URI_BYTES),
        target::TargetFault::BadEncoding { parameter, detail } => {
            ApiError::invalid(parameter, detail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(key: u32, address: u32, failures: u32) -> RateLimiter {
        RateLimiter::new(&TrafficSettings {
            key_per_minute: 60,
            key_burst: key,
            address_per_minute: 60,
            address_burst: address,
            key_failures_per_minute: 60,
            key_failures_burst: failures,
            ..TrafficSettings::for_tests()
        })
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn limits_are_on_by_default() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            limits: TrafficSettings,
        }
        let s = <Cli as clap::Parser>::parse_from(["waypoint"]).limits;
        assert_eq!((s.key_per_minute, s.key_burst), (1200, 200));
        assert_eq!((s.address_per_minute, s.address_burst), (300, 100));
        assert_eq!((s.key_failures_per_minute, s.key_failures_burst), (1, 10));
        assert_eq!((s.header_timeout_seconds, s.body_timeout_seconds), (5, 10));
        assert!(s.trusted_proxies.0.is_empty());
    }

    #[test]
    fn an_unverified_key_counts_against_its_address() {
        let l = limiter(5, 1, 10);
        let t0 = Instant::now();
        assert!(l.admit(ip("192.0.2.1"), Some("made-up"), t0).is_ok());
        let e = l.admit(ip("192.0.2.1"), Some("other"), t0).unwrap_err();
        assert!(e.to_string().contains("this address"), "{e}");
    }

    #[test]
    fn a_verified_key_has_its_own_bucket() {
        let l = limiter(2, 1, 10);
        let t0 = Instant::now();
        l.key_accepted("k1");
        for _ in 0..2 {
            assert!(l.admit(ip("192.0.2.1"), Some("k1"), t0).is_ok());
        }
        let e = l.admit(ip("192.0.2.1"), Some("k1"), t0).unwrap_err();
        assert!(e.to_string().contains("this API key"), "{e}");
        assert!(matches!(
            e,
            ApiError::RateLimited {
                retry_after_seconds: 1,
                ..
            }
        ));
        // The address still has its own request.
        assert!(l.admit(ip("192.0.2.1"), None, t0).is_ok());
    }

    #[test]
    fn failed_keys_block_every_key_from_that_address_for_a_while() {
        let l = limiter(100, 100, 2);
        let t0 = Instant::now();
        l.key_accepted("good");
        l.key_refused(ip("192.0.2.1"), "bad1", t0);
        assert!(l.admit(ip("192.0.2.1"), Some("good"), t0).is_ok());
        l.key_refused(ip("192.0.2.1"), "bad2", t0);
        let e = l.admit(ip("192.0.2.1"), Some("good"), t0).unwrap_err();
        assert!(e.to_string().contains("failed API-key attempts"), "{e}");
        // Without a key, and from another address, requests go on.
        assert!(l.admit(ip("192.0.2.1"), None, t0).is_ok());
        assert!(l.admit(ip("192.0.2.2"), Some("good"), t0).is_ok());
        assert!(
            l.admit(ip("192.0.2.1"), Some("good"), t0 + Duration::from_secs(1))
                .is_ok()
        );
    }

    #[test]
    fn a_refused_key_is_no_longer_counted_as_its_own() {
        let l = limiter(100, 1, 100);
        let t0 = Instant::now();
        l.key_accepted("k");
        l.key_refused(ip("192.0.2.1"), "k", t0);
        assert!(l.admit(ip("192.0.2.1"), Some("k"), t0).is_ok());
        assert!(l.admit(ip("192.0.2.1"), Some("k"), t0).is_err());
    }
}
