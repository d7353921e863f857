//! Idempotency-Key on POST /v1/referrals: required; a replay answers the first response;
//! another body under the key is 422; a duplicate while the first is in flight is 409.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::api_tests;

use crate::referrals_support::*;

api_tests! {
    async fn the_same_key_and_body_replay_the_first_answer(backend) {
        let w = world(backend).await;
        let body = referral_body(&w.food, None);
        let first = w.post_referral("replay-me", &body).await;
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        let first: Value = first.json().await.unwrap();
        // Same content, other key order: still the same request.
        let reordered: Value = serde_json::from_str(&body.to_string()).unwrap();
        let again = w.post_referral("replay-me", &reordered).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["idempotency-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        let list: Value = w.call(&w.referrer, Method::GET, "/v1/referrals", None).await.json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
    }

    async fn the_same_key_with_another_body_is_422(backend) {
        let w = world(backend).await;
        assert_eq!(w.post_referral("k1", &referral_body(&w.food, None)).await.status(), 201);
        let mut other = referral_body(&w.food, None);
        other["priority"] = json!("routine");
        let p = problem(w.post_referral("k1", &other).await, 422).await;
        assert!(p["type"].as_str().unwrap().ends_with("/idempotency-key-reused"));
        // Keys are per partner: another referrer may use the same key.
        let res = w.app.as_partner(Method::POST, "/v1/referrals", &w.other_referrer)
            .header("Idempotency-Key", "k1").json(&other).send().await.unwrap();
        assert_eq!(res.status(), 201);
    }

    async fn a_key_is_required(backend) {
        let w = world(backend).await;
        let res = w.call(&w.referrer, Method::POST, "/v1/referrals", Some(referral_body(&w.food, None))).await;
        assert_eq!(problem(res, 400).await["parameter"], "Idempotency-Key");
    }

    async fn a_failed_request_frees_its_key(backend) {
        let w = world(backend).await;
        // A refusal (no consent) is not stored under the key: a retry is checked afresh…
        assert_eq!(w.post_referral("retry", &referral_body(&w.treatment, None)).await.status(), 422);
        assert_eq!(w.post_referral("retry", &referral_body(&w.treatment, None)).await.status(), 422);
        // …and the corrected request may use the same key.
        assert_eq!(w.post_referral("retry", &referral_body(&w.food, None)).await.status(), 201);
    }

    async fn a_duplicate_while_the_first_is_in_flight_is_409(backend) {
        let w = world(backend).await;
        let body = referral_body(&w.food, None);
        // A request under this key has been claimed and is still being processed.
        let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
        let mut conn = store.connect().unwrap();
        let fp = waypoint_api::idempotency::fingerprint("POST /v1/referrals", &body);
        waypoint_api::idempotency::claim(&mut conn, &w.referrer.id, "in-flight", &fp).unwrap();
        let p = problem(w.post_referral("in-flight", &body).await, 409).await;
        assert!(p["type"].as_str().unwrap().ends_with("/idempotency-key-in-flight"));

        // Real concurrency: many identical requests at once make exactly one referral.
        let sends = (0..8).map(|_| {
            w.app
                .as_partner(Method::POST, "/v1/referrals", &w.referrer)
                .header("Idempotency-Key", "race")
                .json(&body)
                .send()
        });
        let answers: Vec<u16> = futures_join(sends).await;
        assert!(answers.iter().all(|s| *s == 201 || *s == 409), "{answers:?}");
        assert!(answers.contains(&201));
        let list: Value = w.call(&w.referrer, Method::GET, "/v1/referrals", None).await.json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
    }
}

/// Runs the requests concurrently on the test's runtime; their statuses.
async fn futures_join<F>(sends: impl Iterator<Item = F>) -> Vec<u16>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + 'static,
{
    let handles: Vec<_> = sends.map(actix_web::rt::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap().unwrap().status().as_u16());
    }
    out
}

#[test]
fn keys_older_than_a_day_are_forgotten() {
    waypoint_tests::run(async {
        let w = world(waypoint_tests::TestBackend::Sqlite).await;
        let body = referral_body(&w.food, None);
        assert_eq!(w.post_referral("old", &body).await.status(), 201);
        {
            use diesel::prelude::*;
            use waypoint_indexer::store::schema::idempotency_keys as k;
            let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
            let mut conn = store.connect().unwrap();
            waypoint_indexer::with_conn!(&mut conn, |c| diesel::update(k::table)
                .set(k::created_at.eq("2020-01-01T00:00:00.000000Z"))
                .execute(c)
                .unwrap());
            assert_eq!(
                waypoint_api::idempotency::purge_expired(&mut conn).unwrap(),
                1
            );
        }
        // Forgotten: the same key is a new request now.
        let again = w.post_referral("old", &body).await;
        assert_eq!(again.status(), 201);
        assert!(again.headers().get("idempotency-replayed").is_none());
    });
}
