//! The access matrix: every referral and consent endpoint against every role and against
//! another partner of the same role. No key is 401, a wrong role 403, someone else's
//! record 404 (exactly as for a record that does not exist).

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{TestPartner, api_tests};

use crate::referrals_support::*;

/// What a caller gets from one endpoint.
async fn status_of(
    w: &World,
    who: Option<&TestPartner>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> u16 {
    let mut req = match who {
        Some(p) => w.app.as_partner(method, path, p),
        None => w.app.client.request(method, w.app.url(path)),
    };
    req = req.header("Idempotency-Key", uuid_like());
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    if status >= 400 {
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    status
}

api_tests! {
    async fn every_endpoint_answers_each_role_as_the_matrix_says(backend) {
        let w = world(backend).await;
        let (id, consent) = w.treatment_referral().await;
        let r = format!("/v1/referrals/{id}");
        let c = format!("/v1/consents/{consent}");
        let referral = referral_body(&w.treatment, Some(&consent));
        let note = json!({"text": "called, no answer"});
        // (method, path, body, [referrer, other referrer, provider, other provider, coordinator, admin])
        let matrix: Vec<(Method, String, Option<Value>, [u16; 6])> = vec![
            (Method::POST, "/v1/consents".into(), Some(consent_body(json!([{"class": "treating-providers"}]))), [201, 201, 201, 201, 201, 201]),
            (Method::GET, c.clone(), None, [200, 404, 404, 404, 404, 404]),
            (Method::POST, "/v1/referrals".into(), Some(referral.clone()), [201, 422, 403, 403, 403, 403]),
            (Method::GET, "/v1/referrals".into(), None, [200, 200, 200, 200, 403, 403]),
            (Method::GET, r.clone(), None, [200, 404, 200, 404, 403, 403]),
            (Method::GET, format!("{r}/events"), None, [200, 404, 200, 404, 403, 403]),
            (Method::GET, format!("{r}/notes"), None, [200, 404, 200, 404, 403, 403]),
            (Method::POST, format!("{r}/notes"), Some(note.clone()), [201, 404, 201, 404, 403, 403]),
            (Method::POST, format!("{r}/status"), Some(json!({"status": "accepted"})), [403, 404, 200, 404, 403, 403]),
            (Method::GET, "/v1/disclosures?client_ref=client-001".into(), None, [200, 200, 200, 200, 200, 200]),
            (Method::GET, "/v1/partners/me".into(), None, [200, 200, 200, 200, 200, 200]),
            (Method::POST, format!("{c}/revoke"), None, [200, 404, 404, 404, 404, 404]),
        ];
        let callers = [&w.referrer, &w.other_referrer, &w.provider, &w.other_provider, &w.coordinator, &w.admin];
        for (method, path, body, expected) in matrix {
            assert_eq!(status_of(&w, None, method.clone(), &path, body.clone()).await, 401, "no key: {method} {path}");
            for (who, want) in callers.iter().zip(expected) {
                let got = status_of(&w, Some(who), method.clone(), &path, body.clone()).await;
                assert_eq!(got, want, "{method} {path} as {}", who.id);
            }
        }
    }

    async fn another_partners_referral_looks_like_no_referral(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        let theirs = problem(w.call(&w.other_provider, Method::GET, &format!("/v1/referrals/{id}"), None).await, 404).await;
        let missing = problem(w.call(&w.other_provider, Method::GET, "/v1/referrals/no-such-id", None).await, 404).await;
        assert_eq!(theirs["type"], missing["type"]);
        assert_eq!(theirs["title"], missing["title"]);
        assert!(!theirs.to_string().contains("Testy"));
    }
}
