//! Search over real HTTP: sequential latency, and throughput from concurrent clients
//! beside `/health`'s, the ceiling of HTTP itself on this machine.

use std::rc::Rc;
use std::time::{Duration, Instant};

use super::measure::Latency;
use super::queries::BenchQuery;

/// What concurrent clients got in a timed run.
#[derive(Debug, Clone, Copy)]
pub struct Throughput {
    pub requests_per_second: f64,
    pub latency: Latency,
    /// Answers other than 200.
    pub failures: usize,
}

/// `GET base/v1/search?…` for each query, one at a time, `rounds` times after a warm
/// pass. Every answer must be 200.
pub async fn sequential(base: &str, queries: &[BenchQuery], rounds: usize) -> Latency {
    let client = reqwest::Client::new();
    let urls: Vec<String> = queries
        .iter()
        .map(|q| format!("{base}/v1/search?{}", q.query_string()))
        .collect();
    let mut samples = Vec::with_capacity(urls.len() * rounds);
    for round in 0..=rounds {
        for url in &urls {
            let started = Instant::now();
            let res = client.get(url).send().await.expect("the server answers");
            let status = res.status();
            let body = res.bytes().await.expect("the body arrives");
            assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&body));
            if round > 0 {
                samples.push(started.elapsed());
            }
        }
    }
    Latency::of(&samples)
}

/// `clients` concurrent clients cycling through `urls` for `seconds`.
pub async fn throughput(urls: &[String], clients: usize, seconds: u64) -> Throughput {
    let client = reqwest::Client::new();
    let urls: Rc<Vec<String>> = Rc::new(urls.to_vec());
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let client = client.clone();
            let urls = urls.clone();
            actix_web::rt::spawn(async move {
                let mut samples = Vec::new();
                let mut failures = 0;
                let mut i = c;
                while Instant::now() < until {
                    let url = &urls[i % urls.len()];
                    i += clients;
                    let sent = Instant::now();
                    match client.get(url).send().await {
                        Ok(res) if res.status() == 200 => {
                            let _ = res.bytes().await;
                        }
                        _ => failures += 1,
                    }
                    samples.push(sent.elapsed());
                }
                (samples, failures)
            })
        })
        .collect();
    let mut samples = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (s, f) = task.await.expect("a client task finishes");
        samples.extend(s);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Throughput {
        requests_per_second: samples.len() as f64 / elapsed,
        latency: Latency::of(&samples),
        failures,
    }
}
