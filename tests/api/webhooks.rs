//! Webhooks end to end: a real receiver on 127.0.0.1 that checks Standard Webhooks
//! signatures and fails on purpose (500, 429 with Retry-After, 410), events enqueued in
//! transactions as the referral code does, and a deliverer restarted mid-retries.

pub mod receiver;

use std::time::{Duration, Instant};

use receiver::{Received, Receiver};
use reqwest::Method;
use serde_json::{Value, json};
use waypoint_api::Application;
use waypoint_api::config::ServeSettings;
use waypoint_api::error::ApiError;
use waypoint_api::events;
use waypoint_api::webhooks::schedule::RetrySchedule;
use waypoint_api::webhooks::signing;
use waypoint_api::webhooks::store as webhook_store;
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::TestDatabase;
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, spawn_app, spawn_with};

/// Enqueues an event in a committed transaction, as the referral code does. Its payload is
/// the document's example for the event type with `data`'s fields over it, so it has the
/// shape the document promises.
pub fn enqueue(app: &TestApp, partner: &TestPartner, event_type: &str, data: Value) -> String {
    let documented = &waypoint_tests::openapi_schemas::document()["webhooks"][event_type]["post"]["requestBody"]
        ["content"]["application/json"]["example"]["data"];
    let mut full = documented.as_object().cloned().unwrap_or_default();
    full.extend(data.as_object().cloned().unwrap_or_default());
    let data = Value::Object(full);
    let store = Store::open(&app.db.url).expect("store opens");
    let mut conn = store.connect().expect("connection");
    conn.in_transaction(|c| events::enqueue(c, &partner.id, event_type, Some("ref-1"), &data))
        .expect("event enqueued")
}

/// Subscribes `url`; returns (endpoint id, secret).
async fn subscribe(
    app: &TestApp,
    partner: &TestPartner,
    url: &str,
    types: &[&str],
) -> (String, String) {
    subscribe_with(app, partner, json!({"url": url, "event_types": types})).await
}

/// Creates an endpoint from `body`; returns (endpoint id, secret).
pub async fn subscribe_with(app: &TestApp, partner: &TestPartner, body: Value) -> (String, String) {
    let res = app
        .as_partner(Method::POST, "/v1/webhooks", partner)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    (created["id"].as_str().unwrap().to_string(), secret)
}

pub async fn deliveries(app: &TestApp, partner: &TestPartner, endpoint: &str) -> Vec<Value> {
    let res = app
        .as_partner(
            Method::GET,
            &format!("/v1/webhooks/{endpoint}/deliveries"),
            partner,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Waits until the endpoint's only delivery has this status.
async fn wait_for_status(
    app: &TestApp,
    partner: &TestPartner,
    endpoint: &str,
    status: &str,
) -> Value {
    let start = Instant::now();
    loop {
        let list = deliveries(app, partner, endpoint).await;
        if list.len() == 1 && list[0]["status"] == status {
            return list[0].clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "delivery never became {status}: {list:?}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn assert_signed(request: &Received, secret: &str) {
    assert!(
        signing::verify(
            secret,
            &request.id,
            request.timestamp,
            &request.body,
            &request.signature
        ),
        "signature {:?} does not verify",
        request.signature
    );
    // Every delivery the tests receive is as the document's `webhooks` describe it.
    let body: Value = serde_json::from_str(&request.body).expect("a webhook body is JSON");
    waypoint_tests::openapi_schemas::assert_valid_webhook_body(&body);
}

fn status_codes(delivery: &Value) -> Vec<i64> {
    delivery["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].as_i64().unwrap_or(0))
        .collect()
}

/// Starts a server whose deliverer can be stopped, on `db`.
async fn start_stoppable(
    db: TestDatabase,
    settings: ServeSettings,
) -> (TestApp, waypoint_api::startup::StopHandle) {
    let app = Application::build(&settings).expect("the server starts");
    let stop = app.stop_handle();
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    let test_app = TestApp {
        address,
        db,
        settings,
        client: reqwest::Client::new(),
    };
    (test_app, stop)
}

api_tests! {
    async fn events_arrive_signed_with_a_stable_id_through_failures(backend) {
        let receiver = Receiver::start(&[(500, None), (429, Some("2"))]).await;
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let other = app.partner("Fictional Other Clinic", Role::Referrer, &[]);
        let (endpoint, secret) = subscribe(&app, &clinic, &receiver.url, &["referral.created", "referral.status_changed"]).await;

        // Not subscribed, another partner's, or rolled back: none of these is sent.
        enqueue(&app, &clinic, "referral.note_added", json!({"referral_id": "ref-1"}));
        enqueue(&app, &other, "referral.created", json!({"referral_id": "ref-9"}));
        let store = Store::open(&app.db.url).unwrap();
        let rolled_back: Result<String, ApiError> = store.connect().unwrap().in_transaction(|c| {
            events::enqueue(c, &clinic.id, "referral.created", None, &json!({"referral_id": "ref-0"}))?;
            Err(ApiError::Internal("the change failed".into()))
        });
        assert!(rolled_back.is_err());

        let event_id = enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-1", "status": "requested"}));
        let got = receiver.wait_for(3, Duration::from_secs(20)).await;
        assert_eq!(got.len(), 3);
        for request in &got {
            assert_eq!(request.id, event_id, "the same event id on every attempt");
            assert_signed(request, &secret);
            let body: Value = serde_json::from_str(&request.body).unwrap();
            assert_eq!(body["type"], "referral.created");
            assert_eq!(body["data"]["referral_id"], "ref-1");
            assert_eq!(body["data"]["status"], "requested");
            assert!(body["timestamp"].is_string());
        }
        assert!(got[1].at - got[0].at >= Duration::from_millis(800), "backoff after the 500");
        assert!(got[2].at - got[1].at >= Duration::from_millis(1900), "Retry-After: 2 honoured");

        let delivery = wait_for_status(&app, &clinic, &endpoint, "succeeded").await;
        assert_eq!(delivery["event_id"], event_id.as_str());
        assert_eq!(delivery["event_type"], "referral.created");
        assert_eq!(delivery["attempt_count"], 3);
        assert_eq!(status_codes(&delivery), vec![500, 429, 200]);
        assert!(delivery["attempts"][0]["error"].as_str().unwrap().contains("500"));
        assert!(delivery.get("next_attempt_at").is_none());

        // Nothing else arrives.
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(receiver.received().len(), 3);
    }

    async fn a_receiver_answering_410_disables_its_endpoint(backend) {
        let receiver = Receiver::start(&[(410, None)]).await;
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, _) = subscribe(&app, &clinic, &receiver.url, &["referral.created"]).await;
        enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-1"}));
        let delivery = wait_for_status(&app, &clinic, &endpoint, "failed").await;
        assert_eq!(status_codes(&delivery), vec![410]);

        let shown: Value = app.as_partner(Method::GET, &format!("/v1/webhooks/{endpoint}"), &clinic).send().await.unwrap().json().await.unwrap();
        assert!(shown["disabled_at"].is_string());
        assert!(shown["disabled_reason"].as_str().unwrap().contains("410"));

        // Later events are not queued for it, and it cannot be retried.
        enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-2"}));
        assert_eq!(deliveries(&app, &clinic, &endpoint).await.len(), 1);
        let delivery_id = delivery["id"].as_str().unwrap();
        let res = app.as_partner(Method::POST, &format!("/v1/webhooks/{endpoint}/deliveries/{delivery_id}/retry"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 409);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["type"].as_str().unwrap().ends_with("/webhook-endpoint-disabled"));
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(receiver.received().len(), 1);
    }

    async fn after_the_last_try_a_delivery_fails_and_a_manual_retry_sends_it_again(backend) {
        // The test schedule is 1, 1, 2 seconds: four attempts.
        let receiver = Receiver::start(&[(500, None), (503, None), (500, None), (502, None)]).await;
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, secret) = subscribe(&app, &clinic, &receiver.url, &["consent.revoked"]).await;
        let event_id = enqueue(&app, &clinic, "consent.revoked", json!({"consent_id": "con-1"}));
        let delivery = wait_for_status(&app, &clinic, &endpoint, "failed").await;
        assert_eq!(status_codes(&delivery), vec![500, 503, 500, 502]);
        actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(receiver.received().len(), 4, "no attempt after the last");

        let delivery_id = delivery["id"].as_str().unwrap();
        let res = app.as_partner(Method::POST, &format!("/v1/webhooks/{endpoint}/deliveries/{delivery_id}/retry"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 202);
        let accepted: Value = res.json().await.unwrap();
        assert_eq!(accepted["status"], "pending");
        let got = receiver.wait_for(5, Duration::from_secs(10)).await;
        assert_eq!(got[4].id, event_id);
        assert_signed(&got[4], &secret);
        let delivery = wait_for_status(&app, &clinic, &endpoint, "succeeded").await;
        assert_eq!(delivery["attempt_count"], 5);

        let res = app.as_partner(Method::POST, &format!("/v1/webhooks/{endpoint}/deliveries/nope/retry"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 404);
    }

    async fn a_deliverer_restarted_mid_retries_loses_nothing(backend) {
        let receiver = Receiver::start(&[(500, None)]).await;
        let db = TestDatabase::new(backend);
        let mut settings = ServeSettings::for_tests(&db.url, db.index_dir());
        settings.webhooks.retry_seconds = Some(RetrySchedule::parse("3").unwrap());
        let (app, stop) = start_stoppable(db, settings).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, secret) = subscribe(&app, &clinic, &receiver.url, &["referral.status_changed"]).await;
        let first = enqueue(&app, &clinic, "referral.status_changed", json!({"referral_id": "ref-1", "status": "accepted"}));
        receiver.wait_for(1, Duration::from_secs(10)).await;
        stop.stop().await;

        // While no deliverer runs, another event is committed.
        let second = enqueue(&app, &clinic, "referral.status_changed", json!({"referral_id": "ref-1", "status": "completed"}));
        actix_web::rt::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(receiver.received().len(), 1);

        let TestApp { db, mut settings, .. } = app;
        settings.index_dir = db.path().join("index-restarted");
        let (app, _stop) = start_stoppable(db, settings).await;
        let got = receiver.wait_for(3, Duration::from_secs(15)).await;
        let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        let mut expected = vec![first.as_str(), first.as_str(), second.as_str()];
        expected.sort();
        assert_eq!(ids, expected, "the retried event and the new one, each once more");
        got.iter().for_each(|r| assert_signed(r, &secret));
        let start = Instant::now();
        loop {
            let list = deliveries(&app, &clinic, &endpoint).await;
            if list.iter().all(|d| d["status"] == "succeeded") {
                assert_eq!(list.len(), 2);
                let counts: Vec<i64> = list.iter().map(|d| d["attempt_count"].as_i64().unwrap()).collect();
                assert_eq!(counts.iter().sum::<i64>(), 3);
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "{list:?}");
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn the_claims_of_an_instance_that_died_pass_on_within_the_lease(backend) {
        let receiver = Receiver::start(&[]).await;
        let db = TestDatabase::new(backend);
        let settings = ServeSettings::for_tests(&db.url, db.index_dir());
        let lease = settings.webhooks.lease();
        let (app, stop) = start_stoppable(db, settings).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, _) = subscribe(&app, &clinic, &receiver.url, &["referral.status_changed"]).await;
        stop.stop().await;
        let event = enqueue(&app, &clinic, "referral.status_changed", json!({"referral_id": "ref-1", "status": "accepted"}));
        // An instance claims the delivery and is killed before it sends: its claim is
        // never renewed.
        let store = Store::open(&app.db.url).unwrap();
        let claimed = webhook_store::claim_due(&mut store.connect().unwrap(), chrono::Utc::now(), lease, 16).unwrap();
        assert_eq!(claimed.len(), 1);
        let claimed_at = Instant::now();

        let TestApp { db, mut settings, .. } = app;
        settings.index_dir = db.path().join("index-other-instance");
        let (app, _stop) = start_stoppable(db, settings).await;
        let got = receiver.wait_for(1, Duration::from_secs(20)).await;
        let waited = got[0].at - claimed_at;
        assert!(waited + Duration::from_millis(300) >= lease, "sent after {waited:?}, while the claim held");
        assert!(waited <= Duration::from_secs(15), "taken over only after {waited:?}");
        println!("a dead instance's delivery was sent by another {waited:?} after its claim");
        assert_eq!(got[0].id, event, "the same event id");
        wait_for_status(&app, &clinic, &endpoint, "succeeded").await;
        assert_eq!(receiver.received().len(), 1);
    }

    async fn a_slow_receiver_is_sent_a_delivery_once_while_its_deliverer_lives(backend) {
        // Answers take four times the lease: without renewals a second instance would
        // take the delivery over and send it again.
        let receiver = Receiver::answering_after(&[], Duration::from_secs(4)).await;
        let db = TestDatabase::new(backend);
        let mut settings = ServeSettings::for_tests(&db.url, db.index_dir());
        settings.webhooks.lease_seconds = 1;
        let mut other = settings.clone();
        other.index_dir = db.path().join("index-other-instance");
        let (app, _stop) = start_stoppable(db, settings).await;
        let second = Application::build(&other).expect("a second instance starts");
        actix_web::rt::spawn(second.run_until_stopped());
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, _) = subscribe(&app, &clinic, &receiver.url, &["referral.status_changed"]).await;
        enqueue(&app, &clinic, "referral.status_changed", json!({"referral_id": "ref-1", "status": "accepted"}));
        receiver.wait_for(1, Duration::from_secs(10)).await;
        wait_for_status(&app, &clinic, &endpoint, "succeeded").await;
        actix_web::rt::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(receiver.received().len(), 1, "sent again while its deliverer still held it");
        let list = deliveries(&app, &clinic, &endpoint).await;
        assert_eq!(list[0]["attempt_count"], 1);
    }

    async fn a_rotated_secret_signs_alongside_the_old_one(backend) {
        let receiver = Receiver::start(&[]).await;
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let (endpoint, old) = subscribe(&app, &clinic, &receiver.url, &["referral.reminder"]).await;
        let res = app.as_partner(Method::POST, &format!("/v1/webhooks/{endpoint}/rotate-secret"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let rotated: Value = res.json().await.unwrap();
        let new = rotated["secret"].as_str().unwrap();
        assert!(new.starts_with("whsec_") && new != old);
        assert!(rotated["previous_secret_expires_at"].is_string());
        enqueue(&app, &clinic, "referral.reminder", json!({"referral_id": "ref-1"}));
        let got = receiver.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(got[0].signature.split(' ').count(), 2);
        assert_signed(&got[0], new);
        assert_signed(&got[0], &old);
    }

    async fn endpoints_belong_to_their_partner_and_bad_input_is_a_problem(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let other = app.partner("Fictional Recovery House", Role::Provider, &[&app.organization_ids()[0]]);
        let (endpoint, secret) = subscribe(&app, &clinic, "http://127.0.0.1:9/hook", &["referral.created"]).await;

        // Listed and shown without the secret.
        let listed: Value = app.as_partner(Method::GET, "/v1/webhooks", &clinic).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["id"], endpoint.as_str());
        assert_eq!(listed[0]["event_types"], json!(["referral.created"]));
        assert!(!listed.to_string().contains(&secret));

        // No key: 401 everywhere.
        let paths = [
            (Method::POST, "/v1/webhooks".to_string()),
            (Method::GET, "/v1/webhooks".to_string()),
            (Method::GET, format!("/v1/webhooks/{endpoint}")),
            (Method::DELETE, format!("/v1/webhooks/{endpoint}")),
            (Method::POST, format!("/v1/webhooks/{endpoint}/rotate-secret")),
            (Method::GET, format!("/v1/webhooks/{endpoint}/deliveries")),
            (Method::POST, format!("/v1/webhooks/{endpoint}/deliveries/x/retry")),
        ];
        for (method, path) in &paths {
            let res = app.client.request(method.clone(), app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 401, "{method} {path}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
        // Another partner: 404, and its list is empty.
        for (method, path) in &paths[2..] {
            let res = app.as_partner(method.clone(), path, &other).send().await.unwrap();
            assert_eq!(res.status(), 404, "{method} {path}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
        let theirs: Value = app.as_partner(Method::GET, "/v1/webhooks", &other).send().await.unwrap().json().await.unwrap();
        assert_eq!(theirs, json!([]));

        // Bad input names the field.
        for (body, field) in [
            (json!({"url": "ftp://hooks.example.org/x", "event_types": ["referral.created"]}), "url"),
            (json!({"url": "not a url", "event_types": ["referral.created"]}), "url"),
            (json!({"url": "https://hooks.example.org/x", "event_types": ["referral.deleted"]}), "event_types"),
            (json!({"url": "https://hooks.example.org/x", "event_types": []}), "event_types"),
            (json!({"url": "https://hooks.example.org/x"}), "body"),
        ] {
            let res = app.as_partner(Method::POST, "/v1/webhooks", &clinic).json(&body).send().await.unwrap();
            assert_eq!(res.status(), 400, "{body}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], field, "{body}");
        }
        for n in 1..=20 {
            subscribe(&app, &other, &format!("http://127.0.0.1:9/hook/{n}"), &["referral.created"]).await;
        }
        let res = app.as_partner(Method::POST, "/v1/webhooks", &other)
            .json(&json!({"url": "http://127.0.0.1:9/hook/21", "event_types": ["referral.created"]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 409);
        let problem: Value = res.json().await.unwrap();
        assert!(problem["type"].as_str().unwrap().ends_with("/webhook-endpoint-limit"));
        let res = app.as_partner(Method::GET, &format!("/v1/webhooks/{endpoint}/deliveries?limit=0"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 400);

        // Deleted: gone, and nothing is queued for it.
        let res = app.as_partner(Method::DELETE, &format!("/v1/webhooks/{endpoint}"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 204);
        let res = app.as_partner(Method::GET, &format!("/v1/webhooks/{endpoint}"), &clinic).send().await.unwrap();
        assert_eq!(res.status(), 404);
        enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-1"}));
        let listed: Value = app.as_partner(Method::GET, "/v1/webhooks", &clinic).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed, json!([]));
    }

    async fn concurrent_creates_never_pass_the_endpoint_limit(backend) {
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        // Twice the limit, all at once, for one partner: each is counted with the others'
        // inserts, so exactly the first 20 get in.
        let creates: Vec<_> = (0..40)
            .map(|n| {
                let body = json!({"url": format!("http://127.0.0.1:9/hook/{n}"), "event_types": ["referral.created"]});
                let request = app.as_partner(Method::POST, "/v1/webhooks", &clinic).json(&body);
                actix_web::rt::spawn(async move { request.send().await.unwrap().status().as_u16() })
            })
            .collect();
        let mut statuses = Vec::new();
        for create in creates {
            statuses.push(create.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 20, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 20, "{statuses:?}");
        let listed: Value = app.as_partner(Method::GET, "/v1/webhooks", &clinic).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 20);
    }

    async fn private_addresses_are_refused_unless_allowed(backend) {
        let app = spawn_with(backend, |settings| settings.webhooks.allow_private = false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        for url in ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest", "http://[2002:a00:1::1]/hook", "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook"] {
            let res = app.as_partner(Method::POST, "/v1/webhooks", &clinic)
                .json(&json!({"url": url, "event_types": ["referral.created"]}))
                .send().await.unwrap();
            assert_eq!(res.status(), 400, "{url}");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], "url", "{url}");
        }
        let listed: Value = app.as_partner(Method::GET, "/v1/webhooks", &clinic).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed, json!([]));
    }

    async fn a_claimed_delivery_is_held_by_one_deliverer_until_its_lease_ends(backend) {
        // The server's own deliverer looks once at start-up, then sleeps: this test claims.
        let app = spawn_with(backend, |settings| settings.webhooks.poll_ms = 3_600_000).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        subscribe(&app, &clinic, "http://127.0.0.1:9/hook", &["referral.created"]).await;
        let event_id = enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-1"}));

        let store = Store::open(&app.db.url).unwrap();
        let (mut one, mut two) = (store.connect().unwrap(), store.connect().unwrap());
        let lease = Duration::from_secs(60);
        let now = chrono::Utc::now();
        let claimed = webhook_store::claim_due(&mut one, now, lease, 10).unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].event_id, event_id);
        assert!(webhook_store::claim_due(&mut two, now, lease, 10).unwrap().is_empty());
        assert!(webhook_store::claim_due(&mut one, now, lease, 10).unwrap().is_empty());
        // A deliverer that died: once its lease ends, another takes the delivery over, and
        // the first can no longer record an attempt for it.
        let later = now + chrono::Duration::seconds(61);
        let taken = webhook_store::claim_due(&mut two, later, lease, 10).unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].delivery_id, claimed[0].delivery_id);
        let attempt = webhook_store::AttemptRecord {
            attempted_at: "2026-11-23T12:00:00.000000Z".into(),
            status_code: Some(200),
            error: None,
            duration_ms: 5,
        };
        assert!(!webhook_store::record_attempt(&mut one, &claimed[0], &attempt, &webhook_store::After::Succeeded, None).unwrap());
        assert!(webhook_store::record_attempt(&mut two, &taken[0], &attempt, &webhook_store::After::Succeeded, None).unwrap());
        assert!(webhook_store::claim_due(&mut one, later, lease, 10).unwrap().is_empty());

        // A disabled partner's endpoints are sent nothing.
        enqueue(&app, &clinic, "referral.created", json!({"referral_id": "ref-2"}));
        waypoint_api::partners::store::disable(&mut one, &clinic.id).unwrap();
        assert!(webhook_store::claim_due(&mut two, later, lease, 10).unwrap().is_empty());
    }
}
