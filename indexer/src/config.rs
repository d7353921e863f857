//! Settings shared by the binaries: where the database and the index live.

/// `sqlite://data/waypoint.db`: an embedded store under `./data`, nothing to install.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/waypoint.db";
pub const DEFAULT_INDEX_DIR: &str = "data/index";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
