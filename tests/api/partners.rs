//! Partners and keys: created with the CLI's code, used as `Authorization: Bearer KEY`,
//! revoked and rotated; missing, bad and revoked keys are 401 problems.

use reqwest::Method;
use serde_json::Value;
use waypoint_tests::{PartnersCommand, Role, api_tests, spawn_app};

api_tests! {
    async fn a_created_partner_is_known_by_its_key(backend) {
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        assert!(clinic.key.starts_with("wp_"));
        let res = app.as_partner(Method::GET, "/v1/partners/me", &clinic).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let me: Value = res.json().await.unwrap();
        assert_eq!(me["id"], clinic.id.as_str());
        assert_eq!(me["name"], "Testy McTestface Clinic");
        assert_eq!(me["role"], "referrer");

        app.load(&["hsds-json/services.json"]);
        let orgs = app.organization_ids();
        let provider = app.partner("Fictional Recovery House", Role::Provider, &[&orgs[1], &orgs[0]]);
        let me: Value = app.as_partner(Method::GET, "/v1/partners/me", &provider).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["role"], "provider");
        assert_eq!(me["organization_ids"], serde_json::json!([orgs[0], orgs[1]]));

        // An organization no loaded listing has is refused, by the CLI and by the API.
        let refused = app.partners_cli(PartnersCommand::Create {
            name: "Fictional Rehab".into(),
            role: Role::Provider,
            organization_ids: vec![orgs[0].clone(), "not-a-real-org".into()],
        });
        let message = refused.unwrap_err();
        assert!(message.contains("\"not-a-real-org\""), "{message}");
        let admin = app.partner("Waypoint Operators", Role::Admin, &[]);
        let res = app.as_partner(Method::POST, "/v1/partners", &admin)
            .json(&serde_json::json!({"name": "Fictional Rehab", "role": "provider", "organization_ids": ["not-a-real-org"]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 400);
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["parameter"], "organization_ids");
        // Organizations for a partner that is not a provider: the problem names the field
        // (it named the whole `body`, which the contract fuzzing could not tell apart).
        let res = app.as_partner(Method::POST, "/v1/partners", &admin)
            .json(&serde_json::json!({"name": "Fictional Rehab", "role": "referrer", "organization_ids": [orgs[0]]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 400);
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["parameter"], "organization_ids");
        assert!(problem["detail"].as_str().unwrap().contains("only provider partners"), "{problem}");
        let listed = app.partners_cli(PartnersCommand::List).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 3, "nothing was created: {listed}");
    }

    async fn missing_and_bad_keys_are_401_problems(backend) {
        let app = spawn_app(backend, false).await;
        app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        for auth in [None, Some("Bearer wp_not-a-key"), Some("Basic dXNlcjpwYXNz"), Some("Bearer")] {
            let mut req = app.client.get(app.url("/v1/partners/me"));
            if let Some(auth) = auth {
                req = req.header("authorization", auth);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 401, "{auth:?}");
            assert_eq!(res.headers()["www-authenticate"], "Bearer");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert!(problem["type"].as_str().unwrap().ends_with("/unauthorized"));
        }
    }

    async fn revoked_keys_stop_working_and_rotation_gives_a_new_one(backend) {
        let app = spawn_app(backend, false).await;
        let clinic = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let rotated = app.partners_cli(PartnersCommand::RotateKey { partner_id: clinic.id.clone() }).unwrap();
        let new_key = rotated["api_key"].as_str().unwrap().to_string();
        assert_ne!(new_key, clinic.key);
        let old = app.as_partner(Method::GET, "/v1/partners/me", &clinic).send().await.unwrap();
        assert_eq!(old.status(), 401);
        let renewed = waypoint_tests::TestPartner { id: clinic.id.clone(), key: new_key };
        let res = app.as_partner(Method::GET, "/v1/partners/me", &renewed).send().await.unwrap();
        assert_eq!(res.status(), 200);

        let revoked = app.partners_cli(PartnersCommand::RevokeKey { partner_id: clinic.id.clone(), key_id: None }).unwrap();
        assert_eq!(revoked["revoked"], 1);
        let res = app.as_partner(Method::GET, "/v1/partners/me", &renewed).send().await.unwrap();
        assert_eq!(res.status(), 401);

        let listed = app.partners_cli(PartnersCommand::List).unwrap();
        let keys = listed[0]["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(|k| k["revoked_at"].is_string()));
        assert!(!listed.to_string().contains(&renewed.key), "keys are never listed");
        assert!(app.partners_cli(PartnersCommand::RotateKey { partner_id: "nobody".into() }).is_err());
    }

    async fn the_cli_refuses_what_a_partner_cannot_be(backend) {
        let app = spawn_app(backend, false).await;
        let refused = app.partners_cli(PartnersCommand::Create {
            name: "Testy McTestface Clinic".into(),
            role: Role::Referrer,
            organization_ids: vec!["org-a".into()],
        });
        assert!(refused.is_err());
        assert_eq!(app.partners_cli(PartnersCommand::List).unwrap(), serde_json::json!([]));
    }
}

api_tests! {
    async fn admins_manage_partners_and_keys_over_the_api(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let org = app.organization_ids()[0].clone();
        let admin = app.partner("Waypoint Operators", Role::Admin, &[]);
        let res = app.as_partner(Method::POST, "/v1/partners", &admin)
            .json(&serde_json::json!({"name": "Fictional Rehab", "role": "provider", "organization_ids": [org]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        let rehab = waypoint_tests::TestPartner {
            id: created["partner_id"].as_str().unwrap().into(),
            key: created["api_key"].as_str().unwrap().into(),
        };
        assert_eq!(created["partner"]["organization_ids"], serde_json::json!([org]));
        let me = app.as_partner(Method::GET, "/v1/partners/me", &rehab).send().await.unwrap();
        assert_eq!(me.status(), 200);

        // A second key for a switch without downtime, then the first revoked.
        let second: Value = app.as_partner(Method::POST, &format!("/v1/partners/{}/keys", rehab.id), &admin)
            .send().await.unwrap().json().await.unwrap();
        let second_key = waypoint_tests::TestPartner { id: rehab.id.clone(), key: second["api_key"].as_str().unwrap().into() };
        let first_id = created["key_id"].as_str().unwrap();
        let detail: Value = app.as_partner(Method::DELETE, &format!("/v1/partners/{}/keys/{first_id}", rehab.id), &admin)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(detail["keys"].as_array().unwrap().len(), 2);
        assert!(!detail.to_string().contains(&rehab.key));
        assert_eq!(app.as_partner(Method::GET, "/v1/partners/me", &rehab).send().await.unwrap().status(), 401);
        assert_eq!(app.as_partner(Method::GET, "/v1/partners/me", &second_key).send().await.unwrap().status(), 200);

        // Rotation revokes what was there.
        let rotated: Value = app.as_partner(Method::POST, &format!("/v1/partners/{}/keys?rotate=true", rehab.id), &admin)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(app.as_partner(Method::GET, "/v1/partners/me", &second_key).send().await.unwrap().status(), 401);
        let third = waypoint_tests::TestPartner { id: rehab.id.clone(), key: rotated["api_key"].as_str().unwrap().into() };
        assert_eq!(app.as_partner(Method::GET, "/v1/partners/me", &third).send().await.unwrap().status(), 200);

        let listed: Value = app.as_partner(Method::GET, "/v1/partners", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 2);

        // Disabling stops every key.
        let res = app.as_partner(Method::DELETE, &format!("/v1/partners/{}", rehab.id), &admin).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(app.as_partner(Method::GET, "/v1/partners/me", &third).send().await.unwrap().status(), 401);

        for (method, path) in [(Method::GET, "/v1/partners/nobody".to_string()), (Method::POST, "/v1/partners/nobody/keys".into()), (Method::DELETE, format!("/v1/partners/{}/keys/nokey", admin.id))] {
            let res = app.as_partner(method, &path, &admin).send().await.unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
        let bad = app.as_partner(Method::POST, "/v1/partners", &admin)
            .json(&serde_json::json!({"name": "X", "role": "superuser"})).send().await.unwrap();
        assert_eq!(bad.status(), 400);
    }

    async fn only_admins_reach_the_partner_admin_api(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        let admin = app.partner("Waypoint Operators", Role::Admin, &[]);
        let others = [
            app.partner("Testy McTestface Clinic", Role::Referrer, &[]),
            app.partner("Fictional Rehab", Role::Provider, &[&app.organization_ids()[0]]),
            app.partner("Fictional Waitlist Desk", Role::Coordinator, &[]),
        ];
        let body = serde_json::json!({"name": "Sneaky Fictional Partner", "role": "admin"});
        let endpoints = [
            (Method::POST, "/v1/partners".to_string()),
            (Method::GET, "/v1/partners".into()),
            (Method::GET, format!("/v1/partners/{}", admin.id)),
            (Method::DELETE, format!("/v1/partners/{}", admin.id)),
            (Method::POST, format!("/v1/partners/{}/keys", admin.id)),
            (Method::DELETE, format!("/v1/partners/{}/keys/any", admin.id)),
        ];
        for (method, path) in endpoints {
            let anonymous = app.client.request(method.clone(), app.url(&path)).json(&body).send().await.unwrap();
            assert_eq!(anonymous.status(), 401, "{path}");
            for who in &others {
                let res = app.as_partner(method.clone(), &path, who).json(&body).send().await.unwrap();
                assert_eq!(res.status(), 403, "{method} {path}");
                assert_eq!(res.headers()["content-type"], "application/problem+json");
            }
        }
        let listed: Value = app.as_partner(Method::GET, "/v1/partners", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 4, "nothing was created");
    }
}
