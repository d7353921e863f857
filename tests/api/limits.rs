//! Limits on what a request may carry: a body over the limit is a 413 problem, whether it
//! says its length or comes in chunks, and nothing is written.

use serde_json::{Value, json};
use waypoint_tests::{TestBackend, run};

use crate::referrals_support::{referral_body, world};

const MAX_BODY_BYTES: usize = 64 * 1024;

fn assert_too_large(status: u16, problem: &Value) {
    assert_eq!(status, 413, "{problem}");
    assert_eq!(
        problem["type"],
        "https://waypoint.example.org/problems/payload-too-large"
    );
    assert_eq!(problem["max_bytes"], MAX_BODY_BYTES);
}

#[test]
fn a_body_over_the_limit_is_refused_and_writes_nothing() {
    run(async {
        let w = world(TestBackend::Sqlite).await;
        let mut body = referral_body(&w.food, None);
        body["reason"] = json!("x".repeat(MAX_BODY_BYTES + 1));
        let res = w.app.post_keyed("/v1/referrals", &w.referrer, &body).await;
        let status = res.status().as_u16();
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_too_large(status, &res.json().await.unwrap());

        // The same body in chunks, without a length.
        let text = body.to_string();
        let mut chunked = String::new();
        for piece in text.as_bytes().chunks(8 * 1024) {
            chunked.push_str(&format!("{:x}\r\n", piece.len()));
            chunked.push_str(std::str::from_utf8(piece).unwrap());
            chunked.push_str("\r\n");
        }
        chunked.push_str("0\r\n\r\n");
        let (status, answer) = w
            .app
            .raw_with_body(
                "POST",
                "/v1/referrals",
                &format!(
                    "Authorization: Bearer {}\r\nIdempotency-Key: chunked-1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                    w.referrer.key
                ),
                &chunked,
            )
            .await;
        let problem: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap_or(""))
            .unwrap_or_else(|_| panic!("not a problem: {answer}"));
        assert_too_large(status, &problem);

        let res = w
            .app
            .as_partner(reqwest::Method::GET, "/v1/referrals", &w.referrer)
            .send()
            .await
            .unwrap();
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["items"].as_array().map(Vec::len), Some(0), "{page}");
    });
}
