//! A search that signals a crisis lists crisis lines first and says so.

use serde_json::Value;
use waypoint_tests::{api_tests, spawn_app};

api_tests! {
    async fn crisis_words_put_crisis_lines_first(backend) {
        let app = spawn_app(backend, true).await;
        for (q, kind) in [("i%20want%20to%20die", "suicide"), ("me%20quiero%20morir", "suicide"), ("my%20friend%20is%20overdosing", "overdose")] {
            let page: Value = app.get(&format!("/v1/search?q={q}&near=21202&radius_km=10")).await.json().await.unwrap();
            assert_eq!(page["query"]["crisis"]["kind"], kind, "{q}");
            assert!(page["query"]["crisis"]["message"].as_str().unwrap().contains("988"));
            let names: Vec<&str> = page["contents"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
            // The national lines reach every point in the country through their service area,
            // and come first; the county's crisis line follows.
            let mut national = names[..2].to_vec();
            national.sort();
            assert_eq!(national, ["988 Suicide & Crisis Lifeline", "Emergency Services (911)"], "{q}: {names:?}");
            assert!(names[2].contains("Crisis Line"), "{q}: {names:?}");
            assert_eq!(page["contents"][0]["match"], "service_area");
        }
        let calm: Value = app.get("/v1/search?q=food%20pantry&near=21202").await.json().await.unwrap();
        assert!(calm["query"].get("crisis").is_none());
        assert_ne!(calm["contents"][0]["name"], "988 Suicide & Crisis Lifeline");
    }
}
