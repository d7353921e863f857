//! A PostgreSQL outage under a running server (a cluster of the test's own, stopped and
//! started again): search goes on from the index with capacity unknown, whatever needs the
//! database answers 503 with `Retry-After` at once, and all of it recovers by itself.

use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use serde_json::Value;
use waypoint_api::Application;
use waypoint_api::config::ServeSettings;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::redact::SecretUrl;
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{fixtures, own_cluster_or_skip};
use waypoint_tests::{PartnersArgs, PartnersCommand, Role, run};

/// The status, the `Retry-After` header and the JSON body of a GET, and how long it took.
async fn get(
    client: &reqwest::Client,
    url: &str,
    key: Option<&str>,
) -> (u16, Option<String>, Value, Duration) {
    let started = Instant::now();
    let mut req = client.get(url);
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.expect("the server answers");
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = res.json().await.unwrap_or(Value::Null);
    (status, retry_after, body, started.elapsed())
}

const SCRAPE_TOKEN: &str = "outage-scrape-token-0123456789";

#[test]
fn search_survives_a_database_outage_and_the_rest_fails_fast_then_recovers() {
    let name = "search_survives_a_database_outage_and_the_rest_fails_fast_then_recovers";
    let Some(mut cluster) = own_cluster_or_skip(name) else {
        return;
    };
    PgConnection::establish(&format!("{}/postgres", cluster.url("postgres")))
        .unwrap()
        .batch_execute("CREATE DATABASE waypoint")
        .unwrap();
    let url = format!("{}/waypoint", cluster.url("postgres"));
    let dir = tempfile::tempdir().unwrap();
    let mut settings = ServeSettings::for_tests(&url, dir.path().join("index"));
    settings.metrics_token = Some(SCRAPE_TOKEN.parse().unwrap());
    let store = Store::open(&url).expect("the store opens");
    loader::load(
        &store,
        &settings.index_dir,
        &LoadRequest {
            paths: vec![fixtures().join("hsds-json/services.json")],
            ..Default::default()
        },
    )
    .expect("fixtures load");
    let created = waypoint_api::cli::partners::run(&PartnersArgs {
        database_url: SecretUrl::new(url.clone()),
        command: PartnersCommand::Create {
            name: "Testy McTestface Clinic".into(),
            role: Role::Referrer,
            organization_ids: vec![],
        },
    })
    .expect("partner created");
    let key = created["api_key"].as_str().unwrap().to_string();

    run(async move {
        let app = Application::build(&settings).expect("the server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        actix_web::rt::spawn(app.run_until_stopped());
        let client = reqwest::Client::new();
        let search = format!("{base}/v1/search?q=food+pantry");
        let referrals = format!("{base}/v1/referrals");

        let (status, _, page, _) = get(&client, &search, None).await;
        assert_eq!(status, 200);
        let before = page["total_items"].as_u64().unwrap();
        assert!(before > 0, "{page}");
        assert!(page.get("capacity_unknown").is_none(), "{page}");
        assert_eq!(get(&client, &referrals, Some(&key)).await.0, 200);

        cluster.stop();
        // Search answers from the index, the same results, capacity unknown.
        let (status, _, page, took) = get(&client, &search, None).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total_items"].as_u64().unwrap(), before);
        assert_eq!(page["capacity_unknown"], true);
        assert!(
            took < Duration::from_secs(4),
            "search took {took:?} in the outage"
        );
        println!("first search in the outage: {took:?}");

        // Once the outage is known, what needs the database is a 503 at once.
        let mut ready = Value::Null;
        for _ in 0..50 {
            ready = get(&client, &format!("{base}/ready"), None).await.2;
            if ready["status"] == "degraded" {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(ready["database"], "away", "{ready}");
        for _ in 0..3 {
            let (status, retry_after, problem, took) = get(&client, &referrals, Some(&key)).await;
            assert_eq!(status, 503, "{problem}");
            assert_eq!(
                problem["type"],
                "https://waypoint.example.org/problems/unavailable"
            );
            assert!(retry_after.is_some(), "no Retry-After");
            assert!(took < Duration::from_secs(1), "a 503 took {took:?}");
            println!("503 in the outage: {took:?}");
        }
        let (status, _, problem, took) =
            get(&client, &format!("{search}&has_capacity=true"), None).await;
        assert_eq!(status, 503, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("has_capacity"));
        assert!(took < Duration::from_secs(1), "{took:?}");
        let (status, _, page, _) = get(&client, &search, None).await;
        assert_eq!(
            (status, page["capacity_unknown"].clone()),
            (200, Value::Bool(true))
        );
        // The scrape token still reads /metrics, which says the database is away and that
        // the searches above were answered from the index alone.
        let metrics = client
            .get(format!("{base}/metrics"))
            .bearer_auth(SCRAPE_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(metrics.status(), 200);
        let text = metrics.text().await.unwrap();
        assert!(
            text.lines().any(|l| l == "waypoint_database_up 0"),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l == "waypoint_search_duration_seconds_count{source=\"index\"} 2"),
            "{text}"
        );

        // The database comes back: the next requests get through.
        cluster.start_again().expect("the cluster starts again");
        let back = Instant::now();
        loop {
            let (status, _, _, _) = get(&client, &referrals, Some(&key)).await;
            if status == 200 {
                break;
            }
            assert!(
                back.elapsed() < Duration::from_secs(5),
                "no recovery: {status}"
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let recovered = back.elapsed();
        assert!(
            recovered < Duration::from_secs(3),
            "recovered after {recovered:?}"
        );
        let (status, _, page, _) = get(&client, &search, None).await;
        assert_eq!(status, 200);
        assert!(page.get("capacity_unknown").is_none(), "{page}");
        println!("recovered {recovered:?} after the database came back");
    });
}
