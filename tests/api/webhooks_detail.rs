//! Detailed webhook payloads end to end: an endpoint that asked for detail gets the
//! referral or waitlist entry with client details only while a consent in force covers its
//! partner, read again at each attempt, and each such sending is in the disclosure ledger.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_api::consent::PART2_NOTICE;
use waypoint_tests::{Role, TestApp, TestPartner, api_tests};

use crate::referrals_support::*;
use crate::webhooks::receiver::{Received, Receiver};
use crate::webhooks::{assert_signed, deliveries, subscribe_with};

const PERSON: &str = "Test Person Alpha";

/// A receiver and an endpoint on it for `partner`; returns the receiver and the endpoint's
/// (id, secret).
async fn endpoint(
    app: &TestApp,
    partner: &TestPartner,
    types: &[&str],
    detail: bool,
) -> (Receiver, String, String) {
    scripted_endpoint(app, partner, types, detail, &[]).await
}

/// As [`endpoint`], with a receiver that first answers as `script` says.
async fn scripted_endpoint(
    app: &TestApp,
    partner: &TestPartner,
    types: &[&str],
    detail: bool,
    script: &[(u16, Option<&'static str>)],
) -> (Receiver, String, String) {
    let receiver = Receiver::start(script).await;
    let (id, secret) = subscribe_with(
        app,
        partner,
        json!({"url": receiver.url, "event_types": types, "detail": detail}),
    )
    .await;
    (receiver, id, secret)
}

/// The bodies received, by event type.
fn by_type(got: &[Received], secret: &str, event_type: &str) -> Vec<Value> {
    got.iter()
        .inspect(|r| assert_signed(r, secret))
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap())
        .filter(|b| b["type"] == event_type)
        .collect()
}

/// Waits until the endpoint has `n` deliveries, all recorded as succeeded.
async fn settled(app: &TestApp, partner: &TestPartner, endpoint: &str, n: usize) {
    let start = Instant::now();
    loop {
        let list = deliveries(app, partner, endpoint).await;
        if list.len() == n && list.iter().all(|d| d["status"] == "succeeded") {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "deliveries never settled: {list:?}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The ledger's webhook entries for `client_ref`, as `who` (the discloser) sees them.
async fn webhook_disclosures(w: &World, who: &TestPartner, client_ref: &str) -> Vec<Value> {
    let res = w
        .call(
            who,
            Method::GET,
            &format!("/v1/disclosures?client_ref={client_ref}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let all: Vec<Value> = res.json().await.unwrap();
    all.into_iter()
        .filter(|d| d["channel"] == "webhook")
        .collect()
}

/// Client details with the notice and consent id, or none of them.
fn assert_details(shown: &Value, visible: bool, consent: &str) {
    if visible {
        assert_eq!(shown["client_details_withheld"], false, "{shown}");
        assert_eq!(shown["notice"], PART2_NOTICE);
        assert_eq!(shown["consent_id"], consent);
    } else {
        assert_eq!(shown["client_details_withheld"], true, "{shown}");
        assert!(shown.get("client").is_none(), "{shown}");
        assert!(shown.get("notice").is_none());
    }
}

api_tests! {
    async fn detailed_referral_webhooks_follow_the_consent_and_are_disclosures(backend) {
        let w = world(backend).await;
        let types = ["referral.created", "referral.note_added", "referral.status_changed"];
        let (detailed, detailed_id, detailed_secret) = endpoint(&w.app, &w.provider, &types, true).await;
        let (thin, _, thin_secret) = endpoint(&w.app, &w.provider, &["referral.created"], false).await;
        let (referrer_hook, referrer_hook_id, referrer_secret) =
            endpoint(&w.app, &w.referrer, &["referral.status_changed"], true).await;

        let (id, consent) = w.treatment_referral().await;
        let res = w.call(&w.referrer, Method::POST, &format!("/v1/referrals/{id}/notes"), Some(json!({"text": "prefers morning calls"}))).await;
        assert_eq!(res.status(), 201);

        // The detailed endpoint: the referral as the provider may see it, with the notice.
        let got = detailed.wait_for(2, Duration::from_secs(20)).await;
        let created = &by_type(&got, &detailed_secret, "referral.created")[0];
        assert_eq!(created["data"]["referral_id"], id.as_str(), "the thin fields stay");
        assert_eq!(created["data"]["referral"]["id"], id.as_str());
        assert_eq!(created["data"]["referral"]["client"]["name"], CLIENT_NAME);
        assert_eq!(created["data"]["referral"]["reason"], "wants outpatient treatment");
        assert_details(&created["data"]["referral"], true, &consent);
        let noted = &by_type(&got, &detailed_secret, "referral.note_added")[0];
        assert_eq!(noted["data"]["note"]["text"], "prefers morning calls");
        assert_details(&noted["data"]["referral"], true, &consent);

        // The thin endpoint of the same partner: ids and status only.
        let plain = &by_type(&thin.wait_for(1, Duration::from_secs(20)).await, &thin_secret, "referral.created")[0];
        assert_eq!(plain["data"]["referral_id"], id.as_str());
        assert_eq!(plain["data"]["status"], "requested");
        assert!(plain["data"].get("referral").is_none(), "{plain}");
        assert!(!plain.to_string().contains(CLIENT_NAME));

        // Each detailed sending is in the referrer's ledger: field names, never values.
        settled(&w.app, &w.provider, &detailed_id, 2).await;
        let ledger = webhook_disclosures(&w, &w.referrer, "client-001").await;
        assert_eq!(ledger.len(), 2, "{ledger:?}");
        for d in &ledger {
            assert_eq!(d["recipient_id"], w.provider.id.as_str());
            assert_eq!(d["discloser_id"], w.referrer.id.as_str());
            assert_eq!(d["referral_id"], id.as_str());
            assert_eq!(d["consent_id"], consent.as_str());
            assert!(d["information"].as_str().unwrap().starts_with("name, date_of_birth, phone"), "{d}");
            assert!(!d.to_string().contains(CLIENT_NAME));
        }
        assert_eq!(ledger.iter().filter(|d| d["information"].as_str().unwrap().contains("note")).count(), 1);

        // Revoked: the provider's next event carries the status, not the client.
        let res = w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        assert_eq!(res.status(), 200);
        let res = w.set_status(&w.provider, &id, json!({"status": "accepted"})).await;
        assert_eq!(res.status(), 200);
        let got = detailed.wait_for(3, Duration::from_secs(20)).await;
        let changed = &by_type(&got, &detailed_secret, "referral.status_changed")[0];
        assert_eq!(changed["data"]["status"], "accepted");
        assert_eq!(changed["data"]["referral"]["status"], "accepted");
        assert_details(&changed["data"]["referral"], false, &consent);
        assert!(!changed.to_string().contains(CLIENT_NAME));

        // The referrer's own detailed endpoint still gets its client: no disclosure.
        let own = &by_type(&referrer_hook.wait_for(1, Duration::from_secs(20)).await, &referrer_secret, "referral.status_changed")[0];
        assert_eq!(own["data"]["referral"]["client"]["name"], CLIENT_NAME);
        assert_details(&own["data"]["referral"], true, &consent);
        settled(&w.app, &w.provider, &detailed_id, 3).await;
        settled(&w.app, &w.referrer, &referrer_hook_id, 1).await;
        assert_eq!(webhook_disclosures(&w, &w.referrer, "client-001").await.len(), 2, "nothing new was disclosed");
    }

    async fn a_retry_after_a_revocation_carries_no_client_details(backend) {
        let w = world(backend).await;
        // The first attempt reaches the receiver, which asks to be tried again in 3 s.
        let (hook, hook_id, secret) =
            scripted_endpoint(&w.app, &w.provider, &["referral.created"], true, &[(503, Some("3"))]).await;
        let (_, consent) = w.treatment_referral().await;
        let first = hook.wait_for(1, Duration::from_secs(20)).await;
        let res = w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        assert_eq!(res.status(), 200);

        let got = hook.wait_for(2, Duration::from_secs(20)).await;
        assert_eq!(got[1].id, first[0].id, "the same event, retried");
        let bodies = by_type(&got, &secret, "referral.created");
        assert_details(&bodies[0]["data"]["referral"], true, &consent);
        assert_details(&bodies[1]["data"]["referral"], false, &consent);
        assert!(!got[1].body.contains(CLIENT_NAME));

        // The first attempt was answered (503), so it disclosed; the retry did not.
        settled(&w.app, &w.provider, &hook_id, 1).await;
        let ledger = webhook_disclosures(&w, &w.referrer, "client-001").await;
        assert_eq!(ledger.len(), 1, "{ledger:?}");
        assert_eq!(ledger[0]["recipient_id"], w.provider.id.as_str());
    }

    async fn detailed_waitlist_overdue_events_reach_only_partners_the_consent_names(backend) {
        let w = world(backend).await;
        let treatment = w.treatment.id.clone();
        let desk = w.app.partner("Second Fictional Desk", Role::Coordinator, &[]);
        let (named, named_id, named_secret) = endpoint(&w.app, &w.provider, &["waitlist.overdue"], true).await;
        let (unnamed, unnamed_id, unnamed_secret) = endpoint(&w.app, &desk, &["waitlist.overdue"], true).await;

        let consent = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.provider.id}])).await;
        // Asked three days ago and injecting: the interim-services clock has run out.
        let res = w.app.post_keyed(&format!("/v1/waitlists/{treatment}/entries"), &w.coordinator, &json!({
            "client": {"reference": "person-alpha", "name": PERSON, "phone": "555-0100"},
            "injects_drugs": true,
            "consent_id": consent,
            "requested_at": waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::days(3)),
        })).await;
        assert_eq!(res.status(), 201);
        let entry: Value = res.json().await.unwrap();

        let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
        let mut conn = store.connect().unwrap();
        let sent = waypoint_api::waitlists::store::send_overdue_events(&mut conn, chrono::Utc::now()).unwrap();
        assert!(sent >= 2, "the provider and both desks hear of it: {sent}");

        let to_named = &by_type(&named.wait_for(1, Duration::from_secs(20)).await, &named_secret, "waitlist.overdue")[0];
        assert_eq!(to_named["data"]["entry_id"], entry["id"]);
        assert_eq!(to_named["data"]["waitlist_entry"]["client"]["name"], PERSON);
        assert_details(&to_named["data"]["waitlist_entry"], true, &consent);
        let to_unnamed = &by_type(&unnamed.wait_for(1, Duration::from_secs(20)).await, &unnamed_secret, "waitlist.overdue")[0];
        assert_eq!(to_unnamed["data"]["waitlist_entry"]["interim_services_overdue"], true);
        assert_details(&to_unnamed["data"]["waitlist_entry"], false, &consent);
        assert!(!to_unnamed.to_string().contains(PERSON));

        settled(&w.app, &w.provider, &named_id, 1).await;
        settled(&w.app, &desk, &unnamed_id, 1).await;
        let ledger = webhook_disclosures(&w, &w.coordinator, "person-alpha").await;
        assert_eq!(ledger.len(), 1, "only the named provider got details: {ledger:?}");
        assert_eq!(ledger[0]["recipient_id"], w.provider.id.as_str());
        assert_eq!(ledger[0]["waitlist_entry_id"], entry["id"]);
        assert_eq!(ledger[0]["consent_id"], consent.as_str());
    }
}
