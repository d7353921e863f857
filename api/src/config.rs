//! Server settings, from flags or `WAYPOINT_*` environment variables.

use std::path::PathBuf;

use waypoint_indexer::config::{DEFAULT_BIND, DEFAULT_DATABASE_URL, DEFAULT_INDEX_DIR};

#[derive(Debug, Clone, clap::Args)]
pub struct ServeSettings {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "WAYPOINT_BIND", default_value = DEFAULT_BIND)]
    pub bind: String,
    /// sqlite://PATH or postgres://…
    #[arg(long, env = "WAYPOINT_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
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
    /// Hours after which a program's capacity report is stale and no longer counts as room.
    #[arg(long, env = "WAYPOINT_CAPACITY_STALE_HOURS", default_value_t = crate::capacity::DEFAULT_STALE_AFTER_HOURS)]
    pub capacity_stale_hours: i64,
}

impl ServeSettings {
    /// Settings for a throwaway server (tests): port 0 and the given store.
    pub fn for_tests(database_url: &str, index_dir: PathBuf) -> ServeSettings {
        ServeSettings {
            bind: "127.0.0.1:0".into(),
            database_url: database_url.to_string(),
            index_dir,
            seed_dir: None,
            no_seed: true,
            pool_size: 8,
            capacity_stale_hours: crate::capacity::DEFAULT_STALE_AFTER_HOURS,
        }
    }
}
