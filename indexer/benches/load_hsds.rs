//! Loading speed of HSDS JSON, in records per second, on a fresh store each round.
//!
//!     cargo bench -p waypoint-indexer --bench load_hsds [-- ROUNDS]
//!
//! Reads `../shared/datasets/hsds/*.json` (the project's seed data when that is absent)
//! and reports, for SQLite and PostgreSQL, the median of the rounds for: parsing and
//! validation alone; parsing plus the database transactions; the whole load including
//! the search index; and rebuilding the index from the store alone
//! (`WAYPOINT_BENCH_BACKENDS=sqlite` skips PostgreSQL). For SQLite it also reports the
//! store's floor: copying the very rows the load wrote into a fresh store with
//! `INSERT … SELECT`, with no parsing, no Rust-side work and no index, then checkpointing
//! the WAL as a load does. No loader can write these records faster than that.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use waypoint_indexer::import::Format;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::model::CategoryMap;
use waypoint_indexer::store::write::{self, WriteOptions};
use waypoint_indexer::store::{DbConnection, Store};
use waypoint_indexer::testing::{TestBackend, TestDatabase, shared_datasets};

fn hsds_files() -> Vec<PathBuf> {
    let dir = match shared_datasets() {
        Some(d) => d.join("hsds"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data/hsds"),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let files = hsds_files();
    let request = LoadRequest {
        paths: files.clone(),
        format: Some(Format::HsdsJson),
        ..Default::default()
    };
    let categories = CategoryMap::shipped();
    let hidden = indicatif::ProgressBar::hidden();
    let records: usize = loader::read_all(&request, &categories, &hidden)
        .unwrap()
        .iter()
        .map(|p| p.records.len())
        .sum();
    println!(
        "{} HSDS records in {} files, {rounds} rounds, median:",
        records,
        files.len()
    );

    let parse = median(
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                loader::read_all(&request, &categories, &hidden).unwrap();
                t.elapsed()
            })
            .collect(),
    );
    report("parse + validate", records, parse);

    // WAYPOINT_BENCH_BACKENDS=sqlite (or postgres) measures one backend only.
    let only = std::env::var("WAYPOINT_BENCH_BACKENDS")
        .unwrap_or_default()
        .to_lowercase();
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        if !only.is_empty() && !only.contains(&format!("{backend:?}").to_lowercase()) {
            continue;
        }
        let mut store_times = Vec::new();
        let mut full_times = Vec::new();
        let mut rebuild_times = Vec::new();
        let mut floor_times = Vec::new();
        for _ in 0..rounds {
            // Each phase on its own fresh store, dropped before the next phase starts.
            {
                let db = TestDatabase::new(backend);
                let store = Store::open(&db.url).unwrap();
                let t = Instant::now();
                loader::load(&store, &db.index_dir(), &request).unwrap();
                full_times.push(t.elapsed());

                let t = Instant::now();
                SearchIndex::open(&db.index_dir())
                    .unwrap()
                    .rebuild(&mut store.connect().unwrap())
                    .unwrap();
                rebuild_times.push(t.elapsed());

                if backend == TestBackend::Sqlite {
                    floor_times.push(copy_rows(&db.path().join("waypoint.db")));
                }
            }
            {
                // Parsing, then the store's transactions, one after the other on one
                // thread, with the load's single checkpoint at the end.
                let db = TestDatabase::new(backend);
                let store = Store::open(&db.url).unwrap();
                let t = Instant::now();
                let parsed = loader::read_all(&request, &categories, &hidden).unwrap();
                let mut conn = store.connect().unwrap();
                conn.defer_checkpoints().unwrap();
                for p in &parsed {
                    write::write_source(
                        &mut conn,
                        p,
                        WriteOptions::default(),
                        "2026-01-01T00:00:00Z",
                        &mut |_| Ok(()),
                    )
                    .unwrap();
                }
                conn.checkpoint().unwrap();
                store_times.push(t.elapsed());
            }
        }
        report(
            &format!("{backend:?}: parse, then store"),
            records,
            median(store_times),
        );
        report(
            &format!("{backend:?}: parse + store + index"),
            records,
            median(full_times),
        );
        report(
            &format!("{backend:?}: index rebuild from store"),
            records,
            median(rebuild_times),
        );
        if !floor_times.is_empty() {
            report(
                &format!("{backend:?}: floor (copy of the rows)"),
                records,
                median(floor_times),
            );
        }
    }
}

/// The listing tables, parents before children.
const LISTING_TABLES: [&str; 19] = [
    "sources",
    "organizations",
    "locations",
    "location_points",
    "addresses",
    "taxonomies",
    "taxonomy_terms",
    "units",
    "services",
    "service_categories",
    "service_at_locations",
    "phones",
    "schedules",
    "service_areas",
    "languages",
    "attributes",
    "cost_options",
    "service_capacities",
    "listing_changes",
];

/// Time to copy every listing row of a loaded SQLite store into a fresh one in one
/// transaction, and checkpoint it: what SQLite itself needs to store these records.
fn copy_rows(loaded: &Path) -> Duration {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let mut conn = Store::open(&db.url).unwrap().connect().unwrap();
    conn.defer_checkpoints().unwrap();
    let DbConnection::Sqlite(c) = &mut conn else {
        unreachable!("a SQLite test database")
    };
    c.batch_execute(&format!("ATTACH DATABASE '{}' AS loaded", loaded.display()))
        .unwrap();
    let copy: String = LISTING_TABLES
        .iter()
        .map(|t| format!("INSERT INTO main.{t} SELECT * FROM loaded.{t};"))
        .collect();
    let t = Instant::now();
    c.batch_execute(&format!("BEGIN; {copy} COMMIT;")).unwrap();
    conn.checkpoint().unwrap();
    t.elapsed()
}

fn report(what: &str, records: usize, took: Duration) {
    println!(
        "  {what:<36} {:>8.1} ms  {:>9.0} records/s",
        took.as_secs_f64() * 1000.0,
        records as f64 / took.as_secs_f64()
    );
}
