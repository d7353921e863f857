//! Runs the `waypoint-indexer` command on a test database, as operators do, and reads its
//! JSON reports; shared by this crate's command tests.

use std::process::{Command, Output};

use serde_json::Value;
use waypoint_indexer::testing::TestDatabase;

pub fn indexer(db: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waypoint-indexer"))
        .arg("--database-url")
        .arg(&db.url)
        .arg("--index-dir")
        .arg(db.index_dir())
        .args(args)
        .env_remove("WAYPOINT_DATABASE_URL")
        .env_remove("WAYPOINT_INDEX_DIR")
        .output()
        .expect("waypoint-indexer runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Loads and returns the JSON report, failing the test with the command's output if the
/// load fails.
pub fn load(db: &TestDatabase, args: &[&str]) -> Value {
    let mut all = vec!["load", "--json"];
    all.extend_from_slice(args);
    let out = indexer(db, &all);
    assert!(
        out.status.success(),
        "load {args:?} failed:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("load --json prints JSON")
}

/// `stats --json` without the load times, which change on every load.
pub fn stats(db: &TestDatabase) -> Value {
    let out = indexer(db, &["stats", "--json"]);
    assert!(out.status.success(), "stats failed: {}", stderr(&out));
    let mut v: Value = serde_json::from_str(&stdout(&out)).expect("stats --json prints JSON");
    for source in v["sources"].as_object_mut().expect("sources").values_mut() {
        source.as_object_mut().expect("source").remove("loaded_at");
    }
    v.as_object_mut().expect("stats").remove("backend");
    v
}
