//! The relational store: SQLite by default, PostgreSQL for several instances. Code is
//! written once against `DbConnection` and `with_conn!` compiles it for each backend.
//!
//! `schema` describes every table (the API's too) and `Store::open` applies every
//! migration; `rows` has one struct per listing table, which `write` inserts and every
//! read selects; `read` gives records back as the model and the listings, changes and
//! counts the search index and `stats` need; `hsds` answers the `/hsds` endpoints.

mod folded;
pub mod geo;
pub mod hsds;
pub mod read;
pub mod rows;
pub mod schema;
pub mod uncategorised;
pub mod write;

use std::path::PathBuf;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::{IndexerError, Result};
use crate::redact::{SecretUrl, redact};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Ids or rows per `IN (…)` list or multi-row INSERT: well under both backends'
/// bound-parameter limits.
pub const CHUNK: usize = 500;

/// An open connection to either backend.
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Runs the same code against whichever backend a connection is: the body is compiled
/// once per backend, so every diesel query in it is checked for both.
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::store::DbConnection::Sqlite($c) => $body,
            $crate::store::DbConnection::Postgres($c) => $body,
        }
    };
}

/// Which backend a database URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (`sqlite://data/waypoint.db`, `sqlite:///abs/path.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://…` or `postgresql://…`).
    Postgres(SecretUrl),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres(SecretUrl::new(url)))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(IndexerError::Config(format!(
                    "database URL {:?} names no file",
                    redact(url)
                )));
            }
            Ok(Backend::Sqlite(PathBuf::from(path)))
        } else {
            Err(IndexerError::Config(format!(
                "database URL {:?} is neither sqlite://PATH nor postgres://…",
                redact(url)
            )))
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// A database the listing code can open connections to. Opening it applies migrations.
#[derive(Debug, Clone)]
pub struct Store {
    url: SecretUrl,
    backend: Backend,
}

impl Store {
    /// Opens (creating where needed) the database and brings its schema up to date.
    pub fn open(url: &str) -> Result<Store> {
        let backend = Backend::from_url(url)?;
        let url = SecretUrl::new(url);
        if let Backend::Sqlite(path) = &backend
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                IndexerError::connection(&url, format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let store = Store { url, backend };
        let mut conn = store.connect()?;
        let applied = match &mut conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        };
        applied.map_err(|e| IndexerError::Migration(store.url.scrub(&e.to_string())))?;
        folded::backfill(&mut conn)?;
        geo::backfill_area_bounds(&mut conn)?;
        Ok(store)
    }

    /// The database URL, printed with its secrets masked.
    pub fn url(&self) -> &SecretUrl {
        &self.url
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// A new connection, set up for this workload (WAL, foreign keys on SQLite).
    pub fn connect(&self) -> Result<DbConnection> {
        let fail = |e: String| IndexerError::connection(&self.url, e);
        match &self.backend {
            Backend::Sqlite(path) => {
                let mut c = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| fail(e.to_string()))?;
                // busy_timeout first: switching to WAL takes a lock, and without the timeout
                // a connection opened while another one writes fails at once (SQLITE_BUSY).
                c.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                )
                .map_err(|e| fail(e.to_string()))?;
                Ok(DbConnection::Sqlite(c))
            }
            Backend::Postgres(url) => PgConnection::establish(url.expose())
                .map(DbConnection::Postgres)
                .map_err(|e| fail(e.to_string())),
        }
    }
}

impl DbConnection {
    /// For a load of several sources: SQLite's automatic checkpoint would copy (and
    /// flush) the WAL into the database at the commit that fills it, on the writing
    /// thread; the loader calls `checkpoint` after each source instead, beside other work.
    /// The setting lasts as long as this connection: a new one checkpoints by itself
    /// again. Nothing to do on PostgreSQL.
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        if let DbConnection::Sqlite(c) = self {
            c.batch_execute("PRAGMA wal_autocheckpoint = 0;")?;
        }
        Ok(())
    }

    /// Copies the WAL into the database without waiting for readers (a reader that holds
    /// an old snapshot leaves the rest to a later checkpoint). Checkpoints stay deferred.
    pub fn checkpoint(&mut self) -> Result<()> {
        if let DbConnection::Sqlite(c) = self {
            c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);")?;
        }
        Ok(())
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise,
    /// so a failed load leaves the store as it was. On SQLite an outermost transaction
    /// takes the write lock as it begins (`BEGIN IMMEDIATE`): a deferred one that reads
    /// first and writes later cannot wait for the lock (`busy_timeout` does not apply to
    /// that upgrade) and fails with "database is locked" when another process wrote
    /// meanwhile. Nested calls are savepoints of the transaction around them.
    pub fn in_transaction<T, E>(
        &mut self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        match self {
            DbConnection::Sqlite(c) => {
                let outermost = matches!(
                    AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth(),
                    Ok(None)
                );
                if outermost {
                    AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
                } else {
                    AnsiTransactionManager::begin_transaction(c)?
                }
            }
            DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
        }
        match f(self) {
            Ok(value) => {
                with_conn!(self, |c| AnsiTransactionManager::commit_transaction(c))?;
                Ok(value)
            }
            Err(e) => {
                // The caller's error is the one worth reporting; a failed rollback means the
                // connection is broken and will be dropped anyway.
                let _ = with_conn!(self, |c| AnsiTransactionManager::rollback_transaction(c));
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend() {
        assert_eq!(
            Backend::from_url("sqlite://data/waypoint.db").unwrap(),
            Backend::Sqlite("data/waypoint.db".into())
        );
        assert_eq!(
            Backend::from_url("sqlite:///tmp/w.db").unwrap(),
            Backend::Sqlite("/tmp/w.db".into())
        );
        assert!(matches!(
            Backend::from_url("postgres://postgres@127.0.0.1/w"),
            Ok(Backend::Postgres(_))
        ));
        assert!(Backend::from_url("mysql://x").is_err());
        let refused = Backend::from_url("mysql://u:SECRET@h/w").unwrap_err();
        assert!(!refused.to_string().contains("SECRET"), "{refused}");
        assert!(Backend::from_url("sqlite://").is_err());
    }

    crate::backend_tests! {
        fn child_rows_refer_to_owners_by_keys_given_in_writing_order(db) {
            use std::collections::HashMap;
            use diesel::prelude::*;
            use schema::*;
            let store = Store::open(&db.url).unwrap();
            let fixtures = crate::testing::fixtures();
            for (source, path) in [("first", "hsds-json/services.json"), ("second", "hsds-csv")] {
                let request = crate::loader::LoadRequest {
                    paths: vec![fixtures.join(path)],
                    source: Some(source.into()),
                    ..Default::default()
                };
                crate::loader::load(&store, &db.index_dir(), &request).unwrap();
            }
            let mut conn = store.connect().unwrap();
            let services: Vec<(i64, String, String)> = with_conn!(&mut conn, |c| services::table
                .select((services::key, services::id, services::source))
                .load(c))
            .unwrap();
            let last_first = services.iter().filter(|s| s.2 == "first").map(|s| s.0).max();
            let first_second = services.iter().filter(|s| s.2 == "second").map(|s| s.0).min();
            assert!(last_first.unwrap() < first_second.unwrap(), "{services:?}");
            let service_of: HashMap<i64, String> =
                services.into_iter().map(|(key, id, _)| (key, id)).collect();
            let locations: HashMap<i64, String> = with_conn!(&mut conn, |c| locations::table
                .select((locations::key, locations::id))
                .load(c))
            .unwrap()
            .into_iter()
            .collect();
            // Each row's key names the owner its HSDS id names.
            let sals: Vec<(i64, String, i64, String)> = with_conn!(&mut conn, |c| {
                service_at_locations::table
                    .select((
                        service_at_locations::service_key,
                        service_at_locations::service_id,
                        service_at_locations::location_key,
                        service_at_locations::location_id,
                    ))
                    .load(c)
            })
            .unwrap();
            assert!(!sals.is_empty());
            for (service_key, service_id, location_key, location_id) in &sals {
                assert_eq!(&service_of[service_key], service_id);
                assert_eq!(&locations[location_key], location_id);
            }
            type Owners = (Option<i64>, Option<String>, Option<i64>, Option<String>);
            let phones: Vec<Owners> =
                with_conn!(&mut conn, |c| phones::table
                    .select((
                        phones::service_key,
                        phones::service_id,
                        phones::location_key,
                        phones::location_id,
                    ))
                    .load(c))
                .unwrap();
            assert!(phones.iter().any(|p| p.0.is_some()));
            for (service_key, service_id, location_key, location_id) in &phones {
                assert_eq!(service_key.map(|k| service_of[&k].clone()), *service_id);
                assert_eq!(location_key.map(|k| locations[&k].clone()), *location_id);
            }
            let addresses: Vec<(i64, String)> = with_conn!(&mut conn, |c| addresses::table
                .select((addresses::location_key, addresses::location_id))
                .load(c))
            .unwrap();
            assert!(!addresses.is_empty());
            for (location_key, location_id) in &addresses {
                assert_eq!(&locations[location_key], location_id);
            }
            // Removing a service removes what hangs off it, through its key.
            let gone = &sals[0].1;
            with_conn!(&mut conn, |c| diesel::delete(services::table.find(gone)).execute(c))
                .unwrap();
            let left: i64 = with_conn!(&mut conn, |c| service_at_locations::table
                .filter(service_at_locations::service_id.eq(gone))
                .count()
                .get_result(c))
            .unwrap();
            assert_eq!(left, 0);
        }

        fn the_newest_migration_keeps_every_listing_both_ways(db) {
            let store = Store::open(&db.url).unwrap();
            let paths = vec![
                crate::testing::fixtures().join("hsds-json/services.json"),
                crate::testing::fixtures().join("hsds-csv"),
            ];
            let request = crate::loader::LoadRequest { paths, ..Default::default() };
            crate::loader::load(&store, &db.index_dir(), &request).unwrap();
            let mut conn = store.connect().unwrap();
            let before = read::records(&mut conn, None).unwrap();
            assert!(before.iter().any(|r| !r.record.service.phones.is_empty()));
            let back_and_forth = |c: &mut DbConnection| -> std::result::Result<(), String> {
                match c {
                    DbConnection::Sqlite(c) => {
                        c.revert_last_migration(SQLITE_MIGRATIONS).map_err(|e| e.to_string())?;
                        c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(|e| e.to_string())?;
                    }
                    DbConnection::Postgres(c) => {
                        c.revert_last_migration(POSTGRES_MIGRATIONS).map_err(|e| e.to_string())?;
                        c.run_pending_migrations(POSTGRES_MIGRATIONS).map_err(|e| e.to_string())?;
                    }
                }
                Ok(())
            };
            back_and_forth(&mut conn).unwrap();
            let after = read::records(&mut conn, None).unwrap();
            assert_eq!(after.len(), before.len());
            for (a, b) in after.iter().zip(&before) {
                assert_eq!(a.record, b.record);
            }
        }
    }
}
