//! The `waypoint-indexer` command as operators and CI use it: every format, reloads,
//! pruning, bad input leaving the store unchanged, rebuilds and stats — on SQLite and on
//! PostgreSQL, each test on its own fresh database.

use std::path::{Path, PathBuf};

mod command;

use command::{indexer, load, stats, stderr, stdout};

use serde_json::Value;
use waypoint_indexer::backend_tests;
use waypoint_indexer::testing::{TestDatabase, fixtures};

fn fixture(rel: &str) -> String {
    fixtures().join(rel).display().to_string()
}

fn source<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["source"] == name)
        .unwrap_or_else(|| panic!("no source {name} in {report}"))
}

fn table(stats: &Value, name: &str) -> i64 {
    stats["tables"][name]
        .as_i64()
        .unwrap_or_else(|| panic!("no table {name}"))
}

/// A copy of a fixture in the test's folder, so a test can change it.
fn copy_fixture(db: &TestDatabase, rel: &str) -> PathBuf {
    let to = db
        .path()
        .join(Path::new(rel).file_name().expect("file name"));
    std::fs::copy(fixtures().join(rel), &to).expect("copy fixture");
    to
}

backend_tests! {
    fn every_format_loads_and_the_index_agrees(db) {
        let report = load(db, &[
            &fixture("hsds-json/services.json"),
            &fixture("hsds-json/service.json"),
            &fixture("hsds-json/page.json"),
            &fixture("hsds-csv"),
            &fixture("meeting-guide/meetings.json"),
            &fixture("samhsa/locator.json"),
        ]);
        assert_eq!(source(&report, "services")["new"], 3);
        assert_eq!(source(&report, "services")["format"], "hsds-json");
        assert_eq!(source(&report, "service")["new"], 1);
        assert_eq!(source(&report, "page")["new"], 2);
        assert_eq!(source(&report, "hsds-csv")["new"], 3);
        assert_eq!(source(&report, "hsds-csv")["format"], "hsds-csv");
        // Seven meetings, two sharing a slug: both are kept.
        assert_eq!(source(&report, "meetings")["new"], 7);
        assert_eq!(source(&report, "locator")["new"], 3);
        for s in report["sources"].as_array().unwrap() {
            assert_eq!(s["skipped"], 0, "{s}");
            assert_eq!(s["uncategorized"], 0, "every fixture service has a category: {s}");
        }
        let st = stats(db);
        assert_eq!(table(&st, "services"), 19);
        // The outpatient program is offered at two places; the hybrid meeting is at its
        // place and at a virtual location of its own, one document in the index.
        assert_eq!(table(&st, "service_at_locations"), 21);
        assert_eq!(st["index"]["documents"], 20);
        assert_eq!(st["index"]["agrees_with_store"], true);
        assert_eq!(st["sources"]["meetings"]["services"], 7);
        for category in ["housing", "employment", "healthcare", "mental-health", "substance-use-treatment", "food", "support-groups"] {
            assert!(st["categories"][category].as_i64().unwrap_or(0) > 0, "no {category} in {}", st["categories"]);
        }
    }

    fn a_second_load_changes_nothing(db) {
        let paths = [fixture("hsds-json/services.json"), fixture("meeting-guide/meetings.json"), fixture("samhsa/locator.json"), fixture("hsds-csv")];
        let args: Vec<&str> = paths.iter().map(String::as_str).collect();
        load(db, &args);
        let before = stats(db);
        let again = load(db, &args);
        for s in again["sources"].as_array().unwrap() {
            assert_eq!((s["new"].as_i64(), s["updated"].as_i64()), (Some(0), Some(0)), "{s}");
            assert!(s["unchanged"].as_i64().unwrap() > 0);
            // The same bytes read by the same build: not read again.
            assert_eq!(s["files_unchanged"], true, "{s}");
        }
        assert_eq!(again["index"]["services_changed"], 0);
        assert_eq!(stats(db), before);

        // With --prune the same files are read again (once: then they are as last time).
        let pruned = load(db, &[&["--prune"], args.as_slice()].concat());
        for s in pruned["sources"].as_array().unwrap() {
            assert!(s.get("files_unchanged").is_none(), "{s}");
            assert_eq!((s["new"].as_i64(), s["pruned"].as_i64()), (Some(0), Some(0)), "{s}");
        }
        let pruned_again = load(db, &[&["--prune"], args.as_slice()].concat());
        assert!(pruned_again["sources"].as_array().unwrap().iter().all(|s| s["files_unchanged"] == true));
        assert_eq!(stats(db), before);
    }

    fn a_changed_record_is_updated_and_prune_removes_the_gone(db) {
        let file = copy_fixture(db, "hsds-json/services.json");
        load(db, &[file.to_str().unwrap()]);
        let mut services: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        services[0]["name"] = Value::from("Renamed Example Pantry (fictional)");
        let removed = services.pop().unwrap();
        std::fs::write(&file, serde_json::to_string(&services).unwrap()).unwrap();

        let report = load(db, &[file.to_str().unwrap()]);
        let s = source(&report, "services");
        assert_eq!((s["updated"].as_i64(), s["unchanged"].as_i64(), s["pruned"].as_i64()), (Some(1), Some(1), Some(0)));
        assert_eq!(table(&stats(db), "services"), 3, "without --prune nothing is removed");

        let report = load(db, &["--prune", file.to_str().unwrap()]);
        assert_eq!(source(&report, "services")["pruned"], 1);
        let st = stats(db);
        assert_eq!(table(&st, "services"), 2);
        assert_eq!(st["index"]["agrees_with_store"], true);
        assert!(!serde_json::to_string(&st).unwrap().contains(removed["id"].as_str().unwrap()));
    }

    fn a_truncated_file_fails_naming_it_and_changes_nothing_of_it(db) {
        load(db, &[&fixture("hsds-json/service.json")]);
        let before = stats(db);
        let out = indexer(db, &["load", &fixture("hsds-json/truncated.json")]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("truncated.json") && err.contains("not valid JSON"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "a one-line reason: {err}");
        assert_eq!(stats(db), before);

        // Each source is its own transaction: the one before the broken file is loaded,
        // and the message says so.
        let out = indexer(db, &["load", &fixture("hsds-json/page.json"), &fixture("hsds-json/truncated.json")]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("truncated.json") && err.contains("loaded before it: page"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "a one-line reason: {err}");
        let after = stats(db);
        assert!(table(&after, "services") > table(&before, "services"), "page.json is loaded");
        assert_eq!(after["index"]["agrees_with_store"], true);
    }

    fn a_source_that_fails_as_it_is_written_leaves_the_sources_before_it_loaded(db) {
        // "service" owns its service's id. A copy of its file under another name is a
        // source taking that id over, which --strict refuses only as the source is written:
        // after the two sources before it were written in the same transaction.
        load(db, &[&fixture("hsds-json/service.json")]);
        let before = stats(db);
        let again = db.path().join("again.json");
        std::fs::copy(fixtures().join("hsds-json/service.json"), &again).unwrap();
        let out = indexer(db, &[
            "load", "--strict",
            &fixture("hsds-json/services.json"),
            &fixture("hsds-json/page.json"),
            &again.display().to_string(),
        ]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("again") && err.contains("loaded before it: services, page"), "{err}");
        let after = stats(db);
        assert_eq!(table(&after, "services"), table(&before, "services") + 5, "{after}");
        assert_eq!(after["sources"].as_object().unwrap().len(), 3, "{after}");
        assert!(after["sources"].get("again").is_none(), "{after}");
        assert_eq!(after["index"]["agrees_with_store"], true);
    }

    fn a_csv_missing_a_required_column_fails_naming_it(db) {
        load(db, &[&fixture("hsds-json/service.json")]);
        let before = stats(db);
        let out = indexer(db, &["load", &fixture("hsds-csv-missing-column")]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("services.csv") && err.contains("\"name\""), "{err}");
        assert_eq!(stats(db), before);
    }

    fn an_unknown_format_fails_naming_the_file(db) {
        let out = indexer(db, &["load", &fixture("hsds-json/unknown-format.json")]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("unknown-format.json") && err.contains("unknown format"), "{err}");
        assert_eq!(table(&stats(db), "services"), 0);
    }

    fn a_latitude_out_of_range_skips_that_record_or_fails_under_strict(db) {
        let before = stats(db);
        let out = indexer(db, &["load", "--strict", &fixture("hsds-json/bad-latitude.json")]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("--strict"), "{}", stderr(&out));
        assert_eq!(stats(db), before, "--strict changes nothing");

        // The first source is written while the second is read; the skipped record found
        // in the second still undoes the first.
        let out = indexer(db, &["load", "--strict", &fixture("hsds-json/services.json"), &fixture("hsds-json/bad-latitude.json")]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("bad-latitude"), "{}", stderr(&out));
        assert_eq!(stats(db), before, "--strict changes nothing, not even the sources before");

        let out = indexer(db, &["load", &fixture("hsds-json/bad-latitude.json")]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("bad-latitude.json: record 1") && err.contains("latitude") && err.contains("123"), "{err}");
        assert!(stdout(&out).contains("new 1,") && stdout(&out).contains("skipped 1,"), "{}", stdout(&out));
        assert_eq!(table(&stats(db), "services"), 1);
    }

    fn rebuild_recreates_the_index_from_the_database(db) {
        load(db, &[&fixture("hsds-json/services.json"), &fixture("meeting-guide/meetings.json")]);
        std::fs::remove_dir_all(db.index_dir()).unwrap();
        let out = indexer(db, &["rebuild"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("11 documents"), "{}", stdout(&out));
        assert_eq!(stats(db)["index"]["agrees_with_store"], true);
    }

    fn validate_reports_without_loading(db) {
        let out = indexer(db, &["validate", &fixture("hsds-json/bad-latitude.json"), &fixture("samhsa/locator.json")]);
        assert!(!out.status.success(), "a skipped record makes validate fail");
        let text = stdout(&out);
        assert!(text.contains("record 1") && text.contains("latitude"), "{text}");
        assert!(text.contains("locator.json") && text.contains("3 records valid"), "{text}");
        assert_eq!(table(&stats(db), "services"), 0);
    }
}
