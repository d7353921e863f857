//! GET /v1/search with hours over real HTTP: `open_at` and `open_now` judged by each
//! listing's own clock (overnight hours, daylight saving), and the hours, phones and link
//! each result carries.

use serde_json::Value;
use waypoint_tests::{
    ALL_FIXTURE_FEEDS as FEEDS, TestApp, api_tests, result_named, sorted_names, spawn_app,
};

const PANTRY: &str = "Harbor Example Food Pantry (fictional)";
const CRISIS_LINE: &str = "Example County Crisis Line (fictional)";
const SHELTER: &str = "Example Night Shelter (fictional)";

async fn search(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/v1/search?{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

api_tests! {
    async fn open_at_keeps_only_listings_open_then_by_their_own_clock(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Tuesday 10:00 in Baltimore: the pantry (Tue/Thu 09:00-12:00) and the 24/7 line.
        let page = search(&app, "open_at=2026-11-24T10:00:00-05:00&per_page=100").await;
        assert_eq!(sorted_names(&page), vec![CRISIS_LINE, PANTRY], "{page}");
        assert_eq!(page["total_items"], 2);
        // The same instant written in UTC.
        let page = search(&app, "open_at=2026-11-24T15:00:00Z").await;
        assert_eq!(page["total_items"], 2);
        // Wednesday 06:00: the shelter's Tuesday night (19:00-07:00) is still running.
        let page = search(&app, "open_at=2026-11-25T06:00-05:00&per_page=100").await;
        assert_eq!(sorted_names(&page), vec![CRISIS_LINE, SHELTER], "{page}");
        // Saturday 00:15: Friday night's shelter. The Friday 23:30-00:30 meeting would be
        // running, but it is temporarily closed.
        let page = search(&app, "open_at=2026-11-28T00:15:00-05:00&per_page=100").await;
        assert_eq!(sorted_names(&page), vec![CRISIS_LINE, SHELTER], "{page}");
        // Filters combine: only the food listing among those open.
        let page = search(&app, "open_at=2026-11-24T10:00:00-05:00&category=food").await;
        assert_eq!(sorted_names(&page), vec![PANTRY]);
    }

    async fn the_nearest_match_is_the_nearest_open_then(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Annapolis, some 40 km from the Baltimore pantry, on Tuesday at 10:00: it is open.
        let near_annapolis = "category=food&lat=38.9784&lon=-76.4922&radius_km=5";
        let page = search(&app, &format!("{near_annapolis}&open_at=2026-11-24T10:00:00-05:00")).await;
        assert_eq!(page["total_items"], 0, "{page}");
        let nearest = page["query"]["nearest_km"].as_f64().unwrap();
        assert!((25.0..60.0).contains(&nearest), "{nearest}");
        // At 08:30 no food listing is open anywhere: no nearest match to point to.
        let page = search(&app, &format!("{near_annapolis}&open_at=2026-11-24T13:30:00Z")).await;
        assert_eq!(page["total_items"], 0, "{page}");
        assert!(page["query"].get("nearest_km").is_none_or(Value::is_null), "{page}");
        // Without the hour, the nearest food listing whatever its hours.
        let page = search(&app, near_annapolis).await;
        assert!(page["query"]["nearest_km"].as_f64().unwrap() <= nearest, "{page}");
    }

    async fn hours_follow_daylight_saving(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // 13:30 UTC is 08:30 in Baltimore in November (EST): the pantry has not opened...
        let page = search(&app, "open_at=2026-11-24T13:30:00Z&category=food").await;
        assert_eq!(page["total_items"], 0, "{page}");
        // ...and 09:30 in March after the change to EDT: it is open.
        let page = search(&app, "open_at=2026-03-10T13:30:00Z&category=food").await;
        assert_eq!(sorted_names(&page), vec![PANTRY]);
        assert_eq!(result_named(&page, PANTRY)["next_opening"], "2026-03-12T09:00:00-04:00");
    }

    async fn results_carry_hours_phones_and_links(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = search(&app, "open_at=2026-11-24T10:00:00-05:00").await;
        let pantry = result_named(&page, PANTRY);
        assert_eq!(pantry["open_now"], true);
        assert_eq!(pantry["next_opening"], "2026-11-26T09:00:00-05:00");
        assert_eq!(pantry["time_zone"], "America/New_York");
        assert_eq!(pantry["url"], "https://pantry.example.org");
        assert_eq!(pantry["phones"], serde_json::json!([{"number": "410-555-0100", "type": "voice"}]));
        assert_eq!(pantry["schedule"][0]["byday"], "TU,TH");
        assert_eq!(pantry["schedule"][0]["opens_at"], "09:00");
        assert_eq!(pantry["schedule"][0]["closes_at"], "12:00");
        assert_eq!(pantry["languages"], serde_json::json!(["en", "es"]));
        // Always open: no next opening to announce.
        let line = result_named(&page, CRISIS_LINE);
        assert_eq!(line["open_now"], true);
        assert!(line.get("next_opening").is_none(), "{line}");
        // Its zone is unknown (a virtual location), which does not matter around the clock.
        assert!(line.get("time_zone").is_none(), "{line}");
        // Without a filter, hours are still told, judged at open_at or now; a listing
        // without hours says nothing about being open.
        let page = search(&app, "q=eastside%20outpatient").await;
        let program = result_named(&page, "Eastside Example Recovery Outpatient (fictional)");
        assert!(program.get("open_now").is_none(), "{program}");
        assert_eq!(program["schedule"], serde_json::json!([]));
        let page = search(&app, "q=harbor%20pantry").await;
        assert!(result_named(&page, PANTRY)["open_now"].is_boolean());
        let page = search(&app, "q=example%20closed%20meeting").await;
        let closed = result_named(&page, "Example Closed Meeting");
        assert_eq!(closed["open_now"], false, "{closed}");
        assert!(closed.get("next_opening").is_none());
    }

    async fn open_now_lists_only_listings_open_now(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = search(&app, "open_now=true&per_page=100").await;
        let items = page["contents"].as_array().unwrap();
        assert_eq!(page["total_items"].as_u64().unwrap() as usize, items.len());
        assert!(items.iter().all(|i| i["open_now"] == true), "{page}");
        // The 24/7 line is open whenever the test runs; listings without hours never are.
        assert!(sorted_names(&page).contains(&CRISIS_LINE.to_string()));
        assert!(!sorted_names(&page).contains(&"Jobs Forward Example Training (fictional)".to_string()));
        let all = search(&app, "open_now=false").await;
        assert_eq!(all["total_items"], 20);
    }

    async fn bad_hours_are_problems_naming_them(backend) {
        let app = spawn_app(backend, false).await;
        for (query, parameter) in [
            ("open_now=soon", "open_now"),
            ("open_at=tonight", "open_at"),
            ("open_at=2026-11-24T10:00:00", "open_at"),
            ("open_at=2026-13-24T10:00:00Z", "open_at"),
            ("open_now=true&open_at=2026-11-24T10:00:00Z", "open_at"),
        ] {
            let res = app.get(&format!("/v1/search?{query}")).await;
            assert_eq!(res.status(), 400, "{query}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], parameter, "{query}: {problem}");
        }
    }
}
