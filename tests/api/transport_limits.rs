//! Limits on how a request arrives: a body or request head sent too slowly is a 408
//! problem within the timeout and writes nothing; a target over 8 KiB is a 414 problem,
//! headers over 128 KiB a 431; a raw or badly percent-encoded byte in the path or query,
//! or a body that is not UTF-8 JSON, is a 400 problem naming where it is. Never an empty
//! answer.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use waypoint_tests::{TestApp, TestBackend, api_tests, run, spawn_with};

use crate::referrals_support::{referral_body, world_with};

const TYPES: &str = "https://waypoint.example.org/problems/";

/// The problem in a whole raw answer, checked to be one.
fn problem_in(answer: &str) -> Value {
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer: {answer:?}"));
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{head}"
    );
    let problem: Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("not a problem: {answer}"));
    waypoint_tests::assert_listed_problem(&problem);
    problem
}

/// How a trickled request ended: what the server said, and how long after the head it
/// began to answer and closed the connection.
struct Ended {
    answer: String,
    answered: Duration,
    closed: Duration,
}

/// Sends `head` at once, then `trickled` one byte a second, until the server closes the
/// connection.
async fn trickle(app: &TestApp, head: String, trickled: Vec<u8>) -> Ended {
    let address = app.address.trim_start_matches("http://").to_string();
    actix_web::rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        stream.write_all(head.as_bytes()).expect("head sent");
        let started = Instant::now();
        let mut sent = 0;
        let mut last_sent: Option<Instant> = None;
        let mut answer = Vec::new();
        let mut answered = None;
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the connection was held for 30 s"
            );
            if sent < trickled.len()
                && last_sent.is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
            {
                let _ = stream.write_all(&trickled[sent..sent + 1]);
                sent += 1;
                last_sent = Some(Instant::now());
            }
            let mut buf = [0u8; 4096];
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    answered.get_or_insert(started.elapsed());
                    answer.extend_from_slice(&buf[..n]);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break,
            }
        }
        let closed = started.elapsed();
        Ended {
            answer: String::from_utf8_lossy(&answer).into_owned(),
            answered: answered.unwrap_or(closed),
            closed,
        }
    })
    .await
    .expect("the client thread ends")
}

api_tests! {
    async fn a_body_sent_a_byte_a_second_is_a_408_within_the_timeout_and_writes_nothing(backend) {
        let w = world_with(spawn_with(backend, |s| s.traffic.body_timeout_seconds = 2).await);
        let body = referral_body(&w.food, None).to_string();
        let address = w.app.address.trim_start_matches("http://");
        let head = format!(
            "POST /v1/referrals HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nIdempotency-Key: slow-1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            w.referrer.key,
            body.len()
        );
        let ended = trickle(&w.app, head, body.into_bytes()).await;
        let answer = &ended.answer;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        let problem = problem_in(answer);
        assert_eq!(problem["type"], format!("{TYPES}request-timeout"));
        assert_eq!(problem["timeout_seconds"], 2);
        assert!(problem["detail"].as_str().unwrap().contains("2 s"), "{problem}");
        assert!(ended.answered < Duration::from_millis(2500), "answered after {:?}", ended.answered);
        // Closed after actix's wait for the client to hang up (1 s).
        assert!(ended.closed < Duration::from_millis(3500), "held for {:?}", ended.closed);
        println!(
            "a slow body with a 2 s timeout: answered after {:?}, closed after {:?}",
            ended.answered, ended.closed
        );

        let res = w.app.as_partner(reqwest::Method::GET, "/v1/referrals", &w.referrer).send().await.unwrap();
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["items"].as_array().map(Vec::len), Some(0), "{page}");
    }
}

#[test]
fn a_request_head_sent_a_byte_a_second_is_a_408_within_the_header_timeout() {
    run(async {
        let app = spawn_with(TestBackend::Sqlite, |s| {
            s.traffic.header_timeout_seconds = 1
        })
        .await;
        let line = "GET /v1/search?q=food HTTP/1.1\r\n";
        // The line itself slowly, and the line at once with its headers slowly.
        for (head, trickled) in [
            ("", line.to_string()),
            (line, "Host: x\r\n\r\n".to_string()),
        ] {
            let ended = trickle(&app, head.to_string(), trickled.into_bytes()).await;
            let answer = &ended.answer;
            assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
            let problem = problem_in(answer);
            assert_eq!(problem["type"], format!("{TYPES}request-timeout"));
            assert_eq!(problem["timeout_seconds"], 1);
            assert!(
                ended.answered < Duration::from_millis(1500),
                "answered after {:?}",
                ended.answered
            );
            assert!(
                ended.closed < Duration::from_millis(2500),
                "held for {:?}",
                ended.closed
            );
            println!(
                "a slow head with a 1 s timeout: answered after {:?}, closed after {:?}",
                ended.answered, ended.closed
            );
        }
    });
}

#[test]
fn headers_over_128_kib_are_a_431_problem() {
    run(async {
        let app = spawn_with(TestBackend::Sqlite, |_| {}).await;
        let request = format!(
            "GET /v1/search?q=food HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "a".repeat(200_000)
        );
        let (status, answer) = app.send_raw(request.into_bytes()).await;
        assert_eq!(status, 431, "{answer}");
        let problem = problem_in(&answer);
        assert_eq!(problem["type"], format!("{TYPES}headers-too-large"));
        assert_eq!(problem["max_bytes"], 128 * 1024);
    });
}

fn assert_uri_too_long(problem: &Value) {
    assert_eq!(problem["type"], format!("{TYPES}uri-too-long"), "{problem}");
    assert_eq!(problem["status"], 414);
    assert_eq!(problem["max_bytes"], 8192);
    assert!(
        problem["detail"].as_str().unwrap().contains("8192 bytes"),
        "{problem}"
    );
}

#[test]
fn a_target_over_8_kib_is_a_414_problem() {
    run(async {
        let app = spawn_with(TestBackend::Sqlite, |_| {}).await;
        // 100 KB: more than actix-http parses at all, so checked as the connection opens.
        let (status, answer) = app
            .send_raw(
                format!(
                    "GET /v1/search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
                    "a".repeat(100_000)
                )
                .into_bytes(),
            )
            .await;
        assert_eq!(status, 414, "{answer}");
        assert_uri_too_long(&problem_in(&answer));

        // 9 KB on a kept-alive connection, after a first request: checked in the app.
        let client = reqwest::Client::new();
        assert_eq!(
            client
                .get(app.url("/health"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let res = client
            .get(app.url(&format!("/v1/search?q={}", "a".repeat(9_000))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 414);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_uri_too_long(&res.json().await.unwrap());

        // Up to the limit, the target is the endpoint's to judge (`q` has its own limit).
        let res = client
            .get(app.url(&format!("/v1/search?q={}", "a".repeat(8_000))))
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 414);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    });
}

#[test]
fn raw_and_badly_encoded_bytes_in_the_target_are_400_problems_naming_where() {
    run(async {
        let app = spawn_with(TestBackend::Sqlite, |_| {}).await;
        let cases: [(&[u8], &str, &str); 6] = [
            (b"/v1/search?near=21202&q=food\xff", "q", "0xFF"),
            (b"/v1/search?q=%ZZ", "q", "%ZZ"),
            (b"/v1/search?q=100%", "q", "percent-encoding"),
            (b"/v1/search?q=%FF", "q", "UTF-8"),
            (b"/v1/referrals/%ZZ", "path", "%ZZ"),
            (b"/v1/se\xc3\xa9rch?q=food", "path", "0xC3"),
        ];
        for (target, parameter, said) in cases {
            let mut request = b"GET ".to_vec();
            request.extend_from_slice(target);
            request.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let (status, answer) = app.send_raw(request).await;
            let shown = String::from_utf8_lossy(target);
            assert_eq!(status, 400, "{shown}: {answer}");
            let problem = problem_in(&answer);
            assert_eq!(
                problem["type"],
                format!("{TYPES}invalid-parameter"),
                "{shown}"
            );
            assert_eq!(problem["parameter"], parameter, "{shown}: {problem}");
            assert!(
                problem["detail"].as_str().unwrap().contains(said),
                "{shown}: {problem}"
            );
        }
    });
}

#[test]
fn a_body_that_is_not_utf8_json_is_a_400_problem_naming_the_body() {
    run(async {
        let w = world_with(spawn_with(TestBackend::Sqlite, |_| {}).await);
        let mut body = referral_body(&w.food, None);
        body["reason"] = json!("PLACEHOLDER");
        let bytes = body
            .to_string()
            .replace("PLACEHOLDER", "caf\u{e9}")
            .into_bytes();
        // Latin-1 é instead of UTF-8's two bytes.
        let mut latin1 = bytes.clone();
        let at = latin1.windows(2).position(|p| p == [0xc3, 0xa9]).unwrap();
        latin1.splice(at..at + 2, [0xe9]);
        for sent in [latin1, b"{\"reason\": ".to_vec()] {
            let res = w
                .app
                .as_partner(reqwest::Method::POST, "/v1/referrals", &w.referrer)
                .header("Idempotency-Key", waypoint_tests::fresh_key())
                .header("Content-Type", "application/json")
                .body(sent)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 400);
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["type"], format!("{TYPES}invalid-parameter"));
            assert_eq!(problem["parameter"], "body", "{problem}");
        }
    });
}
