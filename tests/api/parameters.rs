//! Every endpoint refuses a query parameter it does not take, naming it, instead of
//! silently ignoring it (a misspelt filter would otherwise widen the answer).

use serde_json::Value;
use waypoint_tests::{api_tests, raw_request, spawn_app};

api_tests! {
    async fn every_operation_refuses_parameters_it_does_not_take(backend) {
        let app = spawn_app(backend, false).await;
        let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
        let mut checked = 0;
        for (template, methods) in doc["paths"].as_object().unwrap() {
            let path = template
                .replace("{id}", "x1")
                .replace("{key_id}", "x1")
                .replace("{service_id}", "x1")
                .replace("{delivery_id}", "x1");
            for method in methods.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                let (status, body) =
                    raw_request(&app, &method, &format!("{path}?not_a_parameter=1"), None).await;
                assert_eq!(status, 400, "{method} {path}: {body}");
                let problem: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(problem["parameter"], "not_a_parameter", "{method} {path}");
                checked += 1;
            }
        }
        assert!(checked >= 50, "only {checked} operations");
        // The referral list's own filters are still taken.
        let (status, body) = raw_request(&app, "GET", "/v1/referrals?status=accepted&foo=bar", None).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("\"parameter\":\"foo\""), "{body}");
    }
}
