//! Webhook settings, from flags or `WAYPOINT_WEBHOOKS_*` environment variables.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use super::schedule::RetrySchedule;
use super::url_policy::HostResolver;

#[derive(Debug, Clone, clap::Args)]
pub struct WebhookSettings {
    /// Allow endpoints on private, loopback and link-local addresses (local development
    /// and tests only: otherwise a partner could make Waypoint call inside its network).
    #[arg(
        long = "webhooks-allow-private",
        env = "WAYPOINT_WEBHOOKS_ALLOW_PRIVATE"
    )]
    pub allow_private: bool,
    /// Comma-separated retry delays in seconds, replacing the standard schedule
    /// (5 s, 5 min, 30 min, 2 h, 5 h, then 10 h up to about three days).
    #[arg(
        long = "webhooks-retry-seconds",
        env = "WAYPOINT_WEBHOOKS_RETRY_SECONDS",
        value_parser = RetrySchedule::parse
    )]
    pub retry_seconds: Option<RetrySchedule>,
    /// How often the deliverer looks for due deliveries, in milliseconds.
    #[arg(
        long = "webhooks-poll-ms",
        env = "WAYPOINT_WEBHOOKS_POLL_MS",
        default_value_t = 1000
    )]
    pub poll_ms: u64,
    /// How long a claimed delivery stays with its deliverer without word from it, in
    /// seconds. The deliverer renews its claims every third of this while it sends, so
    /// after an instance dies its claims pass to another within this (plus one poll).
    #[arg(
        long = "webhooks-lease-seconds",
        env = "WAYPOINT_WEBHOOKS_LEASE_SECONDS",
        default_value_t = 10
    )]
    pub lease_seconds: u64,
    /// How endpoint host names are looked up: DNS, except in tests, which give a fixed
    /// table so that no generated name makes a query leave the machine.
    #[arg(skip)]
    pub resolver: HostResolver,
}

impl WebhookSettings {
    /// Tests: private addresses allowed, quick retries and polling, and no DNS (only
    /// `localhost` and IP literals resolve).
    pub fn for_tests() -> WebhookSettings {
        WebhookSettings {
            allow_private: true,
            retry_seconds: Some(RetrySchedule::parse("1,1,2").expect("valid schedule")),
            poll_ms: 200,
            lease_seconds: 10,
            resolver: HostResolver::fixed([
                ("localhost", IpAddr::V4(Ipv4Addr::LOCALHOST)),
                ("localhost", IpAddr::V6(Ipv6Addr::LOCALHOST)),
            ]),
        }
    }

    pub fn schedule(&self) -> RetrySchedule {
        self.retry_seconds.clone().unwrap_or_default()
    }

    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_ms.max(10))
    }

    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_seconds.max(1))
    }
}
