//! GET /v1/search over real HTTP: text with typos, categories, places, exact radius and
//! distance order, paging, and a problem for every bad parameter.

use serde_json::Value;
use waypoint_tests::{api_tests, result_names, spawn_app};

const FEEDS: [&str; 6] = [
    "hsds-json/services.json",
    "hsds-json/service.json",
    "hsds-json/page.json",
    "hsds-csv",
    "meeting-guide/meetings.json",
    "samhsa/locator.json",
];

api_tests! {
    async fn text_search_tolerates_typos_and_ranks_names_first(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // "Harbor Exmaple Pantyr": one typo in each of the longer words.
        let page = app.search("q=harbor%20exmaple%20pantyr").await;
        assert_eq!(result_names(&page)[0], "Harbor Example Food Pantry (fictional)");
        assert_eq!(page["contents"][0]["match"], "text");
        // A prefix of the last word still finds it.
        let page = app.search("q=night%20shel").await;
        assert_eq!(result_names(&page)[0], "Example Night Shelter (fictional)");
        // Stemming: "groceries" in the description matches "grocery".
        let page = app.search("q=grocery").await;
        assert!(result_names(&page).contains(&"Harbor Example Food Pantry (fictional)".to_string()), "{page}");
        assert_eq!(page["query"]["text"], "grocery");
    }

    async fn everyday_words_rank_the_category_they_mean_first(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // No listing says "rehab"; the substance-use treatment programs still come first.
        let page = app.search("q=rehab").await;
        assert_eq!(page["query"]["intent"], serde_json::json!(["substance-use-treatment"]));
        let first = &page["contents"][0]["categories"];
        assert!(first.as_array().unwrap().contains(&Value::from("substance-use-treatment")), "{page}");
        // Spanish, with and without accents.
        for q in ["comida%20gratis", "despensa%20de%20alimentos"] {
            let page = app.search(&format!("q={q}")).await;
            assert_eq!(page["query"]["intent"], serde_json::json!(["food"]), "{q}");
            assert!(page["contents"][0]["categories"].as_array().unwrap().contains(&Value::from("food")), "{q}: {page}");
        }
        let page = app.search("q=reuni%C3%B3n%20de%20aa").await;
        assert_eq!(page["query"]["phrases"], serde_json::json!(["reunión de aa"]));
        assert!(page["contents"][0]["categories"].as_array().unwrap().contains(&Value::from("support-groups")));
    }

    async fn filters_by_category_and_language(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = app.search("category=support-groups&per_page=100").await;
        assert_eq!(page["total_items"], 8, "7 meetings and the CSV support group");
        for item in page["contents"].as_array().unwrap() {
            assert!(item["categories"].as_array().unwrap().contains(&Value::from("support-groups")));
        }
        // Two food services (pantry, food bank) and two housing (shelter, sober living).
        let page = app.search("category=food&category=housing").await;
        assert_eq!(page["total_items"], 4);
        let page = app.search("language=es&category=support-groups").await;
        assert_eq!(result_names(&page), vec!["Grupo Ejemplo"]);
    }

    async fn a_radius_is_exact_and_distance_order_never_decreases(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = app.search("lat=39.29&lon=-76.61&radius_km=3&sort=distance&per_page=100").await;
        let items = page["contents"].as_array().unwrap();
        assert_eq!(page["total_items"].as_u64().unwrap() as usize, items.len());
        assert!(!items.is_empty());
        // Sorted by distance, the answer is the places within the radius: the county crisis
        // line, reaching the point only through its area, has no distance and is left out
        // (sorted by relevance it is there).
        assert!(items.iter().all(|i| i["match"] != "service_area"));
        let relevance = app.search("lat=39.29&lon=-76.61&radius_km=3&per_page=100").await;
        let reaching: Vec<&Value> = relevance["contents"].as_array().unwrap().iter().filter(|i| i["match"] == "service_area").collect();
        assert_eq!(reaching.len(), 1, "{relevance}");
        assert_eq!(relevance["total_items"].as_u64().unwrap() as usize, items.len() + 1);
        let distances: Vec<f64> = items.iter().map(|i| i["distance_km"].as_f64().unwrap()).collect();
        assert!(distances.iter().all(|d| *d <= 3.0), "{distances:?}");
        assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
        // Everything inside 3 km is there: the outpatient program's second site at
        // 39.2904,-76.6122 and the pantry at 39.2850,-76.6100, and not the one 3.6 km away.
        let ids: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
        assert!(ids.contains(&"Harbor Example Food Pantry (fictional)"), "{ids:?}");
        assert!(ids.contains(&"Eastside Example Recovery Outpatient (fictional)"), "{ids:?}");
        assert_eq!(page["query"]["radius_km"], 3.0);
    }

    async fn near_takes_a_zip_code_or_a_city(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = app.search("near=21202&radius_km=5&category=food&sort=distance").await;
        assert_eq!(page["query"]["place"]["label"], "Baltimore, MD 21202");
        assert_eq!(result_names(&page), vec!["Harbor Example Food Pantry (fictional)"]);
        let page = app.search("near=Charlottesville,%20VA&radius_km=20").await;
        assert_eq!(page["query"]["place"]["label"], "Charlottesville, VA");
        // The facility without coordinates cannot be placed, so is not found by distance.
        assert_eq!(page["total_items"], 2);
    }

    async fn a_service_area_holding_the_point_matches_wherever_the_office_is(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // The county crisis line has no address of its own, only the county as its area.
        let page = app.search("near=21202&radius_km=2&category=mental-health").await;
        let item = page["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == "Example County Crisis Line (fictional)")
            .unwrap_or_else(|| panic!("crisis line missing: {page}"));
        assert_eq!(item["match"], "service_area");
        assert!(item.get("distance_km").is_none());
        // Outside the county it is not offered.
        let page = app.search("near=19106&radius_km=5&category=mental-health").await;
        assert!(!result_names(&page).contains(&"Example County Crisis Line (fictional)".to_string()), "{page}");
    }

    async fn pages_hold_every_item_once(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let first = app.search("per_page=7&page=1").await;
        assert_eq!(first["total_items"], 20);
        assert_eq!((first["total_pages"].as_u64(), first["first_page"].as_bool(), first["size"].as_u64()), (Some(3), Some(true), Some(7)));
        let mut seen = Vec::new();
        for page in 1..=3 {
            let p = app.search(&format!("per_page=7&page={page}")).await;
            seen.extend(p["contents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()));
        }
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((n, seen.len()), (20, 20));
        let past = app.search("per_page=7&page=4").await;
        assert_eq!((past["empty"].as_bool(), past["last_page"].as_bool()), (Some(true), Some(true)));
    }

    async fn meetings_filter_by_day_and_start_time(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = app.search("category=support-groups&day=sunday").await;
        assert_eq!(result_names(&page), vec!["Example Step Study"]);
        let page = app.search("category=support-groups&day=saturday&starts_before=09:30").await;
        assert_eq!(result_names(&page), vec!["Example Open Discussion (Saturday)"]);
        let page = app.search("category=support-groups&starts_after=23:00").await;
        assert_eq!(result_names(&page), vec!["Example Closed Meeting"]);
        // Both ends are inclusive, in the listing's local time.
        let page = app.search("category=support-groups&day=wednesday&starts_after=19:00&starts_before=19:00").await;
        assert_eq!(result_names(&page), vec!["Example Peer Support Group (fictional)"]);
    }

    async fn bad_parameters_are_problems_naming_them(backend) {
        let app = spawn_app(backend, false).await;
        for (query, parameter) in [
            ("lat=91&lon=0", "lat"),
            ("lat=10&lon=10&radius_km=-5", "radius_km"),
            ("near=00000", "near"),
            ("category=bakery", "category"),
            ("starts_after=7pm", "starts_after"),
            ("day=funday", "day"),
            ("open_now=soon", "open_now"),
            ("per_page=1000", "per_page"),
            ("bbox=1,2", "bbox"),
            ("sort=distance", "sort"),
        ] {
            let res = app.get(&format!("/v1/search?{query}")).await;
            assert_eq!(res.status(), 400, "{query}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], parameter, "{query}: {problem}");
            assert_eq!(problem["status"], 400);
            assert!(!problem["detail"].as_str().unwrap().is_empty());
        }
    }
}
