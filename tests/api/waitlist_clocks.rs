//! Waitlist entries listed by status, and unknown query parameters refused by name.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, fixtures, spawn_app};

fn fixture_service(i: usize) -> (String, String) {
    let text = std::fs::read_to_string(fixtures().join("hsds-json/services.json")).unwrap();
    let services: Value = serde_json::from_str(&text).unwrap();
    let s = &services[i];
    (
        s["id"].as_str().unwrap().to_string(),
        s["organization"]["id"].as_str().unwrap().to_string(),
    )
}

fn ago(hours: i64) -> String {
    waypoint_api::clock::format(Utc::now() - Duration::hours(hours))
}

async fn call(
    app: &TestApp,
    who: &TestPartner,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app.as_partner(method, path, who);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A person who asked `hours_ago`.
async fn add(
    app: &TestApp,
    who: &TestPartner,
    service: &str,
    reference: &str,
    pregnant: bool,
    injects: bool,
    hours_ago: i64,
) -> Value {
    let body = json!({
        "client": {"reference": reference},
        "pregnant": pregnant,
        "injects_drugs": injects,
        "requested_at": ago(hours_ago),
    });
    let res = app
        .post_keyed(&format!("/v1/waitlists/{service}/entries"), who, &body)
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

fn references(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["client"]["reference"].as_str().unwrap())
        .collect()
}

api_tests! {
    async fn entries_are_listed_by_status_and_unknown_parameters_are_refused(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let entries = format!("/v1/waitlists/{service}/entries");

        let admitted = add(&app, &coordinator, &service, "admitted", false, false, 30).await;
        let removed = add(&app, &coordinator, &service, "removed", false, false, 20).await;
        add(&app, &coordinator, &service, "waiting-later", false, false, 10).await;
        add(&app, &coordinator, &service, "waiting-first", true, false, 5).await;
        let (status, _) = call(&app, &coordinator, Method::POST, &format!("{entries}/{}/admit", admitted["id"].as_str().unwrap()), Some(json!({}))).await;
        assert_eq!(status, 200);
        let (status, _) = call(&app, &coordinator, Method::POST, &format!("{entries}/{}/remove", removed["id"].as_str().unwrap()), Some(json!({"reason": "declined"}))).await;
        assert_eq!(status, 200);

        let list = |query: &'static str| {
            let (app, coordinator, entries) = (&app, &coordinator, &entries);
            async move { call(app, coordinator, Method::GET, &format!("{entries}{query}"), None).await }
        };
        let (status, default) = list("").await;
        assert_eq!(status, 200);
        assert_eq!(references(&default), ["waiting-first", "waiting-later"], "pregnant first");
        assert_eq!(list("?status=waiting").await.1, default);

        let (status, done) = list("?status=admitted").await;
        assert_eq!(status, 200);
        assert_eq!(references(&done), ["admitted"]);
        assert_eq!(done[0]["status"], "admitted");
        assert!(done[0].get("position").is_none());
        assert_eq!(done[0]["overdue"], false);

        let (_, gone) = list("?status=removed").await;
        assert_eq!(references(&gone), ["removed"]);
        assert_eq!(gone[0]["removal_reason"], "declined");

        let (_, all) = list("?status=all").await;
        assert_eq!(references(&all), ["waiting-first", "waiting-later", "admitted", "removed"], "the queue, then the others in order of request");
        assert_eq!(all[0]["position"], 1);
        assert_eq!(all[1]["position"], 2);

        for (query, parameter) in [
            ("?status=everyone", "status"),
            ("?status=", "status"),
            ("?status=all&status=waiting", "status"),
            ("?colour=red", "colour"),
            ("?status=all&page=2", "page"),
        ] {
            let (status, problem) = list(query).await;
            assert_eq!((status, problem["parameter"].as_str()), (400, Some(parameter)), "{query}: {problem}");
        }
        let one = format!("{entries}/{}", admitted["id"].as_str().unwrap());
        for path in [format!("{one}?verbose=1"), "/v1/waitlists/overdue?service_id=x".to_string()] {
            let (status, problem) = call(&app, &coordinator, Method::GET, &path, None).await;
            assert_eq!(status, 400, "{path}: {problem}");
            assert!(problem["parameter"] == "verbose" || problem["parameter"] == "service_id", "{problem}");
        }
        let (status, _) = call(&app, &coordinator, Method::GET, &one, None).await;
        assert_eq!(status, 200);
    }
}
