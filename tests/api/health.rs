//! /health, /ready, and problem details for paths no route serves.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use waypoint_tests::{Role, api_tests, spawn_app};

api_tests! {
    async fn health_and_ready_report_the_store_and_index(backend) {
        let app = spawn_app(backend, false).await;
        let health = app.get("/health").await;
        assert_eq!(health.status(), 200);
        assert_eq!(health.json::<Value>().await.unwrap()["status"], "ok");

        let ready: Value = app.get("/ready").await.json().await.unwrap();
        assert_eq!(ready["status"], "ready");
        // Only the built-in national lines.
        let national = waypoint_tests::national_lines();
        assert_eq!(ready["listings"], national);

        assert_eq!(ready["database"], "up");
        assert!(ready["checked_at"].is_string());

        app.load(&["hsds-json/services.json", "samhsa/locator.json"]);
        let ready = app.ready_with_listings(7 + national).await;
        assert_eq!(ready["status"], "ready");
        assert_eq!(ready["listings"], 7 + national);
        assert_eq!(ready["index_documents"], 7 + national);
        let expected = match backend {
            waypoint_tests::TestBackend::Sqlite => "sqlite",
            waypoint_tests::TestBackend::Postgres => "postgres",
        };
        assert_eq!(ready["backend"], expected);
    }

    async fn unknown_paths_get_problem_details(backend) {
        let app = spawn_app(backend, false).await;
        let res = app.get("/v1/nothing-here").await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 404);
        assert_eq!(problem["title"], "Not found");
        assert!(problem["type"].as_str().unwrap().ends_with("/not-found"));
        assert!(problem["detail"].as_str().unwrap().contains("/v1/nothing-here"));
        // A path that exists with other methods: 405, naming them in `Allow`.
        for (method, path, allow) in [
            ("DELETE", "/v1/search", "GET"),
            ("POST", "/hsds/services", "GET"),
            ("PUT", "/v1/referrals", "GET, POST"),
        ] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let res = reqwest::Client::new().request(method.clone(), app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 405, "{method} {path}");
            assert_eq!(res.headers()["allow"], allow, "{method} {path}");
            let problem: Value = res.json().await.unwrap();
            waypoint_tests::assert_listed_problem(&problem);
            assert!(problem["type"].as_str().unwrap().ends_with("/method-not-allowed"));
        }
    }

    // Found by the contract fuzzing: `/v1/partners/me` answered OPTIONS with
    // `Allow: DELETE, GET`, and DELETE reached `/v1/partners/{id}` with the id `me`.
    async fn a_concrete_path_takes_only_the_methods_its_own_entry_lists(backend) {
        let app = spawn_app(backend, false).await;
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);
        for method in [Method::OPTIONS, Method::DELETE] {
            let res = app.as_partner(method.clone(), "/v1/partners/me", &admin).send().await.unwrap();
            assert_eq!(res.status(), 405, "{method}");
            assert_eq!(res.headers()["allow"], "GET", "{method}");
            let problem: Value = res.json().await.unwrap();
            assert!(problem["type"].as_str().unwrap().ends_with("/method-not-allowed"), "{problem}");
        }
        let me: Value = app.as_partner(Method::GET, "/v1/partners/me", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["id"], admin.id.as_str(), "{me}");
        // The templated path keeps its methods.
        let res = app.as_partner(Method::OPTIONS, "/v1/partners/p-1", &admin).send().await.unwrap();
        assert_eq!(res.status(), 405);
        assert_eq!(res.headers()["allow"], "DELETE, GET");
    }

    async fn the_index_follows_changes_made_by_another_process(backend) {
        let app = spawn_app(backend, false).await;
        // A load from outside the server (the indexer command) goes to the store; the
        // running server's index catches up from the change sequence within seconds.
        let store = waypoint_indexer::store::Store::open(&app.db.url).unwrap();
        let elsewhere = app.db.path().join("other-index");
        let paths = vec![waypoint_tests::fixtures().join("meeting-guide/meetings.json")];
        waypoint_indexer::loader::load(&store, &elsewhere, &waypoint_indexer::loader::LoadRequest { paths, ..Default::default() }).unwrap();
        let mut documents = Value::Null;
        for _ in 0..50 {
            let ready: Value = app.get("/ready").await.json().await.unwrap();
            documents = ready["index_documents"].clone();
            if documents == 7 + waypoint_tests::national_lines() {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(documents, 7 + waypoint_tests::national_lines(), "the server's index did not pick up the load");
    }
}
