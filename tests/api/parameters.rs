//! Every endpoint refuses a query parameter it does not take, or one given twice that is
//! not a list, naming it, instead of silently ignoring it (a misspelt filter would
//! otherwise widen the answer; a second `q` would drop the first).

use serde_json::Value;
use waypoint_tests::{api_tests, raw_request, spawn_app};

api_tests! {
    async fn a_parameter_given_twice_is_refused_unless_it_is_a_list(backend) {
        let app = spawn_app(backend, false).await;
        for (path, parameter) in [
            ("/v1/search?q=food&q=rehab", "q"),
            ("/v1/search?near=21202&near=92701", "near"),
            ("/hsds/services?page=1&page=2", "page"),
        ] {
            let (status, body) = raw_request(&app, "GET", path, None).await;
            assert_eq!(status, 400, "{path}: {body}");
            let problem: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(problem["parameter"], parameter, "{path}");
            assert!(problem["detail"].as_str().unwrap().contains("more than once"), "{body}");
        }
        // Lists repeat, as the document says.
        let (status, body) = raw_request(&app, "GET", "/v1/search?category=food&category=housing&accepts=medicaid&accepts=medicare", None).await;
        assert_eq!(status, 200, "{body}");
    }

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
