//! Referrals end to end: the whole lifecycle, every illegal move, lists with cursors, and
//! the events each change leaves in the outbox.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::api_tests;

use crate::referrals_support::*;

const NOTICE: &str = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

/// Outbox rows for one partner: (event_type, subject_id).
fn outbox(w: &World, partner: &str) -> Vec<(String, Option<String>)> {
    use diesel::prelude::*;
    use waypoint_indexer::store::schema::outbox_events as o;
    let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
    let mut conn = store.connect().unwrap();
    waypoint_indexer::with_conn!(&mut conn, |c| o::table
        .filter(o::partner_id.eq(partner))
        .order(o::seq)
        .select((o::event_type, o::subject_id))
        .load(c)
        .unwrap())
}

api_tests! {
    async fn a_referral_goes_from_requested_to_a_closed_loop(backend) {
        let w = world(backend).await;
        let consent = w.consent(json!([{"partner_id": w.provider.id}])).await;
        let res = w.post_referral("first", &referral_body(&w.treatment, Some(&consent))).await;
        assert_eq!(res.status(), 201);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        let created: Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        assert_eq!(location, format!("/v1/referrals/{id}"));
        assert_eq!(created["status"], "requested");
        assert_eq!(created["priority"], "urgent");
        assert_eq!(created["client"]["name"], CLIENT_NAME);
        assert_eq!(created["notice"], NOTICE);
        assert_eq!(created["consent_id"], consent.as_str());
        assert_eq!(created["receiver_ids"], json!([w.provider.id]));
        assert!(created["received_at"].is_null());

        // The receiver's first read sets received_at, and shows the details with the notice.
        let read: Value = w.call(&w.provider, Method::GET, &location, None).await.json().await.unwrap();
        assert_eq!(read["client"]["name"], CLIENT_NAME);
        assert_eq!(read["notice"], NOTICE);
        assert_eq!(read["consent_id"], consent.as_str());
        let received_at = read["received_at"].as_str().unwrap().to_string();
        let again: Value = w.call(&w.provider, Method::GET, &location, None).await.json().await.unwrap();
        assert_eq!(again["received_at"], received_at.as_str());

        let steps = [
            json!({"status": "accepted"}),
            json!({"status": "in-progress", "business_status": "intake booked"}),
            json!({"status": "on-hold", "reason_code": "at-capacity", "reason": "bed opens Monday"}),
            json!({"status": "in-progress"}),
        ];
        for step in steps {
            let res = w.set_status(&w.provider, &id, step.clone()).await;
            assert_eq!(res.status(), 200, "{step}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["status"], step["status"]);
        }
        let done = w.set_status(&w.provider, &id, json!({
            "status": "completed",
            "outcome": {"services_delivered": ["intake assessment", "outpatient counselling"], "enrollment": "enrolled"}
        })).await;
        assert_eq!(done.status(), 200);
        let done: Value = done.json().await.unwrap();
        assert_eq!(done["outcome"]["enrollment"], "enrolled");
        assert!(done["closed_loop_at"].is_string());

        // The referrer follows it by polling.
        let seen: Value = w.call(&w.referrer, Method::GET, &location, None).await.json().await.unwrap();
        assert_eq!(seen["status"], "completed");
        assert!(seen["closed_loop_at"].is_string());

        let events: Value = w.call(&w.referrer, Method::GET, &format!("{location}/events"), None).await.json().await.unwrap();
        let moves: Vec<(Value, Value)> = events.as_array().unwrap().iter().map(|e| (e["from"].clone(), e["to"].clone())).collect();
        assert_eq!(moves, vec![
            (Value::Null, json!("requested")),
            (json!("requested"), json!("accepted")),
            (json!("accepted"), json!("in-progress")),
            (json!("in-progress"), json!("on-hold")),
            (json!("on-hold"), json!("in-progress")),
            (json!("in-progress"), json!("completed")),
        ]);
        assert_eq!(events[3]["reason_code"], "at-capacity");
        assert_eq!(events[3]["actor_partner_id"], w.provider.id.as_str());
        assert_eq!(events[3]["actor_role"], "provider");

        // Notes go both ways.
        let note = w.call(&w.referrer, Method::POST, &format!("{location}/notes"), Some(json!({"text": "prefers mornings"}))).await;
        assert_eq!(note.status(), 201);
        let notes: Value = w.call(&w.provider, Method::GET, &format!("{location}/notes"), None).await.json().await.unwrap();
        assert_eq!(notes[0]["text"], "prefers mornings");

        // Both sides got an event for every change, in order.
        let expected: Vec<&str> = ["referral.created"].into_iter()
            .chain(std::iter::repeat_n("referral.status_changed", 5))
            .chain(["referral.note_added"]).collect();
        for partner in [&w.referrer, &w.provider] {
            let types: Vec<String> = outbox(&w, &partner.id).into_iter().map(|(t, _)| t).collect();
            assert_eq!(types, expected);
        }
        assert!(outbox(&w, &w.other_provider.id).is_empty());
    }

    async fn every_illegal_move_is_a_409_naming_the_current_status(backend) {
        let w = world(backend).await;
        // (path to reach the status as [side, body]…, then every status that may not follow)
        let receiver_moves = ["accepted", "rejected", "in-progress", "on-hold", "completed", "failed"];
        let referrer_moves = ["draft", "requested", "cancelled", "entered-in-error"];
        let reach: Vec<(&str, Vec<(bool, Value)>)> = vec![
            ("requested", vec![]),
            ("accepted", vec![(true, json!({"status": "accepted"}))]),
            ("in-progress", vec![(true, json!({"status": "accepted"})), (true, json!({"status": "in-progress"}))]),
            ("on-hold", vec![(true, json!({"status": "accepted"})), (true, json!({"status": "on-hold", "reason_code": "at-capacity"}))]),
            ("rejected", vec![(true, json!({"status": "rejected", "reason_code": "not-eligible"}))]),
            ("cancelled", vec![(false, json!({"status": "cancelled", "reason_code": "client-declined"}))]),
            ("completed", vec![(true, json!({"status": "accepted"})), (true, json!({"status": "completed", "outcome": {"enrollment": "enrolled"}}))]),
            ("failed", vec![(true, json!({"status": "accepted"})), (true, json!({"status": "failed", "reason_code": "could-not-contact"}))]),
            ("entered-in-error", vec![(false, json!({"status": "entered-in-error"}))]),
        ];
        let legal: std::collections::HashMap<&str, Vec<&str>> = [
            ("requested", vec!["accepted", "rejected", "cancelled", "entered-in-error"]),
            ("accepted", vec!["in-progress", "on-hold", "completed", "failed", "cancelled", "entered-in-error"]),
            ("in-progress", vec!["on-hold", "completed", "failed", "cancelled", "entered-in-error"]),
            ("on-hold", vec!["in-progress", "completed", "failed", "cancelled", "entered-in-error"]),
            ("rejected", vec!["entered-in-error"]),
            ("cancelled", vec!["entered-in-error"]),
            ("completed", vec!["entered-in-error"]),
            ("failed", vec!["entered-in-error"]),
            ("entered-in-error", vec![]),
        ].into_iter().collect();
        for (status, path) in reach {
            let (id, _) = w.treatment_referral().await;
            for (by_receiver, body) in path {
                let who = if by_receiver { &w.provider } else { &w.referrer };
                assert_eq!(w.set_status(who, &id, body).await.status(), 200);
            }
            for wanted in receiver_moves.iter().chain(referrer_moves.iter()) {
                if legal[status].contains(wanted) {
                    continue;
                }
                let who = if receiver_moves.contains(wanted) { &w.provider } else { &w.referrer };
                let res = w.set_status(who, &id, json!({"status": wanted, "reason_code": "other"})).await;
                let p = problem(res, 409).await;
                assert!(p["type"].as_str().unwrap().ends_with("/illegal-transition"));
                assert_eq!(p["current_status"], status, "{status} -> {wanted}");
                assert_eq!(p["allowed_statuses"], json!(legal[status]), "{status} -> {wanted}");
                assert!(p["detail"].as_str().unwrap().contains(status));
            }
            // Nothing changed.
            let now: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
            assert_eq!(now["status"], status);
        }
    }

    async fn each_side_sets_only_its_statuses_and_stops_need_reason_codes(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        let p = problem(w.set_status(&w.referrer, &id, json!({"status": "accepted"})).await, 403).await;
        assert!(p["detail"].as_str().unwrap().contains("accepted"));
        problem(w.set_status(&w.provider, &id, json!({"status": "cancelled", "reason_code": "other"})).await, 403).await;
        let p = problem(w.set_status(&w.provider, &id, json!({"status": "rejected"})).await, 400).await;
        assert_eq!(p["parameter"], "reason_code");
        let p = problem(w.set_status(&w.provider, &id, json!({"status": "rejected", "reason_code": "too-busy"})).await, 400).await;
        assert_eq!(p["parameter"], "body");
        let p = problem(w.set_status(&w.provider, &id, json!({"status": "accepted", "outcome": {"enrollment": "enrolled"}})).await, 400).await;
        assert_eq!(p["parameter"], "outcome");
        let ok = w.set_status(&w.provider, &id, json!({"status": "rejected", "reason_code": "at-capacity", "reason": "no beds"})).await;
        let body: Value = ok.json().await.unwrap();
        assert_eq!(body["status_reason"]["code"], "at-capacity");
        assert_eq!(body["status_reason"]["text"], "no beds");
    }

    async fn lists_show_each_partner_its_own_referrals_page_by_page(backend) {
        let w = world(backend).await;
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(w.treatment_referral().await.0);
        }
        let food = w.post_referral("food-1", &referral_body(&w.food, None)).await;
        assert_eq!(food.status(), 201);
        ids.push(food.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());

        // Page through while a new referral arrives: nothing skipped, nothing repeated.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/v1/referrals?limit=2&cursor={c}"),
                None => "/v1/referrals?limit=2".to_string(),
            };
            let page: Value = w.call(&w.referrer, Method::GET, &path, None).await.json().await.unwrap();
            for item in page["items"].as_array().unwrap() {
                assert!(item.get("client").is_none(), "lists carry no client details");
                seen.push(item["id"].as_str().unwrap().to_string());
            }
            pages += 1;
            if pages == 1 {
                ids.push(w.treatment_referral().await.0);
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        assert_eq!(seen, ids);

        // The treatment provider sees only what it receives; others see nothing.
        let theirs: Value = w.call(&w.provider, Method::GET, "/v1/referrals?limit=200", None).await.json().await.unwrap();
        assert_eq!(theirs["items"].as_array().unwrap().len(), 6);
        let pantry: Value = w.call(&w.pantry, Method::GET, "/v1/referrals", None).await.json().await.unwrap();
        assert_eq!(pantry["items"].as_array().unwrap().len(), 1);
        for stranger in [&w.other_referrer, &w.other_provider] {
            let none: Value = w.call(stranger, Method::GET, "/v1/referrals", None).await.json().await.unwrap();
            assert_eq!(none["items"], json!([]));
        }

        // Filters.
        assert_eq!(w.set_status(&w.provider, &ids[0], json!({"status": "accepted"})).await.status(), 200);
        let accepted: Value = w.call(&w.referrer, Method::GET, "/v1/referrals?status=accepted", None).await.json().await.unwrap();
        assert_eq!(accepted["items"].as_array().unwrap().len(), 1);
        assert_eq!(accepted["items"][0]["id"], ids[0].as_str());
        let changed_at = accepted["items"][0]["updated_at"].as_str().unwrap().to_string();
        let since: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals?updated_since={changed_at}"), None).await.json().await.unwrap();
        assert_eq!(since["items"].as_array().unwrap().len(), 1);
        for bad in ["status=lost", "updated_since=yesterday", "cursor=nope", "limit=0", "limit=1000"] {
            problem(w.call(&w.referrer, Method::GET, &format!("/v1/referrals?{bad}"), None).await, 400).await;
        }
    }
}
