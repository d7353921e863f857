//! The coordinator's side of capacity, written from the rules: `/v1/capacity` says
//! `unknown` (never 0) for a program without a fresh report and leaves out programs not
//! running; a coordinator reports on a program's behalf and the history names it; and an
//! admission from a waitlist follows the one admission rule (free unit taken; no room
//! refused with a problem naming the program and its report unless the program confirmed;
//! unknown capacity admitted and said so).

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, fixtures, spawn_app};

const PANTRY: &str = "Harbor Example Food Pantry (fictional)";
const TREATMENT: &str = "Eastside Example Recovery Outpatient (fictional)";

async fn call(
    app: &TestApp,
    who: &TestPartner,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app.as_partner(method, path, who);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    if status >= 400 {
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn report(app: &TestApp, who: &TestPartner, service: &str, body: Value) -> Value {
    let (status, stored) = call(
        app,
        who,
        Method::PUT,
        &format!("/v1/services/{service}/capacity"),
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{stored}");
    stored
}

fn beds(status: &str, available: i64) -> Value {
    json!({"status": status, "capacities": [{"unit": "bed", "available": available, "maximum": 12}]})
}

/// Moves a program's current report `hours` into the past, as if it had been sent then.
fn backdate(app: &TestApp, service: &str, hours: i64) -> String {
    use diesel::prelude::*;
    use waypoint_indexer::store::schema::capacity_current as cc;
    let at = waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::hours(hours));
    let store = waypoint_indexer::store::Store::open(&app.db.url).unwrap();
    let mut conn = store.connect().unwrap();
    let changed =
        waypoint_indexer::with_conn!(&mut conn, |c| diesel::update(cc::table.find(service))
            .set(cc::updated_at.eq(&at))
            .execute(c))
        .unwrap();
    assert_eq!(changed, 1);
    at
}

/// A waiting person on `service`'s list; returns the entry's admit path.
async fn waiting(app: &TestApp, who: &TestPartner, service: &str, reference: &str) -> String {
    let res = app
        .post_keyed(
            &format!("/v1/waitlists/{service}/entries"),
            who,
            &json!({"client": {"reference": reference}}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let entry: Value = res.json().await.unwrap();
    format!(
        "/v1/waitlists/{service}/entries/{}/admit",
        entry["id"].as_str().unwrap()
    )
}

async fn history(app: &TestApp, who: &TestPartner, service: &str) -> Vec<Value> {
    let (status, rows) = call(
        app,
        who,
        Method::GET,
        &format!("/v1/services/{service}/capacity/history"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    rows.as_array().unwrap().clone()
}

async fn overview(app: &TestApp, who: &TestPartner) -> Vec<Value> {
    let (status, page) = call(app, who, Method::GET, "/v1/capacity?per_page=100", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        page["total_items"].as_u64().unwrap() as usize,
        page["contents"].as_array().unwrap().len()
    );
    page["contents"].as_array().unwrap().clone()
}

fn of<'a>(programs: &'a [Value], service: &str) -> Vec<&'a Value> {
    programs
        .iter()
        .filter(|p| p["service_id"] == service)
        .collect()
}

api_tests! {
    async fn the_capacity_view_says_unknown_not_zero_and_leaves_out_programs_not_running(backend) {
        let app = spawn_app(backend, false).await;
        // The fixture with the food pantry marked inactive.
        let text = std::fs::read_to_string(fixtures().join("hsds-json/services.json")).unwrap();
        let mut services: Value = serde_json::from_str(&text).unwrap();
        for s in services.as_array_mut().unwrap() {
            if s["name"] == PANTRY {
                s["status"] = json!("inactive");
            }
        }
        let feed = app.db.path().join("services-with-an-inactive-one.json");
        std::fs::write(&feed, serde_json::to_string(&services).unwrap()).unwrap();
        app.load(&[feed.to_str().unwrap()]);
        let pantry = app.service_named(PANTRY);
        let treatment = app.service_named(TREATMENT);
        let crisis = app.service_named("Crisis Line");
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);

        // Searchable, but not a running program: absent from the coordinator's view.
        let search: Value = app.get("/v1/search?per_page=100").await.json().await.unwrap();
        assert!(search["contents"].as_array().unwrap().iter().any(|i| i["service"]["id"] == pantry.id.as_str()));
        let programs = overview(&app, &coordinator).await;
        assert!(of(&programs, &pantry.id).is_empty(), "inactive programs are left out");
        // Even when it reported room, and under has_capacity.
        report(&app, &admin, &pantry.id, beds("capacity", 5)).await;
        assert!(of(&overview(&app, &coordinator).await, &pantry.id).is_empty());
        let (_, with_room) = call(&app, &coordinator, Method::GET, "/v1/capacity?has_capacity=true", None).await;
        assert_eq!(with_room["total_items"], 0);

        // Never reported: unknown, not zero.
        let programs = overview(&app, &coordinator).await;
        for p in of(&programs, &treatment.id) {
            assert_eq!(p["capacity_status"], "unknown");
            assert_eq!(p["unknown_reason"], "never-reported");
            assert!(p["open_units"].is_null());
            assert!(p["reported_at"].is_null());
            assert!(p["capacity"].is_null());
        }

        // Full, fresh: known to be 0.
        report(&app, &admin, &treatment.id, beds("no-capacity", 0)).await;
        for p in of(&overview(&app, &coordinator).await, &treatment.id) {
            assert_eq!(p["capacity_status"], "no-capacity");
            assert_eq!(p["open_units"], 0);
            assert!(p.get("unknown_reason").is_none());
        }
        // Room, fresh.
        let stored = report(&app, &admin, &crisis.id, beds("capacity", 4)).await;
        let crisis_now = overview(&app, &coordinator).await;
        let crisis_rows = of(&crisis_now, &crisis.id);
        assert!(!crisis_rows.is_empty());
        for p in crisis_rows {
            assert_eq!(p["capacity_status"], "capacity");
            assert_eq!(p["open_units"], 4);
            assert_eq!(p["reported_at"], stored["updated"]);
        }
        // Stale: unknown again, saying when it last reported; the old figures are kept.
        let at = backdate(&app, &crisis.id, 24 * 4);
        for p in of(&overview(&app, &coordinator).await, &crisis.id) {
            assert_eq!(p["capacity_status"], "unknown");
            assert_eq!(p["unknown_reason"], "stale");
            assert!(p["open_units"].is_null());
            assert_eq!(p["reported_at"], at.as_str());
            assert_eq!(p["capacity"]["stale"], true);
            assert_eq!(p["capacity"]["capacities"][0]["available"], 4);
        }

        // Unknown parameters are named.
        let (status, problem) = call(&app, &coordinator, Method::GET, "/v1/capacity?bogus=1", None).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "bogus");
    }

    async fn a_coordinator_reports_for_a_program_and_the_history_names_the_coordinator(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let treatment = app.service_named(TREATMENT);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&treatment.organization_id]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);

        report(&app, &provider, &treatment.id, beds("capacity", 2)).await;
        let stored = report(&app, &coordinator, &treatment.id, beds("waitlist", 0)).await;
        assert_eq!(stored["status"], "waitlist");
        let public: Value = app.get(&format!("/v1/services/{}/capacity", treatment.id)).await.json().await.unwrap();
        assert_eq!(public, stored, "the coordinator's report is the program's capacity now");

        // The program's own provider sees that the coordinator reported.
        let rows = history(&app, &provider, &treatment.id).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["changed_by"], json!({"partner_id": coordinator.id, "role": "coordinator"}));
        assert_eq!(rows[0]["kind"], "report");
        assert_eq!(rows[0]["status"], "waitlist");
        assert_eq!(rows[1]["changed_by"], json!({"partner_id": provider.id, "role": "provider"}));

        // Unknown parameters and fields are named; nothing is stored.
        let (status, problem) = call(&app, &coordinator, Method::PUT, &format!("/v1/services/{}/capacity?on_behalf=1", treatment.id), Some(beds("capacity", 1))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "on_behalf");
        let (status, problem) = call(&app, &coordinator, Method::GET, &format!("/v1/services/{}/capacity/history?since=yesterday", treatment.id), None).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "since");
        assert_eq!(history(&app, &coordinator, &treatment.id).await.len(), 2);
    }

    async fn admission_follows_the_rule_against_capacity(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        // A program whose waitlist needs no Part 2 consent.
        let program = app.service_named(PANTRY);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&program.organization_id]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let service = program.id.clone();
        let capacity_path = format!("/v1/services/{service}/capacity");

        // Never reported: admitted, and the answer says capacity was unknown.
        let first = waiting(&app, &coordinator, &service, "never").await;
        let (status, problem) = call(&app, &coordinator, Method::POST, &first, Some(json!({"unit": "bed"}))).await;
        assert_eq!(status, 400, "a program that never reported has no unit to name");
        assert_eq!(problem["parameter"], "unit");
        let (status, entry) = call(&app, &coordinator, Method::POST, &first, None).await;
        assert_eq!(status, 200, "{entry}");
        assert_eq!(entry["status"], "admitted");
        let admission = &entry["admission"];
        assert_eq!(admission["basis"], "capacity-unknown");
        assert_eq!(admission["capacity_status"], "unknown");
        assert_eq!(admission["unknown_reason"], "never-reported");
        assert!(admission["open_units"].is_null());
        assert!(admission["reported_at"].is_null());
        assert_eq!(admission["confirmed_by_program"], false);
        assert_eq!(admission["admitted_by"], json!({"partner_id": coordinator.id, "role": "coordinator"}));
        assert_eq!(app.get(&capacity_path).await.status(), 404, "no capacity was made up");

        // Fresh with free units: one is taken; the report's time does not move.
        let reported = report(&app, &provider, &service, json!({"status": "capacity", "capacities": [
            {"unit": "slot", "available": 0, "maximum": 20}, {"unit": "bed", "available": 2, "maximum": 12}
        ]})).await;
        let second = waiting(&app, &coordinator, &service, "free").await;
        let (status, entry) = call(&app, &coordinator, Method::POST, &second, Some(json!({}))).await;
        assert_eq!(status, 200, "{entry}");
        let admission = &entry["admission"];
        assert_eq!(admission["basis"], "free-unit");
        assert_eq!(admission["unit"], "bed", "the first unit with one free");
        assert_eq!(admission["capacity_status"], "capacity");
        assert_eq!(admission["open_units"], 2, "before the admission");
        assert_eq!(admission["reported_at"], reported["updated"]);
        let now: Value = app.get(&capacity_path).await.json().await.unwrap();
        assert_eq!(now["capacities"][1]["available"], 1);
        assert_eq!(now["updated"], reported["updated"], "an admission is not a report");
        let rows = history(&app, &coordinator, &service).await;
        assert_eq!(rows[0]["kind"], "admission");
        assert_eq!(rows[0]["changed_by"]["role"], "coordinator");
        assert_eq!(rows[0]["capacities"][1]["available"], 1);
        assert_eq!(rows[1]["kind"], "report");

        // A named unit without a free one: refused, though another unit would do.
        let third = waiting(&app, &coordinator, &service, "full").await;
        let (status, problem) = call(&app, &coordinator, Method::POST, &third, Some(json!({"unit": "slot"}))).await;
        assert_eq!(status, 409);
        assert_eq!(problem["unit"], "slot");

        // Fresh and full: refused with a problem naming the program and its report…
        report(&app, &provider, &service, beds("no-capacity", 0)).await;
        let full_at = app.get(&capacity_path).await.json::<Value>().await.unwrap()["updated"].clone();
        let (status, problem) = call(&app, &coordinator, Method::POST, &third, None).await;
        assert_eq!(status, 409);
        assert!(problem["type"].as_str().unwrap().ends_with("/no-free-unit"));
        assert_eq!(problem["status"], 409);
        assert_eq!(problem["service_id"], service.as_str());
        assert_eq!(problem["program"], program.name.as_str());
        assert_eq!(problem["capacity_status"], "no-capacity");
        assert_eq!(problem["open_units"], 0);
        assert_eq!(problem["reported_at"], full_at);
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(&program.name) && detail.contains(full_at.as_str().unwrap()) && detail.contains("confirmed_by_program"), "{detail}");
        let entry_path = third.trim_end_matches("/admit").to_string();
        let (_, still) = call(&app, &coordinator, Method::GET, &entry_path, None).await;
        assert_eq!(still["status"], "waiting", "a refusal changes nothing");
        // …a misspelt confirmation is a 400, never read as none…
        let (status, problem) = call(&app, &coordinator, Method::POST, &third, Some(json!({"confirmed_by_programme": true}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "body");
        let (status, problem) = call(&app, &coordinator, Method::POST, &format!("{third}?confirmed_by_program=true"), None).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "confirmed_by_program");
        // …and admitted once the program confirmed a place, counts unchanged.
        let history_before = history(&app, &coordinator, &service).await.len();
        let (status, entry) = call(&app, &coordinator, Method::POST, &third, Some(json!({"confirmed_by_program": true}))).await;
        assert_eq!(status, 200, "{entry}");
        assert_eq!(entry["admission"]["basis"], "confirmed-by-program");
        assert_eq!(entry["admission"]["confirmed_by_program"], true);
        assert_eq!(entry["admission"]["capacity_status"], "no-capacity");
        assert_eq!(entry["admission"]["open_units"], 0);
        let now: Value = app.get(&capacity_path).await.json().await.unwrap();
        assert_eq!(now["capacities"][0]["available"], 0);
        assert_eq!(history(&app, &coordinator, &service).await.len(), history_before);

        // Stale: full or not, admitted as unknown, saying when it last reported; the stale
        // figures are not touched.
        let stale_at = backdate(&app, &service, 24 * 4);
        let fourth = waiting(&app, &provider, &service, "stale").await;
        let (status, entry) = call(&app, &provider, Method::POST, &fourth, Some(json!({"unit": "bed"}))).await;
        assert_eq!(status, 200, "{entry}");
        let admission = &entry["admission"];
        assert_eq!(admission["basis"], "capacity-unknown");
        assert_eq!(admission["capacity_status"], "unknown");
        assert_eq!(admission["unknown_reason"], "stale");
        assert_eq!(admission["reported_at"], stale_at.as_str());
        assert!(admission["open_units"].is_null());
        assert_eq!(admission["unit"], "bed");
        assert_eq!(admission["admitted_by"]["role"], "provider");
        let now: Value = app.get(&capacity_path).await.json().await.unwrap();
        assert_eq!(now["updated"], stale_at.as_str());
        assert_eq!(now["stale"], true);
        assert_eq!(history(&app, &coordinator, &service).await.len(), history_before);

        // The admission stays on the entry.
        let (_, read) = call(&app, &coordinator, Method::GET, fourth.trim_end_matches("/admit"), None).await;
        assert_eq!(read["admission"], entry["admission"]);
    }
}
