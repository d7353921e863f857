//! Referral changes commit in the order of their timestamps, so a partner paging by
//! `created_at` or polling `updated_since` never misses one: on PostgreSQL concurrent
//! changes wait for each other; on SQLite they already run one at a time in the writer.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::QueryResult;
use waypoint_api::clock;
use waypoint_api::referrals::store::serialize_changes;
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase};

#[test]
fn a_change_stamped_later_on_postgres_commits_later() {
    if !waypoint_indexer::testing::postgres_or_skip(
        "referrals_ordering::a_change_stamped_later_on_postgres_commits_later",
    ) {
        return;
    }
    let db = TestDatabase::new(TestBackend::Postgres);
    let store = Store::open(&db.url).expect("store opens");
    let mut first = store.connect().unwrap();
    let mut second = store.connect().unwrap();
    let (started, wait_for_start) = mpsc::channel();
    let begun = Instant::now();

    let (first_stamp, waiter) = first
        .in_transaction(|c| -> QueryResult<_> {
            serialize_changes(c)?;
            let waiter = std::thread::spawn(move || {
                second
                    .in_transaction(|c| -> QueryResult<_> {
                        started.send(()).unwrap();
                        serialize_changes(c)?;
                        Ok((clock::now(), begun.elapsed()))
                    })
                    .unwrap()
            });
            wait_for_start.recv().unwrap();
            // The second change is now waiting; this one takes its time before committing.
            std::thread::sleep(Duration::from_millis(300));
            Ok((clock::now(), waiter))
        })
        .unwrap();
    let (second_stamp, waited) = waiter.join().unwrap();
    assert!(
        waited >= Duration::from_millis(300),
        "the second change went ahead after {waited:?}"
    );
    assert!(
        second_stamp > first_stamp,
        "{second_stamp} is not after {first_stamp}"
    );
}
