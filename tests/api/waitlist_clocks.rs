//! Waitlist clocks as 45 CFR 96.126 and 96.131 set them, end to end: interim services
//! within 48 hours for people who inject drugs and for pregnant people (theirs including a
//! referral for prenatal care), admission within 14 days or 120 only with interim services
//! in time, a late service never keeping a clock; interim services by kind; the report's
//! violations and plain dates; the entries listed by status; unknown parameters refused.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, call, fixture_service, spawn_app};

fn ago(hours: i64) -> String {
    waypoint_api::clock::format(Utc::now() - Duration::hours(hours))
}

fn time(v: &Value) -> chrono::DateTime<Utc> {
    waypoint_api::clock::parse(v.as_str().unwrap()).unwrap()
}

/// A person who asked `hours_ago`.
async fn add(
    app: &TestApp,
    who: &TestPartner,
    service: &str,
    reference: &str,
    pregnant: bool,
    injects: bool,
    hours_ago: i64,
) -> Value {
    let body = json!({
        "client": {"reference": reference},
        "pregnant": pregnant,
        "injects_drugs": injects,
        "requested_at": ago(hours_ago),
    });
    let res = app
        .post_keyed(&format!("/v1/waitlists/{service}/entries"), who, &body)
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Records an interim service that started `hours_ago`.
async fn interim(
    app: &TestApp,
    who: &TestPartner,
    entry: &Value,
    kinds: Option<Value>,
    hours_ago: i64,
) -> Value {
    let mut body = json!({"what": "interim services", "started_at": ago(hours_ago)});
    if let Some(kinds) = kinds {
        body["kinds"] = kinds;
    }
    let path = format!(
        "/v1/waitlists/{}/entries/{}/interim-services",
        entry["service_id"].as_str().unwrap(),
        entry["id"].as_str().unwrap()
    );
    let (status, updated) = call(app, who, Method::POST, &path, Some(body)).await;
    assert_eq!(status, 200, "{updated}");
    updated
}

fn days_to_admission(entry: &Value) -> i64 {
    (time(&entry["admission_due_at"]) - time(&entry["requested_at"])).num_days()
}

fn references(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["client"]["reference"].as_str().unwrap())
        .collect()
}

api_tests! {
    async fn a_late_interim_service_never_keeps_the_clock_nor_earns_120_days(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);

        // Interim services 46 hours after the request: in time, so admission may wait 120 days.
        let on_time = add(&app, &coordinator, &service, "on-time", false, true, 60).await;
        let on_time = interim(&app, &coordinator, &on_time, Some(json!(["hiv_tb_counseling", "needle_sharing_risks"])), 14).await;
        assert_eq!(on_time["interim_services_clock"], "met");
        assert_eq!(on_time["interim_services_overdue"], false);
        assert_eq!(on_time["overdue"], false);
        assert_eq!(days_to_admission(&on_time), 120);
        assert_eq!(on_time["interim_services"][0]["kinds"], json!(["hiv_tb_counseling", "needle_sharing_risks"]));
        assert!(on_time["interim_services"][0]["recorded_at"].is_string());

        // 49 hours after the request: too late.
        let late = add(&app, &coordinator, &service, "late-49h", false, true, 50).await;
        assert_eq!(late["interim_services_clock"], "overdue");
        assert_eq!(late["overdue"], true);
        let late = interim(&app, &coordinator, &late, Some(json!(["hiv_tb_counseling"])), 1).await;
        assert_eq!(late["interim_services_clock"], "missed");
        assert_eq!(late["interim_services_overdue"], true, "a late service never clears the violation");
        assert_eq!(late["overdue"], true);
        assert_eq!(days_to_admission(&late), 14, "no 120 days for a late service");
        assert_eq!(late["admission_overdue"], false);
        assert_eq!(late["admission_clock"], "pending");

        // 20 days after the request: interim missed, and admission overdue since day 14.
        let very_late = add(&app, &coordinator, &service, "late-20d", false, true, 24 * 21).await;
        let very_late = interim(&app, &coordinator, &very_late, None, 24).await;
        assert_eq!(very_late["interim_services_clock"], "missed");
        assert_eq!(days_to_admission(&very_late), 14);
        assert_eq!(very_late["admission_clock"], "overdue");
        assert_eq!(very_late["admission_overdue"], true);
        assert_eq!(very_late["interim_services"][0]["kinds"], json!([]), "no kinds: unspecified");

        // Both stay on the overdue list.
        let (status, overdue) = call(&app, &coordinator, Method::GET, "/v1/waitlists/overdue", None).await;
        assert_eq!(status, 200);
        let mut refs = references(&overdue);
        refs.sort();
        assert_eq!(refs, ["late-20d", "late-49h"]);

        // Unknown kinds, a kinds value that is not a list, and a start in the future are
        // refused by name; nothing is recorded.
        let path = format!("/v1/waitlists/{service}/entries/{}/interim-services", late["id"].as_str().unwrap());
        for (body, parameter) in [
            (json!({"what": "hugs", "kinds": ["hugs"]}), "kinds"),
            (json!({"what": "naloxone", "kinds": "naloxone"}), "kinds"),
            (json!({"what": "naloxone", "kinds": ["naloxone"], "started_at": "2999-01-01T00:00:00Z"}), "started_at"),
        ] {
            let (status, problem) = call(&app, &coordinator, Method::POST, &path, Some(body)).await;
            assert_eq!((status, problem["parameter"].as_str()), (400, Some(parameter)), "{problem}");
        }
        let (_, unchanged) = call(&app, &coordinator, Method::GET, &format!("/v1/waitlists/{service}/entries/{}", late["id"].as_str().unwrap()), None).await;
        assert_eq!(unchanged["interim_services"].as_array().unwrap().len(), 1);
    }

    async fn a_pregnant_person_has_a_48_hour_clock_kept_only_with_a_prenatal_care_referral(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);

        // Pregnant, does not inject: the clock runs all the same.
        let fresh = add(&app, &coordinator, &service, "pregnant-fresh", true, false, 1).await;
        assert_eq!(fresh["interim_services_clock"], "pending");
        assert_eq!((time(&fresh["interim_services_due_at"]) - time(&fresh["requested_at"])).num_hours(), 48);
        assert_eq!(fresh["overdue"], false);

        let waiting = add(&app, &coordinator, &service, "pregnant", true, false, 50).await;
        assert_eq!(waiting["interim_services_clock"], "overdue");
        assert_eq!(waiting["interim_services_overdue"], true);
        assert_eq!(waiting["overdue"], true);

        // Counselling in time, and a service recorded the old way (no kinds), but no
        // referral for prenatal care: the clock is not kept.
        let counselled = interim(&app, &coordinator, &waiting, Some(json!(["hiv_tb_counseling", "transmission_risks"])), 40).await;
        let counselled = interim(&app, &coordinator, &counselled, None, 39).await;
        assert_eq!(counselled["interim_services_clock"], "overdue");
        assert_eq!(days_to_admission(&counselled), 14);

        // A second pregnant person referred for prenatal care 20 hours after asking: kept.
        let referred = add(&app, &coordinator, &service, "pregnant-referred", true, false, 50).await;
        let referred = interim(&app, &coordinator, &referred, Some(json!(["prenatal_care_referral", "fetal_effects_counseling"])), 30).await;
        assert_eq!(referred["interim_services_clock"], "met");
        assert_eq!(referred["overdue"], false);
        assert_eq!(days_to_admission(&referred), 120);

        // Pregnant and injecting, counselled in time without the referral: not kept either.
        let both = add(&app, &coordinator, &service, "pregnant-injecting", true, true, 50).await;
        let both = interim(&app, &coordinator, &both, Some(json!(["hiv_tb_counseling"])), 45).await;
        assert_eq!(both["interim_services_clock"], "overdue");
        assert_eq!(days_to_admission(&both), 14);

        // The event goes out once per entry and clock, for the pregnant clock too.
        let store = waypoint_indexer::store::Store::open(&app.db.url).unwrap();
        let mut conn = store.connect().unwrap();
        let now = Utc::now();
        let sent = waypoint_api::waitlists::store::send_overdue_events(&mut conn, now).unwrap();
        assert_eq!(sent, 4, "'pregnant' and 'pregnant-injecting', to provider and coordinator");
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, now).unwrap(), 0);
        // The late referral, then: the clock is missed, and no second event.
        let late = interim(&app, &coordinator, &counselled, Some(json!(["prenatal_care_referral"])), 0).await;
        assert_eq!(late["interim_services_clock"], "missed");
        assert_eq!(late["overdue"], true);
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, Utc::now()).unwrap(), 0);
        // Two days on, 'pregnant-fresh' runs out: one more, to each of the two.
        let later = now + Duration::days(2);
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, later).unwrap(), 2);
        let events: Vec<Value> = app
            .outbox()
            .into_iter()
            .filter(|e| e["event_type"] == "waitlist.overdue")
            .map(|e| serde_json::from_str(e["payload"].as_str().unwrap()).unwrap())
            .collect();
        assert_eq!(events.len(), 6);
        assert!(events.iter().all(|p| p["clock"] == "interim_services" && p["state"] == "overdue"), "{events:?}");
        let mut entries: Vec<&str> = events.iter().map(|p| p["entry_id"].as_str().unwrap()).collect();
        entries.dedup();
        assert_eq!(entries.len(), 3, "one per entry and clock, to each partner");
        let (_, own) = call(&app, &provider, Method::GET, "/v1/waitlists/overdue", None).await;
        let mut refs = references(&own);
        refs.sort();
        assert_eq!(refs, ["pregnant", "pregnant-injecting"]);
    }

    async fn the_report_counts_violations_and_kinds_and_takes_plain_dates(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);

        // Injecting, nothing for 20 days: interim and 14-day admission clocks missed.
        add(&app, &coordinator, &service, "injecting-nothing", false, true, 24 * 20).await;
        // Injecting, interim services at 49 hours: interim missed.
        let late = add(&app, &coordinator, &service, "injecting-late", false, true, 72).await;
        interim(&app, &coordinator, &late, Some(json!(["hiv_tb_counseling", "needle_sharing_risks"])), 23).await;
        // Injecting, in time: kept.
        let kept = add(&app, &coordinator, &service, "injecting-kept", false, true, 72).await;
        interim(&app, &coordinator, &kept, Some(json!(["hiv_tb_counseling", "hiv_tb_testing_referral"])), 62).await;
        // Pregnant, counselled without the prenatal referral: missed under 96.131.
        let pregnant = add(&app, &coordinator, &service, "pregnant", true, false, 72).await;
        interim(&app, &coordinator, &pregnant, None, 70).await;

        let today = Utc::now().date_naive();
        let from = (today - Duration::days(30)).format("%Y-%m-%d").to_string();
        let to = today.format("%Y-%m-%d").to_string();
        let (status, report) = call(&app, &coordinator, Method::GET, &format!("/v1/reports/waitlist?from={from}&to={to}"), None).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(time(&report["from"]), (today - Duration::days(30)).and_hms_opt(0, 0, 0).unwrap().and_utc());
        assert_eq!(time(&report["to"]), today.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc(), "to the end of the day");
        assert_eq!(report["clock_violations"], json!({
            "interim_services_injecting": 2,
            "interim_services_pregnant": 1,
            "admission_14_days": 1,
            "admission_120_days": 0,
        }));
        assert_eq!(report["interim_services_due"], 4);
        assert_eq!(report["interim_services_on_time_share"], 0.25);
        let kinds = &report["interim_services_by_kind"];
        assert_eq!(kinds["hiv_tb_counseling"], 2);
        assert_eq!(kinds["needle_sharing_risks"], 1);
        assert_eq!(kinds["hiv_tb_testing_referral"], 1);
        assert_eq!(kinds["prenatal_care_referral"], 0);
        assert_eq!(kinds["unspecified"], 1);

        // RFC 3339 times still work; a period before it all counts nothing.
        let (status, before) = call(&app, &coordinator, Method::GET, "/v1/reports/waitlist?from=2020-01-01T00:00:00Z&to=2020-02-01", None).await;
        assert_eq!(status, 200);
        assert_eq!(before["clock_violations"]["interim_services_injecting"], 0);
        assert_eq!(before["interim_services_by_kind"]["hiv_tb_counseling"], 0);
        assert_eq!(time(&before["to"]), time(&json!("2020-02-02T00:00:00Z")));

        for (query, parameter) in [
            ("from=2026-13-01", "from"),
            ("to=yesterday", "to"),
            ("from=2026-11-02&to=2026-11-01", "from"),
            ("to=2026-11-30&to=2026-12-31", "to"),
            ("period=november", "period"),
        ] {
            let (status, problem) = call(&app, &coordinator, Method::GET, &format!("/v1/reports/waitlist?{query}"), None).await;
            assert_eq!((status, problem["parameter"].as_str()), (400, Some(parameter)), "{query}: {problem}");
            assert_eq!(problem["type"], "https://waypoint.example.org/problems/invalid-parameter");
        }
    }

    async fn entries_are_listed_by_status_and_unknown_parameters_are_refused(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let entries = format!("/v1/waitlists/{service}/entries");

        let admitted = add(&app, &coordinator, &service, "admitted", false, false, 30).await;
        let removed = add(&app, &coordinator, &service, "removed", false, false, 20).await;
        add(&app, &coordinator, &service, "waiting-later", false, false, 10).await;
        add(&app, &coordinator, &service, "waiting-first", true, false, 5).await;
        let (status, _) = call(&app, &coordinator, Method::POST, &format!("{entries}/{}/admit", admitted["id"].as_str().unwrap()), Some(json!({}))).await;
        assert_eq!(status, 200);
        let (status, _) = call(&app, &coordinator, Method::POST, &format!("{entries}/{}/remove", removed["id"].as_str().unwrap()), Some(json!({"reason": "declined"}))).await;
        assert_eq!(status, 200);

        let list = |query: &'static str| {
            let (app, coordinator, entries) = (&app, &coordinator, &entries);
            async move { call(app, coordinator, Method::GET, &format!("{entries}{query}"), None).await }
        };
        let (status, default) = list("").await;
        assert_eq!(status, 200);
        assert_eq!(references(&default), ["waiting-first", "waiting-later"], "pregnant first");
        assert_eq!(list("?status=waiting").await.1, default);

        let (status, done) = list("?status=admitted").await;
        assert_eq!(status, 200);
        assert_eq!(references(&done), ["admitted"]);
        assert_eq!(done[0]["status"], "admitted");
        assert!(done[0].get("position").is_none());
        assert_eq!(done[0]["admission_clock"], "met");
        assert_eq!(done[0]["overdue"], false);

        let (_, gone) = list("?status=removed").await;
        assert_eq!(references(&gone), ["removed"]);
        assert_eq!(gone[0]["removal_reason"], "declined");

        let (_, all) = list("?status=all").await;
        assert_eq!(references(&all), ["waiting-first", "waiting-later", "admitted", "removed"], "the queue, then the others in order of request");
        assert_eq!(all[0]["position"], 1);
        assert_eq!(all[1]["position"], 2);

        for (query, parameter) in [
            ("?status=everyone", "status"),
            ("?status=", "status"),
            ("?status=all&status=waiting", "status"),
            ("?colour=red", "colour"),
            ("?status=all&page=2", "page"),
        ] {
            let (status, problem) = list(query).await;
            assert_eq!((status, problem["parameter"].as_str()), (400, Some(parameter)), "{query}: {problem}");
        }
        let one = format!("{entries}/{}", admitted["id"].as_str().unwrap());
        for path in [format!("{one}?verbose=1"), "/v1/waitlists/overdue?service_id=x".to_string()] {
            let (status, problem) = call(&app, &coordinator, Method::GET, &path, None).await;
            assert_eq!(status, 400, "{path}: {problem}");
            assert!(problem["parameter"] == "verbose" || problem["parameter"] == "service_id", "{problem}");
        }
        let (status, _) = call(&app, &coordinator, Method::GET, &one, None).await;
        assert_eq!(status, 200);
    }
}
