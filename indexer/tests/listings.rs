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

backend_tests! {
    fn two_services_may_list_the_same_phone(db) {
        // An organization's main line, given with its one id under two of its services (as
        // a feed may): both services load, each with the phone, and reloading changes nothing.
        let feed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixtures().join("hsds-json/services.json")).unwrap())
                .unwrap();
        let first = feed[0].clone();
        let mut second = first.clone();
        let second_id = "e0953f6f-9d58-54ba-96f0-3c088f3c0700";
        second["id"] = second_id.into();
        second["name"] = "Harbor Example Evening Pantry (fictional)".into();
        for (i, sal) in second["service_at_locations"].as_array_mut().unwrap().iter_mut().enumerate() {
            sal["id"] = format!("c8790b54-3b5a-579b-834a-5974339fb9{i:02}").into();
            sal["service_id"] = second_id.into();
        }
        for kind in ["attributes", "languages", "cost_options", "schedules"] {
            second[kind] = serde_json::json!([]);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared-phone.json");
        std::fs::write(&path, serde_json::to_string(&[&first, &second]).unwrap()).unwrap();

        let store = Store::open(&db.url).unwrap();
        let request = LoadRequest { paths: vec![path], ..Default::default() };
        let report = loader::load(&store, &db.index_dir(), &request).unwrap();
        assert_eq!(report.sources[0].new, 2, "{report:?}");
        let stored = read::records(&mut store.connect().unwrap(), None).unwrap();
        let mut phones: Vec<(&str, Vec<(&str, &str)>)> = stored
            .iter()
            .map(|s| {
                let phones = s.record.service.phones.iter().map(|p| (p.id.as_str(), p.number.as_str())).collect();
                (s.record.service.id.as_str(), phones)
            })
            .collect();
        phones.sort();
        let phone = first["phones"][0]["id"].as_str().unwrap();
        let number = first["phones"][0]["number"].as_str().unwrap();
        assert_eq!(
            phones,
            vec![
                (second_id, vec![(phone, number)]),
                (first["id"].as_str().unwrap(), vec![(phone, number)]),
            ]
        );
        let again = loader::load(&store, &db.index_dir(), &request).unwrap();
        assert_eq!(again.sources[0].new + again.sources[0].updated, 0, "{again:?}");
    }
}
