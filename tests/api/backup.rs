//! The backup and restore procedures of `docs/operations.md`, run as written on each
//! backend: referrals with consents, notes and status changes are made, the database is
//! backed up and wiped, the backup is restored, and a server started on it with a fresh
//! index gives every referral back and searches.

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};
use reqwest::Method;
use serde_json::{Value, json};
use waypoint_api::config::ServeSettings;
use waypoint_indexer::testing::{TestBackend, postgres_bin_dir, postgres_server_url, run_checked};
use waypoint_tests::{TestPartner, api_tests, spawn_app};

use crate::referrals_support::*;

/// Every referral the partner sees, with its status, notes and history: what must
/// survive a backup and restore.
async fn everything(base: &str, who: &TestPartner) -> Vec<Value> {
    let client = reqwest::Client::new();
    let get = |path: String| {
        let request = client.get(format!("{base}{path}")).bearer_auth(&who.key);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let page = get("/v1/referrals?limit=200".to_string()).await;
    let mut all = Vec::new();
    for r in page["items"].as_array().expect("a page of referrals") {
        let id = r["id"].as_str().unwrap();
        let referral = get(format!("/v1/referrals/{id}")).await;
        let notes = get(format!("/v1/referrals/{id}/notes")).await;
        let events = get(format!("/v1/referrals/{id}/events")).await;
        all.push(json!({"referral": referral, "notes": notes, "events": events}));
    }
    all
}

api_tests! {
    async fn a_backup_restored_as_documented_gives_every_referral_back(backend) {
        let w = world_with(spawn_app(backend, false).await);
        for i in 0..3 {
            let (id, _) = w.treatment_referral().await;
            if i > 0 {
                assert_eq!(w.set_status(&w.provider, &id, json!({"status": "accepted"})).await.status(), 200);
            }
            let note = json!({"text": format!("Intake call booked ({i})")});
            let res = w.call(&w.provider, Method::POST, &format!("/v1/referrals/{id}/notes"), Some(note)).await;
            assert_eq!(res.status(), 201);
        }
        let before = everything(&w.app.address, &w.referrer).await;
        assert_eq!(before.len(), 3);

        let backup = w.app.db.path().join("backup");
        let restored_url = match backend {
            TestBackend::Sqlite => {
                // sqlite3 data/waypoint.db "VACUUM INTO '…'", then the file copied back.
                let live = w.app.db.url.trim_start_matches("sqlite://").to_string();
                SqliteConnection::establish(&live)
                    .unwrap()
                    .batch_execute(&format!("VACUUM INTO '{}'", backup.display()))
                    .unwrap();
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{live}{suffix}"));
                }
                let restored = w.app.db.path().join("restored.db");
                std::fs::copy(&backup, &restored).unwrap();
                format!("sqlite://{}", restored.display())
            }
            TestBackend::Postgres => {
                // pg_dump --format=custom; drop and create; pg_restore --no-owner.
                let bin = postgres_bin_dir().expect("PostgreSQL's programs");
                run_checked(Command::new(bin.join("pg_dump"))
                    .args(["--format=custom", "--file"])
                    .arg(&backup)
                    .arg(&w.app.db.url)).unwrap();
                let name = w.app.db.url.rsplit('/').next().unwrap().to_string();
                let mut admin = PgConnection::establish(&format!("{}/postgres", postgres_server_url())).unwrap();
                admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
                admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
                run_checked(Command::new(bin.join("pg_restore"))
                    .args(["--no-owner", "--dbname"])
                    .arg(&w.app.db.url)
                    .arg(&backup)).unwrap();
                w.app.db.url.clone()
            }
        };

        // A fresh index folder: the server rebuilds it from the restored store.
        let settings = ServeSettings::for_tests(&restored_url, w.app.db.path().join("index-restored"));
        let app = Application::build(&settings).expect("a server starts on the restored store");
        let address = format!("http://127.0.0.1:{}", app.port());
        actix_web::rt::spawn(app.run_until_stopped());
        let after = everything(&address, &w.referrer).await;
        assert_eq!(after, before, "every referral, note and status change comes back");
        let search: Value = reqwest::get(format!("{address}/v1/search?q=outpatient")).await.unwrap().json().await.unwrap();
        assert!(search["total_items"].as_u64().unwrap() > 0, "{search}");
    }
}

use waypoint_api::Application;
