//! Consent (42 CFR Part 2): needed for treatment referrals, checked for expiry, revocation
//! and recipients; after revocation the receiver sees the status but no client details;
//! every body with client details carries the §2.32 notice and the consent id.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::api_tests;

use crate::referrals_support::*;

const NOTICE: &str = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

api_tests! {
    async fn a_consent_is_recorded_read_and_revoked_by_its_referrer(backend) {
        let w = world(backend).await;
        let res = w.call(&w.referrer, Method::POST, "/v1/consents", Some(consent_body(json!([{"partner_id": w.provider.id}])))).await;
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["state"], "active");
        assert_eq!(created["recipients"], json!([{"partner_id": w.provider.id}]));
        let path = format!("/v1/consents/{}", created["id"].as_str().unwrap());
        let read: Value = w.call(&w.referrer, Method::GET, &path, None).await.json().await.unwrap();
        assert_eq!(read["purpose"], "referral for substance use treatment");
        let revoked: Value = w.call(&w.referrer, Method::POST, &format!("{path}/revoke"), None).await.json().await.unwrap();
        assert_eq!(revoked["state"], "revoked");
        assert!(revoked["revoked_at"].is_string());
    }

    async fn consents_missing_an_element_are_refused(backend) {
        let w = world(backend).await;
        for (field, value) in [("purpose", json!("")), ("recipients", json!([])), ("signed_at", json!("last week")), ("expires_at", Value::Null)] {
            let mut body = consent_body(json!([{"class": "treating-providers"}]));
            body[field] = value;
            let p = problem(w.call(&w.referrer, Method::POST, "/v1/consents", Some(body)).await, 400).await;
            assert_eq!(p["parameter"], field);
        }
        let mut body = consent_body(json!([{"class": "treating-providers"}]));
        body["expires_at"] = Value::Null;
        body["expiry_event"] = json!("end of treatment");
        assert_eq!(w.call(&w.referrer, Method::POST, "/v1/consents", Some(body)).await.status(), 201);
    }

    async fn treatment_referrals_without_a_usable_consent_are_422(backend) {
        let w = world(backend).await;
        let p = problem(w.post_referral("no-consent", &referral_body(&w.treatment, None)).await, 422).await;
        assert!(p["type"].as_str().unwrap().ends_with("/consent-required"));
        assert_eq!(p["missing"], json!(["consent_id"]));

        let mut expired = consent_body(json!([{"class": "treating-providers"}]));
        expired["signed_at"] = json!("2025-01-01T00:00:00Z");
        expired["expires_at"] = json!("2025-06-01T00:00:00Z");
        let expired: Value = w.call(&w.referrer, Method::POST, "/v1/consents", Some(expired)).await.json().await.unwrap();
        let p = problem(w.post_referral("expired", &referral_body(&w.treatment, expired["id"].as_str())).await, 422).await;
        assert_eq!(p["consent_problem"], "expired");

        let revoked = w.consent(json!([{"class": "treating-providers"}])).await;
        w.call(&w.referrer, Method::POST, &format!("/v1/consents/{revoked}/revoke"), None).await;
        let p = problem(w.post_referral("revoked", &referral_body(&w.treatment, Some(&revoked))).await, 422).await;
        assert_eq!(p["consent_problem"], "revoked");

        let elsewhere = w.consent(json!([{"partner_id": w.other_provider.id}])).await;
        let p = problem(w.post_referral("uncovered", &referral_body(&w.treatment, Some(&elsewhere))).await, 422).await;
        assert_eq!(p["consent_problem"], "recipient-not-covered");
        assert_eq!(p["uncovered_recipients"], json!([w.provider.id]));

        let mut other_client = referral_body(&w.treatment, Some(&elsewhere));
        other_client["client"]["reference"] = json!("client-999");
        let p = problem(w.post_referral("other-client", &other_client).await, 422).await;
        assert_eq!(p["consent_problem"], "other-client");

        // Another referrer cannot use this referrer's consent.
        let good = w.consent(json!([{"class": "treating-providers"}])).await;
        let res = w.app.as_partner(Method::POST, "/v1/referrals", &w.other_referrer)
            .header("Idempotency-Key", "borrowed")
            .json(&referral_body(&w.treatment, Some(&good))).send().await.unwrap();
        assert_eq!(problem(res, 422).await["consent_problem"], "unknown");

        // Nothing was stored by the refusals.
        let list: Value = w.call(&w.referrer, Method::GET, "/v1/referrals", None).await.json().await.unwrap();
        assert_eq!(list["items"], json!([]));

        // A food pantry referral needs none.
        assert_eq!(w.post_referral("food", &referral_body(&w.food, None)).await.status(), 201);
    }

    async fn after_revocation_the_receiver_sees_the_status_but_not_the_client(backend) {
        let w = world(backend).await;
        let (id, consent) = w.treatment_referral().await;
        let path = format!("/v1/referrals/{id}");
        w.call(&w.referrer, Method::POST, &format!("{path}/notes"), Some(json!({"text": "client prefers evenings"}))).await;
        let before: Value = w.call(&w.provider, Method::GET, &path, None).await.json().await.unwrap();
        assert_eq!(before["client"]["name"], CLIENT_NAME);
        assert_eq!(before["notice"], NOTICE);
        assert_eq!(before["consent_id"], consent.as_str());
        assert_eq!(before["client_details_withheld"], false);

        assert_eq!(w.set_status(&w.provider, &id, json!({"status": "accepted"})).await.status(), 200);
        let revoked = w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        assert_eq!(revoked.status(), 200);

        let after = w.call(&w.provider, Method::GET, &path, None).await.text().await.unwrap();
        assert!(!after.contains(CLIENT_NAME) && !after.contains("555-0100") && !after.contains("outpatient treatment"), "{after}");
        let after: Value = serde_json::from_str(&after).unwrap();
        assert_eq!(after["status"], "accepted");
        assert_eq!(after["client_details_withheld"], true);
        assert!(after.get("client").is_none() && after.get("notice").is_none());
        let notes: Value = w.call(&w.provider, Method::GET, &format!("{path}/notes"), None).await.json().await.unwrap();
        assert!(notes[0]["text"].is_null());

        // The referrer still sees its own client, with the notice.
        let own: Value = w.call(&w.referrer, Method::GET, &path, None).await.json().await.unwrap();
        assert_eq!(own["client"]["name"], CLIENT_NAME);
        assert_eq!(own["notice"], NOTICE);

        // The receiver may still report progress.
        assert_eq!(w.set_status(&w.provider, &id, json!({"status": "in-progress"})).await.status(), 200);
    }

    async fn reads_by_the_receiver_are_in_the_disclosure_ledger(backend) {
        let w = world(backend).await;
        let (id, consent) = w.treatment_referral().await;
        let ledger = |who| w.call(who, Method::GET, "/v1/disclosures?client_ref=client-001", None);
        let empty: Value = ledger(&w.referrer).await.json().await.unwrap();
        assert_eq!(empty, json!([]), "the referrer's own reads are not disclosures");
        w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        let entries: Value = ledger(&w.referrer).await.json().await.unwrap();
        assert_eq!(entries.as_array().unwrap().len(), 2);
        assert_eq!(entries[0]["recipient_id"], w.provider.id.as_str());
        assert_eq!(entries[0]["referral_id"], id.as_str());
        assert_eq!(entries[0]["consent_id"], consent.as_str());
        assert_eq!(entries[0]["channel"], "api");
        // Exactly what the answer carried: the referral's elements the consent covers.
        assert_eq!(entries[0]["information"], "name, date_of_birth, phone, preferred_language, contact_preferences, reason");
        assert!(!entries.to_string().contains(CLIENT_NAME), "the ledger names fields, not values");
        // After revocation nothing more is disclosed, so nothing more is recorded.
        w.call(&w.referrer, Method::POST, &format!("/v1/consents/{consent}/revoke"), None).await;
        w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        let entries: Value = ledger(&w.admin).await.json().await.unwrap();
        assert_eq!(entries.as_array().unwrap().len(), 2);
        let others: Value = ledger(&w.other_referrer).await.json().await.unwrap();
        assert_eq!(others, json!([]));
        problem(w.call(&w.referrer, Method::GET, "/v1/disclosures", None).await, 400).await;
    }
}

api_tests! {
    async fn named_recipients_must_be_provider_partners(backend) {
        let w = world(backend).await;
        // A NUL byte in the id was a 500 on PostgreSQL (the contract fuzzing found it).
        for who in ["nobody-at-all", w.other_referrer.id.as_str(), "X\u{0}m"] {
            let body = consent_body(json!([{"partner_id": who}]));
            let p = problem(w.call(&w.referrer, Method::POST, "/v1/consents", Some(body)).await, 400).await;
            assert_eq!(p["parameter"], "recipients");
        }
    }
}
