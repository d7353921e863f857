//! The national-scale benchmark's parts (issue 17): the queries, search latency in process,
//! over HTTP and in a plain PostgreSQL table, and what a run reads off the machine. The
//! program is `tests/benches/national.rs`; a smoke run of 10,000 listings on both backends
//! is part of the test suite (`tests/api/national.rs`) so that it keeps working.

pub mod http;
pub mod measure;
pub mod postgres_table;
pub mod queries;

use std::path::Path;
use std::time::{Duration, Instant};

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::params::from_pairs;
use waypoint_indexer::search::SearchRequest;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::params::SearchParams;

use measure::Latency;
use postgres_table::PostgresTable;
use queries::BenchQuery;

/// The parsed request of each query, as `/v1/search` would parse it.
pub fn requests(queries: &[BenchQuery]) -> Vec<SearchRequest> {
    let gazetteer = Gazetteer::shipped();
    queries
        .iter()
        .map(|q| {
            let params: SearchParams = from_pairs(&q.params).expect("a benchmark query parses");
            SearchRequest::from_params(params, gazetteer)
                .unwrap_or_else(|e| panic!("{}: {e:?}", q.query_string()))
        })
        .collect()
}

/// What searching in process measured.
pub struct InProcess {
    pub latency: Latency,
    /// Each query's total of results.
    pub totals: Vec<usize>,
    /// Each query's slowest time over the rounds, in query order.
    pub slowest: Vec<Duration>,
}

/// Searches the index in this process, `rounds` times over the queries (after one pass
/// to warm it).
pub fn in_process(index_dir: &Path, queries: &[BenchQuery], rounds: usize) -> InProcess {
    let index = SearchIndex::open(index_dir).expect("the index opens");
    let requests = requests(queries);
    let totals: Vec<usize> = requests
        .iter()
        .map(|r| index.search(r).expect("the search runs").total_items)
        .collect();
    let mut samples = Vec::with_capacity(requests.len() * rounds);
    let mut slowest = vec![Duration::ZERO; requests.len()];
    for _ in 0..rounds {
        for (i, r) in requests.iter().enumerate() {
            let started = Instant::now();
            let results = index.search(r).expect("the search runs");
            let took = started.elapsed();
            samples.push(took);
            slowest[i] = slowest[i].max(took);
            std::hint::black_box(results);
        }
    }
    InProcess {
        latency: Latency::of(&samples),
        totals,
        slowest,
    }
}

/// The same queries against the plain PostgreSQL table; answers the latency and totals.
pub fn postgres(
    table: &mut PostgresTable,
    queries: &[BenchQuery],
    rounds: usize,
) -> (Latency, Vec<i64>) {
    let totals: Vec<i64> = queries.iter().map(|q| table.search(q)).collect();
    let mut samples: Vec<Duration> = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in queries {
            let started = Instant::now();
            std::hint::black_box(table.search(q));
            samples.push(started.elapsed());
        }
    }
    (Latency::of(&samples), totals)
}
