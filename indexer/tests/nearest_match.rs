//! When nothing is within a search's radius, the distance it gives to the nearest match
//! is the distance to the nearest listing a search over the whole globe, sorted by
//! distance, puts first: open then, when the search asks about an hour.

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::search::{Area, SearchRequest, Sort};
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase, load_generated, search_request};

/// The distance of the first listing of the same search over the whole globe, by
/// distance.
fn nearest_by_sorting(index: &SearchIndex, search: &SearchRequest) -> Option<f64> {
    let Some(Area::Radius { centre, .. }) = search.area else {
        panic!("a search around a point");
    };
    let everywhere = SearchRequest {
        area: Some(Area::Radius {
            centre,
            radius_km: 20_100.0,
        }),
        sort: Sort::Distance,
        page: 1,
        per_page: 1,
        ..search.clone()
    };
    let results = index.search(&everywhere).unwrap();
    results.hits.first().map(|hit| hit.distance_km.unwrap())
}

#[test]
fn the_nearest_match_is_the_first_of_a_search_over_the_globe() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    // Two loads, so the index has two segments, each in its own place order.
    load_generated(&store, &db.index_dir(), 400, 5, "first");
    load_generated(&store, &db.index_dir(), 12, 6, "second");
    let index = SearchIndex::open(&db.index_dir()).unwrap();
    assert!(index.tantivy().searchable_segment_ids().unwrap().len() > 1);

    let named = [
        ("39.0", "-116.5"),      // the Nevada desert
        ("43.5", "-87.0"),       // Lake Michigan
        ("39.2904", "-76.6122"), // Baltimore
        ("64.84", "-147.72"),    // Fairbanks
        ("21.31", "-157.86"),    // Honolulu
        ("30.0", "-40.0"),       // the Atlantic
        ("-33.87", "151.21"),    // Sydney, across the antimeridian from Hawaii
    ];
    // And points across the country: the search reads from each point's own place in the
    // index's order outward, so each starts its reading somewhere else.
    let across: Vec<(String, String)> = ["31.5", "36.5", "41.5", "46.5"]
        .iter()
        .flat_map(|lat| {
            ["-121.3", "-104.7", "-93.1", "-81.9", "-71.4"]
                .map(|lon| (lat.to_string(), lon.to_string()))
        })
        .collect();
    let places = named
        .iter()
        .map(|&(lat, lon)| (lat, lon))
        .chain(across.iter().map(|(lat, lon)| (lat.as_str(), lon.as_str())));
    let asks: [&[(&str, &str)]; 5] = [
        &[("category", "food")],
        &[("q", "shelter")],
        &[("q", "clinic"), ("open_at", "2026-11-24T15:00:00Z")],
        &[
            ("category", "healthcare"),
            ("open_at", "2026-11-29T09:00:00Z"),
        ],
        &[("q", "pantry"), ("free", "true")],
    ];
    let mut found_far = 0;
    for (lat, lon) in places {
        for ask in asks {
            let mut pairs = vec![("lat", lat), ("lon", lon), ("radius_km", "1")];
            pairs.extend_from_slice(ask);
            let search = search_request(&pairs);
            let results = index.search(&search).unwrap();
            let expected = nearest_by_sorting(&index, &search);
            if results.total_items > 0 {
                assert!(
                    expected.is_some_and(|km| km <= 1.0),
                    "{pairs:?}: {expected:?}"
                );
                continue;
            }
            match (results.nearest_km, expected) {
                (Some(given), Some(km)) => {
                    assert!(
                        (given - km).abs() <= 0.06,
                        "{pairs:?}: {given} km, not {km}"
                    );
                    if km > 1_000.0 {
                        found_far += 1;
                    }
                }
                (given, expected) => assert_eq!(given, expected, "{pairs:?}"),
            }
        }
    }
    // Some of the answers were looked for well beyond the first circles.
    assert!(found_far >= 5, "{found_far} answers beyond 1,000 km");
}
