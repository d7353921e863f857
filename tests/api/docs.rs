//! Swagger UI at /docs, served offline for /openapi.json.

use waypoint_tests::{TestBackend, run, spawn_app};

#[test]
fn swagger_ui_and_its_assets_are_served_for_the_openapi_document() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let res = app.get("/docs/").await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        // A policy that lets the UI run its own files and nothing else.
        let policy = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        let page = res.text().await.unwrap();
        assert!(page.contains("swagger-ui"), "{page}");
        // JSON answers are never pages: nothing runs or loads in one.
        let res = app.get("/health").await;
        assert_eq!(
            res.headers()["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'"
        );
        for (asset, kind) in [
            ("/docs/swagger-ui-bundle.js", "javascript"),
            ("/docs/swagger-ui.css", "css"),
        ] {
            let res = app.get(asset).await;
            assert_eq!(res.status(), 200, "{asset}");
            assert!(
                res.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .contains(kind),
                "{asset}"
            );
            assert!(res.bytes().await.unwrap().len() > 10_000, "{asset}");
        }
        // The initializer points the UI at this API's own document.
        let init = app
            .get("/docs/swagger-initializer.js")
            .await
            .text()
            .await
            .unwrap();
        assert!(init.contains("/openapi.json"), "{init}");
        // /docs without the slash leads there.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = client.get(app.url("/docs")).send().await.unwrap();
        assert_eq!(res.status(), 308);
        assert_eq!(res.headers()["location"], "/docs/");
    });
}
