//! 42 CFR Part 2 as a provider meets it: every answer that carries a client's details to
//! another partner is one ledger entry, whatever the endpoint; an answer carries only the
//! elements the consent names; and a consent recorded before elements existed is read
//! from its free text.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{api_tests, fresh_key};

use crate::referrals_support::{CLIENT_NAME, World, consent_body, problem, referral_body, world};

async fn ledger(w: &World) -> Vec<Value> {
    let res = w
        .call(
            &w.referrer,
            Method::GET,
            "/v1/disclosures?client_ref=client-001",
            None,
        )
        .await;
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

async fn consent_for(w: &World, elements: Value) -> String {
    let mut body = consent_body(json!([{"class": "treating-providers"}]));
    body["elements"] = elements;
    w.consent_with(&w.referrer, body).await
}

async fn refer(w: &World, consent: &str) -> String {
    let res = w
        .post_referral(&fresh_key(), &referral_body(&w.treatment, Some(consent)))
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

api_tests! {
    async fn a_status_answer_that_carries_details_is_a_recorded_disclosure(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        // The provider never GETs the referral: each status answer it receives is one entry.
        for (n, body) in [json!({"status": "accepted"}), json!({"status": "in-progress"}),
                          json!({"status": "completed", "outcome": {"enrollment": "enrolled"}})].into_iter().enumerate() {
            let res = w.set_status(&w.provider, &id, body).await;
            assert_eq!(res.status(), 200);
            let answer: Value = res.json().await.unwrap();
            assert_eq!(answer["client"]["name"], CLIENT_NAME);
            let entries = ledger(&w).await;
            assert_eq!(entries.len(), n + 1, "{entries:?}");
            assert_eq!(entries[n]["recipient_id"], w.provider.id.as_str());
            assert_eq!(entries[n]["channel"], "api");
        }
        // The referrer's own answers disclose nothing.
        w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        assert_eq!(ledger(&w).await.len(), 3);
    }

    async fn an_answer_carries_only_the_elements_the_consent_names(backend) {
        let w = world(backend).await;
        let consent = consent_for(&w, json!(["name", "phone"])).await;
        let id = refer(&w, &consent).await;
        let seen: Value = w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(seen["client"]["name"], CLIENT_NAME);
        assert_eq!(seen["client"]["phone"], "555-0100");
        for absent in ["date_of_birth", "preferred_language", "contact_preferences"] {
            assert!(seen["client"].get(absent).is_none(), "{absent}: {seen}");
        }
        assert!(seen.get("reason").is_none(), "the reason for referral is not covered: {seen}");
        assert_eq!(seen["client_details_withheld"], false);
        assert_eq!(seen["withheld_elements"], json!(["date_of_birth", "preferred_language", "contact_preferences", "reason"]));
        assert_eq!(seen["notice"], "42 CFR part 2 prohibits unauthorized use or disclosure of these records.");
        let entries = ledger(&w).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["information"], "name, phone");

        // Notes are an element of their own: not covered, so another partner's note text is withheld.
        let note = w.call(&w.referrer, Method::POST, &format!("/v1/referrals/{id}/notes"), Some(json!({"text": "call after 5pm"}))).await;
        assert_eq!(note.status(), 201);
        let notes: Value = w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}/notes"), None).await.json().await.unwrap();
        assert!(notes[0]["text"].is_null(), "{notes}");
        assert_eq!(ledger(&w).await.len(), 1);

        // The referrer sees everything it recorded.
        let own: Value = w.call(&w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(own["reason"], "wants outpatient treatment");
        assert!(own.get("withheld_elements").is_none());
    }

    async fn a_consent_without_elements_is_refused_and_an_old_one_is_read_from_its_text(backend) {
        let w = world(backend).await;
        let mut body = consent_body(json!([{"class": "treating-providers"}]));
        body.as_object_mut().unwrap().remove("elements");
        let p = problem(w.call(&w.referrer, Method::POST, "/v1/consents", Some(body)).await, 400).await;
        assert_eq!(p["parameter"], "elements");
        let p = problem(w.call(&w.referrer, Method::POST, "/v1/consents", Some(json!({"elements": ["ssn"]}))).await, 400).await;
        assert_eq!(p["parameter"], "body");

        // A consent recorded before elements existed: its free text says what it covers.
        let consent = consent_for(&w, json!(["name"])).await;
        w.app.sql(&format!("UPDATE consents SET elements = NULL, information = 'name and date of birth only' WHERE id = '{consent}'"));
        let shown: Value = w.call(&w.referrer, Method::GET, &format!("/v1/consents/{consent}"), None).await.json().await.unwrap();
        assert_eq!(shown["elements"], json!(["name", "date_of_birth"]), "{shown}");
        assert_eq!(shown["elements_read_from_text"], true);
        let id = refer(&w, &consent).await;
        let seen: Value = w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await.json().await.unwrap();
        assert_eq!(seen["client"]["date_of_birth"], "1990-02-03");
        assert!(seen["client"].get("phone").is_none() && seen.get("reason").is_none(), "{seen}");
        assert_eq!(ledger(&w).await[0]["information"], "name, date_of_birth");
    }

    async fn an_accounting_of_disclosures_lists_date_recipient_what_and_why(backend) {
        let w = world(backend).await;
        let (id, consent) = w.treatment_referral().await;
        assert_eq!(w.set_status(&w.provider, &id, json!({"status": "accepted"})).await.status(), 200);
        w.call(&w.provider, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        let account = async |who, query: String| -> reqwest::Response {
            w.call(who, Method::GET, &format!("/v1/disclosures/accounting?client_ref=client-001{query}"), None).await
        };
        let json_of = async |res: reqwest::Response| -> Value { let status = res.status(); let body: Value = res.json().await.unwrap(); assert_eq!(status, 200, "{body}"); body };

        let a = json_of(account(&w.referrer, String::new()).await).await;
        let listed = a["disclosures"].as_array().unwrap();
        assert_eq!(listed.len(), 2, "{a}");
        for d in listed {
            assert_eq!(d["recipient"], "Fictional Outpatient Program");
            assert_eq!(d["purpose"], "referral for substance use treatment");
            assert_eq!(d["information"], "name, date_of_birth, phone, preferred_language, contact_preferences, reason");
            assert_eq!(d["consent_id"], consent.as_str());
        }
        assert_eq!(a["by_recipient"], json!([{
            "recipient": "Fictional Outpatient Program", "disclosures": 2,
            "first": listed[0]["disclosed_at"], "last": listed[1]["disclosed_at"]
        }]));
        assert!(!a.to_string().contains(CLIENT_NAME), "the accounting names elements, not values");

        // Plain dates bound the period; tomorrow onwards holds nothing yet.
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let later = json_of(account(&w.referrer, format!("&from={tomorrow}")).await).await;
        assert!(later["disclosures"].as_array().unwrap().is_empty(), "{later}");
        let through_today = json_of(account(&w.referrer, format!("&from={today}&to={today}")).await).await;
        assert_eq!(through_today["disclosures"].as_array().unwrap().len(), 2, "the whole day counts");

        // Printable, for the client.
        let res = account(&w.referrer, "&format=text".into()).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = res.text().await.unwrap();
        assert!(text.contains("ACCOUNTING OF DISCLOSURES"), "{text}");
        assert!(text.contains("To: Fictional Outpatient Program"), "{text}");
        assert!(text.contains("What: name, date of birth, phone"), "{text}");
        assert!(text.contains("Why: referral for substance use treatment"), "{text}");

        // Another referrer accounts for its own clients only; bad values are named.
        let other = json_of(account(&w.other_referrer, String::new()).await).await;
        assert!(other["disclosures"].as_array().unwrap().is_empty());
        assert_eq!(problem(account(&w.referrer, "&from=last-week".into()).await, 400).await["parameter"], "from");
        assert_eq!(problem(account(&w.referrer, "&format=pdf".into()).await, 400).await["parameter"], "format");
    }
}
