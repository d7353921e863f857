//! The audit log end to end: admins' changes to partners and keys, webhook endpoints and
//! capacity reported on a program's behalf each leave one entry naming who, what and
//! when, in the change's own transaction (a refused change leaves none); only admins read
//! it; it holds no key, secret or token.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{
    PartnersCommand, Role, TestApp, TestPartner, api_tests, call, fixture_service, spawn_app,
};

use crate::webhooks::receiver::Receiver;

async fn audit(app: &TestApp, admin: &TestPartner, query: &str) -> Value {
    let (status, page) = call(app, admin, Method::GET, &format!("/v1/audit{query}"), None).await;
    assert_eq!(status, 200, "{page}");
    page
}

fn actions(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

api_tests! {
    async fn admin_changes_to_partners_and_keys_are_logged_newest_first(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let admin = app.partner("Waypoint Operators (fictional)", Role::Admin, &[]);

        let (status, created) = call(&app, &admin, Method::POST, "/v1/partners",
            Some(json!({"name": "Fictional Harbor Clinic", "role": "referrer"}))).await;
        assert_eq!(status, 201);
        let clinic = created["partner_id"].as_str().unwrap().to_string();
        let first_key = created["key_id"].as_str().unwrap().to_string();
        let (status, rotated) = call(&app, &admin, Method::POST, &format!("/v1/partners/{clinic}/keys?rotate=true"), None).await;
        assert_eq!(status, 201);
        let (status, _) = call(&app, &admin, Method::DELETE, &format!("/v1/partners/{clinic}/keys/{}", rotated["key_id"].as_str().unwrap()), None).await;
        assert_eq!(status, 200);
        let (status, _) = call(&app, &admin, Method::DELETE, &format!("/v1/partners/{clinic}"), None).await;
        assert_eq!(status, 200);
        // A refused change leaves no entry.
        let (status, _) = call(&app, &admin, Method::POST, "/v1/partners",
            Some(json!({"name": "Fictional Rehab", "role": "provider", "organization_ids": ["not-a-real-org"]}))).await;
        assert_eq!(status, 400);

        let page = audit(&app, &admin, "").await;
        // The admin itself was made with the command line: the oldest entry.
        assert_eq!(actions(&page), ["partner_disabled", "key_revoked", "key_rotated", "partner_created", "partner_created"]);
        let items = page["items"].as_array().unwrap();
        for entry in &items[..4] {
            assert_eq!(entry["actor"]["partner_id"], admin.id.as_str());
            assert_eq!(entry["actor"]["role"], "admin");
            assert_eq!(entry["actor"]["name"], "Waypoint Operators (fictional)");
        }
        assert_eq!(items[3]["target"], json!({"kind": "partner", "id": clinic}));
        assert_eq!(items[3]["detail"]["name"], "Fictional Harbor Clinic");
        assert_eq!(items[3]["detail"]["key_id"], first_key.as_str());
        assert_eq!(items[2]["target"]["id"], rotated["key_id"]);
        assert_eq!(items[4]["actor"], json!({"partner_id": null, "role": null, "name": "command line"}));
        assert_eq!(items[4]["target"]["id"], admin.id.as_str());
        let times: Vec<&str> = items.iter().map(|e| e["at"].as_str().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        // No key is ever in the log.
        let text = page.to_string();
        for secret in [created["api_key"].as_str().unwrap(), rotated["api_key"].as_str().unwrap(), admin.key.as_str()] {
            assert!(!text.contains(secret));
        }

        // Filters and pages.
        assert_eq!(actions(&audit(&app, &admin, "?action=key_revoked").await), ["key_revoked"]);
        assert_eq!(actions(&audit(&app, &admin, &format!("?target_id={clinic}")).await), ["partner_disabled", "partner_created"]);
        assert_eq!(audit(&app, &admin, &format!("?actor={}", admin.id)).await["items"].as_array().unwrap().len(), 4);
        let first = audit(&app, &admin, "?limit=3").await;
        assert_eq!(actions(&first), ["partner_disabled", "key_revoked", "key_rotated"]);
        let cursor = first["next_cursor"].as_str().unwrap();
        let second = audit(&app, &admin, &format!("?limit=3&cursor={cursor}")).await;
        assert_eq!(actions(&second), ["partner_created", "partner_created"]);
        assert!(second["next_cursor"].is_null());
        // A blank cursor is the first page; one we never gave is refused.
        assert_eq!(actions(&audit(&app, &admin, "?limit=3&cursor=").await), actions(&first));
        let (status, problem) = call(&app, &admin, Method::GET, "/v1/audit?cursor=bm90LW91cnM", None).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("cursor")));
        let (status, problem) = call(&app, &admin, Method::GET, "/v1/audit?action=partner_deleted", None).await;
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "action");
    }

    async fn only_admins_read_the_audit_log(backend) {
        let app = spawn_app(backend, false).await;
        let coordinator = app.partner("Fictional County Coordination", Role::Coordinator, &[]);
        let (status, problem) = call(&app, &coordinator, Method::GET, "/v1/audit", None).await;
        assert_eq!(status, 403, "{problem}");
        let res = app.client.get(app.url("/v1/audit")).send().await.unwrap();
        assert_eq!(res.status(), 401);
    }

    async fn webhook_endpoints_and_capacity_on_behalf_are_logged_without_tokens(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let admin = app.partner("Waypoint Operators (fictional)", Role::Admin, &[]);
        let (service, org) = fixture_service(0);
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&org]);
        let coordinator = app.partner("Fictional County Coordination", Role::Coordinator, &[]);
        let referrer = app.partner("Fictional Harbor Clinic", Role::Referrer, &[]);

        let receiver = Receiver::start(&[]).await;
        let url = format!("{}?token=receiver-secret-token", receiver.url);
        let (status, created) = call(&app, &referrer, Method::POST, "/v1/webhooks",
            Some(json!({"url": url, "event_types": ["referral.status_changed"]}))).await;
        assert_eq!(status, 201, "{created}");
        let endpoint = created["id"].as_str().unwrap().to_string();
        let (status, rotated) = call(&app, &referrer, Method::POST, &format!("/v1/webhooks/{endpoint}/rotate-secret"), None).await;
        assert_eq!(status, 200, "{rotated}");
        let (status, _) = call(&app, &referrer, Method::DELETE, &format!("/v1/webhooks/{endpoint}"), None).await;
        assert_eq!(status, 204);

        let beds = json!({"status": "capacity", "capacities": [{"unit": "bed", "available": 3, "maximum": 12}]});
        let path = format!("/v1/services/{service}/capacity");
        // The program's own provider: not on another's behalf, not in the log.
        let (status, _) = call(&app, &provider, Method::PUT, &path, Some(beds.clone())).await;
        assert_eq!(status, 200);
        let (status, _) = call(&app, &coordinator, Method::PUT, &path, Some(beds)).await;
        assert_eq!(status, 200);

        let page = audit(&app, &admin, "").await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(actions(&page)[..4], ["capacity_reported", "webhook_deleted", "webhook_secret_rotated", "webhook_registered"]);
        assert_eq!(items[0]["actor"]["partner_id"], coordinator.id.as_str());
        assert_eq!(items[0]["target"], json!({"kind": "service", "id": service}));
        assert_eq!(items[0]["detail"]["organization_id"], org.as_str());
        assert_eq!(items[0]["detail"]["capacities"][0]["available"], 3);
        assert_eq!(items[3]["actor"]["partner_id"], referrer.id.as_str());
        assert_eq!(items[3]["target"], json!({"kind": "webhook_endpoint", "id": endpoint}));
        assert_eq!(items[3]["detail"]["url"], receiver.url.as_str());
        let text = page.to_string();
        for secret in ["receiver-secret-token", created["secret"].as_str().unwrap(), rotated["secret"].as_str().unwrap()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        // The CLI's key changes are logged as the command line's.
        app.partners_cli(PartnersCommand::RevokeKey { partner_id: referrer.id.clone(), key_id: None }).unwrap();
        let newest = &audit(&app, &admin, "?limit=1").await["items"][0];
        assert_eq!(newest["action"], "key_revoked");
        assert_eq!(newest["actor"]["name"], "command line");
        assert_eq!(newest["target"], json!({"kind": "partner", "id": referrer.id}));
        assert_eq!(newest["detail"]["all_keys"], true);
    }
}
