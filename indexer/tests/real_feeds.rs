//! The real public feeds of `../shared/datasets` through the `waypoint-indexer` command, on
//! both backends. Where that folder is not beside the checkout the runner reports the test
//! as ignored.

mod command;

use std::path::Path;

use command::{load, stats};
use libtest_mimic::{Arguments, Trial};
use serde_json::Value;
use waypoint_indexer::testing::{TestDatabase, shared_datasets};

fn main() {
    let args = Arguments::from_args();
    let absent = shared_datasets().is_none();
    let trial = Trial::test(
        "the_shared_datasets_load_identically_on_both_backends",
        || {
            the_shared_datasets_load_identically_on_both_backends();
            Ok(())
        },
    )
    .with_kind("shared")
    .with_ignored_flag(absent);
    libtest_mimic::run(&args, vec![trial]).exit();
}

/// The real public feeds: all of them load on this backend, and a second load changes
/// nothing. Returns the stats for comparison across backends.
fn load_shared(db: &TestDatabase, datasets: &Path) -> Value {
    let mut files: Vec<String> = Vec::new();
    for dir in ["hsds", "meeting-guide", "samhsa-locator"] {
        for entry in std::fs::read_dir(datasets.join(dir)).expect("dataset folder") {
            files.push(entry.unwrap().path().display().to_string());
        }
    }
    files.sort();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let first = load(db, &args);
    let new: i64 = first["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["new"].as_i64().unwrap())
        .sum();
    assert!(new >= 10_400, "only {new} records loaded");
    let st = stats(db);
    let second = load(db, &args);
    for s in second["sources"].as_array().unwrap() {
        assert_eq!(
            (s["new"].as_i64(), s["updated"].as_i64()),
            (Some(0), Some(0)),
            "{s}"
        );
    }
    assert_eq!(stats(db), st);
    assert_eq!(st["index"]["agrees_with_store"], true);
    st
}

fn the_shared_datasets_load_identically_on_both_backends() {
    let datasets = shared_datasets().expect("../shared/datasets is beside the checkout");
    if !waypoint_indexer::testing::postgres_or_skip(
        "the_shared_datasets_load_identically_on_both_backends",
    ) {
        return;
    }
    let sqlite = TestDatabase::new(waypoint_indexer::testing::TestBackend::Sqlite);
    let postgres = TestDatabase::new(waypoint_indexer::testing::TestBackend::Postgres);
    let a = load_shared(&sqlite, &datasets);
    let b = load_shared(&postgres, &datasets);
    assert_eq!(a, b, "stats differ between SQLite and PostgreSQL");
    assert_eq!(a["tables"]["services"], 10_457);
}
