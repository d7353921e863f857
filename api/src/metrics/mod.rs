//! What operators see at `GET /metrics`, in the Prometheus (OpenMetrics) text format:
//! requests and their latency by route and status, search latency, the index's size and
//! how far it is behind the store, the webhook queue and each attempt's outcome, the
//! SQLite writer's queue and commit time, and database pool use. Events are counted as
//! they happen; the state of the store, read when scraped (by the monitoring area), is
//! set into gauges here ([`scrape`]). Each server has
//! its own, so servers in one process (as in the tests) never mix their figures.

pub mod scrape;
pub mod token;

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

/// The content type of the answer.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A request, by what it asked and how it was answered. `route` is the route's pattern
/// (`/v1/referrals/{id}`), or `unmatched`: never a path a caller typed, so the label set
/// stays bounded and holds no identifier.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// Where a search was answered from: `store` (the index with live capacity) or `index`
/// (the index alone, while the database is away).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SearchLabels {
    pub source: String,
}

/// How a webhook attempt ended: `delivered`, `retry`, `failed` (given up), `gone` (the
/// receiver said 410).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AttemptLabels {
    pub outcome: String,
}

type Seconds = fn() -> Histogram;

/// Half a millisecond to about 16 s, doubling.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// The writer's figures, handed to its thread.
#[derive(Clone)]
pub struct WriterMetrics {
    /// Writes waiting for the writer thread.
    pub queued: Gauge,
    /// How long each batch took, from `BEGIN` to its commit.
    pub commit_seconds: Histogram,
    /// Writes per batch.
    pub batch_size: Histogram,
}

impl Default for WriterMetrics {
    fn default() -> WriterMetrics {
        WriterMetrics {
            queued: Gauge::default(),
            commit_seconds: latency(),
            batch_size: Histogram::new(exponential_buckets(1.0, 2.0, 9)),
        }
    }
}

/// One server's figures.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RequestLabels, Histogram, Seconds>,
    search_seconds: Family<SearchLabels, Histogram, Seconds>,
    webhook_attempts: Family<AttemptLabels, Counter>,
    webhook_attempt_seconds: Histogram,
    index_sync_seconds: Histogram,
    index_services_changed: Counter,
    /// When the index last caught up with the store (Unix seconds); 0 before it has.
    index_synced_at: Gauge<f64, AtomicU64>,
    pub writer: WriterMetrics,
    state: scrape::StateGauges,
    /// One scrape at a time, so the gauges set and encoded belong together.
    scraping: Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("waypoint");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        let request_seconds =
            Family::<RequestLabels, Histogram, Seconds>::new_with_constructor(latency as Seconds);
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer an HTTP request, by method, route and status",
            Unit::Seconds,
            request_seconds.clone(),
        );
        let search_seconds =
            Family::<SearchLabels, Histogram, Seconds>::new_with_constructor(latency as Seconds);
        registry.register_with_unit(
            "search_duration",
            "Time to find, rank and page a search (API and web page), without HTTP",
            Unit::Seconds,
            search_seconds.clone(),
        );
        let webhook_attempts = Family::<AttemptLabels, Counter>::default();
        registry.register(
            "webhook_attempts",
            "Webhook sends by this instance, by outcome",
            webhook_attempts.clone(),
        );
        let webhook_attempt_seconds = latency();
        registry.register_with_unit(
            "webhook_attempt_duration",
            "Time from preparing a webhook to its receiver's answer",
            Unit::Seconds,
            webhook_attempt_seconds.clone(),
        );
        let index_sync_seconds = latency();
        registry.register_with_unit(
            "index_sync_duration",
            "Time the index follower took to catch up with the store",
            Unit::Seconds,
            index_sync_seconds.clone(),
        );
        let index_services_changed = Counter::default();
        registry.register(
            "index_services_changed",
            "Services the index follower re-indexed or removed",
            index_services_changed.clone(),
        );
        let index_synced_at = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "index_synced_at_seconds",
            "When the index last caught up with the store (Unix time)",
            index_synced_at.clone(),
        );
        let writer = WriterMetrics::default();
        registry.register(
            "writer_queue",
            "Writes waiting for the SQLite writer (always 0 on PostgreSQL)",
            writer.queued.clone(),
        );
        registry.register_with_unit(
            "writer_commit_duration",
            "Time the SQLite writer took per batch, from BEGIN to its commit",
            Unit::Seconds,
            writer.commit_seconds.clone(),
        );
        registry.register(
            "writer_batch_size",
            "Writes per SQLite writer batch",
            writer.batch_size.clone(),
        );
        let state = scrape::StateGauges::register(&mut registry);
        Metrics {
            registry,
            requests,
            request_seconds,
            search_seconds,
            webhook_attempts,
            webhook_attempt_seconds,
            index_sync_seconds,
            index_services_changed,
            index_synced_at,
            writer,
            state,
            scraping: Mutex::new(()),
        }
    }

    /// One answered request.
    pub fn observe_request(&self, method: &str, route: Option<&str>, status: u16, took: Duration) {
        let labels = RequestLabels {
            method: method.to_string(),
            route: route.unwrap_or("unmatched").to_string(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.request_seconds
            .get_or_create(&labels)
            .observe(took.as_secs_f64());
    }

    /// One search; `from_store` false when it was answered from the index alone.
    pub fn observe_search(&self, from_store: bool, took: Duration) {
        let source = if from_store { "store" } else { "index" };
        self.search_seconds
            .get_or_create(&SearchLabels {
                source: source.into(),
            })
            .observe(took.as_secs_f64());
    }

    /// One webhook attempt by this instance.
    pub fn observe_webhook_attempt(&self, outcome: &str, took: Duration) {
        self.webhook_attempts
            .get_or_create(&AttemptLabels {
                outcome: outcome.into(),
            })
            .inc();
        self.webhook_attempt_seconds.observe(took.as_secs_f64());
    }

    /// The index follower caught up at `at` (Unix seconds), re-indexing `changed` services.
    pub fn observe_index_sync(&self, changed: u64, took: Duration, at: f64) {
        self.index_services_changed.inc_by(changed);
        self.index_sync_seconds.observe(took.as_secs_f64());
        self.index_synced_at.set(at);
    }

    /// The text of a scrape, with the store's state as read just now.
    pub fn render(&self, state: &scrape::StoreState) -> String {
        let _one_at_a_time = self.scraping.lock().unwrap_or_else(|e| e.into_inner());
        self.state.set(state, self.index_synced_at.get());
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// A scrape of a server that answered one search, for the document's example.
pub fn example() -> String {
    let m = Metrics::new();
    let took = Duration::from_micros(1800);
    m.observe_search(true, took);
    m.observe_request(
        "GET",
        Some("/v1/search"),
        200,
        took + Duration::from_micros(400),
    );
    m.render(&scrape::StoreState {
        listings: 1024,
        index_documents: 1024,
        index_applied: 12,
        database_up: true,
        pool: scrape::PoolUse {
            idle: 1,
            in_use: 0,
            max: 16,
        },
        store: Some(scrape::FromStore {
            last_change: 12,
            webhooks: scrape::WebhookQueue::default(),
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, starts: &str) -> Option<&'a str> {
        text.lines().find(|l| l.starts_with(starts))
    }

    #[test]
    fn requests_are_counted_by_route_pattern_and_status() {
        let m = Metrics::new();
        let ms = Duration::from_millis(3);
        m.observe_request("GET", Some("/v1/referrals/{id}"), 200, ms);
        m.observe_request("GET", Some("/v1/referrals/{id}"), 200, ms);
        m.observe_request("GET", None, 404, ms);
        let text = m.render(&scrape::StoreState::default());
        assert_eq!(
            line(
                &text,
                "waypoint_http_requests_total{method=\"GET\",route=\"/v1/referrals/{id}\",status=\"200\"}"
            ),
            Some(
                "waypoint_http_requests_total{method=\"GET\",route=\"/v1/referrals/{id}\",status=\"200\"} 2"
            )
        );
        assert!(
            line(
                &text,
                "waypoint_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"
            )
            .is_some(),
            "{text}"
        );
        // 3 ms falls in the 4 ms bucket (and every one above), not in the 2 ms one.
        let bucket = |le: &str| {
            format!(
                "waypoint_http_request_duration_seconds_bucket{{le=\"{le}\",method=\"GET\",route=\"/v1/referrals/{{id}}\",status=\"200\"}}"
            )
        };
        assert_eq!(
            line(&text, &bucket("0.002")).map(|l| l.ends_with(" 0")),
            Some(true),
            "{text}"
        );
        assert_eq!(
            line(&text, &bucket("0.004")).map(|l| l.ends_with(" 2")),
            Some(true),
            "{text}"
        );
        assert_eq!(
            line(&text, &bucket("+Inf")).map(|l| l.ends_with(" 2")),
            Some(true),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn webhook_outcomes_and_searches_are_counted_apart() {
        let m = Metrics::new();
        m.observe_webhook_attempt("delivered", Duration::from_millis(20));
        m.observe_webhook_attempt("retry", Duration::from_millis(20));
        m.observe_webhook_attempt("retry", Duration::from_millis(20));
        m.observe_search(false, Duration::from_millis(1));
        let text = m.render(&scrape::StoreState::default());
        assert!(
            text.contains("waypoint_webhook_attempts_total{outcome=\"retry\"} 2"),
            "{text}"
        );
        assert!(text.contains("waypoint_webhook_attempts_total{outcome=\"delivered\"} 1"));
        assert!(text.contains("waypoint_search_duration_seconds_count{source=\"index\"} 1"));
    }
}
