//! A first run on an empty store loads the demonstration data, once.

use serde_json::Value;
use waypoint_tests::{api_tests, spawn_app, spawn_on};

api_tests! {
    async fn an_empty_store_is_seeded_once(backend) {
        let app = spawn_app(backend, true).await;
        let ready: Value = app.get("/ready").await.json().await.unwrap();
        let listings = ready["listings"].as_i64().unwrap();
        assert!(listings >= 1000, "seed data gives at least 1,000 listings, got {listings}");
        assert_eq!(ready["index_documents"], listings);

        // A second start on the same store does not load the seed data again.
        let settings = app.settings.clone();
        let again = spawn_on(app.db, settings).await;
        let ready: Value = again.get("/ready").await.json().await.unwrap();
        assert_eq!(ready["listings"], listings);
    }
}
