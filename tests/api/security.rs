//! Security at the HTTP edge: the API-key gate follows routing (no spelling of a path gets
//! past it), and every answer carries `nosniff`, `no-store` and `no-referrer`.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{ALL_FIXTURE_FEEDS, TestApp, api_tests, raw_request, spawn_app, spawn_with};

use crate::referrals_support::{referral_body, world_with};

/// Spellings of `path` that a server might route to the same resource: percent-encoded
/// letters (one, and all, in both cases of hex), doubled slashes, dot segments and a
/// trailing slash.
fn spellings(path: &str) -> Vec<String> {
    let encode_all = |upper: bool| -> String {
        path.chars()
            .map(|c| match c {
                c if c.is_ascii_alphanumeric() || c == '_' => {
                    if upper {
                        format!("%{:02X}", c as u32)
                    } else {
                        format!("%{:02x}", c as u32)
                    }
                }
                c => c.to_string(),
            })
            .collect()
    };
    let first_letter = {
        let i = path.find(|c: char| c.is_ascii_alphabetic()).unwrap();
        format!(
            "{}%{:02x}{}",
            &path[..i],
            path.as_bytes()[i],
            &path[i + 1..]
        )
    };
    let (head, tail) = path[1..].split_once('/').unwrap_or((&path[1..], ""));
    let mut found = vec![
        path.to_string(),
        first_letter,
        encode_all(false),
        encode_all(true),
        format!("/{path}"),
        format!("/{head}//{tail}"),
        format!("/{head}/./{tail}"),
        format!("/./{head}/{tail}"),
        format!("/x/../{head}/{tail}"),
        format!("/{head}/%2e/{tail}"),
        format!("/{head}%2F{tail}"),
        format!("{path}/"),
        format!("{path}//"),
        format!("{path}/."),
        format!("{path}?"),
    ];
    found.dedup();
    found
}

/// Every operation of the served OpenAPI document, with real ids in place of `{id}`.
async fn operations(app: &TestApp, key: &str) -> Vec<(String, String)> {
    let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut ops = Vec::new();
    for (template, methods) in doc["paths"].as_object().unwrap() {
        let mut path = template.clone();
        if let Some(list) = template
            .strip_suffix("/{id}")
            .filter(|l| l.starts_with("/hsds"))
        {
            let page: Value = app
                .client
                .get(app.url(&format!("{list}?per_page=1")))
                .bearer_auth(key)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let id = page["contents"][0]["id"].as_str().unwrap().to_string();
            path = path.replace("{id}", &id);
        }
        if template == "/v1/services/{id}/capacity" {
            let services = app.listed_services();
            path = path.replace("{id}", &services[0].id);
        }
        // Ids of partner records need not exist: without a key nothing may be learned.
        for param in ["{id}", "{key_id}", "{service_id}", "{delivery_id}"] {
            path = path.replace(param, "x1");
        }
        for method in methods.as_object().unwrap().keys() {
            ops.push((method.to_uppercase(), path.clone()));
        }
    }
    ops
}

api_tests! {
    async fn no_spelling_of_a_protected_path_gets_past_the_key_gate(backend) {
        let app = spawn_with(backend, |s| s.require_api_key = true).await;
        app.load(&ALL_FIXTURE_FEEDS);
        let admin = app.partner("Fictional Gate Keeper", waypoint_tests::Role::Admin, &[]);
        let public = ["/health", "/ready", "/openapi.json"];
        let mut checked = 0;
        let mut reached_with_key = 0;
        for (method, path) in operations(&app, &admin.key).await {
            if public.contains(&path.as_str()) {
                continue;
            }
            for spelling in spellings(&path) {
                let (status, body) = raw_request(&app, &method, &spelling, None).await;
                assert!(
                    !(200..400).contains(&status),
                    "{method} {spelling} answered {status} without a key: {body}"
                );
                if spelling == path {
                    assert_eq!(status, 401, "{method} {path}: {body}");
                }
                // Where the same spelling with a key reaches the resource, the gate is what
                // refused it without one: so the gate saw what routing saw.
                if method == "GET"
                    && raw_request(&app, &method, &spelling, Some(&admin.key)).await.0 == 200
                {
                    reached_with_key += 1;
                    assert_eq!(status, 401, "{method} {spelling} routed, but not gated");
                }
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} requests checked");
        // The encoded spellings of the listing reads do route (that was the bypass).
        assert!(reached_with_key > 30, "only {reached_with_key} spellings reached a resource");
        let (status, _) = raw_request(&app, "GET", "/%68sds/services?per_page=1", None).await;
        assert_eq!(status, 401);
        let (status, _) = raw_request(&app, "GET", "/v1/%73earch?q=food", None).await;
        assert_eq!(status, 401);
        let (status, body) = raw_request(&app, "GET", "/%68sds/services?per_page=1", Some(&admin.key)).await;
        assert_eq!(status, 200, "{body}");
    }

    async fn every_answer_is_nosniff_and_never_stored(backend) {
        let w = world_with(spawn_app(backend, false).await);
        let consent = w.consent(json!([{"class": "treating-providers"}])).await;
        let created = w.post_referral(&waypoint_tests::fresh_key(), &referral_body(&w.treatment, Some(&consent))).await;
        assert_eq!(created.status(), 201);
        check_headers("POST /v1/referrals", &created);
        let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        let status = w.set_status(&w.provider, &id, json!({"status": "accepted"})).await;
        check_headers("POST status", &status);

        let program = &w.treatment.id;
        let entry = w.app.post_keyed(&format!("/v1/waitlists/{program}/entries"), &w.coordinator, &json!({
            "client": {"reference": "client-009", "name": "Testy McTestface"}
        })).await;
        check_headers("POST waitlist entry", &entry);
        let entry: Value = entry.json().await.unwrap();
        let entry_id = entry["id"].as_str().unwrap_or("x1").to_string();

        let partner_reads = [
            (&w.referrer, format!("/v1/referrals/{id}")),
            (&w.referrer, "/v1/referrals".to_string()),
            (&w.provider, format!("/v1/referrals/{id}/notes")),
            (&w.provider, format!("/v1/referrals/{id}/events")),
            (&w.referrer, "/v1/disclosures?client_ref=client-001".to_string()),
            (&w.coordinator, format!("/v1/waitlists/{program}/entries/{entry_id}")),
            (&w.coordinator, format!("/v1/waitlists/{program}/entries")),
            (&w.coordinator, format!("/v1/waitlists/{program}/entries/{entry_id}/bridge?near=21202")),
            (&w.other_provider, format!("/v1/referrals/{id}")),
        ];
        for (who, path) in &partner_reads {
            let res = w.call(who, Method::GET, path, None).await;
            check_headers(path, &res);
        }
        for path in ["/v1/search?q=food", "/hsds/services", "/health", "/ready", "/openapi.json", "/docs/", "/nowhere", "/v1/referrals"] {
            let res = w.app.get(path).await;
            check_headers(path, &res);
        }
    }
}

fn check_headers(what: &str, res: &reqwest::Response) {
    let headers = res.headers();
    assert_eq!(
        headers
            .get("x-content-type-options")
            .map(|v| v.to_str().unwrap()),
        Some("nosniff"),
        "{what} ({})",
        res.status()
    );
    assert_eq!(
        headers.get("cache-control").map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "{what} ({})",
        res.status()
    );
    assert_eq!(
        headers.get("referrer-policy").map(|v| v.to_str().unwrap()),
        Some("no-referrer"),
        "{what} ({})",
        res.status()
    );
}
