//! The committed OpenAPI document is what the server serves.

use waypoint_tests::{TestBackend, run, spawn_app};

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
