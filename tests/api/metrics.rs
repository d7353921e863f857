//! `GET /metrics` end to end: who may read it, and that what a server did shows in it —
//! requests by route pattern and status (never a path or an id), searches, the listings
//! and index, the webhook queue and a delivery, the SQLite writer, the pool.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use waypoint_indexer::testing::TestBackend;
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, spawn_app, spawn_with};

use crate::webhooks::receiver::Receiver;
use crate::webhooks::{enqueue, subscribe_with};

const SCRAPE_TOKEN: &str = "scrape-token-for-tests-0123456789";

async fn scrape(app: &TestApp, admin: &TestPartner) -> String {
    let res = app
        .as_partner(Method::GET, "/metrics", admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = res.text().await.unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    text
}

/// The value of the sample named exactly `sample` (name and labels), when present.
fn value(text: &str, sample: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
}

/// `/ready` once the load is counted and indexed.
async fn indexed(app: &TestApp) -> serde_json::Value {
    for _ in 0..100 {
        let ready: serde_json::Value = app.get("/ready").await.json().await.unwrap();
        if ready["listings"].as_i64() > Some(0) && ready["index_documents"].as_i64() > Some(0) {
            return ready;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the load was never indexed");
}

api_tests! {
    async fn only_admins_and_the_scrape_token_read_the_metrics(backend) {
        let app = spawn_with(backend, |s| s.metrics_token = Some(SCRAPE_TOKEN.parse().unwrap())).await;
        let referrer = app.partner("Fictional Clinic", Role::Referrer, &[]);
        let anonymous = app.client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        assert_eq!(anonymous.headers()["content-type"], "application/problem+json");
        let other_role = app.as_partner(Method::GET, "/metrics", &referrer).send().await.unwrap();
        assert_eq!(other_role.status(), 403);
        let wrong = app.client.get(app.url("/metrics"))
            .bearer_auth("scrape-token-for-tests-but-not-this-one").send().await.unwrap();
        assert_eq!(wrong.status(), 401);
        let scraper = app.client.get(app.url("/metrics")).bearer_auth(SCRAPE_TOKEN).send().await.unwrap();
        assert_eq!(scraper.status(), 200);
        let text = scraper.text().await.unwrap();
        assert_eq!(value(&text, "waypoint_database_up"), Some(1.0), "{text}");
        // The refusals above are counted too, by their route and status.
        assert_eq!(value(&text, "waypoint_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"403\"}"), Some(1.0), "{text}");
        assert!(!text.contains(SCRAPE_TOKEN));
    }

    async fn what_the_server_did_shows_in_its_metrics(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let admin = app.partner("Waypoint Operators (fictional)", Role::Admin, &[]);
        indexed(&app).await;

        let found = app.get("/v1/search?q=food").await;
        assert_eq!(found.status(), 200);
        let missing_id = "00000000-dead-beef-0000-000000000042";
        let res = app.as_partner(Method::GET, &format!("/v1/partners/{missing_id}"), &admin).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(app.get("/no-such-page-7f3a").await.status(), 404);

        // A webhook delivered once.
        let receiver = Receiver::start(&[]).await;
        let (_, _) = subscribe_with(&app, &admin, json!({"url": receiver.url, "event_types": ["referral.created"]})).await;
        enqueue(&app, &admin, "referral.created", json!({}));
        receiver.wait_for(1, Duration::from_secs(20)).await;

        // The attempt is recorded just after the receiver's answer, through the SQLite
        // writer's queue: wait for the count and for the queue to drain.
        let mut text = String::new();
        for _ in 0..100 {
            text = scrape(&app, &admin).await;
            if value(&text, "waypoint_webhook_attempts_total{outcome=\"delivered\"}") == Some(1.0)
                && value(&text, "waypoint_webhook_queue_pending") == Some(0.0)
                && value(&text, "waypoint_writer_queue") == Some(0.0)
            {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(value(&text, "waypoint_webhook_attempts_total{outcome=\"delivered\"}"), Some(1.0), "{text}");
        assert_eq!(value(&text, "waypoint_webhook_queue_pending"), Some(0.0), "{text}");
        assert_eq!(value(&text, "waypoint_webhook_queue_due"), Some(0.0), "{text}");
        assert_eq!(value(&text, "waypoint_webhook_attempt_duration_seconds_count"), Some(1.0), "{text}");

        assert_eq!(value(&text, "waypoint_http_requests_total{method=\"GET\",route=\"/v1/search\",status=\"200\"}"), Some(1.0), "{text}");
        assert_eq!(value(&text, "waypoint_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/search\",status=\"200\"}"), Some(1.0), "{text}");
        assert_eq!(value(&text, "waypoint_search_duration_seconds_count{source=\"store\"}"), Some(1.0), "{text}");
        // Routes by their pattern; a path no route has as `unmatched`: never what was typed.
        assert_eq!(value(&text, "waypoint_http_requests_total{method=\"GET\",route=\"/v1/partners/{id}\",status=\"404\"}"), Some(1.0), "{text}");
        assert_eq!(value(&text, "waypoint_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"), Some(1.0), "{text}");
        assert!(!text.contains(missing_id) && !text.contains("no-such-page"), "{text}");

        // Read after the scrape: the load was indexed long before, so both see the same.
        let ready: serde_json::Value = app.get("/ready").await.json().await.unwrap();
        assert_eq!(value(&text, "waypoint_store_listings"), ready["listings"].as_f64(), "{text}");
        assert_eq!(value(&text, "waypoint_index_documents"), ready["index_documents"].as_f64(), "{text}");
        assert_eq!(value(&text, "waypoint_index_changes_behind"), Some(0.0), "{text}");
        assert!(value(&text, "waypoint_index_lag_seconds").unwrap() < 60.0, "{text}");
        assert!(value(&text, "waypoint_index_sync_duration_seconds_count").unwrap() >= 1.0, "{text}");
        assert_eq!(value(&text, "waypoint_database_up"), Some(1.0));
        assert_eq!(value(&text, "waypoint_db_pool_max_connections"), Some(8.0), "{text}");
        assert!(value(&text, "waypoint_db_pool_idle_connections").unwrap() >= 1.0, "{text}");
        // Writes go through the SQLite writer's batches; PostgreSQL has no writer.
        let batches = value(&text, "waypoint_writer_commit_duration_seconds_count").unwrap();
        match backend {
            TestBackend::Sqlite => assert!(batches >= 2.0, "{text}"),
            TestBackend::Postgres => assert_eq!(batches, 0.0, "{text}"),
        }
        assert_eq!(value(&text, "waypoint_writer_queue"), Some(0.0), "{text}");
    }
}
