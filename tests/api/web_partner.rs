//! The signed-in pages over plain HTTP, as a person uses them: a referrer records a
//! consent and refers from a search result; the program accepts; the referrer sees it
//! accepted. A provider cannot open another provider's referral. A coordinator sees
//! capacity (unknown as unknown) and admits from a waitlist. Pages with client details
//! are `no-store` and carry the §2.32 notice.

use reqwest::Method;
use serde_json::json;
use waypoint_tests::{Role, api_tests, call, fixture_service, spawn_app};

use crate::referrals_support::{CLIENT_NAME, world};
use crate::web_session::Visitor;

const NOTICE: &str = "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

/// The referral id in a `/partner/referrals/{id}?…` location.
fn referral_id(location: &str) -> String {
    location
        .trim_start_matches("/partner/referrals/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

api_tests! {
    async fn a_referral_made_on_the_page_is_accepted_by_the_program_and_seen_accepted(backend) {
        let w = world(backend).await;
        let mut referrer = Visitor::new(&w.app);
        let csrf = referrer.signed_in(&w.referrer.key).await;
        let consent = referrer.post("/partner/consents", &[
            ("csrf", &csrf), ("lang", "en"), ("client_reference", "client-web-1"),
            ("disclosing_party", "Testy McTestface Clinic"), ("treating_providers", "on"),
            ("information", "name, phone, reason"), ("element", "name"), ("element", "phone"),
            ("element", "reason"), ("purpose", "treatment"), ("signed_on", "2026-11-01"),
            ("expires_on", "2030-01-01"), ("revocation", "any time"),
        ]).await;
        assert_eq!(consent.status, 201, "{}", consent.html);

        // The search shows a signed-in referrer a Refer link on each result.
        let search = referrer.get("/?q=outpatient&lang=en").await;
        let link_start = search.html.find("/partner/referrals/new?").expect("a Refer link");
        let link_end = search.html[link_start..].find('"').unwrap() + link_start;
        let link = search.html[link_start..link_end].replace("&amp;", "&");
        let public = w.app.get("/?q=outpatient&lang=en").await.text().await.unwrap();
        assert!(!public.contains("/partner/referrals/new"), "no Refer link for the public");

        let form = referrer.get(&link).await;
        assert_eq!(form.status, 200, "{}", form.html);
        assert!(form.html.contains("Refer to "), "{}", form.html);
        assert!(form.html.contains("client-web-1 · signed"), "the consent is offered");
        let key_marker = r#"name="idempotency_key" value=""#;
        let k = form.html.find(key_marker).unwrap() + key_marker.len();
        let key = form.html[k..k + 36].to_string();
        let sal_marker = r#"name="service_at_location_id" value=""#;
        let s = form.html.find(sal_marker).unwrap() + sal_marker.len();
        let sal = form.html[s..].split('"').next().unwrap().to_string();
        let consent_marker = r#"<option value=""#;
        let consent_id = form.html.match_indices(consent_marker)
            .map(|(i, _)| form.html[i + consent_marker.len()..].split('"').next().unwrap())
            .find(|v| !v.is_empty())
            .unwrap()
            .to_string();
        let fields = [
            ("csrf", csrf.as_str()), ("lang", "en"), ("idempotency_key", &key),
            ("service_at_location_id", &sal), ("consent_id", &consent_id),
            ("client_reference", "client-web-1"), ("client_name", CLIENT_NAME),
            ("phone", "555-0100"), ("reason", "wants outpatient treatment"), ("priority", "urgent"),
        ];
        let sent = referrer.post("/partner/referrals", &fields).await;
        assert_eq!(sent.status, 303, "{}", sent.html);
        let id = referral_id(sent.location());
        // Sent twice (a double tap): still one referral.
        let again = referrer.post("/partner/referrals", &fields).await;
        assert_eq!(referral_id(again.location()), id);
        assert_eq!(w.app.count_rows("referrals"), 1);

        let mine = referrer.get("/partner/referrals?lang=en").await;
        assert!(mine.html.contains("Sent referrals"));
        assert!(mine.html.contains(&format!("/partner/referrals/{id}")));
        assert!(mine.html.contains("Requested"));

        // The program signs in, opens it, sees the client and accepts.
        let mut program = Visitor::new(&w.app);
        let program_csrf = program.signed_in(&w.provider.key).await;
        let received = program.get("/partner/referrals?lang=en").await;
        assert!(received.html.contains("Received referrals"));
        assert!(received.html.contains(&format!("/partner/referrals/{id}")));
        let page = program.get(&format!("/partner/referrals/{id}?lang=en")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.headers["cache-control"], "no-store");
        assert!(page.html.contains(CLIENT_NAME));
        assert!(page.html.contains(NOTICE));
        let accept_at = page.html.find(r#"value="accepted""#).expect("an Accept form");
        let reject_at = page.html.find(r#"value="rejected""#).expect("a Reject form");
        assert!(accept_at < reject_at, "Accept comes first");
        assert!(!page.html.contains(r#"value="cancelled""#), "cancelling is the referrer's");
        let accepted = program.post(&format!("/partner/referrals/{id}/status"), &[
            ("csrf", &program_csrf), ("lang", "en"), ("status", "accepted"),
        ]).await;
        assert_eq!(accepted.status, 303, "{}", accepted.html);
        let attempt = program.post(&format!("/partner/referrals/{id}/contact-attempts"), &[
            ("csrf", &program_csrf), ("lang", "en"), ("method", "Phone call"), ("result", "No answer"),
        ]).await;
        assert_eq!(attempt.status, 303);
        // A move the rules do not allow is a message, not a 500.
        let illegal = program.post(&format!("/partner/referrals/{id}/status"), &[
            ("csrf", &program_csrf), ("lang", "en"), ("status", "accepted"),
        ]).await;
        assert_eq!(illegal.status, 409);
        assert!(illegal.html.contains("That could not be done"));

        let seen = referrer.get(&format!("/partner/referrals/{id}?lang=en")).await;
        assert!(seen.html.contains(r#"<strong class="status status-accepted">Accepted</strong>"#), "{}", seen.html);
        let history_requested = seen.html.find("<strong>Requested</strong>").unwrap();
        let history_accepted = seen.html.find("<strong>Accepted</strong> by receiving program").unwrap();
        assert!(history_requested < history_accepted, "history in order");
        assert!(seen.html.contains("Contact attempt — Phone call: No answer."));
    }

    async fn a_provider_cannot_see_another_providers_referral_through_the_page(backend) {
        let w = world(backend).await;
        let (id, _) = w.treatment_referral().await;
        let mut other = Visitor::new(&w.app);
        let csrf = other.signed_in(&w.other_provider.key).await;
        let page = other.get(&format!("/partner/referrals/{id}?lang=en")).await;
        assert_eq!(page.status, 404);
        assert!(!page.html.contains(CLIENT_NAME));
        assert!(page.html.contains("That could not be done"));
        let list = other.get("/partner/referrals?lang=en").await;
        assert!(!list.html.contains(&id));
        let moved = other.post(&format!("/partner/referrals/{id}/status"), &[
            ("csrf", &csrf), ("status", "accepted"),
        ]).await;
        assert_eq!(moved.status, 404);
        let noted = other.post(&format!("/partner/referrals/{id}/notes"), &[
            ("csrf", &csrf), ("text", "hello"),
        ]).await;
        assert_eq!(noted.status, 404);
        let (_, referral) = call(&w.app, &w.referrer, Method::GET, &format!("/v1/referrals/{id}"), None).await;
        assert_eq!(referral["status"], "requested");
        assert_eq!(w.app.count_rows("referral_notes"), 0);
        // The referral's own program does see it.
        let mut own = Visitor::new(&w.app);
        own.signed_in(&w.provider.key).await;
        let page = own.get(&format!("/partner/referrals/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.html.contains(CLIENT_NAME) && page.html.contains(NOTICE));
    }

    async fn a_coordinator_sees_unknown_capacity_and_admits_from_a_waitlist(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let (service, _) = fixture_service(0);
        let coordinator = app.partner("Pretend County Coordination", Role::Coordinator, &[]);
        for (reference, pregnant, hours) in [("everyone-early", false, 24 * 20), ("pregnant-late", true, 5)] {
            let res = app.post_keyed(&format!("/v1/waitlists/{service}/entries"), &coordinator, &json!({
                "client": {"reference": reference, "name": format!("Person {reference}")},
                "pregnant": pregnant,
                "requested_at": waypoint_api::clock::format(chrono::Utc::now() - chrono::Duration::hours(hours)),
            })).await;
            assert_eq!(res.status(), 201);
        }
        let mut desk = Visitor::new(&app);
        let csrf = desk.signed_in(&coordinator.key).await;
        let programs = desk.get("/partner/programs?lang=en").await;
        assert_eq!(programs.status, 200, "{}", programs.html);
        assert!(programs.html.contains("Unknown (never reported)"), "{}", programs.html);
        assert!(!programs.html.contains("0 open"), "unknown is never 0");
        assert!(programs.html.contains(&format!("/partner/waitlists/{service}")));

        let list = desk.get(&format!("/partner/waitlists/{service}?lang=en")).await;
        assert_eq!(list.status, 200);
        assert_eq!(list.headers["cache-control"], "no-store");
        assert!(list.html.contains(NOTICE));
        // The early one is past the 14-day admission clock: overdue, so first.
        let early = list.html.find("Person everyone-early").unwrap();
        let late = list.html.find("Person pregnant-late").unwrap();
        assert!(early < late, "overdue first");
        assert!(list.html.contains("Overdue"));
        let marker = "/entries/";
        let at = list.html.find(marker).unwrap() + marker.len();
        let entry = list.html[at..].split('/').next().unwrap().to_string();
        // The program reports it is full: admitting is refused on the page (a message,
        // the person still waiting) until the program confirms a place.
        let full = app
            .as_partner(Method::PUT, &format!("/v1/services/{service}/capacity"), &coordinator)
            .json(&json!({"status": "no-capacity", "capacities": [{"unit": "bed", "available": 0, "maximum": 10}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(full.status(), 200);
        let admit = format!("/partner/waitlists/{service}/entries/{entry}/admit");
        let refused = desk.post(&admit, &[("csrf", &csrf), ("lang", "en")]).await;
        assert_eq!(refused.status, 409, "{}", refused.html);
        assert!(refused.html.contains("That could not be done"));
        assert!(refused.html.contains("Person everyone-early"), "still waiting");
        let admitted = desk
            .post(&admit, &[("csrf", &csrf), ("lang", "en"), ("confirmed_by_program", "on")])
            .await;
        assert_eq!(admitted.status, 303, "{}", admitted.html);
        let after = desk.get(admitted.location()).await;
        assert!(after.html.contains("Admitted."));
        assert!(!after.html.contains("Person everyone-early"));
        assert!(after.html.contains("Person pregnant-late"));

        let bridge_link = format!("/partner/waitlists/{service}/entries/");
        let b = after.html.find(&bridge_link).unwrap();
        let bridge_path = after.html[b..].split('"').next().unwrap().replace("&amp;", "&");
        let bridge = desk.get(&bridge_path).await;
        assert_eq!(bridge.status, 200, "{}", bridge.html);
        assert!(bridge.html.contains("Bridge services"));
    }
}
