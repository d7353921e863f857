//! Capacity where people look for programs: each search result and HSDS service shows the
//! program's own report, and `has_capacity=true` keeps exactly the programs with a fresh
//! free unit, so a report changes search results at once.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestBackend, api_tests, spawn_with};

use waypoint_tests::hsds_schemas::assert_valid;

const TREATMENT: &str = "Eastside Example Recovery Outpatient (fictional)";
const PANTRY: &str = "Harbor Example Food Pantry (fictional)";
const AROUND: &str = "/v1/search?near=Baltimore,%20MD&radius_km=50&per_page=100";

async fn report(app: &TestApp, who: &waypoint_tests::TestPartner, service: &str, body: Value) {
    let res = app
        .as_partner(
            Method::PUT,
            &format!("/v1/services/{service}/capacity"),
            who,
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn page(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn service_ids(page: &Value) -> Vec<String> {
    let mut ids: Vec<String> = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["service"]["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn beds(status: &str, available: i64) -> Value {
    json!({"status": status, "capacities": [{"unit": "bed", "available": available, "maximum": 12, "description": "residential beds"}]})
}

api_tests! {
    async fn reports_show_in_search_and_has_capacity_follows_them(backend) {
        let app = waypoint_tests::spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let treatment = app.service_named(TREATMENT);
        let pantry = app.service_named(PANTRY);
        let admin = app.partner("Fictional Admin Desk", Role::Admin, &[]);

        // Nothing reported yet: no capacity shown, and nothing has room.
        let all = page(&app, AROUND).await;
        assert!(all["contents"].as_array().unwrap().iter().all(|i| i.get("capacity").is_none()));
        let none = page(&app, &format!("{AROUND}&has_capacity=true")).await;
        assert_eq!(none["total_items"], 0);
        assert_eq!(none["empty"], true);

        report(&app, &admin, &treatment.id, beds("capacity", 3)).await;
        report(&app, &admin, &pantry.id, beds("no-capacity", 0)).await;

        let with_room = page(&app, &format!("{AROUND}&has_capacity=true")).await;
        assert_eq!(service_ids(&with_room), vec![treatment.id.clone()]);
        // Every place the program is listed counts, and the total is exact.
        assert_eq!(with_room["total_items"], treatment.service_at_location_ids.len());
        for item in with_room["contents"].as_array().unwrap() {
            assert_eq!(item["capacity"]["has_capacity"], true);
            assert_eq!(item["capacity"]["capacities"][0]["available"], 3);
            assert_eq!(item["capacity"]["status"], "capacity");
        }
        // Without the filter both show their reports; the full pantry shows it has no room.
        let all = page(&app, AROUND).await;
        let pantry_item = all["contents"].as_array().unwrap().iter()
            .find(|i| i["service"]["id"] == pantry.id.as_str()).unwrap();
        assert_eq!(pantry_item["capacity"]["has_capacity"], false);
        assert_eq!(pantry_item["capacity"]["status"], "no-capacity");

        // Filters combine: the category and the room must both hold.
        let food_with_room = page(&app, &format!("{AROUND}&has_capacity=true&category=food")).await;
        assert_eq!(food_with_room["total_items"], 0);

        // The last bed taken: the program drops out at once.
        report(&app, &admin, &treatment.id, beds("waitlist", 0)).await;
        let after = page(&app, &format!("{AROUND}&has_capacity=true")).await;
        assert_eq!(after["total_items"], 0);
        // `has_capacity=false` is no filter at all.
        let unfiltered = page(&app, &format!("{AROUND}&has_capacity=false")).await;
        assert_eq!(unfiltered["total_items"], all["total_items"]);

        let bad = app.get("/v1/search?has_capacity=maybe").await;
        assert_eq!(bad.status(), 400);
        assert_eq!(bad.headers()["content-type"], "application/problem+json");
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["parameter"], "has_capacity");
    }

    async fn hsds_services_carry_the_programs_own_report(backend) {
        let app = waypoint_tests::spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let treatment = app.service_named(TREATMENT);
        let admin = app.partner("Fictional Admin Desk", Role::Admin, &[]);
        report(&app, &admin, &treatment.id, beds("capacity", 4)).await;

        let one = page(&app, &format!("/hsds/services/{}", treatment.id)).await;
        assert_valid("compiled/service.json", &one);
        let capacities = one["capacities"].as_array().unwrap();
        assert_eq!(capacities.len(), 1);
        assert_eq!(capacities[0]["available"], 4.0);
        assert_eq!(capacities[0]["maximum"], 12.0);
        assert_eq!(capacities[0]["unit"]["name"], "bed");
        assert_eq!(capacities[0]["service_id"], treatment.id.as_str());
        assert_eq!(capacities[0]["description"], "residential beds");

        // A new report keeps the record's id and changes its figures.
        report(&app, &admin, &treatment.id, beds("capacity", 1)).await;
        let again = page(&app, &format!("/hsds/services/{}", treatment.id)).await;
        assert_eq!(again["capacities"][0]["id"], capacities[0]["id"]);
        assert_eq!(again["capacities"][0]["available"], 1.0);

        // Lists and nested services show it too.
        let list = page(&app, "/hsds/services?full=true&per_page=100").await;
        let listed = list["contents"].as_array().unwrap().iter()
            .find(|s| s["id"] == treatment.id.as_str()).unwrap();
        assert_eq!(listed["capacities"][0]["available"], 1.0);
        let sal = &treatment.service_at_location_ids[0];
        let nested = page(&app, &format!("/hsds/service_at_locations/{sal}")).await;
        assert_eq!(nested["service"]["capacities"][0]["available"], 1.0);
    }
}

/// A report older than the operator's limit shows, but is not room.
#[test]
fn stale_reports_are_not_room_in_search() {
    waypoint_tests::run(async {
        let app = spawn_with(TestBackend::Sqlite, |settings| {
            settings.capacity_stale_hours = 0
        })
        .await;
        app.load(&["hsds-json/services.json"]);
        let treatment = app.service_named(TREATMENT);
        let admin = app.partner("Fictional Admin Desk", Role::Admin, &[]);
        report(&app, &admin, &treatment.id, beds("capacity", 5)).await;

        let with_room = page(&app, &format!("{AROUND}&has_capacity=true")).await;
        assert_eq!(with_room["total_items"], 0, "a stale report is not room");
        let all = page(&app, AROUND).await;
        let shown = all["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["service"]["id"] == treatment.id.as_str())
            .unwrap();
        assert_eq!(shown["capacity"]["stale"], true);
        assert_eq!(shown["capacity"]["capacities"][0]["available"], 5);
    });
}
