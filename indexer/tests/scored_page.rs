//! A relevance search scores only the matches that can reach its page (those ranked, by
//! tier and meeting, up to where the page ends); its page and total are those of the same
//! search with facets asked, which scores every match as it collects it.

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase, load_generated, search_request};

#[test]
fn a_page_scored_alone_is_the_page_of_every_match_scored() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let store = Store::open(&db.url).unwrap();
    // Two loads, so the index has two segments (the second is under a tenth of the first,
    // so it is not merged).
    load_generated(&store, &db.index_dir(), 1_500, 11, "first");
    load_generated(&store, &db.index_dir(), 120, 12, "second");
    let index = SearchIndex::open(&db.index_dir()).unwrap();
    assert!(index.tantivy().searchable_segment_ids().unwrap().len() > 1);

    let places: [&[(&str, &str)]; 3] = [
        &[
            ("lat", "34.0522"),
            ("lon", "-118.2437"),
            ("radius_km", "60"),
        ],
        &[("lat", "40.7143"), ("lon", "-74.0060"), ("radius_km", "40")],
        &[],
    ];
    // Fellowships (meeting ranks), words names hold (the name tier), phrases meaning a
    // category (the intent tier), plain words, a crisis, and a browse.
    let texts = [
        "al-anon",
        "aa meeting",
        "na",
        "peer support",
        "recovery housing",
        "food pantry",
        "clinic",
        "free clinic",
        "I want to kill myself",
        "",
    ];
    let pages: [(&str, &str); 4] = [("1", "1"), ("1", "5"), ("3", "5"), ("2", "20")];
    let mut compared = 0;
    let mut deep = 0;
    for place in places {
        for text in texts {
            for (page, per_page) in pages {
                let mut pairs = vec![("page", page), ("per_page", per_page)];
                pairs.extend_from_slice(place);
                if !text.is_empty() {
                    pairs.push(("q", text));
                }
                let alone = index.search(&search_request(&pairs)).unwrap();
                pairs.push(("facets", "category"));
                let every = index.search(&search_request(&pairs)).unwrap();
                assert_eq!(alone.total_items, every.total_items, "{pairs:?}");
                assert_eq!(alone.hits, every.hits, "{pairs:?}");
                assert_eq!(alone.nearest_km, every.nearest_km, "{pairs:?}");
                compared += 1;
                if alone.hits.len() == 5 && alone.total_items > 40 {
                    deep += 1;
                }
            }
        }
    }
    assert_eq!(compared, 120);
    // Enough of the pages end well before the last match for the cut to matter.
    assert!(
        deep >= 10,
        "only {deep} pages end before most of their matches"
    );
}
