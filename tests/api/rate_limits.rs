//! Rate limits, with low limits set for each test (the test settings turn them off): an
//! address or an API key over its limit gets a 429 `rate-limited` problem with a correct
//! `Retry-After`, one key's exhaustion leaves other keys alone, limits recover, failed
//! key attempts slow the address down for every key, and `X-Forwarded-For` counts only
//! from a trusted proxy.

use std::time::Duration;

use reqwest::{Method, Response};
use serde_json::Value;
use waypoint_tests::{Role, TestApp, TestBackend, TestPartner, run, spawn_with};

use waypoint_api::config::ServeSettings;

/// Starts a server with the rate limits `configure` sets, everything else off.
async fn app_with(configure: impl FnOnce(&mut ServeSettings)) -> TestApp {
    spawn_with(TestBackend::Sqlite, configure).await
}

/// The answer's problem, checked to be a 429 `rate-limited` one with `Retry-After`
/// equal to its `retry_after` member; answers the problem and the seconds.
async fn rate_limited(res: Response) -> (Value, u64) {
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After is whole seconds");
    let problem: Value = res.json().await.unwrap();
    waypoint_tests::assert_listed_problem(&problem);
    assert_eq!(
        problem["type"],
        "https://waypoint.example.org/problems/rate-limited"
    );
    assert_eq!(problem["retry_after"], retry_after, "{problem}");
    (problem, retry_after)
}

async fn me(app: &TestApp, key: &str) -> Response {
    app.client
        .get(app.url("/v1/partners/me"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

fn sleep(seconds: u64) -> actix_web::rt::time::Sleep {
    actix_web::rt::time::sleep(Duration::from_secs(seconds) + Duration::from_millis(100))
}

#[test]
fn an_address_over_its_limit_gets_429_with_retry_after_and_recovers() {
    run(async {
        let app = app_with(|s| {
            s.traffic.address_per_minute = 60;
            s.traffic.address_burst = 3;
        })
        .await;
        for _ in 0..3 {
            assert_eq!(app.get("/v1/search?q=food").await.status(), 200);
        }
        let (problem, retry_after) = rate_limited(app.get("/v1/search?q=food").await).await;
        // 60 a minute: the next request may come in one second.
        assert_eq!(retry_after, 1);
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains("this address") && detail.contains("60 requests a minute"),
            "{detail}"
        );
        // Probes are never limited.
        for _ in 0..5 {
            assert_eq!(app.get("/health").await.status(), 200);
        }
        sleep(retry_after).await;
        assert_eq!(app.get("/v1/search?q=food").await.status(), 200);
    });
}

#[test]
fn one_keys_exhaustion_does_not_limit_another_key() {
    run(async {
        let app = app_with(|s| {
            s.traffic.key_per_minute = 30;
            s.traffic.key_burst = 3;
        })
        .await;
        let a = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let b = app.partner("Fictional Second Clinic", Role::Referrer, &[]);
        // The first call verifies the key; from then on it counts against the key.
        let mut answered = 0;
        let res = loop {
            let res = me(&app, &a.key).await;
            if res.status() != 200 {
                break res;
            }
            answered += 1;
            assert!(answered <= 4, "no limit after {answered} calls");
        };
        assert_eq!(answered, 4);
        let (problem, retry_after) = rate_limited(res).await;
        // 30 a minute: one every 2 s.
        assert_eq!(retry_after, 2);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("this API key made more than 30 requests a minute"),
            "{problem}"
        );
        assert_eq!(me(&app, &b.key).await.status(), 200);
        sleep(retry_after).await;
        assert_eq!(me(&app, &a.key).await.status(), 200);
    });
}

#[test]
fn failed_key_attempts_slow_the_address_for_every_key() {
    run(async {
        let app = app_with(|s| {
            s.traffic.key_failures_per_minute = 60;
            s.traffic.key_failures_burst = 3;
        })
        .await;
        let good: TestPartner = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        assert_eq!(me(&app, &good.key).await.status(), 200);
        for n in 0..3 {
            assert_eq!(me(&app, &format!("wp_guess{n}")).await.status(), 401);
        }
        let (problem, retry_after) = rate_limited(me(&app, "wp_guess4").await).await;
        assert_eq!(retry_after, 1);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("failed API-key attempts"),
            "{problem}"
        );
        // Even the right key, from that address, waits.
        rate_limited(me(&app, &good.key).await).await;
        // Anonymous reads go on.
        assert_eq!(app.get("/v1/search?q=food").await.status(), 200);
        sleep(retry_after).await;
        assert_eq!(me(&app, &good.key).await.status(), 200);
        // One attempt regained, not the whole burst.
        assert_eq!(me(&app, "wp_guess5").await.status(), 401);
        rate_limited(me(&app, "wp_guess6").await).await;
    });
}

#[test]
fn made_up_keys_count_against_the_address() {
    run(async {
        let app = app_with(|s| {
            s.traffic.address_per_minute = 60;
            s.traffic.address_burst = 2;
        })
        .await;
        // Search ignores a key, but a key no request has verified is the address's.
        for n in 0..2 {
            let res = app
                .client
                .get(app.url("/v1/search?q=food"))
                .bearer_auth(format!("wp_made_up{n}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        let res = app
            .client
            .get(app.url("/v1/search?q=food"))
            .bearer_auth("wp_made_up_again")
            .send()
            .await
            .unwrap();
        rate_limited(res).await;
    });
}

async fn search_from(app: &TestApp, forwarded_for: &str) -> u16 {
    app.client
        .get(app.url("/v1/search?q=food"))
        .header("X-Forwarded-For", forwarded_for)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn forwarded_for_counts_only_from_a_trusted_proxy() {
    run(async {
        let limited = |s: &mut ServeSettings| {
            s.traffic.address_per_minute = 60;
            s.traffic.address_burst = 1;
        };
        let app = app_with(limited).await;
        assert_eq!(search_from(&app, "198.51.100.1").await, 200);
        // Another address in the header is still the same peer.
        assert_eq!(search_from(&app, "198.51.100.2").await, 429);

        let behind_proxy = app_with(|s| {
            limited(s);
            s.traffic.trusted_proxies =
                waypoint_api::traffic::ProxyList(vec!["127.0.0.1".parse().unwrap()]);
        })
        .await;
        assert_eq!(search_from(&behind_proxy, "198.51.100.1").await, 200);
        assert_eq!(search_from(&behind_proxy, "198.51.100.2").await, 200);
        assert_eq!(search_from(&behind_proxy, "198.51.100.1").await, 429);
    });
}

#[test]
fn keyed_partner_calls_from_one_address_are_not_limited_by_the_address() {
    run(async {
        let app = app_with(|s| {
            s.traffic.address_per_minute = 60;
            s.traffic.address_burst = 2;
            s.traffic.key_per_minute = 600;
            s.traffic.key_burst = 50;
        })
        .await;
        let a = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        for _ in 0..20 {
            let res = app
                .as_partner(Method::GET, "/v1/partners/me", &a)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
    });
}
