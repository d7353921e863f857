//! Places, accents and text fields over real HTTP, on the fictional `places/services.json`:
//! "City, ST" at the city's centre, a city name alone, an ambiguous one refused with its
//! candidates; accents folded in `/v1/search` and `/hsds` `search=`; languages and fees
//! written as text filter with `language` and `free`.

use serde_json::Value;
use waypoint_indexer::model::geography::Point;
use waypoint_tests::{TestApp, api_tests, sorted_names, spawn_app};

const FEED: [&str; 1] = ["places/services.json"];
const CLINIC: &str = "Clínica Example del Centro (fictional)";
const HOUSING: &str = "Example Riverside Housing Help (fictional)";
const PANTRY: &str = "Example Prairie Pantry (fictional)";
/// Sacramento's State Capitol.
const SACRAMENTO_DOWNTOWN: (f64, f64) = (38.5767, -121.4934);

fn km_from_downtown(place: &Value) -> f64 {
    let (lat, lon) = SACRAMENTO_DOWNTOWN;
    Point::lat_lon(
        place["latitude"].as_f64().unwrap(),
        place["longitude"].as_f64().unwrap(),
    )
    .km_to(Point::lat_lon(lat, lon))
}

async fn ok(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn hsds_names(page: &Value) -> Vec<String> {
    let mut names: Vec<String> = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

api_tests! {
    async fn a_city_and_state_is_the_city_centre(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        for near in ["Sacramento,%20CA", "sacramento%20ca", "Sacramento,%20California", "SACRAMENTO", "Sacramento"] {
            let page = ok(&app, &format!("/v1/search?near={near}&radius_km=2")).await;
            let place = &page["query"]["place"];
            assert_eq!(place["label"], "Sacramento, CA", "{near}");
            let km = km_from_downtown(place);
            assert!(km < 2.0, "{near}: {km:.1} km from the Capitol");
            // Both Sacramento services lie within 2 km of downtown.
            assert_eq!(sorted_names(&page), vec![CLINIC, HOUSING], "{near}");
        }
        let page = ok(&app, "/v1/search?near=San%20Jos%C3%A9,%20CA").await;
        assert_eq!(page["query"]["place"]["label"], "San Jose, CA");
    }

    async fn an_ambiguous_city_lists_its_candidates(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        let res = app.get("/v1/search?near=Springfield").await;
        assert_eq!(res.status(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["parameter"], "near");
        let candidates: Vec<&str> = problem["candidates"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert!(candidates.contains(&"Springfield, IL") && candidates.contains(&"Springfield, MO"), "{candidates:?}");
        assert!(problem["detail"].as_str().unwrap().contains("Springfield"), "{problem}");
        // With its state it is one place.
        let page = ok(&app, "/v1/search?near=Springfield,%20IL&radius_km=5").await;
        assert_eq!(sorted_names(&page), vec![PANTRY]);
        // An unknown place has no candidates.
        let res = app.get("/v1/search?near=Atlantis").await;
        assert_eq!(res.status(), 400);
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["parameter"], "near");
        assert!(problem.get("candidates").is_none(), "{problem}");
    }

    async fn accents_fold_both_ways_in_search(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        // The clinic's name is accented; the housing service writes "atencion" bare.
        for q in ["clinica", "cl%C3%ADnica", "CL%C3%8DNICA"] {
            let page = ok(&app, &format!("/v1/search?q={q}")).await;
            assert_eq!(sorted_names(&page), vec![CLINIC], "{q}");
        }
        for q in ["atencion", "atenci%C3%B3n"] {
            let page = ok(&app, &format!("/v1/search?q={q}")).await;
            assert_eq!(sorted_names(&page), vec![CLINIC, HOUSING], "{q}");
        }
    }

    async fn accents_fold_both_ways_in_hsds_search(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        for search in ["clinica", "cl%C3%ADnica", "CL%C3%8DNICA"] {
            let page = ok(&app, &format!("/hsds/services?search={search}")).await;
            assert_eq!(hsds_names(&page), vec![CLINIC], "{search}");
            let orgs = ok(&app, &format!("/hsds/organizations?search={search}")).await;
            assert_eq!(orgs["total_items"], 1, "{search}");
        }
        for search in ["atencion", "atenci%C3%B3n"] {
            let page = ok(&app, &format!("/hsds/services?search={search}")).await;
            assert_eq!(hsds_names(&page), vec![CLINIC, HOUSING], "{search}");
        }
    }

    async fn languages_and_fees_written_as_text_filter(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        // "Spanish, French." in a language's name; "Spanish interpreters" in the
        // pantry's interpretation services; "Accommodations possible." names none.
        assert_eq!(sorted_names(&ok(&app, "/v1/search?language=es").await), vec![CLINIC, PANTRY]);
        assert_eq!(sorted_names(&ok(&app, "/v1/search?language=fr").await), vec![CLINIC]);
        // "None." and "No fees." are free; "Medicaid, sliding scale." is not.
        assert_eq!(sorted_names(&ok(&app, "/v1/search?free=true").await), vec![CLINIC, PANTRY]);
        // The HSDS record shows the languages with their codes, the feed's text kept.
        let page = ok(&app, "/hsds/services?search=clinica&full=true").await;
        let languages = page["contents"][0]["languages"].as_array().unwrap();
        let mut codes: Vec<&str> = languages.iter().map(|l| l["code"].as_str().unwrap()).collect();
        codes.sort();
        assert_eq!(codes, ["es", "fr"]);
        assert!(languages.iter().all(|l| l["note"] == "Spanish, French."), "{languages:?}");
    }

    async fn a_term_from_another_branch_gives_its_category(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEED);
        // Money > Help Pay for Housing (107-01-04) is housing.
        assert_eq!(sorted_names(&ok(&app, "/v1/search?category=housing").await), vec![HOUSING]);
    }
}
