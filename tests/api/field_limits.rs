//! Every stored text field and list has a limit (`api/src/limits.rs`): in each area, a
//! field one character (or item) over it is a 400 naming the field and the limit, and
//! writes nothing; exactly at it is taken. Bodies that do not parse are refused everywhere,
//! also where the body is optional.

use reqwest::{Method, Response};
use serde_json::{Value, json};
use waypoint_api::limits;
use waypoint_tests::{
    Role, TestApp, api_tests, call, fixture_service, path_with_any_id, spawn_app,
};

use crate::referrals_support::{consent_body, referral_body, uuid_like, world};

/// A 400 `invalid-parameter` problem naming `parameter` and the limit.
async fn over_limit(res: Response, parameter: &str, limit: &str) {
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(
        problem["type"],
        "https://waypoint.example.org/problems/invalid-parameter"
    );
    assert_eq!(problem["parameter"], parameter, "{problem}");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(limit), "{detail} does not say {limit}");
}

fn chars(n: usize) -> String {
    format!("at most {n} characters")
}

fn items(n: usize) -> String {
    format!("at most {n} items")
}

/// `n` characters of two bytes each, so a count of bytes would be twice the limit.
fn text(n: usize) -> String {
    "é".repeat(n)
}

api_tests! {
    async fn referral_notes_and_status_fields_have_limits(backend) {
        let w = world(backend).await;
        let world = &w;
        let post = |body: Value| async move { world.post_referral(&uuid_like(), &body).await };
        let base = referral_body(&w.food, None);

        for (field, value, limit) in [
            ("phone", "5".repeat(limits::PHONE + 1), chars(limits::PHONE)),
            ("name", text(limits::NAME + 1), chars(limits::NAME)),
            ("email", text(limits::EMAIL + 1), chars(limits::EMAIL)),
        ] {
            let mut body = base.clone();
            body["client"][field] = json!(value);
            over_limit(post(body).await, &format!("client.{field}"), &limit).await;
        }
        let mut body = base.clone();
        body["client"]["contact_preferences"] = json!(vec!["text"; limits::CONTACT_PREFERENCES + 1]);
        over_limit(post(body).await, "client.contact_preferences", &items(limits::CONTACT_PREFERENCES)).await;
        let mut body = base.clone();
        body["reason"] = json!(text(limits::REASON + 1));
        over_limit(post(body).await, "reason", &chars(limits::REASON)).await;
        assert_eq!(w.app.count_rows("referrals"), 0);
        assert_eq!(w.app.count_rows("idempotency_keys"), 0);

        // A 1.9 MB name is refused before it is read.
        let mut body = base.clone();
        body["client"]["name"] = json!("x".repeat(1_900_000));
        assert_eq!(post(body).await.status(), 413);
        assert_eq!(w.app.count_rows("referrals"), 0);

        // Exactly at each limit is taken, counted in characters.
        let mut body = base.clone();
        body["client"]["phone"] = json!("5".repeat(limits::PHONE));
        body["client"]["name"] = json!(text(limits::NAME));
        body["client"]["contact_preferences"] = json!(vec!["text"; limits::CONTACT_PREFERENCES]);
        body["reason"] = json!(text(limits::REASON));
        let res = post(body).await;
        assert_eq!(res.status(), 201);
        let referral: Value = res.json().await.unwrap();
        assert_eq!(referral["client"]["name"], text(limits::NAME));
        let id = referral["id"].as_str().unwrap();
        assert_eq!(w.app.count_rows("referrals"), 1);

        let notes = format!("/v1/referrals/{id}/notes");
        let res = w.call(&w.referrer, Method::POST, &notes, Some(json!({"text": text(limits::NOTE + 1)}))).await;
        over_limit(res, "text", &chars(limits::NOTE)).await;
        assert_eq!(w.app.count_rows("referral_notes"), 0);
        let res = w.call(&w.referrer, Method::POST, &notes, Some(json!({"text": text(limits::NOTE)}))).await;
        assert_eq!(res.status(), 201);
        assert_eq!(w.app.count_rows("referral_notes"), 1);

        let events = w.app.count_rows("referral_events");
        let res = w.set_status(&w.pantry, id, json!({"status": "accepted", "business_status": text(limits::LABEL + 1)})).await;
        over_limit(res, "business_status", &chars(limits::LABEL)).await;
        let res = w.set_status(&w.pantry, id, json!({"status": "completed", "outcome": {"services_delivered": vec!["food"; limits::SERVICES_DELIVERED + 1]}})).await;
        over_limit(res, "outcome.services_delivered", &items(limits::SERVICES_DELIVERED)).await;
        assert_eq!(w.app.count_rows("referral_events"), events);
        let res = w.set_status(&w.pantry, id, json!({"status": "accepted", "business_status": text(limits::LABEL)})).await;
        assert_eq!(res.status(), 200);
        assert_eq!(w.app.count_rows("referral_events"), events + 1);
    }

    async fn consent_elements_have_limits(backend) {
        let w = world(backend).await;
        let post = |body: Value| w.call(&w.referrer, Method::POST, "/v1/consents", Some(body));
        let base = consent_body(json!([{"class": "treating-providers"}]));

        let mut body = base.clone();
        body["recipients"] = json!([{"class": "treating-providers"}, {"partner_id": "p".repeat(limits::ID + 1)}]);
        over_limit(post(body).await, "recipients[1].partner_id", &chars(limits::ID)).await;
        let mut body = base.clone();
        body["recipients"] = json!(vec![json!({"class": "treating-providers"}); limits::RECIPIENTS + 1]);
        over_limit(post(body).await, "recipients", &items(limits::RECIPIENTS)).await;
        for (field, max) in [("purpose", limits::SENTENCE), ("information", limits::REASON), ("disclosing_party", limits::NAME)] {
            let mut body = base.clone();
            body[field] = json!(text(max + 1));
            over_limit(post(body).await, field, &chars(max)).await;
        }
        assert_eq!(w.app.count_rows("consents"), 0);

        let mut body = base.clone();
        body["purpose"] = json!(text(limits::SENTENCE));
        body["information"] = json!(text(limits::REASON));
        body["disclosing_party"] = json!(text(limits::NAME));
        let res = post(body).await;
        assert_eq!(res.status(), 201);
        assert_eq!(w.app.count_rows("consents"), 1);
    }

    async fn partner_fields_have_limits(backend) {
        let app = spawn_app(backend, false).await;
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);
        let before = app.count_rows("partners");
        let (status, problem) = call(&app, &admin, Method::POST, "/v1/partners", Some(json!({"name": text(limits::NAME + 1), "role": "referrer"}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "name");
        assert!(problem["detail"].as_str().unwrap().contains(&chars(limits::NAME)));
        let ids = vec!["org"; limits::ORGANIZATION_IDS + 1];
        let (status, problem) = call(&app, &admin, Method::POST, "/v1/partners", Some(json!({"name": "Fictional Rehab", "role": "provider", "organization_ids": ids}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "organization_ids");
        assert_eq!(app.count_rows("partners"), before);

        let (status, created) = call(&app, &admin, Method::POST, "/v1/partners", Some(json!({"name": text(limits::NAME), "role": "referrer"}))).await;
        assert_eq!(status, 201);
        assert_eq!(created["partner"]["name"], text(limits::NAME));
        assert_eq!(app.count_rows("partners"), before + 1);
    }

    async fn webhook_endpoint_fields_have_limits(backend) {
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let base = "http://127.0.0.1:9/hooks/";
        let url = |n: usize| format!("{base}{}", "a".repeat(n - base.len()));
        let post = |body: Value| app.as_partner(Method::POST, "/v1/webhooks", &clinic).json(&body).send();

        let res = post(json!({"url": url(limits::URL + 1), "event_types": ["referral.created"]})).await.unwrap();
        over_limit(res, "url", &chars(limits::URL)).await;
        let res = post(json!({"url": url(50), "event_types": vec!["referral.created"; limits::EVENT_TYPES + 1]})).await.unwrap();
        over_limit(res, "event_types", &items(limits::EVENT_TYPES)).await;
        assert_eq!(app.count_rows("webhook_endpoints"), 0);

        let res = post(json!({"url": url(limits::URL), "event_types": vec!["referral.created"; limits::EVENT_TYPES]})).await.unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(app.count_rows("webhook_endpoints"), 1);
    }

    async fn capacity_and_waitlist_fields_have_limits(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service(0);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);

        let capacity = format!("/v1/services/{service}/capacity");
        let report = |notes: String, description: String| json!({"status": "capacity", "notes": notes,
            "capacities": [{"unit": "bed", "available": 1, "maximum": 2, "description": description}]});
        let (status, problem) = call(&app, &provider, Method::PUT, &capacity, Some(report(text(limits::NOTE + 1), "x".into()))).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("notes")));
        let (status, problem) = call(&app, &provider, Method::PUT, &capacity, Some(report("x".into(), text(limits::SENTENCE + 1)))).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("capacities[0].description")));
        assert!(problem["detail"].as_str().unwrap().contains(&chars(limits::SENTENCE)));
        assert_eq!(app.count_rows("capacity_history"), 0);
        let (status, _) = call(&app, &provider, Method::PUT, &capacity, Some(report(text(limits::NOTE), text(limits::SENTENCE)))).await;
        assert_eq!(status, 200);
        assert_eq!(app.count_rows("capacity_history"), 1);

        let entries = format!("/v1/waitlists/{service}/entries");
        let person = |phone: String| json!({"client": {"reference": "c-1", "name": "Testy McTestface", "phone": phone}});
        let res = app.post_keyed(&entries, &provider, &person("5".repeat(limits::PHONE + 1))).await;
        over_limit(res, "client.phone", &chars(limits::PHONE)).await;
        assert_eq!(app.count_rows("waitlist_entries"), 0);
        let res = app.post_keyed(&entries, &provider, &person("5".repeat(limits::PHONE))).await;
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        assert_eq!(app.count_rows("waitlist_entries"), 1);

        let attempts = format!("{entries}/{id}/contact-attempts");
        let (status, problem) = call(&app, &provider, Method::POST, &attempts, Some(json!({"outcome": "no-answer", "note": text(limits::NOTE + 1)}))).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("note")));
        assert_eq!(app.count_rows("waitlist_contact_attempts"), 0);
        let (status, _) = call(&app, &provider, Method::POST, &attempts, Some(json!({"outcome": "no-answer", "note": text(limits::NOTE)}))).await;
        assert_eq!(status, 200);
        assert_eq!(app.count_rows("waitlist_contact_attempts"), 1);

        // The admission's body is optional, but one that is sent must parse and keep its limits.
        let admit = format!("{entries}/{id}/admit");
        for (body, parameter) in [("this is not json".to_string(), "body"), (format!("{{\"unit\": \"{}\"}}", "b".repeat(limits::UNIT + 1)), "unit")] {
            let res = app.as_partner(Method::POST, &admit, &provider)
                .header("content-type", "application/json").body(body).send().await.unwrap();
            assert_eq!(res.status(), 400);
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            assert_eq!(res.json::<Value>().await.unwrap()["parameter"], parameter);
        }
        assert_eq!(app.count_rows("waitlist_admissions"), 0);
        let (_, entry) = call(&app, &provider, Method::GET, &format!("{entries}/{id}"), None).await;
        assert_eq!(entry["status"], "waiting");
    }
}

/// Every operation that takes a body refuses one that is not JSON with a 400 problem,
/// before it does anything; an optional body (`requestBody.required` not true) too.
#[test]
fn every_body_that_does_not_parse_is_refused() {
    waypoint_tests::run(async {
        let app: TestApp = spawn_app(waypoint_tests::TestBackend::Sqlite, false).await;
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);
        let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
        let (mut checked, mut optional) = (0, 0);
        for (template, methods) in doc["paths"].as_object().unwrap() {
            let path = path_with_any_id(template);
            for (method, op) in methods.as_object().unwrap() {
                if op["requestBody"].is_null() {
                    continue;
                }
                if op["requestBody"]["required"] != true {
                    optional += 1;
                }
                for content_type in ["application/json", "text/plain"] {
                    let res = app
                        .as_partner(method.to_uppercase().parse().unwrap(), &path, &admin)
                        .header("Idempotency-Key", uuid_like())
                        .header("content-type", content_type)
                        .body("this is not json")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 400, "{method} {path} ({content_type})");
                    assert_eq!(res.headers()["content-type"], "application/problem+json");
                    let problem: Value = res.json().await.unwrap();
                    assert_eq!(problem["parameter"], "body", "{method} {path}: {problem}");
                }
                checked += 1;
            }
        }
        assert!(checked >= 13, "only {checked} operations take a body");
        assert!(optional >= 1, "the admission's body is optional");
    });
}
