//! Meetings a peer worker can act on, over real HTTP on both backends: each meeting's own
//! join link and dial-in (in `/hsds` and in search results), hybrid meetings as one result
//! at their place, online-only meetings found through their area with no distance, time
//! zones, fellowship and meeting-type filters and ranking, women's and men's meetings,
//! and phones in order. Fixtures: `tests/fixtures/meeting-guide/aa-example-pa.json` and
//! `al-anon-example-pa.json`, `tests/fixtures/hsds-json/phones.json` (all fictional).

use serde_json::Value;
use waypoint_tests::{TestApp, api_tests, result_named, sorted_names, spawn_app};

const AA: &str = "meeting-guide/aa-example-pa.json";
const AL_ANON: &str = "meeting-guide/al-anon-example-pa.json";
/// The church hall in Media, PA that four of the AA meetings share.
const HALL: &str = "lat=39.9168&lon=-75.388";

async fn get(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

async fn search(app: &TestApp, query: &str) -> Value {
    get(app, &format!("/v1/search?{query}&per_page=100")).await
}

fn count(page: &Value, name: &str) -> usize {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["name"] == name)
        .count()
}

/// Every compiled service, by name.
async fn compiled(app: &TestApp) -> Vec<Value> {
    let text = app
        .get("/hsds/services?format=ndjson&full=true")
        .await
        .text()
        .await
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (location type, url) of each of a service's locations, physical first.
fn location_urls(service: &Value) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = service["service_at_locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sal| {
            let l = &sal["location"];
            (
                l["location_type"].as_str().unwrap().to_string(),
                l["url"].as_str().map(str::to_string),
            )
        })
        .collect();
    out.sort();
    out
}

/// The id of a service's physical location.
fn place_id(service: &Value) -> &Value {
    service["service_at_locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sal| &sal["location"])
        .find(|l| l["location_type"] == "physical")
        .map(|l| &l["id"])
        .unwrap()
}

api_tests! {
    async fn each_meeting_carries_its_own_link_in_hsds_and_in_results(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&[AA]);
        let services = compiled(&app).await;
        let by_name = |n: &str| services.iter().find(|s| s["name"] == n).unwrap_or_else(|| panic!("{n}"));
        let noon = by_name("Example Noon Hybrid");
        let evening = by_name("Example Evening Hybrid");
        // Both share the hall (one physical location, no link on it), each with a virtual
        // location of its own holding its link.
        assert_eq!(location_urls(noon), vec![
            ("physical".to_string(), None),
            ("virtual".to_string(), Some("https://zoom.example.org/j/1110001111".to_string())),
        ]);
        assert_eq!(location_urls(evening)[1].1.as_deref(), Some("https://zoom.example.org/j/2220002222"));
        assert_eq!(place_id(noon), place_id(evening));
        assert_eq!(noon["phones"][0]["number"], "+12155550101");
        assert_eq!(noon["phones"][0]["description"], "Join by phone, meeting ID 1110001111, passcode 4321");
        let online = by_name("Example Virtual Only");
        assert_eq!(location_urls(online), vec![("virtual".to_string(), Some("https://zoom.example.org/j/3330003333".to_string()))]);

        // In search, a hybrid meeting is one result at its place, with its address and link.
        let page = search(&app, &format!("{HALL}&radius_km=5")).await;
        assert_eq!(count(&page, "Example Noon Hybrid"), 1, "{page}");
        let noon = result_named(&page, "Example Noon Hybrid");
        assert_eq!(noon["location"]["name"], "Example Church Hall");
        assert_eq!(noon["location"]["address"]["address_1"], "10 Example Ln");
        assert!(noon["distance_km"].as_f64().unwrap() < 0.1);
        assert_eq!(noon["join"]["url"], "https://zoom.example.org/j/1110001111");
        assert_eq!(noon["join"]["phone"], "+12155550101");
        assert_eq!(noon["join"]["meeting_id"], "1110001111");
        assert_eq!(noon["join"]["passcode"], "4321");
        assert_eq!(noon["join"]["notes"], "Fictional room; the host admits from the waiting room.");
        assert_eq!(noon["attendance"], serde_json::json!(["hybrid", "in_person", "online"]));
        assert_eq!(noon["phones"], serde_json::json!([]), "the dial-in is in join");
        assert_eq!(result_named(&page, "Example Evening Hybrid")["join"]["url"], "https://zoom.example.org/j/2220002222");
        assert!(result_named(&page, "Example Sunrise Women").get("join").is_none());
        // The index holds one document per place: what /ready counts too.
        // (and the built-in national lines)
        let ready = app.ready_with_listings(8 + waypoint_tests::national_lines()).await;
        assert_eq!(ready["listings"], 8 + waypoint_tests::national_lines());
        assert_eq!(ready["index_documents"], 8 + waypoint_tests::national_lines());
    }

    async fn online_meetings_are_found_near_their_town_without_distance(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&[AA]);
        // Near Philadelphia City Hall: the online meeting whose feed places it in
        // Philadelphia is found, but is not "nearby": no distance, no address.
        let near = "lat=39.9526&lon=-75.1652&radius_km=5";
        let page = search(&app, near).await;
        let m = result_named(&page, "Example Virtual Only");
        assert_eq!(m["match"], "online", "{m}");
        assert!(m.get("distance_km").is_none(), "{m}");
        assert_eq!(m["attendance"], serde_json::json!(["online"]));
        assert!(m["location"]["address"]["city"].is_null(), "{m}");
        assert_eq!(m["time_zone"], "America/New_York", "{m}");
        assert_eq!(m["join"]["phone"], "215-555-0102");
        assert_eq!(m["join"]["meeting_id"], "3330003333");
        assert_eq!(m["join"]["passcode"], "9876");
        assert_eq!(m["join"]["notes"], "Fictional dial-in.");
        // Places come first; the online meeting ranks as if at the radius' edge.
        let names = sorted_names(&page);
        assert!(names.contains(&"Example Open Discussion".to_string()), "{names:?}");
        assert_eq!(page["contents"].as_array().unwrap().last().unwrap()["name"], "Example Virtual Only");
        // Not in person, and not a place to sort by distance.
        let page = search(&app, &format!("{near}&attendance=in_person")).await;
        assert!(!sorted_names(&page).iter().any(|n| n.contains("Online") || n.contains("Virtual")), "{page}");
        let page = search(&app, &format!("{near}&sort=distance")).await;
        assert!(!sorted_names(&page).iter().any(|n| n.contains("Online") || n.contains("Virtual")), "{page}");
        // Pittsburgh is far from every group of the feed.
        let page = search(&app, "lat=40.4406&lon=-79.9959&radius_km=25").await;
        assert_eq!(page["total_items"], 0, "{page}");
        // An online meeting its feed gives no place at all is found by its name, not near
        // a place; Friday 23:30 in Philadelphia it is meeting (its zone comes from the
        // feed's state, as the feed gives no zone and the meeting no address).
        let page = search(&app, near).await;
        assert!(!sorted_names(&page).contains(&"Example Night Owls Online".to_string()));
        let page = search(&app, "q=night%20owls&open_at=2026-11-27T23:30:00-05:00").await;
        assert_eq!(sorted_names(&page), vec!["Example Night Owls Online"]);
        assert_eq!(page["contents"][0]["time_zone"], "America/New_York");
    }

    async fn fellowship_and_meeting_type_filter_and_rank(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&[AA, AL_ANON]);
        let page = search(&app, "fellowship=al-anon").await;
        assert_eq!(sorted_names(&page), vec!["Example Courage Group", "Example Hope Online", "Example Serenity AFG"]);
        assert_eq!(search(&app, "fellowship=aa").await["total_items"], 8);
        assert_eq!(search(&app, "fellowship=aa,al-anon").await["total_items"], 11);
        let page = search(&app, "meeting_type=women").await;
        assert_eq!(sorted_names(&page), vec!["Example Sunrise Women"]);
        let women = &page["contents"][0];
        assert_eq!(women["fellowship"], "aa");
        assert_eq!(women["meeting_types"], serde_json::json!(["open", "women"]));
        assert_eq!(search(&app, "meeting_type=big-book&meeting_type=step-study").await["total_items"], 2);
        for (query, parameter) in [("fellowship=book-club", "fellowship"), ("meeting_type=W", "meeting_type")] {
            let res = app.get(&format!("/v1/search?{query}")).await;
            assert_eq!(res.status(), 400, "{query}");
            let p: Value = res.json().await.unwrap();
            assert_eq!(p["parameter"], parameter);
        }
        // "aa meeting" beside the hall: AA's meetings first (the business meeting after the
        // others), though an Al-Anon group meets just as near.
        let page = search(&app, &format!("q=aa%20meeting&{HALL}&radius_km=30")).await;
        assert_eq!(page["query"]["fellowship"], "aa");
        let order: Vec<(String, String)> = page["contents"].as_array().unwrap().iter()
            .map(|i| (i["name"].as_str().unwrap().to_string(), i["fellowship"].as_str().unwrap_or("").to_string()))
            .collect();
        let first_other = order.iter().position(|(_, f)| f != "aa").unwrap();
        assert!(order[first_other..].iter().all(|(_, f)| f != "aa"), "{order:?}");
        assert_eq!(order[first_other - 1].0, "Example District Business Meeting", "{order:?}");
        let page = search(&app, &format!("q=al-anon&{HALL}&radius_km=30")).await;
        assert_eq!(page["contents"][0]["fellowship"], "al-anon", "{page}");
    }

    async fn gender_means_womens_or_mens_meetings(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&[AA, "hsds-json/phones.json"]);
        let page = search(&app, "gender=female").await;
        // The women's meeting, and the clinic that states no gender; no mixed meeting.
        assert_eq!(sorted_names(&page), vec!["Example Phone Order Clinic (fictional)", "Example Sunrise Women"]);
        let page = search(&app, "gender=male&category=support-groups").await;
        assert_eq!(sorted_names(&page), vec!["Example Men's Step Study"]);
    }

    async fn phones_are_numbers_voice_first_fax_last(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/phones.json"]);
        let page = search(&app, "q=phone%20order").await;
        let clinic = result_named(&page, "Example Phone Order Clinic (fictional)");
        let phones: Vec<(&str, &str)> = clinic["phones"].as_array().unwrap().iter()
            .map(|p| (p["number"].as_str().unwrap(), p["type"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(phones, vec![("410-555-0100", "voice"), ("410-555-0199", "fax"), ("410-555-0198", "fax")]);
        assert_eq!(clinic["location"]["address"]["address_1"], "500 Demo St");
        assert_eq!(clinic["location"]["address"]["address_2"], "Suite 2");
        assert_eq!(clinic["location"]["name"], "Example Phone Order Clinic, Suite Building");
    }
}
