//! What the referral tests share: a world with a referrer, receiving providers, an
//! unrelated partner of each role, and the services they refer to.

use reqwest::{Method, Response};
use serde_json::{Value, json};
use waypoint_tests::{ListedService, Role, TestApp, TestBackend, TestPartner, spawn_app};

pub struct World {
    pub app: TestApp,
    pub referrer: TestPartner,
    pub other_referrer: TestPartner,
    /// Receives for the outpatient treatment program (a Part 2 service).
    pub provider: TestPartner,
    /// Receives for the food pantry (no consent needed).
    pub pantry: TestPartner,
    pub other_provider: TestPartner,
    pub coordinator: TestPartner,
    pub admin: TestPartner,
    pub treatment: ListedService,
    pub food: ListedService,
}

pub async fn world(backend: TestBackend) -> World {
    world_with(spawn_app(backend, false).await)
}

pub fn world_with(app: TestApp) -> World {
    app.load(&["hsds-json/services.json"]);
    let treatment = app.service_named("Recovery Outpatient");
    let food = app.service_named("Food Pantry");
    assert!(
        treatment
            .categories
            .iter()
            .any(|c| c == "substance-use-treatment"),
        "{treatment:?}"
    );
    assert!(
        !food
            .categories
            .iter()
            .any(|c| c == "substance-use-treatment" || c == "mental-health")
    );
    // An organization that runs neither program (the crisis line's).
    let unrelated = app
        .organization_ids()
        .into_iter()
        .find(|o| *o != treatment.organization_id && *o != food.organization_id)
        .expect("a third organization");
    World {
        referrer: app.partner("Testy McTestface Clinic", Role::Referrer, &[]),
        other_referrer: app.partner("Another Fictional Clinic", Role::Referrer, &[]),
        provider: app.partner(
            "Fictional Outpatient Program",
            Role::Provider,
            &[&treatment.organization_id],
        ),
        pantry: app.partner("Fictional Pantry", Role::Provider, &[&food.organization_id]),
        other_provider: app.partner(
            "Unrelated Fictional Provider",
            Role::Provider,
            &[&unrelated],
        ),
        coordinator: app.partner("Fictional Waitlist Desk", Role::Coordinator, &[]),
        admin: app.partner("Waypoint Operators", Role::Admin, &[]),
        treatment,
        food,
        app,
    }
}

pub const CLIENT_NAME: &str = "Testy McTestface";

pub fn consent_body(recipients: Value) -> Value {
    json!({
        "client_reference": "client-001",
        "disclosing_party": "Testy McTestface Clinic",
        "recipients": recipients,
        "information": "name, date of birth, phone, preferred language, contact preferences, reason for referral, appointment, notes",
        "elements": ["name", "date_of_birth", "phone", "preferred_language", "contact_preferences", "reason", "appointment", "notes"],
        "purpose": "referral for substance use treatment",
        "expires_at": "2030-01-01T00:00:00Z",
        "signed_at": "2026-11-01T10:00:00Z",
        "revocation": "tell the clinic in writing or by phone"
    })
}

pub fn referral_body(service: &ListedService, consent_id: Option<&str>) -> Value {
    json!({
        "service_at_location_id": service.service_at_location_ids[0],
        "client": {
            "reference": "client-001",
            "name": CLIENT_NAME,
            "date_of_birth": "1990-02-03",
            "phone": "555-0100",
            "preferred_language": "en",
            "contact_preferences": ["text"]
        },
        "reason": "wants outpatient treatment",
        "priority": "urgent",
        "consent_id": consent_id,
        "appointment": null
    })
}

impl World {
    pub async fn call(
        &self,
        who: &TestPartner,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.app.as_partner(method, path, who);
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("the server answers")
    }

    /// A consent the referrer records for its client `client-001`.
    pub async fn consent(&self, recipients: Value) -> String {
        self.consent_of(&self.referrer, "client-001", recipients)
            .await
    }

    /// A consent `who` records for `reference`, naming `recipients`.
    pub async fn consent_of(
        &self,
        who: &TestPartner,
        reference: &str,
        recipients: Value,
    ) -> String {
        let mut body = consent_body(recipients);
        body["client_reference"] = json!(reference);
        self.consent_with(who, body).await
    }

    /// A consent `who` records as `body` says.
    pub async fn consent_with(&self, who: &TestPartner, body: Value) -> String {
        let res = self
            .call(who, Method::POST, "/v1/consents", Some(body))
            .await;
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn post_referral(&self, key: &str, body: &Value) -> Response {
        self.app
            .as_partner(Method::POST, "/v1/referrals", &self.referrer)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A referral to the treatment program under a fresh consent for treating providers.
    pub async fn treatment_referral(&self) -> (String, String) {
        let consent = self.consent(json!([{"class": "treating-providers"}])).await;
        let res = self
            .post_referral(
                &uuid_like(),
                &referral_body(&self.treatment, Some(&consent)),
            )
            .await;
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        (id, consent)
    }

    pub async fn set_status(&self, who: &TestPartner, id: &str, body: Value) -> Response {
        self.call(
            who,
            Method::POST,
            &format!("/v1/referrals/{id}/status"),
            Some(body),
        )
        .await
    }
}

pub use waypoint_tests::fresh_key as uuid_like;

pub async fn problem(res: Response, status: u16) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body = res.json().await.unwrap();
    waypoint_tests::assert_listed_problem(&body);
    body
}
