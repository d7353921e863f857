//! The committed OpenAPI document is what the server serves.

use waypoint_tests::{TestBackend, path_with_any_id, raw_request, run, spawn_app};

#[test]
fn committed_openapi_matches_the_served_document() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let res = app.get("/openapi.json").await;
        assert_eq!(res.status(), 200);
        let served = res.text().await.unwrap();
        let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/health"].is_object() && doc["paths"]["/ready"].is_object());
        let committed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../openapi/openapi.json"
        ))
        .expect("openapi/openapi.json is committed");
        assert!(
            committed == served,
            "openapi/openapi.json differs from what the server serves: run `cargo run --bin waypoint -- openapi > openapi/openapi.json`"
        );
    });
}

/// Every operation the document lists reaches a handler: the router's own fallback (a 404
/// "no resource at …" or a 405) never answers a documented method and path. Routes are
/// registered with their documentation in one place, so this holds by construction; the
/// test keeps it so if a route is ever registered by hand.
#[test]
fn every_documented_operation_is_served() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let doc: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
        let mut checked = 0;
        for (template, methods) in doc["paths"].as_object().unwrap() {
            // Any id: a handler answers 401, 403 or 404 for it; the fallback says
            // "no resource at".
            let path = path_with_any_id(template);
            for method in methods.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                let (status, body) = raw_request(&app, &method, &path, None).await;
                assert_ne!(status, 405, "{method} {path} is documented but not served");
                assert!(
                    !body.contains("no resource at"),
                    "{method} {path} is documented but not served: {status} {body}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 50, "only {checked} operations in the document");
    });
}

/// Every example in the document is valid against the schema beside it: request bodies,
/// success responses, each problem, and each webhook's body. An example that drifts from
/// its type fails here.
#[test]
fn every_example_matches_its_schema() {
    use waypoint_tests::openapi_schemas::{document, violations};
    let doc = document();
    let mut media = Vec::new();
    for (label, item) in doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .chain(doc["webhooks"].as_object().unwrap().iter())
    {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("{} {label}", method.to_uppercase());
            for (ct, m) in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                media.push((format!("{at} body {ct}"), m));
            }
            for (status, r) in op["responses"].as_object().unwrap() {
                for (ct, m) in r["content"].as_object().into_iter().flatten() {
                    media.push((format!("{at} {status} {ct}"), m));
                }
            }
        }
    }
    for (name, r) in doc["components"]["responses"].as_object().unwrap() {
        for (ct, m) in r["content"].as_object().into_iter().flatten() {
            media.push((format!("response {name} {ct}"), m));
        }
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (at, m) in media {
        let mut examples: Vec<(String, &serde_json::Value)> = Vec::new();
        if let Some(e) = m.get("example") {
            examples.push((at.clone(), e));
        }
        for (name, e) in m["examples"].as_object().into_iter().flatten() {
            examples.push((format!("{at} ({name})"), &e["value"]));
        }
        for (label, example) in examples {
            let errors = violations(&m["schema"], example);
            if !errors.is_empty() {
                wrong.push(format!("{label}:\n  {}", errors.join("\n  ")));
            }
            checked += 1;
        }
    }
    assert!(checked > 90, "only {checked} examples");
    assert!(
        wrong.is_empty(),
        "examples that do not match their schema:\n{}",
        wrong.join("\n")
    );
}
