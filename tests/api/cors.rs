//! Cross-origin requests: refused by default (no CORS header, so a browser keeps another
//! site's page from reading answers), allowed for the origins an operator configures.

use reqwest::Method;
use waypoint_tests::{TestApp, TestBackend, run, spawn_app, spawn_with};

const CLINIC: &str = "https://clinic.example.org";

async fn from_origin(app: &TestApp, method: Method, path: &str, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(method.clone(), app.url(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .expect("the server answers")
}

#[test]
fn no_origin_is_allowed_by_default() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let res = from_origin(&app, Method::GET, "/v1/search?q=food", CLINIC).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers().get("access-control-allow-origin").is_none());
        let res = from_origin(&app, Method::OPTIONS, "/v1/referrals", CLINIC).await;
        assert!(res.headers().get("access-control-allow-origin").is_none());
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "a refused preflight is a problem like any other answer"
        );
    });
}

#[test]
fn configured_origins_may_call_the_api_and_no_other() {
    run(async {
        let app = spawn_with(TestBackend::Sqlite, |s| {
            s.cors_origins = format!("{CLINIC}, http://localhost:3000");
        })
        .await;
        let res = from_origin(&app, Method::OPTIONS, "/v1/referrals", CLINIC).await;
        assert_eq!(res.status(), 204);
        let h = res.headers();
        assert_eq!(h["access-control-allow-origin"], CLINIC);
        let methods = h["access-control-allow-methods"].to_str().unwrap();
        assert!(
            methods.contains("POST") && methods.contains("PATCH"),
            "{methods}"
        );
        let allowed = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            allowed.contains("authorization") && allowed.contains("idempotency-key"),
            "{allowed}"
        );

        let res = from_origin(&app, Method::GET, "/v1/search?q=food", CLINIC).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["access-control-allow-origin"], CLINIC);
        let exposed = res.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap();
        assert!(exposed.contains("X-Request-Id"), "{exposed}");
        // Problems too, so the page can read why.
        let res = from_origin(&app, Method::GET, "/v1/referrals", CLINIC).await;
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["access-control-allow-origin"], CLINIC);

        for other in [
            "https://evil.example.net",
            "https://clinic.example.org.evil.net",
            "null",
        ] {
            let res = from_origin(&app, Method::OPTIONS, "/v1/referrals", other).await;
            assert_ne!(res.status(), 204, "{other}");
            assert!(
                res.headers().get("access-control-allow-origin").is_none(),
                "{other}"
            );
            let res = from_origin(&app, Method::GET, "/v1/search?q=food", other).await;
            assert!(
                res.headers().get("access-control-allow-origin").is_none(),
                "{other}"
            );
        }
    });
}
