//! Answers a peer worker can act on: honest when little matches (words that matched
//! nothing, the nearest match beyond the radius), names holding every word first, one row
//! per program with all its times, and `sort=soonest`.

use chrono::{Datelike, Timelike};
use waypoint_tests::{api_tests, result_names, spawn_app};

api_tests! {
    async fn words_that_match_nothing_are_said_and_not_matched_loosely(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/listings.json"]);
        // "comida gratis" means food: the food pantry, not "Gratitude" by a typo or prefix.
        let page = app.search("q=comida%20gratis&near=21202").await;
        let found = result_names(&page);
        assert_eq!(found, ["Example Corner Pantry"], "{page}");
        // No listing says "comida" ("gratis" is in the Spanish national lines): the answer
        // says so, and what the phrase meant instead.
        assert_eq!(page["query"]["unmatched_terms"], serde_json::json!(["comida"]));
        let notice = page["query"]["notice"].as_str().unwrap();
        assert!(notice.contains("what it means (food)"), "{notice}");
        // A word no listing holds is said, and left out rather than matched loosely.
        let page = app.search("q=shelter%20zzxqv&near=21202").await;
        assert_eq!(page["query"]["unmatched_terms"], serde_json::json!(["zzxqv"]));
        assert!(page["query"]["notice"].as_str().unwrap().contains("zzxqv"));
        assert!(result_names(&page).iter().all(|n| n.contains("Shelter") || n.contains("Housing")), "{page}");
        // Every word matched nothing: nothing, not everything.
        let page = app.search("q=zzxqv%20qqwwx&near=21202").await;
        assert_eq!(page["total_items"], 0);
        assert_eq!(page["query"]["unmatched_terms"].as_array().unwrap().len(), 2);
        // "free clinic" does not put a library first: its name holds "free" only.
        let page = app.search("q=free%20clinic&near=21202").await;
        assert!(!result_names(&page).contains(&"Example Free Library".to_string()), "{page}");
    }

    async fn a_name_holding_every_word_outranks_the_category_the_words_mean(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/listings.json"]);
        // "eviction" means housing; the uncategorised program named for it still comes first.
        let page = app.search("q=eviction&near=21202").await;
        let found = result_names(&page);
        assert_eq!(found[0], "Eviction Prevention Program", "{found:?}");
        assert!(found.contains(&"Harbor Example Shelter".to_string()), "{found:?}");
        // Every word outside a phrase must be held: shelters do not prevent evictions.
        let page = app.search("q=eviction%20prevention&near=21202").await;
        assert_eq!(result_names(&page), ["Eviction Prevention Program"]);
    }

    async fn nothing_within_the_radius_says_how_far_the_nearest_match_is(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/listings.json"]);
        // Annapolis is about 40 km from the Baltimore listings.
        let page = app.search("q=pantry&lat=38.9784&lon=-76.4922&radius_km=10").await;
        assert_eq!(page["total_items"], 0);
        let nearest = page["query"]["nearest_km"].as_f64().unwrap();
        assert!((30.0..50.0).contains(&nearest), "{nearest}");
        let notice = page["query"]["notice"].as_str().unwrap();
        assert!(notice.contains("nearest match is"), "{notice}");
        // Widening the radius to that distance finds it.
        let wider = app.search(&format!("q=pantry&lat=38.9784&lon=-76.4922&radius_km={}", nearest.ceil())).await;
        assert_eq!(result_names(&wider), ["Example Corner Pantry"]);
    }

    async fn one_row_per_program_with_all_its_times(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/weekly-meetings.json", "search/listings.json"]);
        // A meeting listed once per day it meets is one result with seven times.
        let page = app.search("q=Vernon%20Park&near=19144").await;
        assert_eq!(page["total_items"], 1, "{page}");
        let item = &page["contents"][0];
        assert_eq!(item["schedule"].as_array().unwrap().len(), 7);
        assert_eq!(item["service_ids"].as_array().unwrap().len(), 7);
        let days: Vec<&str> = item["schedule"].as_array().unwrap().iter().map(|s| s["byday"].as_str().unwrap()).collect();
        for d in ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] {
            assert!(days.contains(&d), "{days:?}");
        }
        // Each time names its own meeting, and how to join that one: Monday's and
        // Wednesday's meetings are also on Zoom, each in its own room.
        let schedule = item["schedule"].as_array().unwrap();
        assert!(schedule.iter().all(|s| s["service_id"].is_string()));
        let link = |day: &str| schedule.iter().find(|s| s["byday"] == day).unwrap()["join"]["url"].clone();
        assert_eq!(link("MO"), "https://zoom.us/j/5550001");
        assert_eq!(link("WE"), "https://zoom.us/j/5550003");
        assert!(link("TU").is_null());
        // Open when any of its times is, and the soonest next opening of any day: during
        // Wednesday's meeting (Eastern), Thursday's.
        let page = app.search("q=Vernon%20Park&near=19144&open_at=2026-12-02T19:30:00-05:00").await;
        assert_eq!(page["contents"][0]["open_now"], true);
        assert_eq!(page["contents"][0]["next_opening"], "2026-12-03T19:00:00-05:00");
        // A day filter counts only the matching times: Friday's meeting, next on Friday.
        let page = app.search("q=Vernon%20Park&near=19144&day=friday&open_at=2026-12-04T19:30:00-05:00").await;
        assert_eq!(page["contents"][0]["schedule"].as_array().unwrap().len(), 1);
        assert_eq!(page["contents"][0]["next_opening"], "2026-12-11T19:00:00-05:00");
        // A pantry a feed lists twice (once per day it opens) is one result too.
        let page = app.search("category=food&near=21202").await;
        assert_eq!(result_names(&page), ["Example Corner Pantry"]);
        assert_eq!(page["contents"][0]["schedule"].as_array().unwrap().len(), 2);
        // Nearby meetings: no two of the first rows are the same group.
        let page = app.search("category=support-groups&near=19103&radius_km=20").await;
        let found = result_names(&page);
        let mut unique = found.clone();
        unique.dedup();
        assert_eq!(found.len(), unique.len(), "{found:?}");
        assert_eq!(page["total_items"], 3);
    }

    async fn sort_soonest_orders_by_the_next_start(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/weekly-meetings.json"]);
        // `open_at` would keep only what is open then, so the order is judged now: the
        // expected order is worked out here from the fixture's times, in its zone.
        let page = app.search("category=support-groups&near=19103&radius_km=20&sort=soonest").await;
        let now = chrono::Utc::now().with_timezone(&chrono_tz::America::New_York);
        let minute_of_week = |day: u32, h: u32, m: u32| (day * 24 + h) * 60 + m;
        let here = minute_of_week(now.weekday().num_days_from_sunday(), now.hour(), now.minute());
        // Minutes until a weekly start, 0 while it runs (an hour).
        let wait = |start: u32| {
            let since = (here + 7 * 24 * 60 - start) % (7 * 24 * 60);
            if since < 60 { 0 } else { 7 * 24 * 60 - since }
        };
        let mut expected = [
            ((0..7).map(|d| wait(minute_of_week(d, 19, 0))).min().unwrap(), "Example Vernon Park Group"),
            (wait(minute_of_week(6, 7, 0)).min(wait(minute_of_week(0, 8, 0))), "Example Sunrise Semester"),
            (wait(minute_of_week(2, 12, 0)), "Example Noon Group"),
        ];
        expected.sort();
        let expected: Vec<&str> = expected.iter().map(|e| e.1).collect();
        // Skip the rare minute where two waits tie or the clock turns during the request.
        let found = result_names(&page);
        if found != expected {
            let again = result_names(&app.search("category=support-groups&near=19103&radius_km=20&sort=soonest").await);
            assert_eq!(again, expected, "{page}");
        }
        let bad = app.get("/v1/search?sort=soonest-ish").await;
        assert_eq!(bad.status(), 400);
    }

    async fn sorted_by_distance_the_answer_is_places_within_the_radius(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/listings.json"]);
        // The national lines reach every point through their area, but have no distance.
        let page = app.search("near=21202&radius_km=5&sort=distance&per_page=100").await;
        let items = page["contents"].as_array().unwrap();
        assert!(items.iter().all(|i| i["distance_km"].as_f64().is_some()), "{page}");
        assert_eq!(page["total_items"].as_u64().unwrap() as usize, items.len());
        // A browse lists what is near; words bring the national lines.
        let browse = app.search("near=21202&radius_km=5&per_page=100").await;
        assert!(!result_names(&browse).contains(&"988 Suicide & Crisis Lifeline".to_string()));
        let asked = app.search("q=hotline&near=21202&radius_km=5&per_page=100").await;
        assert!(result_names(&asked).contains(&"988 Suicide & Crisis Lifeline".to_string()), "{asked}");
    }
}
