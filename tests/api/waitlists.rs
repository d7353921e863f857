//! Waitlists: federal priority order with ties, the clocks (with request times the test
//! sets), overdue lists and events, contact attempts, interim services, admission into a
//! unit of capacity, removal, and the role matrix.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, call, fixture_service, spawn_app};

fn ago(hours: i64) -> String {
    waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::hours(hours))
}

async fn add(app: &TestApp, who: &TestPartner, service: &str, body: Value) -> reqwest::Response {
    app.post_keyed(&format!("/v1/waitlists/{service}/entries"), who, &body)
        .await
}

async fn add_ok(app: &TestApp, who: &TestPartner, service: &str, body: Value) -> Value {
    let res = add(app, who, service, body).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

fn person(reference: &str, pregnant: bool, injects: bool, hours_ago: i64) -> Value {
    json!({
        "client": {"reference": reference, "name": "Testy McTestface", "phone": "555-0100"},
        "pregnant": pregnant,
        "injects_drugs": injects,
        "requested_at": ago(hours_ago)
    })
}

api_tests! {
    async fn the_queue_is_in_federal_priority_order(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);

        add_ok(&app, &coordinator, &service, person("everyone-early", false, false, 24 * 10)).await;
        add_ok(&app, &coordinator, &service, person("injecting", false, true, 24 * 2)).await;
        add_ok(&app, &coordinator, &service, person("pregnant-late", true, false, 5)).await;
        add_ok(&app, &coordinator, &service, person("pregnant-early", true, false, 30)).await;
        let both = add_ok(&app, &coordinator, &service, person("both", true, true, 1)).await;
        assert_eq!(both["priority_class"], "pregnant_and_injecting");
        assert_eq!(both["position"], 1);
        assert_eq!(both["status"], "waiting");

        let (status, list) = call(&app, &coordinator, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
        assert_eq!(status, 200);
        let order: Vec<&str> = list.as_array().unwrap().iter().map(|e| e["client"]["reference"].as_str().unwrap()).collect();
        assert_eq!(order, ["both", "pregnant-early", "pregnant-late", "injecting", "everyone-early"]);
        let positions: Vec<i64> = list.as_array().unwrap().iter().map(|e| e["position"].as_i64().unwrap()).collect();
        assert_eq!(positions, [1, 2, 3, 4, 5]);
        assert_eq!(list[4]["days_waiting"], 10);
        assert_eq!(list[3]["days_waiting"], 2);

        // Ties in class and time keep one stable order between reads.
        let t = ago(48);
        for r in ["tie-1", "tie-2"] {
            add_ok(&app, &coordinator, &service, json!({"client": {"reference": r}, "requested_at": t})).await;
        }
        let (_, first) = call(&app, &coordinator, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
        let (_, second) = call(&app, &coordinator, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
        assert_eq!(first, second);
        let everyone: Vec<&str> = first.as_array().unwrap().iter().skip(4).map(|e| e["client"]["reference"].as_str().unwrap()).collect();
        assert_eq!(everyone[0], "everyone-early", "asked first");
        assert_eq!(everyone.len(), 3);

        // A change of priority facts moves the person.
        let id = first[6]["id"].as_str().unwrap().to_string();
        let (status, patched) = call(&app, &coordinator, Method::PATCH, &format!("/v1/waitlists/{service}/entries/{id}"), Some(json!({"pregnant": true}))).await;
        assert_eq!(status, 200);
        assert_eq!(patched["priority_class"], "pregnant");
        assert_eq!(patched["position"], 2, "earlier than the other pregnant people, later than 'both'");
    }

    async fn clocks_run_and_overdue_entries_are_listed_and_announced_once(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service(0);
        let (other_service, _) = fixture_service(1);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);

        let fresh = add_ok(&app, &coordinator, &service, person("fresh", false, true, 1)).await;
        assert_eq!(fresh["overdue"], false);
        assert!(fresh["interim_services_due_at"].is_string());
        let late_interim = add_ok(&app, &coordinator, &service, person("late-interim", false, true, 50)).await;
        assert_eq!(late_interim["interim_services_overdue"], true);
        assert_eq!(late_interim["admission_overdue"], false);
        assert_eq!(late_interim["overdue"], true);
        // The other program is a treatment program: its entries need a consent.
        let (status, consent) = call(&app, &coordinator, Method::POST, "/v1/consents", Some(json!({
            "client_reference": "late-admission", "disclosing_party": "Pretend County Coordination",
            "recipients": [{"class": "treating-providers"}], "information": "name, phone", "elements": ["name", "phone"],
            "purpose": "treatment waitlist", "expires_at": "2030-01-01T00:00:00Z",
            "signed_at": "2026-11-01T10:00:00Z", "revocation": "tell the desk in writing"
        }))).await;
        assert_eq!(status, 201);
        let mut late = person("late-admission", false, false, 24 * 15);
        late["consent_id"] = consent["id"].clone();
        let late_admission = add_ok(&app, &coordinator, &other_service, late).await;
        assert_eq!(late_admission["admission_overdue"], true);
        assert!(late_admission.get("interim_services_due_at").is_none());

        let (status, overdue) = call(&app, &coordinator, Method::GET, "/v1/waitlists/overdue", None).await;
        assert_eq!(status, 200);
        let mut refs: Vec<&str> = overdue.as_array().unwrap().iter().map(|e| e["client"]["reference"].as_str().unwrap()).collect();
        refs.sort();
        assert_eq!(refs, ["late-admission", "late-interim"]);
        let (_, own) = call(&app, &provider, Method::GET, "/v1/waitlists/overdue", None).await;
        let refs: Vec<&str> = own.as_array().unwrap().iter().map(|e| e["client"]["reference"].as_str().unwrap()).collect();
        assert_eq!(refs, ["late-interim"], "a provider sees its own programs only");

        // Interim services made available 49 hours after the request: recorded, but the
        // clock stays missed and admission stays due at 14 days (45 CFR 96.126(b)).
        let id = late_interim["id"].as_str().unwrap();
        let (status, entry) = call(&app, &provider, Method::POST, &format!("/v1/waitlists/{service}/entries/{id}/interim-services"),
            Some(json!({"what": "methadone bridge dosing", "started_at": ago(1)}))).await;
        assert_eq!(status, 200);
        assert_eq!(entry["interim_services"][0]["what"], "methadone bridge dosing");
        assert_eq!(entry["interim_services_overdue"], true);
        assert_eq!(entry["interim_services_clock"], "missed");
        assert_eq!(entry["overdue"], true);
        let requested = waypoint_api::clock::parse(entry["requested_at"].as_str().unwrap()).unwrap();
        let due = waypoint_api::clock::parse(entry["admission_due_at"].as_str().unwrap()).unwrap();
        assert_eq!(due - requested, chrono::Duration::days(14));

        // Events: once per entry and clock, for the program's provider and coordinators.
        let store = waypoint_indexer::store::Store::open(&app.db.url).unwrap();
        let mut conn = store.connect().unwrap();
        let now = chrono::Utc::now();
        let sent = waypoint_api::waitlists::store::send_overdue_events(&mut conn, now).unwrap();
        assert_eq!(sent, 3, "late-admission's admission clock to the coordinator (no provider is linked to that program); late-interim's missed interim clock to provider and coordinator");
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, now).unwrap(), 0);
        // 20 days on, 'fresh' has run out of both clocks, and late-interim of admission.
        let later = now + chrono::Duration::days(20);
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, later).unwrap(), 6, "fresh: interim and admission, late-interim: admission, each to provider and coordinator");
        assert_eq!(waypoint_api::waitlists::store::send_overdue_events(&mut conn, later).unwrap(), 0);
        let events: Vec<Value> = app.outbox().into_iter().filter(|e| e["event_type"] == "waitlist.overdue").collect();
        assert_eq!(events.len(), 9);
        assert!(events.iter().all(|e| !e["payload"].as_str().unwrap().contains("Testy")), "events carry no client details");
    }

    async fn admission_takes_a_unit_and_finished_entries_do_not_change(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service(0);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let res = app.as_partner(Method::PUT, &format!("/v1/services/{service}/capacity"), &provider)
            .json(&json!({"status": "waitlist", "capacities": [{"unit": "bed", "available": 1, "maximum": 20}]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 200);

        let a = add_ok(&app, &provider, &service, person("a", false, false, 3)).await;
        let b = add_ok(&app, &provider, &service, person("b", false, false, 2)).await;
        let path = |e: &Value, action: &str| format!("/v1/waitlists/{service}/entries/{}/{action}", e["id"].as_str().unwrap());

        let (status, contacted) = call(&app, &provider, Method::POST, &path(&a, "contact-attempts"), Some(json!({"outcome": "left-message", "note": "voicemail"}))).await;
        assert_eq!(status, 200);
        assert_eq!(contacted["contact_attempts"][0]["outcome"], "left-message");
        let (status, problem) = call(&app, &provider, Method::POST, &path(&a, "contact-attempts"), Some(json!({"outcome": "telepathy"}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "body");

        let (status, problem) = call(&app, &provider, Method::POST, &path(&a, "admit"), Some(json!({"unit": "chair"}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "unit");
        let (status, admitted) = call(&app, &provider, Method::POST, &path(&a, "admit"), Some(json!({}))).await;
        assert_eq!(status, 200);
        assert_eq!(admitted["status"], "admitted");
        assert!(admitted["admitted_at"].is_string());
        assert!(admitted.get("position").is_none());
        let capacity: Value = app.get(&format!("/v1/services/{service}/capacity")).await.json().await.unwrap();
        assert_eq!(capacity["capacities"][0]["available"], 0, "admission took the bed");

        let (status, problem) = call(&app, &provider, Method::POST, &path(&b, "admit"), None).await;
        assert_eq!(status, 409);
        assert!(problem["type"].as_str().unwrap().ends_with("/no-free-unit"));
        let (_, b_now) = call(&app, &provider, Method::GET, &format!("/v1/waitlists/{service}/entries/{}", b["id"].as_str().unwrap()), None).await;
        assert_eq!(b_now["status"], "waiting", "a refused admission changes nothing");
        assert_eq!(b_now["position"], 1);

        let (status, problem) = call(&app, &provider, Method::POST, &path(&a, "remove"), Some(json!({"reason": "declined"}))).await;
        assert_eq!(status, 409);
        assert_eq!(problem["current_status"], "admitted");
        let (status, problem) = call(&app, &provider, Method::POST, &path(&b, "remove"), Some(json!({"reason": "bored"}))).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "body");
        let (status, removed) = call(&app, &provider, Method::POST, &path(&b, "remove"), Some(json!({"reason": "admitted-elsewhere", "note": "found a bed across town"}))).await;
        assert_eq!(status, 200);
        assert_eq!(removed["status"], "removed");
        assert_eq!(removed["removal_reason"], "admitted-elsewhere");
        let (_, list) = call(&app, &provider, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
        assert_eq!(list, json!([]));
    }

    async fn only_coordinators_admins_and_the_programs_provider_keep_a_waitlist(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, org) = fixture_service(0);
        let (other_service, _) = fixture_service(1);
        let own = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let other = app.partner("Imaginary Detox Center", Role::Provider, &[&app.organization_other_than(&org)]);
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let admin = app.partner("Waypoint Operators (test)", Role::Admin, &[]);

        let res = app.client.get(app.url(&format!("/v1/waitlists/{service}/entries"))).send().await.unwrap();
        assert_eq!(res.status(), 401);
        for (who, expected) in [(&clinic, 403), (&other, 403), (&own, 201), (&coordinator, 201), (&admin, 201)] {
            let res = add(&app, who, &service, person("x", false, false, 1)).await;
            assert_eq!(res.status(), expected);
            let (status, _) = call(&app, who, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
            assert_eq!(status, if expected == 201 { 200 } else { 403 });
        }
        let (_, list) = call(&app, &admin, Method::GET, &format!("/v1/waitlists/{service}/entries"), None).await;
        let id = list[0]["id"].as_str().unwrap();
        for (who, expected) in [(&clinic, 403), (&other, 403), (&own, 200), (&coordinator, 200)] {
            let (status, _) = call(&app, who, Method::GET, &format!("/v1/waitlists/{service}/entries/{id}"), None).await;
            assert_eq!(status, expected);
        }
        // The entry is not another program's.
        let (status, _) = call(&app, &coordinator, Method::GET, &format!("/v1/waitlists/{other_service}/entries/{id}"), None).await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, &clinic, Method::GET, "/v1/waitlists/overdue", None).await;
        assert_eq!(status, 403);
        let res = add(&app, &coordinator, "no-such-service", person("x", false, false, 1)).await;
        assert_eq!(res.status(), 404);
        let res = add(&app, &coordinator, &service, json!({"client": {"reference": ""}})).await;
        assert_eq!(res.status(), 400);
        assert_eq!(res.json::<Value>().await.unwrap()["parameter"], "client.reference");
    }
}
