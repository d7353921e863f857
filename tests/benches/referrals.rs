//! `POST /v1/referrals` throughput and latency on SQLite: the real server on port 0, a
//! treatment referral with consent per request, each with its own Idempotency-Key, from
//! concurrent clients. Prints requests per second and p50/p99/max latency.
//!
//! `cargo bench -p waypoint-tests --bench referrals` (WAYPOINT_BENCH_SECONDS,
//! WAYPOINT_BENCH_CLIENTS to change the run).

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestBackend, run, spawn_app};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let seconds = env_or("WAYPOINT_BENCH_SECONDS", 10);
    let clients = env_or("WAYPOINT_BENCH_CLIENTS", 16) as usize;
    run(async move {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        app.load(&["hsds-json/services.json"]);
        let treatment = app.service_named("Recovery Outpatient");
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        app.partner(
            "Fictional Outpatient Program",
            Role::Provider,
            &[&treatment.organization_id],
        );
        let consent: Value = app
            .as_partner(Method::POST, "/v1/consents", &referrer)
            .json(&json!({
                "client_reference": "client-001",
                "disclosing_party": "Testy McTestface Clinic",
                "recipients": [{"class": "treating-providers"}],
                "information": "name, date of birth, phone, reason for referral",
                "elements": ["name", "date_of_birth", "phone", "reason"],
                "purpose": "referral for treatment",
                "expires_at": "2030-01-01T00:00:00Z",
                "signed_at": "2026-11-01T10:00:00Z",
                "revocation": "in writing"
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let body = json!({
            "service_at_location_id": treatment.service_at_location_ids[0],
            "client": {"reference": "client-001", "name": "Testy McTestface", "date_of_birth": "1990-02-03", "phone": "555-0100"},
            "reason": "wants outpatient treatment",
            "priority": "routine",
            "consent_id": consent["id"]
        });
        let url = app.url("/v1/referrals");
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(clients)
            .build()
            .unwrap();
        // Warm up the connection pool and the server.
        for i in 0..50 {
            let res = client
                .post(&url)
                .bearer_auth(&referrer.key)
                .header("Idempotency-Key", format!("warm-{i}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|n| {
                let (client, url, key, body) = (
                    client.clone(),
                    url.clone(),
                    referrer.key.clone(),
                    body.clone(),
                );
                actix_web::rt::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut failures = 0u64;
                    let mut i = 0u64;
                    while Instant::now() < deadline {
                        let t = Instant::now();
                        let res = client
                            .post(&url)
                            .bearer_auth(&key)
                            .header("Idempotency-Key", format!("bench-{n}-{i}"))
                            .json(&body)
                            .send()
                            .await;
                        match res {
                            Ok(r) if r.status() == 201 => latencies.push(t.elapsed()),
                            _ => failures += 1,
                        }
                        i += 1;
                    }
                    (latencies, failures)
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut failures = 0;
        for t in tasks {
            let (l, f) = t.await.unwrap();
            all.extend(l);
            failures += f;
        }
        let elapsed = started.elapsed().as_secs_f64();
        all.sort();
        let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
        println!(
            "POST /v1/referrals on SQLite, {clients} clients, {seconds} s: {} created ({:.0}/s), {failures} failed; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            all.len(),
            all.len() as f64 / elapsed,
            pct(0.50).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            all.last().unwrap().as_secs_f64() * 1e3,
        );
    });
}
