//! Stale referrals: reminders after each delay without receiver action, automatic expiry
//! when configured, driven by a clock the test controls and by the server's own timer.
//! Also: the events that consent revocation leaves, and the operator's key switch.

use std::time::Duration;

use chrono::Utc;
use reqwest::Method;
use serde_json::{Value, json};
use waypoint_api::referrals::reminders::{self, ReminderPolicy};
use waypoint_tests::{api_tests, spawn_with};

use crate::referrals_support::*;

/// (event_type, payload) of one partner's outbox events of a type.
fn events_of(w: &World, partner: &str, event_type: &str) -> Vec<Value> {
    use diesel::prelude::*;
    use waypoint_indexer::store::schema::outbox_events as o;
    let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
    let mut conn = store.connect().unwrap();
    let rows: Vec<String> = waypoint_indexer::with_conn!(&mut conn, |c| o::table
        .filter(o::partner_id.eq(partner))
        .filter(o::event_type.eq(event_type))
        .order(o::seq)
        .select(o::payload)
        .load(c)
        .unwrap());
    rows.iter()
        .map(|p| serde_json::from_str(p).unwrap())
        .collect()
}

fn run_at(w: &World, policy: &ReminderPolicy, after: chrono::Duration) -> usize {
    let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
    let mut conn = store.connect().unwrap();
    reminders::run_once(&mut conn, policy, Utc::now() + after).unwrap()
}

api_tests! {
    async fn reminders_follow_the_delays_until_the_receiver_acts(backend) {
        let w = world(backend).await;
        let (waiting, _) = w.treatment_referral().await;
        let (handled, _) = w.treatment_referral().await;
        assert_eq!(w.set_status(&w.provider, &handled, json!({"status": "accepted"})).await.status(), 200);
        let policy = ReminderPolicy::default();
        let h = chrono::Duration::hours;
        assert_eq!(run_at(&w, &policy, h(23)), 0);
        assert_eq!(run_at(&w, &policy, h(25)), 1);
        assert_eq!(run_at(&w, &policy, h(25)), 0, "each reminder is sent once");
        assert_eq!(run_at(&w, &policy, h(73)), 1);
        assert_eq!(run_at(&w, &policy, h(24 * 8)), 1);
        assert_eq!(run_at(&w, &policy, h(24 * 30)), 0, "three reminders, then no more");
        for partner in [&w.referrer, &w.provider] {
            let sent = events_of(&w, &partner.id, "referral.reminder");
            let numbers: Vec<Value> = sent.iter().map(|e| e["reminder"].clone()).collect();
            assert_eq!(numbers, vec![json!(1), json!(2), json!(3)]);
            assert!(sent.iter().all(|e| e["referral_id"] == waiting.as_str()));
            assert!(!sent.iter().any(|e| e.to_string().contains(CLIENT_NAME)), "payloads are thin");
        }
        // Expiry is off by default: still requested.
        let r: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{waiting}"), None).await.json().await.unwrap();
        assert_eq!(r["status"], "requested");
    }

    async fn expiry_cancels_referrals_left_waiting_when_configured(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        let policy = ReminderPolicy { delays: vec![], expire_after: Some(chrono::Duration::days(14)) };
        assert_eq!(run_at(&w, &policy, chrono::Duration::days(13)), 0);
        assert_eq!(run_at(&w, &policy, chrono::Duration::days(15)), 1);
        let r: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(r["status"], "cancelled");
        assert_eq!(r["business_status"], "expired");
        assert_eq!(r["status_reason"]["code"], "other");
        let events: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}/events"), None).await.json().await.unwrap();
        assert_eq!(events[1]["to"], "cancelled");
        assert!(events[1]["actor_partner_id"].is_null());
        let changes = events_of(&w, &w.provider.id, "referral.status_changed");
        assert_eq!(changes.last().unwrap()["status"], "cancelled");
    }

    async fn the_server_sends_reminders_on_its_own_timer(backend) {
        let w = world_with(spawn_with(backend, |settings| {
            settings.referral_reminders = "1s".into();
            settings.reminder_check_seconds = 1;
        }).await);
        let (id, _) = w.treatment_referral().await;
        let mut sent = Vec::new();
        for _ in 0..40 {
            sent = events_of(&w, &w.referrer.id, "referral.reminder");
            if !sent.is_empty() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(sent.len(), 1, "no reminder within 8 s");
        assert_eq!(sent[0]["referral_id"], id.as_str());
    }

    async fn revoking_a_consent_tells_the_referrer_and_the_receivers(backend) {
        let w = world(backend).await;
        let (_, consent) = w.treatment_referral().await;
        w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        for partner in [&w.referrer, &w.provider] {
            let revoked = events_of(&w, &partner.id, "consent.revoked");
            assert_eq!(revoked.len(), 1, "once, however often it is revoked");
            assert_eq!(revoked[0]["consent_id"], consent.as_str());
        }
        assert!(events_of(&w, &w.pantry.id, "consent.revoked").is_empty());
    }

    async fn the_operator_can_require_a_key_for_search_and_hsds(backend) {
        let w = world_with(spawn_with(backend, |settings| settings.require_api_key = true).await);
        let res = w.app.get("/v1/search?q=food").await;
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
        assert_eq!(w.app.get("/hsds/services").await.status(), 401);
        let ok = w.call(&w.coordinator, Method::GET, "/v1/search?q=food", None).await;
        assert_eq!(ok.status(), 200);
        assert_eq!(w.app.get("/health").await.status(), 200);

        // Public by default.
        let open = world(backend).await;
        assert_eq!(open.app.get("/v1/search?q=food").await.status(), 200);
    }
}
