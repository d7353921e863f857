//! A load that rewrites a large part of the index leaves it as one segment (a search sets
//! up its postings and columns once per segment); a small load does not rewrite it. A
//! server warms only the segments a load added.

use std::path::PathBuf;

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase, generated_feed};

/// Generated listings (`services` of them, from `seed`) in a folder of their own.
fn feed(dir: &tempfile::TempDir, services: u64, seed: u64) -> Vec<PathBuf> {
    generated_feed(&dir.path().join(format!("feed-{seed}")), services, seed)
}

fn segments(db: &TestDatabase) -> usize {
    let index = SearchIndex::open(&db.index_dir()).unwrap();
    index.tantivy().searchable_segment_ids().unwrap().len()
}

fn load(store: &Store, db: &TestDatabase, paths: Vec<PathBuf>, source: &str) -> u64 {
    let report = loader::load(
        store,
        &db.index_dir(),
        &LoadRequest {
            paths,
            source: Some(source.into()),
            ..Default::default()
        },
    )
    .unwrap();
    report.index.expect("the loader held the index").documents
}

#[test]
fn a_large_load_leaves_one_segment_and_a_small_one_adds_its_own() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    let feeds = tempfile::tempdir().unwrap();

    let first = load(&store, &db, feed(&feeds, 100, 1), "first");
    assert_eq!(segments(&db), 1);
    // As many listings again: half the index is new, so it is merged into one segment.
    let second = load(&store, &db, feed(&feeds, 100, 2), "second");
    assert!(second > first, "{first} → {second} documents");
    assert_eq!(segments(&db), 1, "the index was merged after a large load");

    // A few listings: the index is not rewritten for them.
    let third = load(&store, &db, feed(&feeds, 3, 3), "third");
    assert!(third > second, "{second} → {third} documents");
    assert!(segments(&db) > 1, "a small load adds a segment of its own");

    // Every listing is still in the index after the merge.
    let index = SearchIndex::open(&db.index_dir()).unwrap();
    assert_eq!(index.num_docs().unwrap(), third);
}

#[test]
fn warming_reads_only_the_segments_a_load_added() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    let feeds = tempfile::tempdir().unwrap();
    load(&store, &db, feed(&feeds, 50, 4), "first");
    let first = segments(&db);
    // A server's index, open before the next load.
    let index = SearchIndex::open(&db.index_dir()).unwrap();
    assert_eq!(index.warm().unwrap(), first, "every segment is read");
    assert_eq!(index.warm().unwrap(), 0, "nothing new: nothing read");

    load(&store, &db, feed(&feeds, 2, 5), "second");
    let added = segments(&db) - first;
    assert!(added > 0, "a small load adds segments of its own");
    assert_eq!(
        index.warm().unwrap(),
        added,
        "only the segments the small load added are read"
    );
    assert_eq!(index.warm().unwrap(), 0);
}
