//! Property tests of every importer: a feed damaged in any way (bytes flipped, cut short,
//! spliced, or replaced by noise) never panics the loader, and a load it fails leaves the
//! store exactly as it was, the earlier load of the same source included. Inputs come
//! from a fixed-seed generator, so a failure names the case that reproduces it.

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::store::{DbConnection, Store};
use waypoint_indexer::testing::{TestBackend, TestDatabase, fixtures, postgres_or_skip};

/// Cases per importer: enough to reach each parser's error paths, few enough for CI.
const CASES: u64 = 120;

/// xorshift64*: deterministic, so a failing case is reproduced by its number.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `bytes` damaged as case `case` says.
fn damage(bytes: &[u8], noise: &mut Noise, case: u64) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match case % 5 {
        // A few bytes flipped anywhere.
        0 => {
            for _ in 0..1 + noise.below(8) {
                let at = noise.below(out.len());
                out[at] ^= 1 << noise.below(8);
            }
        }
        // Cut short.
        1 => out.truncate(noise.below(out.len())),
        // Noise spliced in.
        2 => {
            let at = noise.below(out.len());
            let junk: Vec<u8> = (0..1 + noise.below(64))
                .map(|_| noise.next() as u8)
                .collect();
            out.splice(at..at, junk);
        }
        // A stretch repeated (a value twice, a record cut in the middle of another).
        3 => {
            let from = noise.below(out.len());
            let to = (from + 1 + noise.below(200)).min(out.len());
            let copy = out[from..to].to_vec();
            let at = noise.below(out.len());
            out.splice(at..at, copy);
        }
        // Nothing of the feed left: noise only.
        _ => out = (0..noise.below(4096)).map(|_| noise.next() as u8).collect(),
    }
    out
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every table's row count: what a failed load must leave as it was.
fn snapshot(store: &Store) -> Vec<(String, i64)> {
    let mut conn = store.connect().expect("the store connects");
    let tables: Vec<String> = match &mut conn {
        DbConnection::Sqlite(c) => {
            #[derive(QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                name: String,
            }
            diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .load::<Name>(c)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect()
        }
        DbConnection::Postgres(c) => {
            #[derive(QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                table_name: String,
            }
            diesel::sql_query(
                "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
            )
            .load::<Name>(c)
            .unwrap()
            .into_iter()
            .map(|t| t.table_name)
            .collect()
        }
    };
    tables
        .into_iter()
        .map(|t| {
            let sql = format!("SELECT COUNT(*) AS n FROM \"{t}\"");
            let n = match &mut conn {
                DbConnection::Sqlite(c) => diesel::sql_query(sql).get_result::<Count>(c),
                DbConnection::Postgres(c) => diesel::sql_query(sql).get_result::<Count>(c),
            }
            .unwrap()
            .n;
            (t, n)
        })
        .collect()
}

fn load(store: &Store, index: &Path, path: PathBuf) -> Result<(), String> {
    let request = LoadRequest {
        paths: vec![path],
        source: Some("feed".into()),
        ..Default::default()
    };
    loader::load(store, index, &request)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Copies a fixture (a file, or an HSDS CSV folder) into `dir` and returns the copy and
/// the files in it that the importer reads, which may be damaged.
fn copy_fixture(name: &str, dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let from = fixtures().join(name);
    let to = dir.join(from.file_name().unwrap());
    std::fs::create_dir_all(dir).unwrap();
    if from.is_dir() {
        std::fs::create_dir_all(&to).unwrap();
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            std::fs::copy(entry.path(), &target).unwrap();
            // The tables. `datapackage.json` only says where they are; when it cannot be
            // read the standard names serve, so damage to it may rightly load.
            if target.extension().is_some_and(|e| e == "csv") {
                files.push(target);
            }
        }
        files.sort();
        (to, files)
    } else {
        std::fs::copy(&from, &to).unwrap();
        (to.clone(), vec![to])
    }
}

/// Loads the intact fixture, then each damaged version of it over the same source: no
/// panic, and a refused one changes nothing.
fn check(backend: TestBackend, fixture: &str, cases: u64) {
    let db = TestDatabase::new(backend);
    let store = Store::open(&db.url).expect("the store opens");
    let work = db.path().join("feeds");
    let (intact, _) = copy_fixture(fixture, &work.join("intact"));
    load(&store, &db.index_dir(), intact).expect("the intact fixture loads");
    let mut refused = 0;
    for case in 0..cases {
        let mut noise = Noise(0x9E37_79B9_7F4A_7C15 ^ ((case + 1) * 0x1000_0001));
        let (copy, files) = copy_fixture(fixture, &work.join(format!("case-{case}")));
        let victim = &files[noise.below(files.len())];
        let damaged = damage(&std::fs::read(victim).unwrap(), &mut noise, case);
        std::fs::write(victim, &damaged).unwrap();
        let before = snapshot(&store);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            load(&store, &db.index_dir(), copy.clone())
        }));
        let outcome = outcome.unwrap_or_else(|_| {
            panic!(
                "{fixture} case {case} ({}) panicked the loader",
                victim.display()
            )
        });
        match outcome {
            Err(why) => {
                refused += 1;
                assert!(!why.is_empty(), "{fixture} case {case}: a refusal says why");
                assert_eq!(
                    snapshot(&store),
                    before,
                    "{fixture} case {case}: a refused load changed the store ({why})"
                );
            }
            // Noise alone is never a feed.
            Ok(()) => assert!(
                case % 5 != 4 || damaged.is_empty(),
                "{fixture} case {case}: noise in {} was loaded as a feed",
                victim.display()
            ),
        }
    }
    assert!(refused > 0, "{fixture}: no damaged version was refused");
    println!("{fixture}: {refused} of {cases} damaged versions refused, the rest loaded");
}

#[test]
fn damaged_hsds_json_never_panics_and_a_refused_load_changes_nothing() {
    check(TestBackend::Sqlite, "hsds-json/services.json", CASES);
}

#[test]
fn damaged_hsds_csv_never_panics_and_a_refused_load_changes_nothing() {
    check(TestBackend::Sqlite, "hsds-csv", CASES);
}

#[test]
fn damaged_meeting_guide_feeds_never_panic_and_a_refused_load_changes_nothing() {
    check(TestBackend::Sqlite, "meeting-guide/meetings.json", CASES);
}

#[test]
fn damaged_samhsa_locator_data_never_panics_and_a_refused_load_changes_nothing() {
    check(TestBackend::Sqlite, "samhsa/locator.json", CASES);
}

#[test]
fn on_postgresql_too_a_refused_load_changes_nothing() {
    if postgres_or_skip("on_postgresql_too_a_refused_load_changes_nothing") {
        check(TestBackend::Postgres, "hsds-json/services.json", 10);
        check(TestBackend::Postgres, "hsds-csv", 10);
    }
}
