//! Server settings, from flags or `WAYPOINT_*` environment variables.

use std::path::PathBuf;

use crate::referrals::reminders::{self, ReminderPolicy};
use waypoint_indexer::config::{DEFAULT_BIND, DEFAULT_DATABASE_URL, DEFAULT_INDEX_DIR};
use waypoint_indexer::redact::SecretUrl;

#[derive(Debug, Clone, clap::Args)]
pub struct ServeSettings {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "WAYPOINT_BIND", default_value = DEFAULT_BIND)]
    pub bind: String,
    /// sqlite://PATH or postgres://…
    #[arg(long, env = "WAYPOINT_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    pub database_url: SecretUrl,
    /// Folder of the search index.
    #[arg(long, env = "WAYPOINT_INDEX_DIR", default_value = DEFAULT_INDEX_DIR)]
    pub index_dir: PathBuf,
    /// Demonstration data loaded into an empty store at start-up.
    #[arg(long, env = "WAYPOINT_SEED_DIR")]
    pub seed_dir: Option<PathBuf>,
    /// Start with an empty store instead of loading the seed data.
    #[arg(long, env = "WAYPOINT_NO_SEED")]
    pub no_seed: bool,
    /// Database connections kept open for requests.
    #[arg(long, env = "WAYPOINT_POOL_SIZE", default_value_t = 16)]
    pub pool_size: u32,
    /// Check every answer against the OpenAPI document and turn one it does not describe
    /// into a 500 naming the mismatch (for tests and contract fuzzing, never production).
    #[arg(long, env = "WAYPOINT_CHECK_CONTRACT", hide = true)]
    pub check_contract: bool,
    /// Require an API key for /v1/search and /hsds too (they are public by default).
    #[arg(long, env = "WAYPOINT_REQUIRE_API_KEY")]
    pub require_api_key: bool,
    /// Reminder delays for referrals the receiver has not acted on, e.g. `24h,72h,7d`.
    #[arg(long, env = "WAYPOINT_REFERRAL_REMINDERS", default_value = crate::referrals::reminders::DEFAULT_DELAYS)]
    pub referral_reminders: String,
    /// Cancel referrals the receiver has not acted on after this delay (e.g. `14d`); off
    /// when not given.
    #[arg(long, env = "WAYPOINT_REFERRAL_EXPIRE_AFTER")]
    pub referral_expire_after: Option<String>,
    /// How often to look for due reminders, in seconds.
    #[arg(long, env = "WAYPOINT_REMINDER_CHECK_SECONDS", default_value_t = 60)]
    pub reminder_check_seconds: u64,
    #[command(flatten)]
    pub webhooks: crate::webhooks::WebhookSettings,
    /// Hours after which a program's capacity report is stale and no longer counts as room.
    #[arg(long, env = "WAYPOINT_CAPACITY_STALE_HOURS", default_value_t = crate::capacity::DEFAULT_STALE_AFTER_HOURS)]
    pub capacity_stale_hours: i64,
    /// Browser origins allowed to call the API from their pages, comma separated
    /// (`https://app.example.org`); none by default.
    #[arg(long, env = "WAYPOINT_CORS_ORIGINS", default_value = "")]
    pub cors_origins: String,
    #[command(flatten)]
    pub traffic: crate::traffic::TrafficSettings,
    /// A token Prometheus presents (`Authorization: Bearer TOKEN`) to read `/metrics`
    /// without an admin's API key; at least 24 characters. Unset, only admins read it.
    #[arg(long, env = "WAYPOINT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<crate::metrics::token::ScrapeToken>,
}

impl ServeSettings {
    /// The reminder and expiry policy these settings describe.
    pub fn reminder_policy(&self) -> Result<ReminderPolicy, String> {
        Ok(ReminderPolicy {
            delays: reminders::parse_delays(&self.referral_reminders)?,
            expire_after: self
                .referral_expire_after
                .as_deref()
                .map(reminders::parse_delay)
                .transpose()?,
        })
    }

    /// Settings for a throwaway server (tests): port 0 and the given store.
    pub fn for_tests(database_url: &str, index_dir: PathBuf) -> ServeSettings {
        ServeSettings {
            bind: "127.0.0.1:0".into(),
            database_url: SecretUrl::new(database_url),
            index_dir,
            seed_dir: None,
            no_seed: true,
            pool_size: 8,
            require_api_key: false,
            check_contract: true,
            referral_reminders: crate::referrals::reminders::DEFAULT_DELAYS.into(),
            referral_expire_after: None,
            reminder_check_seconds: 60,
            webhooks: crate::webhooks::WebhookSettings::for_tests(),
            capacity_stale_hours: crate::capacity::DEFAULT_STALE_AFTER_HOURS,
            cors_origins: String::new(),
            traffic: crate::traffic::TrafficSettings::for_tests(),
            metrics_token: None,
        }
    }
}
