//! Referral rules a clinic and a provider rely on: completion comes with an outcome, and
//! the referral list filters by client, service and status and names who is involved.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{api_tests, fresh_key};

use crate::referrals_support::{problem, referral_body, world};

api_tests! {
    async fn completing_a_referral_needs_an_outcome(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        assert_eq!(w.set_status(&w.provider, &id, json!({"status": "accepted"})).await.status(), 200);
        for body in [json!({"status": "completed"}), json!({"status": "completed", "outcome": {}}),
                     json!({"status": "completed", "outcome": {"services_delivered": ["  "]}})] {
            let p = problem(w.set_status(&w.provider, &id, body.clone()).await, 400).await;
            assert_eq!(p["parameter"], "outcome", "{body}");
        }
        let seen: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(seen["status"], "accepted", "a refused completion changes nothing");
        assert!(seen["closed_loop_at"].is_null());
        let done = w.set_status(&w.provider, &id, json!({"status": "completed", "outcome": {"enrollment": "not-enrolled"}})).await;
        assert_eq!(done.status(), 200);
        // An illegal completion is still told as an illegal move, outcome or not.
        let p = problem(w.set_status(&w.provider, &id, json!({"status": "completed"})).await, 409).await;
        assert_eq!(p["current_status"], "completed");
    }

    async fn the_referral_list_filters_and_names_who_is_involved(backend) {
        let w = world(backend).await;
        let (to_treatment, _) = w.treatment_referral().await;
        let mut food = referral_body(&w.food, None);
        assert_eq!(w.post_referral(&fresh_key(), &food).await.status(), 201);
        food["client"]["reference"] = json!("client-002");
        assert_eq!(w.post_referral(&fresh_key(), &food).await.status(), 201);
        assert_eq!(w.set_status(&w.provider, &to_treatment, json!({"status": "accepted"})).await.status(), 200);

        let list = async |who, query: String| -> reqwest::Response {
            w.call(who, Method::GET, &format!("/v1/referrals{query}"), None).await
        };
        let ids = |page: &Value| -> Vec<String> {
            page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
        };
        let all: Value = list(&w.referrer, String::new()).await.json().await.unwrap();
        assert_eq!(ids(&all).len(), 3);
        let mine: Value = list(&w.referrer, "?client_ref=client-001".into()).await.json().await.unwrap();
        assert_eq!(ids(&mine).len(), 2);
        let to_food: Value = list(&w.referrer, format!("?service_id={}", w.food.id)).await.json().await.unwrap();
        assert_eq!(ids(&to_food).len(), 2);
        let accepted: Value = list(&w.referrer, "?status=accepted&client_ref=client-001".into()).await.json().await.unwrap();
        assert_eq!(ids(&accepted), vec![to_treatment.clone()]);
        let nobody: Value = list(&w.referrer, "?client_ref=client-999".into()).await.json().await.unwrap();
        assert!(ids(&nobody).is_empty());

        let item = &accepted["items"][0];
        assert_eq!(item["service_name"], w.treatment.name.as_str());
        assert_eq!(item["referrer_name"], "Testy McTestface Clinic");
        assert_eq!(item["receivers"], json!([{"id": w.provider.id, "name": "Fictional Outpatient Program"}]));
        assert!(item["organization_name"].is_string());
        assert!(item.get("client").is_none() && item.get("client_reference").is_none(), "{item}");

        // A receiver cannot probe who a referral is for.
        let p = problem(list(&w.provider, "?client_ref=client-001".into()).await, 400).await;
        assert_eq!(p["parameter"], "client_ref");
        let theirs: Value = list(&w.provider, format!("?service_id={}", w.treatment.id)).await.json().await.unwrap();
        assert_eq!(ids(&theirs), vec![to_treatment]);
    }

    async fn a_referral_rejected_for_capacity_goes_to_the_waitlist_in_one_step(backend) {
        let w = world(backend).await;
        let (id, consent) = w.treatment_referral().await;
        let referred: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        // Only a rejection for capacity hands the client on.
        let p = problem(w.set_status(&w.provider, &id, json!({"status": "rejected", "reason_code": "not-eligible", "waitlist": {}})).await, 400).await;
        assert_eq!(p["parameter"], "waitlist");
        let res = w.set_status(&w.provider, &id, json!({
            "status": "rejected", "reason_code": "at-capacity", "reason": "no beds this week",
            "waitlist": {"injects_drugs": true}
        })).await;
        assert_eq!(res.status(), 200);
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["status"], "rejected");
        let place = &answer["waitlist_entry"];
        assert_eq!(place["status"], "waiting", "{answer}");
        assert_eq!(place["position"], 1);
        assert_eq!(place["service_id"], w.treatment.id.as_str());
        // The clocks run from the referral, the request for treatment (45 CFR 96.126).
        let created = chrono::DateTime::parse_from_rfc3339(referred["created_at"].as_str().unwrap()).unwrap();
        let due = chrono::DateTime::parse_from_rfc3339(place["clocks"]["interim_services_due_at"].as_str().unwrap()).unwrap();
        assert_eq!(due - created, chrono::Duration::hours(48));

        // The referrer sees where its client stands, without asking the waitlist.
        let seen: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(seen["waitlist_entry"]["entry_id"], place["entry_id"]);
        assert_eq!(seen["waitlist_entry"]["position"], 1);

        // On the program's waitlist: the referral's client, under the referral's consent.
        let entries: Value = w.call(&w.coordinator, Method::GET, &format!("/v1/waitlists/{}/entries", w.treatment.id), None).await.json().await.unwrap();
        let entry = entries.as_array().unwrap().iter().find(|e| e["referral_id"] == id.as_str()).expect("the entry").clone();
        assert_eq!(entry["consent_id"], consent.as_str());
        assert_eq!(entry["injects_drugs"], true);
        assert_eq!(entry["requested_at"], referred["created_at"]);
    }
}
