//! Readiness kept in memory: the store's listing count and whether the database answered
//! when last asked, refreshed by the index follower, so that `/ready` answers a load
//! balancer's every probe without a query.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::error::IndexerError;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::{DbConnection, read};

/// What the follower last learnt of the store.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    /// Listings in the store, counted when the index last moved.
    listings: Option<i64>,
    /// The index's applied change when the listings were counted.
    counted_at_change: Option<i64>,
    database_up: bool,
    checked_at: Option<DateTime<Utc>>,
}

/// The store's state as the follower last saw it.
#[derive(Debug, Default)]
pub struct StoreHealth(Mutex<Seen>);

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` when the store and the search index both answer; `degraded` when the
    /// database did not answer its last check: search still answers from the index, and
    /// whatever needs the database answers 503.
    #[schema(example = "ready")]
    #[schema(schema_with = crate::keywords::readiness)]
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    #[schema(schema_with = crate::keywords::backend)]
    pub backend: &'static str,
    /// Whether the database answered its last check (every 2 s): `up` or `away`.
    #[schema(example = "up")]
    #[schema(schema_with = crate::keywords::database_state)]
    pub database: &'static str,
    /// When the database was last checked.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub checked_at: Option<DateTime<Utc>>,
    /// Services at locations in the store, counted whenever the listings change.
    #[schema(example = 1024)]
    pub listings: i64,
    /// Documents in the search index.
    #[schema(example = 1024)]
    pub index_documents: u64,
}

impl StoreHealth {
    /// After the database answered (`conn` is its connection): counts the listings again
    /// when the index has applied changes since the last count.
    pub fn reached(
        &self,
        conn: &mut DbConnection,
        index: &SearchIndex,
    ) -> Result<(), IndexerError> {
        let applied = index.applied_seq()?;
        let seen = *self.lock();
        let listings = match seen.listings {
            Some(n) if seen.counted_at_change == applied => n,
            _ => read::listing_count(conn)?,
        };
        *self.lock() = Seen {
            listings: Some(listings),
            counted_at_change: applied,
            database_up: true,
            checked_at: Some(Utc::now()),
        };
        Ok(())
    }

    /// The database did not answer.
    pub fn away(&self) {
        let mut seen = self.lock();
        seen.database_up = false;
        seen.checked_at = Some(Utc::now());
    }

    /// What `/ready` says: from memory, and the index's own count.
    pub fn readiness(
        &self,
        index: &SearchIndex,
        backend: &'static str,
    ) -> Result<Readiness, IndexerError> {
        let seen = *self.lock();
        Ok(Readiness {
            status: if seen.database_up {
                "ready"
            } else {
                "degraded"
            },
            backend,
            database: if seen.database_up { "up" } else { "away" },
            checked_at: seen.checked_at,
            listings: seen.listings.unwrap_or(0),
            index_documents: index.num_docs()?,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        // The value is plain data written whole: a panic elsewhere cannot leave it torn.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use waypoint_indexer::store::Store;
    use waypoint_indexer::testing::{TestBackend, TestDatabase};

    use super::*;

    #[test]
    fn readiness_follows_the_last_check_and_counts_again_after_a_load() {
        let db = TestDatabase::new(TestBackend::Sqlite);
        let store = Store::open(&db.url).unwrap();
        let index = SearchIndex::open(&db.index_dir()).unwrap();
        let health = StoreHealth::default();
        // Before any check the database is not known to answer.
        assert_eq!(
            health.readiness(&index, "sqlite").unwrap().status,
            "degraded"
        );

        let mut conn = store.connect().unwrap();
        index.sync(&mut conn).unwrap();
        health.reached(&mut conn, &index).unwrap();
        let ready = health.readiness(&index, "sqlite").unwrap();
        assert_eq!((ready.status, ready.database), ("ready", "up"));
        assert_eq!(ready.listings, 0);

        let fixture = waypoint_indexer::testing::fixtures().join("hsds-json/services.json");
        let request = waypoint_indexer::loader::LoadRequest {
            paths: vec![fixture],
            ..Default::default()
        };
        waypoint_indexer::loader::load(&store, &db.index_dir(), &request).unwrap();
        // Unchanged until the follower looks again.
        assert_eq!(health.readiness(&index, "sqlite").unwrap().listings, 0);
        index.sync(&mut conn).unwrap();
        health.reached(&mut conn, &index).unwrap();
        let loaded = health.readiness(&index, "sqlite").unwrap();
        assert!(loaded.listings > 0);
        assert_eq!(loaded.listings as u64, loaded.index_documents);

        health.away();
        let away = health.readiness(&index, "sqlite").unwrap();
        assert_eq!((away.status, away.database), ("degraded", "away"));
        assert_eq!(away.listings, loaded.listings, "the last count is kept");
    }
}
