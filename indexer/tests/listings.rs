//! The search index is fed two ways — from records in memory during a load, and from the
//! store on rebuild or catch-up — and both must give the same documents.

use waypoint_indexer::backend_tests;
use waypoint_indexer::import;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::model::CategoryMap;
use waypoint_indexer::store::{Store, read};
use waypoint_indexer::testing::fixtures;

const FEEDS: [&str; 4] = [
    "hsds-json/services.json",
    "hsds-csv",
    "meeting-guide/meetings.json",
    "samhsa/locator.json",
];

backend_tests! {
    fn listings_from_memory_match_listings_from_the_store(db) {
        let paths: Vec<_> = FEEDS.iter().map(|f| fixtures().join(f)).collect();
        let store = Store::open(&db.url).unwrap();
        loader::load(&store, &db.index_dir(), &LoadRequest { paths: paths.clone(), ..Default::default() }).unwrap();
        let mut from_store = read::listings(&mut store.connect().unwrap(), None).unwrap();

        let categories = CategoryMap::shipped();
        let mut from_memory = Vec::new();
        for path in &paths {
            let name = import::default_source_name(path);
            let parsed = import::read_source(&name, std::slice::from_ref(path), None, &categories).unwrap();
            for record in &parsed.records {
                from_memory.extend(read::listings_of(record, &name));
            }
        }
        for listings in [&mut from_store, &mut from_memory] {
            listings.sort_by(|a, b| a.id.cmp(&b.id));
            for l in listings.iter_mut() {
                l.terms.sort();
                l.term_codes.sort();
                l.term_ids.sort();
            }
        }
        assert_eq!(from_store.len(), 17);
        assert_eq!(from_memory, from_store);
    }
}

/// Children in id order, so records compare whatever order a feed or a query gave them in.
fn normalised(
    mut r: waypoint_indexer::model::ServiceRecord,
) -> waypoint_indexer::model::ServiceRecord {
    let s = &mut r.service;
    s.categories.sort();
    s.phones.sort_by(|a, b| a.id.cmp(&b.id));
    s.schedules.sort_by(|a, b| a.id.cmp(&b.id));
    s.service_areas.sort_by(|a, b| a.id.cmp(&b.id));
    s.languages.sort_by(|a, b| a.id.cmp(&b.id));
    s.cost_options.sort_by(|a, b| a.id.cmp(&b.id));
    s.capacities.sort_by(|a, b| a.id.cmp(&b.id));
    s.attributes.sort_by(|a, b| a.id.cmp(&b.id));
    r.service_at_locations.sort_by(|a, b| a.id.cmp(&b.id));
    for sal in &mut r.service_at_locations {
        let l = &mut sal.location;
        l.addresses.sort_by(|a, b| a.id.cmp(&b.id));
        l.phones.sort_by(|a, b| a.id.cmp(&b.id));
        l.schedules.sort_by(|a, b| a.id.cmp(&b.id));
        l.languages.sort_by(|a, b| a.id.cmp(&b.id));
    }
    r
}

backend_tests! {
    fn records_read_back_as_they_were_written(db) {
        let paths: Vec<_> = FEEDS.iter().map(|f| fixtures().join(f)).collect();
        let store = Store::open(&db.url).unwrap();
        loader::load(&store, &db.index_dir(), &LoadRequest { paths: paths.clone(), ..Default::default() }).unwrap();
        let stored = read::records(&mut store.connect().unwrap(), None).unwrap();

        let categories = CategoryMap::shipped();
        let mut parsed = Vec::new();
        for path in &paths {
            let name = import::default_source_name(path);
            let source = import::read_source(&name, std::slice::from_ref(path), None, &categories).unwrap();
            parsed.extend(source.records.into_iter().map(|record| (name.clone(), normalised(record))));
        }
        parsed.sort_by(|a, b| a.1.service.id.cmp(&b.1.service.id));
        let stored: Vec<_> = stored.into_iter().map(|s| (s.source, normalised(s.record))).collect();
        assert_eq!(stored.len(), parsed.len());
        for (got, want) in stored.iter().zip(&parsed) {
            assert_eq!(got, want);
        }
    }
}
