//! Treatment capacity: programs report beds and slots, anyone reads them, the role matrix
//! holds, stale reports stop counting as room, and 90 % full sends one event per crossing.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestBackend, api_tests, fixtures, spawn_app, spawn_with};

/// The first fixture service and the organization that runs it.
fn fixture_service() -> (String, String) {
    let text = std::fs::read_to_string(fixtures().join("hsds-json/services.json")).unwrap();
    let services: Value = serde_json::from_str(&text).unwrap();
    let s = &services[0];
    (
        s["id"].as_str().unwrap().to_string(),
        s["organization"]["id"].as_str().unwrap().to_string(),
    )
}

async fn put(
    app: &TestApp,
    key: Option<&waypoint_tests::TestPartner>,
    service: &str,
    body: Value,
) -> reqwest::Response {
    let path = format!("/v1/services/{service}/capacity");
    let req = match key {
        Some(p) => app.as_partner(Method::PUT, &path, p),
        None => app.client.put(app.url(&path)),
    };
    req.json(&body).send().await.unwrap()
}

fn beds(available: i64, maximum: i64) -> Value {
    json!({"status": "capacity", "capacities": [{"unit": "bed", "available": available, "maximum": maximum}]})
}

fn threshold_events(app: &TestApp) -> Vec<Value> {
    app.outbox()
        .into_iter()
        .filter(|e| e["event_type"] == "capacity.threshold")
        .collect()
}

api_tests! {
    async fn a_provider_reports_capacity_and_anyone_reads_it(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);

        let res = put(&app, Some(&provider), &service, json!({
            "status": "waitlist",
            "capacities": [
                {"unit": "Bed", "available": 2, "maximum": 16, "description": "residential beds"},
                {"unit": "slot", "available": 0}
            ],
            "notes": "Call before 10am for intake."
        })).await;
        assert_eq!(res.status(), 200);
        let stored: Value = res.json().await.unwrap();
        assert_eq!(stored["service_id"], service.as_str());
        assert_eq!(stored["status"], "waitlist");
        assert_eq!(stored["capacities"][0], json!({"unit": "bed", "available": 2, "maximum": 16, "description": "residential beds"}));
        assert_eq!(stored["capacities"][1], json!({"unit": "slot", "available": 0}));
        assert_eq!(stored["notes"], "Call before 10am for intake.");
        assert_eq!(stored["stale"], false);
        assert_eq!(stored["has_capacity"], true);
        assert!(stored["updated"].as_str().unwrap().ends_with('Z'));

        let public = app.get(&format!("/v1/services/{service}/capacity")).await;
        assert_eq!(public.status(), 200);
        assert_eq!(public.json::<Value>().await.unwrap(), stored);

        // Full, no waitlist: no longer room, and the current state is replaced.
        let res = put(&app, Some(&provider), &service, json!({"status": "no-capacity", "capacities": [{"unit": "bed", "available": 0, "maximum": 16}]})).await;
        assert_eq!(res.status(), 200);
        let now: Value = app.get(&format!("/v1/services/{service}/capacity")).await.json().await.unwrap();
        assert_eq!(now["status"], "no-capacity");
        assert_eq!(now["has_capacity"], false);
        assert!(now.get("notes").is_none());
    }

    async fn counts_written_with_a_zero_fraction_are_taken_as_whole_numbers(backend) {
        // JSON Schema counts 5.0 as the integer 5 (the fuzzer sent 3826120.0): once refused
        // with 400 as "invalid type: floating point".
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let res = put(&app, Some(&provider), &service, json!({
            "status": "capacity",
            "capacities": [{"unit": "bed", "available": 5.0, "maximum": 12.0}]
        })).await;
        assert_eq!(res.status(), 200);
        let stored: Value = res.json().await.unwrap();
        assert_eq!(stored["capacities"][0], json!({"unit": "bed", "available": 5, "maximum": 12}));

        let res = put(&app, Some(&provider), &service, json!({
            "status": "capacity",
            "capacities": [{"unit": "bed", "available": 2.5}]
        })).await;
        assert_eq!(res.status(), 400);
        let problem: Value = res.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("2.5 is not a whole number"), "{problem}");
        let now: Value = app.get(&format!("/v1/services/{service}/capacity")).await.json().await.unwrap();
        assert_eq!(now["capacities"][0]["available"], 5);
    }

    async fn providers_of_the_program_coordinators_and_admins_change_capacity(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let own = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let other = app.partner("Imaginary Detox Center", Role::Provider, &[&app.organization_other_than(&org)]);
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);

        let res = put(&app, None, &service, beds(3, 10)).await;
        assert_eq!(res.status(), 401);
        for (who, status) in [(&other, 403), (&clinic, 403), (&own, 200), (&coordinator, 200), (&admin, 200)] {
            let res = put(&app, Some(who), &service, beds(3, 10)).await;
            assert_eq!(res.status(), status);
            if status != 200 {
                assert_eq!(res.headers()["content-type"], "application/problem+json");
                let problem: Value = res.json().await.unwrap();
                assert!(problem["type"].as_str().unwrap().ends_with("/forbidden"));
            }
        }

        // History: not for referrers nor other programs' providers.
        let history = |p| app.as_partner(Method::GET, &format!("/v1/services/{service}/capacity/history"), p);
        assert_eq!(history(&clinic).send().await.unwrap().status(), 403);
        assert_eq!(history(&other).send().await.unwrap().status(), 403);
        for who in [&own, &coordinator, &admin] {
            let res = history(who).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let reports: Vec<Value> = res.json().await.unwrap();
            assert_eq!(reports.len(), 3, "the own provider's, the coordinator's and the admin's reports");
            let by: Vec<(&str, &str)> = reports.iter().map(|r| (r["changed_by"]["partner_id"].as_str().unwrap(), r["changed_by"]["role"].as_str().unwrap())).collect();
            assert_eq!(by, [(admin.id.as_str(), "admin"), (coordinator.id.as_str(), "coordinator"), (own.id.as_str(), "provider")], "newest first");
            assert!(reports.iter().all(|r| r["kind"] == "report"));
        }
        let res = app.as_partner(Method::GET, &format!("/v1/services/{service}/capacity/history?limit=0"), &admin).send().await.unwrap();
        assert_eq!(res.status(), 400);
        assert_eq!(res.json::<Value>().await.unwrap()["parameter"], "limit");
        let res = app.as_partner(Method::GET, &format!("/v1/services/{service}/capacity/history?limit=2"), &admin).send().await.unwrap();
        assert_eq!(res.json::<Vec<Value>>().await.unwrap().len(), 2);
    }

    async fn bad_reports_and_unknown_services_are_problems_that_change_nothing(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);

        let cases = [
            (json!({"status": "full"}), "status"),
            (json!({"status": "capacity", "capacities": [{"unit": "bed", "available": -1}]}), "capacities[0].available"),
            (json!({"status": "capacity", "capacities": [{"unit": "bed", "available": 1, "maximum": 4}, {"unit": "slot", "available": 9, "maximum": 4}]}), "capacities[1].available"),
            (json!({"status": "capacity", "capacities": [{"unit": " ", "available": 1}]}), "capacities[0].unit"),
            (json!({"status": "capacity", "beds": 4}), "body"),
            (json!({"capacities": []}), "body"),
        ];
        for (body, parameter) in cases {
            let res = put(&app, Some(&provider), &service, body.clone()).await;
            assert_eq!(res.status(), 400, "{body}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            assert_eq!(res.json::<Value>().await.unwrap()["parameter"], parameter, "{body}");
        }
        let res = app.get(&format!("/v1/services/{service}/capacity")).await;
        assert_eq!(res.status(), 404, "nothing was stored");

        let res = put(&app, Some(&provider), "no-such-service", beds(1, 2)).await;
        assert_eq!(res.status(), 404);
        assert_eq!(app.get("/v1/services/no-such-service/capacity").await.status(), 404);
    }

    async fn reaching_ninety_percent_full_sends_one_event_per_crossing(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        app.partner("Testy McTestface Clinic", Role::Referrer, &[]);

        for (available, events_after) in [(5, 0), (1, 2), (0, 2), (4, 2), (1, 4)] {
            let res = put(&app, Some(&provider), &service, beds(available, 10)).await;
            assert_eq!(res.status(), 200);
            let events = threshold_events(&app);
            assert_eq!(events.len(), events_after, "after {available} of 10 beds free");
        }
        let events = threshold_events(&app);
        let mut recipients: Vec<&str> = events.iter().map(|e| e["partner_id"].as_str().unwrap()).collect();
        recipients.sort();
        recipients.dedup();
        let mut expected = vec![provider.id.as_str(), coordinator.id.as_str()];
        expected.sort();
        assert_eq!(recipients, expected, "the program's provider and the coordinators; not referrers");
        let payload: Value = serde_json::from_str(events[0]["payload"].as_str().unwrap()).unwrap();
        assert_eq!(payload["service_id"], service.as_str());
        assert_eq!(payload["available"], 1);
        assert_eq!(payload["maximum"], 10);
        assert_eq!(events[0]["subject_id"], service.as_str());
    }
}

#[test]
fn reports_older_than_the_limit_are_stale_and_not_room() {
    waypoint_tests::run(async {
        let app = spawn_with(TestBackend::Sqlite, |settings| {
            settings.capacity_stale_hours = 0
        })
        .await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        assert_eq!(
            put(&app, Some(&provider), &service, beds(6, 10))
                .await
                .status(),
            200
        );
        let read: Value = app
            .get(&format!("/v1/services/{service}/capacity"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(read["stale"], true);
        assert_eq!(
            read["has_capacity"], false,
            "a stale report does not count as room"
        );
        assert_eq!(
            read["capacities"][0]["available"], 6,
            "but it is still shown"
        );
    });
}
