//! Coordinator views: capacity across programs near a place, with waitlist lengths and
//! median waits; and a period's waitlist report.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, fixture_service, spawn_app};

fn ago(hours: i64) -> String {
    waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::hours(hours))
}

async fn post(app: &TestApp, who: &TestPartner, path: &str, body: Value) -> Value {
    let res = app.post_keyed(path, who, &body).await;
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap()
}

async fn get(app: &TestApp, who: &TestPartner, path: &str) -> (u16, Value) {
    let res = app.as_partner(Method::GET, path, who).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Service 0 reports 3 of 10 beds; one person was admitted after 5 days, one waits, one
/// who injects got interim services within a day, one was removed.
async fn activity(app: &TestApp, provider: &TestPartner) -> String {
    let (service, _) = fixture_service(0);
    let res = app.as_partner(Method::PUT, &format!("/v1/services/{service}/capacity"), provider)
        .json(&json!({"status": "capacity", "capacities": [{"unit": "bed", "available": 4, "maximum": 10}]}))
        .send().await.unwrap();
    assert_eq!(res.status(), 200);
    let entries = format!("/v1/waitlists/{service}/entries");
    let admitted = post(
        app,
        provider,
        &entries,
        json!({"client": {"reference": "a"}, "requested_at": ago(24 * 5)}),
    )
    .await;
    post(
        app,
        provider,
        &format!("{entries}/{}/admit", admitted["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    post(
        app,
        provider,
        &entries,
        json!({"client": {"reference": "b"}, "requested_at": ago(24)}),
    )
    .await;
    let injecting = post(
        app,
        provider,
        &entries,
        json!({"client": {"reference": "c"}, "injects_drugs": true, "requested_at": ago(72)}),
    )
    .await;
    post(
        app,
        provider,
        &format!(
            "{entries}/{}/interim-services",
            injecting["id"].as_str().unwrap()
        ),
        json!({"what": "naloxone and peer support", "started_at": ago(60)}),
    )
    .await;
    let gone = post(
        app,
        provider,
        &entries,
        json!({"client": {"reference": "d"}, "requested_at": ago(10)}),
    )
    .await;
    post(
        app,
        provider,
        &format!("{entries}/{}/remove", gone["id"].as_str().unwrap()),
        json!({"reason": "declined"}),
    )
    .await;
    service
}

api_tests! {
    async fn coordinators_see_capacity_waitlists_and_waits_across_programs(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (_, org) = fixture_service(0);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let service = activity(&app, &provider).await;

        let (status, overview) = get(&app, &coordinator, "/v1/capacity?per_page=50").await;
        assert_eq!(status, 200);
        let programs = overview["contents"].as_array().unwrap();
        assert_eq!(overview["total_items"].as_u64().unwrap() as usize, programs.len());
        let ours: Vec<&Value> = programs.iter().filter(|p| p["service_id"] == service.as_str()).collect();
        assert!(!ours.is_empty());
        for p in ours {
            assert_eq!(p["capacity"]["status"], "capacity");
            assert_eq!(p["open_units"], 3, "4 beds reported, one taken by the admission");
            assert_eq!(p["capacity_status"], "capacity");
            assert!(p.get("unknown_reason").is_none());
            assert_eq!(p["reported_at"], p["capacity"]["updated"]);
            assert_eq!(p["waitlist_length"], 2, "b and c wait; a was admitted, d removed");
            assert_eq!(p["median_wait_days"], 5.0);
        }
        let others: Vec<&Value> = programs.iter().filter(|p| p["service_id"] != service.as_str()).collect();
        assert!(!others.is_empty());
        for p in others {
            assert!(p["capacity"].is_null() && p["waitlist_length"] == 0 && p["median_wait_days"].is_null());
            assert_eq!(p["capacity_status"], "unknown", "never reported: unknown, not full");
            assert_eq!(p["unknown_reason"], "never-reported");
            assert!(p["open_units"].is_null(), "unknown is not zero");
            assert!(p["reported_at"].is_null());
        }

        let (status, _) = get(&app, &clinic, "/v1/capacity").await;
        assert_eq!(status, 403, "referrers do not see waitlists");

        // A provider sees every program's capacity (public) but the waitlist figures of
        // its own programs only; one linked to no organization sees none.
        let unlinked = app.partner("Imaginary Provider Without Programs", Role::Provider, &[]);
        for (who, name, sees_ours) in [(&provider, "provider", true), (&unlinked, "unlinked", false)] {
            let (status, overview) = get(&app, who, "/v1/capacity?per_page=50").await;
            assert_eq!(status, 200);
            let programs = overview["contents"].as_array().unwrap();
            assert!(programs.len() > 1);
            for p in programs {
                let ours = p["service_id"] == service.as_str();
                assert_eq!(p["capacity_status"], if ours { "capacity" } else { "unknown" });
                if ours && sees_ours {
                    assert_eq!(p["waitlist_length"], 2);
                    assert_eq!(p["median_wait_days"], 5.0);
                } else if p["organization_id"] != org.as_str() || !sees_ours {
                    assert!(p["waitlist_length"].is_null(), "{name} sees another's waitlist: {p}");
                    assert!(p["median_wait_days"].is_null());
                }
            }
        }
        let (status, problem) = get(&app, &coordinator, "/v1/capacity?near=00000").await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "near");
    }

    async fn the_waitlist_report_counts_a_periods_admissions_clocks_and_removals(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (_, org) = fixture_service(0);
        let (other_service, _) = fixture_service(1);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        let service = activity(&app, &provider).await;

        let (status, report) = get(&app, &coordinator, "/v1/reports/waitlist").await;
        assert_eq!(status, 200);
        assert_eq!(report["admissions"], 1);
        assert_eq!(report["median_days_to_admission"], 5.0);
        assert_eq!(report["interim_services_due"], 1);
        assert_eq!(report["interim_services_on_time_share"], 1.0);
        assert_eq!(report["removals_by_reason"], json!({"declined": 1}));

        let (status, mut own) = get(&app, &provider, &format!("/v1/reports/waitlist?service_id={service}")).await;
        assert_eq!(status, 200);
        let mut all = report.clone();
        for r in [&mut own, &mut all] {
            let o = r.as_object_mut().unwrap();
            o.remove("from");
            o.remove("to");
        }
        assert_eq!(own, all, "every entry is this program's");
        let (status, _) = get(&app, &provider, &format!("/v1/reports/waitlist?service_id={other_service}")).await;
        assert_eq!(status, 403);

        // A period before any of it.
        let (status, before) = get(&app, &coordinator, "/v1/reports/waitlist?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z").await;
        assert_eq!(status, 200);
        assert_eq!(before["admissions"], 0);
        assert!(before["median_days_to_admission"].is_null());
        let (status, problem) = get(&app, &coordinator, "/v1/reports/waitlist?from=last%20week").await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "from");
        let (status, problem) = get(&app, &coordinator, "/v1/reports/waitlist?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "from");
    }
}
