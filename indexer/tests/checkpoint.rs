//! A load checkpoints SQLite's write-ahead log as it goes: its rows reach the
//! database file even while another connection (a running server) keeps the WAL open.

use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl};
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::store::{DbConnection, Store};
use waypoint_indexer::testing::{TestBackend, TestDatabase, fixtures};

#[test]
fn a_load_leaves_its_rows_in_the_database_file_while_a_server_is_connected() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    // The "server": a connection that stays open, so closing the loader's connection is
    // not the last close (which would checkpoint by itself).
    let mut server = store.connect().unwrap();
    let DbConnection::Sqlite(c) = &mut server else {
        unreachable!()
    };
    c.batch_execute("SELECT 1").unwrap();
    let file = db.path().join("waypoint.db");

    let feeds = [
        "hsds-json/services.json",
        "meeting-guide/meetings.json",
        "samhsa/locator.json",
    ];
    let request = LoadRequest {
        paths: feeds.iter().map(|f| fixtures().join(f)).collect(),
        ..Default::default()
    };
    let report = loader::load(&store, &db.index_dir(), &request).unwrap();
    assert_eq!(report.sources.len(), 3);
    assert!(
        report.sources.iter().all(|s| s.new > 0),
        "{:?}",
        report.sources
    );

    // The load's pages were copied into the database file (with the automatic checkpoint
    // off and the WAL still open, they would otherwise be in the WAL only): the file alone,
    // copied where no WAL lies beside it, holds every service the load wrote.
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("copy.db");
    std::fs::copy(&file, &copy).unwrap();
    let mut read = diesel::sqlite::SqliteConnection::establish(copy.to_str().unwrap()).unwrap();
    let services: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT COUNT(*) FROM services)",
    ))
    .get_result(&mut read)
    .unwrap();
    let written: usize = report.sources.iter().map(|s| s.new).sum();
    assert_eq!(services, written as i64);
}
