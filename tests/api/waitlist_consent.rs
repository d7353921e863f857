//! Waitlists under the referral rules: Idempotency-Key on new entries, the Part 2 consent
//! a treatment program's entries need, client details shown only to partners a consent in
//! force names (with the §2.32 notice), and each showing in the disclosure ledger.

use reqwest::{Method, Response};
use serde_json::{Value, json};
use waypoint_tests::{Role, TestPartner, api_tests};

use crate::referrals_support::*;

const NOTICE: &str = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";
const PERSON: &str = "Test Person Alpha";

fn entry_body(reference: &str, consent_id: Option<&str>) -> Value {
    json!({
        "client": {"reference": reference, "name": PERSON, "phone": "555-0100"},
        "injects_drugs": true,
        "consent_id": consent_id,
    })
}

impl World {
    async fn add_entry(
        &self,
        who: &TestPartner,
        service: &str,
        key: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut req = self.app.as_partner(
            Method::POST,
            &format!("/v1/waitlists/{service}/entries"),
            who,
        );
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.json(body).send().await.unwrap()
    }

    /// Adds an entry under a fresh key.
    async fn add_new(&self, who: &TestPartner, service: &str, body: Value) -> Response {
        self.add_entry(who, service, Some(&uuid_like()), &body)
            .await
    }

    async fn json(
        &self,
        who: &TestPartner,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let res = self.call(who, method, path, body).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        body
    }
}

/// Details shown: the client, the notice and the consent id; withheld: none of them but
/// the consent id, with the status and clocks still there.
fn assert_shown(entry: &Value, shown: bool) {
    if shown {
        assert_eq!(entry["client"]["name"], PERSON, "{entry}");
        assert_eq!(entry["notice"], NOTICE);
        assert_eq!(entry["client_details_withheld"], false);
    } else {
        assert!(entry.get("client").is_none(), "{entry}");
        assert!(entry.get("notice").is_none());
        assert_eq!(entry["client_details_withheld"], true);
        assert!(!entry.to_string().contains("Test Person"));
    }
    assert!(entry["status"].is_string());
    assert!(entry["admission_due_at"].is_string());
}

api_tests! {
    async fn new_entries_need_an_idempotency_key_and_replay(backend) {
        let w = world(backend).await;
        let food = w.food.id.clone();
        let body = entry_body("person-alpha", None);
        let res = w.add_entry(&w.coordinator, &food, None, &body).await;
        assert_eq!(problem(res, 400).await["parameter"], "Idempotency-Key");

        let first = w.add_entry(&w.coordinator, &food, Some("entry-1"), &body).await;
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        assert!(first.headers().get("idempotency-replayed").is_none());
        let first: Value = first.json().await.unwrap();
        let again = w.add_entry(&w.coordinator, &food, Some("entry-1"), &body).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["idempotency-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        let list = w.json(&w.coordinator, Method::GET, &format!("/v1/waitlists/{food}/entries"), None).await;
        assert_eq!(list.as_array().unwrap().len(), 1);

        let mut other = body.clone();
        other["pregnant"] = json!(true);
        let p = problem(w.add_entry(&w.coordinator, &food, Some("entry-1"), &other).await, 422).await;
        assert!(p["type"].as_str().unwrap().ends_with("/idempotency-key-reused"));
        // A refused request frees its key.
        let treatment = w.treatment.id.clone();
        assert_eq!(w.add_entry(&w.coordinator, &treatment, Some("entry-2"), &body).await.status(), 422);
        assert_eq!(w.add_entry(&w.coordinator, &food, Some("entry-2"), &other).await.status(), 201);

        // A duplicate while the first is still being processed is a 409.
        let store = waypoint_indexer::store::Store::open(&w.app.db.url).unwrap();
        let mut conn = store.connect().unwrap();
        let fp = waypoint_api::idempotency::fingerprint(&format!("POST /v1/waitlists/{food}/entries"), &body);
        waypoint_api::idempotency::claim(&mut conn, &w.coordinator.id, "in-flight", &fp).unwrap();
        let p = problem(w.add_entry(&w.coordinator, &food, Some("in-flight"), &body).await, 409).await;
        assert!(p["type"].as_str().unwrap().ends_with("/idempotency-key-in-flight"));
    }

    async fn treatment_entries_need_a_usable_consent(backend) {
        let w = world(backend).await;
        let treatment = w.treatment.id.clone();
        let add = |body: Value| w.add_new(&w.coordinator, &w.treatment.id, body);
        let p = problem(add(entry_body("person-alpha", None)).await, 422).await;
        assert!(p["type"].as_str().unwrap().ends_with("/consent-required"));
        assert_eq!(p["missing"], json!(["consent_id"]));

        let covering = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.provider.id}])).await;
        let p = problem(add(entry_body("person-beta", Some(&covering))).await, 422).await;
        assert_eq!(p["consent_problem"], "other-client");
        let elsewhere = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.other_provider.id}])).await;
        let p = problem(add(entry_body("person-alpha", Some(&elsewhere))).await, 422).await;
        assert_eq!(p["consent_problem"], "recipient-not-covered");
        assert_eq!(p["uncovered_recipients"], json!([w.provider.id]));
        let theirs = w.consent_of(&w.referrer, "person-alpha", json!([{"partner_id": w.provider.id}])).await;
        let p = problem(add(entry_body("person-alpha", Some(&theirs))).await, 422).await;
        assert_eq!(p["consent_problem"], "unknown");
        let revoked = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.provider.id}])).await;
        w.json(&w.coordinator, Method::POST, &format!("/v1/consents/{revoked}/revoke"), None).await;
        let p = problem(add(entry_body("person-alpha", Some(&revoked))).await, 422).await;
        assert_eq!(p["consent_problem"], "revoked");

        let res = add(entry_body("person-alpha", Some(&covering))).await;
        assert_eq!(res.status(), 201);
        let entry: Value = res.json().await.unwrap();
        assert_shown(&entry, true);
        assert_eq!(entry["consent_id"], covering.as_str());
        // The program's own provider needs a consent too, covering only the other providers.
        let own = w.consent_of(&w.provider, "person-gamma", json!([{"class": "treating-providers"}])).await;
        let res = w.add_entry(&w.provider, &treatment, Some("own"), &entry_body("person-gamma", Some(&own))).await;
        assert_eq!(res.status(), 201);

        // A PATCH of consent_id is checked the same way.
        let path = format!("/v1/waitlists/{treatment}/entries/{}", entry["id"].as_str().unwrap());
        let p = problem(w.call(&w.coordinator, Method::PATCH, &path, Some(json!({"consent_id": elsewhere}))).await, 422).await;
        assert_eq!(p["consent_problem"], "recipient-not-covered");
    }

    async fn details_reach_only_partners_a_consent_in_force_names(backend) {
        let w = world(backend).await;
        let treatment = w.treatment.id.clone();
        let desk = w.app.partner("Second Fictional Desk", Role::Coordinator, &[]);
        let consent = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.provider.id}])).await;
        // Asked three days ago and injecting: the interim-services clock has run out.
        let mut body = entry_body("person-alpha", Some(&consent));
        body["requested_at"] = json!(waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::days(3)));
        let res = w.add_entry(&w.coordinator, &treatment, Some("k"), &body).await;
        let entry: Value = res.json().await.unwrap();
        let path = format!("/v1/waitlists/{treatment}/entries/{}", entry["id"].as_str().unwrap());
        let list_path = format!("/v1/waitlists/{treatment}/entries");
        w.json(&w.coordinator, Method::POST, &format!("{path}/contact-attempts"), Some(json!({"outcome": "left-message", "note": "asked for Test Person Alpha"}))).await;

        // The creator sees everything; the named provider too; another coordinator does not.
        assert_shown(&w.json(&w.coordinator, Method::GET, &path, None).await, true);
        let seen = w.json(&w.provider, Method::GET, &path, None).await;
        assert_shown(&seen, true);
        assert_eq!(seen["consent_id"], consent.as_str());
        let hidden = w.json(&desk, Method::GET, &path, None).await;
        assert_shown(&hidden, false);
        assert_eq!(hidden["position"], 1);
        assert_eq!(hidden["consent_id"], consent.as_str());
        assert!(hidden["contact_attempts"][0].get("note").is_none());
        assert_shown(&w.json(&desk, Method::GET, &list_path, None).await[0], false);
        let overdue = w.json(&desk, Method::GET, "/v1/waitlists/overdue", None).await;
        assert_eq!(overdue[0]["id"], entry["id"]);
        assert_shown(&overdue[0], false);

        // A consent naming the second desk too: it sees the details, in every answer.
        let wider = w.consent_of(&w.coordinator, "person-alpha", json!([{"partner_id": w.provider.id}, {"partner_id": desk.id}])).await;
        let patched = w.json(&w.coordinator, Method::PATCH, &path, Some(json!({"consent_id": wider}))).await;
        assert_eq!(patched["consent_id"], wider.as_str());
        assert_shown(&w.json(&desk, Method::GET, &path, None).await, true);
        assert_shown(&w.json(&desk, Method::GET, &list_path, None).await[0], true);
        let changed = w.json(&desk, Method::POST, &format!("{path}/contact-attempts"), Some(json!({"outcome": "no-answer"}))).await;
        assert_shown(&changed, true);
        assert_eq!(changed["contact_attempts"][0]["note"], "asked for Test Person Alpha");

        // Revoked: the status stays, the details go, for every partner but the creator.
        w.json(&w.coordinator, Method::POST, &format!("/v1/consents/{wider}/revoke"), None).await;
        assert_shown(&w.json(&desk, Method::GET, &path, None).await, false);
        assert_shown(&w.json(&w.provider, Method::GET, &list_path, None).await[0], false);
        assert_shown(&w.json(&w.coordinator, Method::GET, &path, None).await, true);

        // The ledger: the creator sees each showing to another partner, and nobody else does.
        let ledger = w.json(&w.coordinator, Method::GET, "/v1/disclosures?client_ref=person-alpha", None).await;
        let ledger = ledger.as_array().unwrap();
        let to = |p: &TestPartner| ledger.iter().filter(|d| d["recipient_id"] == p.id.as_str()).count();
        assert_eq!(to(&w.provider), 1, "{ledger:?}");
        assert_eq!(to(&desk), 3, "{ledger:?}");
        assert_eq!(to(&w.coordinator), 0, "the creator's own reads are no disclosure");
        for d in ledger {
            assert_eq!(d["discloser_id"], w.coordinator.id.as_str());
            assert_eq!(d["waitlist_entry_id"], entry["id"]);
            assert_eq!(d["channel"], "api");
            assert!(d["information"].as_str().unwrap().contains("name"));
            assert!(!d.to_string().contains("Test Person"));
        }
        assert_eq!(ledger.last().unwrap()["consent_id"], wider.as_str());
        let theirs = w.json(&desk, Method::GET, "/v1/disclosures?client_ref=person-alpha", None).await;
        assert_eq!(theirs, json!([]));
    }

    async fn entries_of_programs_needing_no_consent_are_shown_to_every_keeper(backend) {
        let w = world(backend).await;
        let food = w.food.id.clone();
        let res = w.add_entry(&w.coordinator, &food, Some("k"), &entry_body("person-delta", None)).await;
        let entry: Value = res.json().await.unwrap();
        assert_shown(&entry, true);
        let path = format!("/v1/waitlists/{food}/entries/{}", entry["id"].as_str().unwrap());
        assert_shown(&w.json(&w.pantry, Method::GET, &path, None).await, true);
        let ledger = w.json(&w.coordinator, Method::GET, "/v1/disclosures?client_ref=person-delta", None).await;
        assert_eq!(ledger[0]["recipient_id"], w.pantry.id.as_str());
        assert_eq!(ledger[0]["consent_id"], Value::Null);
    }
}
