//! Server-side search latency for typical queries (text plus location plus filters), with
//! every shared data set loaded (the seed data when `../shared` is absent).
//!
//!     cargo bench -p waypoint-indexer --bench search [-- ROUNDS]
//!
//! Prints p50, p90, p99 and max over ROUNDS passes (default 50) of the query set, measured
//! around `SearchIndex::search` (parsing the parameters included; HTTP excluded).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::params::from_pairs;
use waypoint_indexer::search::SearchRequest;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase, shared_datasets};

const QUERIES: &[&str] = &[
    "q=rehab&near=92701",
    "q=addiction treatment&lat=33.6846&lon=-117.8265&radius_km=15",
    "q=na meeting&lat=39.95&lon=-75.16&radius_km=10&day=friday&starts_after=18:00",
    "q=free food&near=Toledo, OH&radius_km=10",
    "q=food pantry&lat=41.6528&lon=-83.5379&radius_km=10&category=food",
    "q=suboxone doctor&lat=38.03&lon=-78.47&radius_km=30",
    "q=transitional housing&lat=39.2904&lon=-76.6122&radius_km=20",
    "q=employment services&lat=39.2904&lon=-76.6122&radius_km=20&per_page=50",
    "q=big book study&lat=33.6846&lon=-117.8265&radius_km=15&language=en",
    "q=comida gratis&near=Baltimore, MD",
    "q=mental helth&lat=37.3382&lon=-121.8863&radius_km=10",
    "category=support-groups&lat=39.9526&lon=-75.1652&radius_km=5&day=sunday&starts_before=12:00&per_page=50",
    "category=food&lat=41.6528&lon=-83.5379&radius_km=10&sort=distance&per_page=50",
    "q=shelter&near=21201&radius_km=10&sort=distance",
    "q=aa meeting&lat=33.6846&lon=-117.8265&radius_km=20&open_now=true&facets=attendance",
    "category=support-groups&lat=39.9526&lon=-75.1652&radius_km=15&attendance=online&wheelchair=true",
    "q=treatment&lat=38.03&lon=-78.47&radius_km=50&accepts=medicaid&moud=buprenorphine&age=30",
    "q=meeting&near=19104&open_at=2026-11-24T19:30:00-05:00&facets=category,language,gender",
];

fn feeds() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let (root, dirs) = match shared_datasets() {
        Some(d) => (d, vec!["hsds", "meeting-guide", "samhsa-locator"]),
        None => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data"),
            vec!["hsds", "meeting-guide"],
        ),
    };
    for dir in dirs {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

fn params(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    let report = loader::load(
        &store,
        &db.index_dir(),
        &LoadRequest {
            paths: feeds(),
            ..Default::default()
        },
    )
    .unwrap();
    let index = waypoint_indexer::index::SearchIndex::open(&db.index_dir()).unwrap();
    println!(
        "{} documents; {} queries x {rounds} rounds",
        report.index.map_or(0, |i| i.documents),
        QUERIES.len()
    );
    let gazetteer = Gazetteer::shipped();
    let mut times = Vec::with_capacity(rounds * QUERIES.len());
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    for round in 0..=rounds {
        for (i, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let request =
                SearchRequest::from_params(from_pairs(&params(q)).unwrap(), gazetteer).unwrap();
            let results = index.search(&request).unwrap();
            let took = t.elapsed();
            std::hint::black_box(results);
            // Round 0 warms caches and is not counted.
            if round > 0 {
                times.push(took);
                per_query[i].push(took);
            }
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // Each query's median, to see which ones cost the most.
    for (q, mut t) in QUERIES.iter().zip(per_query) {
        t.sort();
        println!("  {:>7.2} ms  {q}", ms(t[t.len() / 2]));
    }
    println!(
        "search latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(at(0.50)),
        ms(at(0.90)),
        ms(at(0.99)),
        ms(*times.last().unwrap())
    );
}
