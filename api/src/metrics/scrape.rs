//! The state a scrape shows, as gauges: the store's listings, the index's documents and
//! how far it is behind the store, the webhook queue, the database pool, and whether the
//! database answers. While the database is away the store's figures keep their last
//! values and `waypoint_database_up` says 0.

use std::sync::atomic::AtomicU64;

use chrono::{DateTime, Utc};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Registry, Unit};

/// How full the database pool is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUse {
    pub idle: u32,
    pub in_use: u32,
    pub max: u32,
}

/// What only the store knows, read when it answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FromStore {
    /// The newest change of the listings; the index is behind by `last_change - applied`.
    pub last_change: i64,
    pub webhooks: WebhookQueue,
}

/// The deliveries still to send: how many, how many are due now, and the oldest due
/// one's `next_attempt_at` (stored time).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookQueue {
    pub pending: i64,
    pub due: i64,
    pub oldest_due: Option<String>,
}

/// Everything a scrape shows of the moment.
#[derive(Debug, Clone, Default)]
pub struct StoreState {
    pub now: DateTime<Utc>,
    pub listings: i64,
    pub index_documents: u64,
    /// The last change the index applied.
    pub index_applied: i64,
    pub database_up: bool,
    pub pool: PoolUse,
    /// `None` when the database did not answer the scrape.
    pub store: Option<FromStore>,
}

/// The gauges of [`StoreState`], registered once.
pub(super) struct StateGauges {
    listings: Gauge,
    index_documents: Gauge,
    index_changes_behind: Gauge,
    index_lag_seconds: Gauge<f64, AtomicU64>,
    database_up: Gauge,
    pool_idle: Gauge,
    pool_in_use: Gauge,
    pool_max: Gauge,
    webhook_pending: Gauge,
    webhook_due: Gauge,
    webhook_oldest_due_seconds: Gauge<f64, AtomicU64>,
    started_at: f64,
}

fn unix_seconds(t: DateTime<Utc>) -> f64 {
    t.timestamp_micros() as f64 / 1e6
}

impl StateGauges {
    pub(super) fn register(registry: &mut Registry) -> StateGauges {
        let g = StateGauges {
            listings: Gauge::default(),
            index_documents: Gauge::default(),
            index_changes_behind: Gauge::default(),
            index_lag_seconds: Gauge::default(),
            database_up: Gauge::default(),
            pool_idle: Gauge::default(),
            pool_in_use: Gauge::default(),
            pool_max: Gauge::default(),
            webhook_pending: Gauge::default(),
            webhook_due: Gauge::default(),
            webhook_oldest_due_seconds: Gauge::default(),
            started_at: unix_seconds(Utc::now()),
        };
        // The pool's two counts are two gauges, not one labelled by state: a family's
        // series come out in no set order, and the document's example must be the same
        // on every run.
        for (name, help, gauge) in [
            (
                "store_listings",
                "Services at locations in the store",
                &g.listings,
            ),
            (
                "index_documents",
                "Documents in the search index",
                &g.index_documents,
            ),
            (
                "index_changes_behind",
                "Listing changes in the store the search index has not applied yet",
                &g.index_changes_behind,
            ),
            (
                "database_up",
                "1 when the database answered this scrape, else 0",
                &g.database_up,
            ),
            (
                "db_pool_idle_connections",
                "Pooled database connections open and free",
                &g.pool_idle,
            ),
            (
                "db_pool_in_use_connections",
                "Pooled database connections serving a request",
                &g.pool_in_use,
            ),
            (
                "db_pool_max_connections",
                "The most connections the pool opens",
                &g.pool_max,
            ),
            (
                "webhook_queue_pending",
                "Webhook deliveries not yet delivered or given up (all instances)",
                &g.webhook_pending,
            ),
            (
                "webhook_queue_due",
                "Pending webhook deliveries whose next attempt is due now",
                &g.webhook_due,
            ),
        ] {
            registry.register(name, help, gauge.clone());
        }
        for (name, help, gauge) in [
            (
                "index_lag",
                "Time since the index was last caught up with the store (or since this server started)",
                &g.index_lag_seconds,
            ),
            (
                "webhook_queue_oldest_due",
                "How long the oldest due webhook delivery has been due",
                &g.webhook_oldest_due_seconds,
            ),
        ] {
            registry.register_with_unit(name, help, Unit::Seconds, gauge.clone());
        }
        g
    }

    /// Sets the gauges to `s`; `synced_at` is when the index last caught up (0: never).
    pub(super) fn set(&self, s: &StoreState, synced_at: f64) {
        let now = unix_seconds(s.now);
        self.listings.set(s.listings);
        self.index_documents
            .set(i64::try_from(s.index_documents).unwrap_or(i64::MAX));
        self.index_lag_seconds
            .set((now - synced_at.max(self.started_at)).max(0.0));
        self.database_up.set(i64::from(s.database_up));
        self.pool_idle.set(i64::from(s.pool.idle));
        self.pool_in_use.set(i64::from(s.pool.in_use));
        self.pool_max.set(i64::from(s.pool.max));
        let Some(store) = &s.store else { return };
        self.index_changes_behind
            .set((store.last_change - s.index_applied).max(0));
        let q = &store.webhooks;
        self.webhook_pending.set(q.pending);
        self.webhook_due.set(q.due);
        let oldest = q
            .oldest_due
            .as_deref()
            .and_then(crate::clock::parse)
            .map_or(0.0, |t| (now - unix_seconds(t)).max(0.0));
        self.webhook_oldest_due_seconds.set(oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Metrics;
    use super::*;

    #[test]
    fn a_scrape_shows_the_state_it_was_given() {
        let m = Metrics::new();
        let now = Utc::now();
        let state = StoreState {
            now,
            listings: 1200,
            index_documents: 1190,
            index_applied: 40,
            database_up: true,
            pool: PoolUse {
                idle: 3,
                in_use: 2,
                max: 16,
            },
            store: Some(FromStore {
                last_change: 45,
                webhooks: WebhookQueue {
                    pending: 7,
                    due: 2,
                    oldest_due: Some(crate::clock::format(now - chrono::Duration::seconds(90))),
                },
            }),
        };
        let text = m.render(&state);
        for expected in [
            "waypoint_store_listings 1200",
            "waypoint_index_documents 1190",
            "waypoint_index_changes_behind 5",
            "waypoint_database_up 1",
            "waypoint_db_pool_in_use_connections 2",
            "waypoint_db_pool_max_connections 16",
            "waypoint_webhook_queue_pending 7",
            "waypoint_webhook_queue_due 2",
        ] {
            assert!(text.lines().any(|l| l == expected), "{expected} in\n{text}");
        }
        let oldest: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("waypoint_webhook_queue_oldest_due_seconds "))
            .unwrap()
            .parse()
            .unwrap();
        assert!((89.0..=91.0).contains(&oldest), "{oldest}");
    }

    #[test]
    fn while_the_database_is_away_the_store_figures_keep_their_last_values() {
        let m = Metrics::new();
        let mut state = StoreState {
            database_up: true,
            store: Some(FromStore {
                last_change: 3,
                webhooks: WebhookQueue {
                    pending: 4,
                    ..Default::default()
                },
            }),
            ..Default::default()
        };
        m.render(&state);
        state.database_up = false;
        state.store = None;
        let text = m.render(&state);
        assert!(
            text.lines().any(|l| l == "waypoint_database_up 0"),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l == "waypoint_webhook_queue_pending 4"),
            "{text}"
        );
    }
}
