//! The web page in a real browser: starts the real server on port 0 with the seed data,
//! then runs `node tests/browser/flows.mjs <base-url> <screenshot-dir>` (Debian's
//! Chromium driven by playwright-core, checked with axe-core) and requires it to pass.
//! Where Chromium, node or `tests/browser/node_modules` is missing the test is reported
//! as ignored, unless `WAYPOINT_REQUIRE_BROWSER=1` (CI) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::json;
use waypoint_tests::{Role, TestApp, TestBackend, fresh_key, run, spawn_app};

/// The browser the flows drive: `WAYPOINT_CHROMIUM`, else Debian's.
fn chromium() -> PathBuf {
    std::env::var_os("WAYPOINT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("browser")
}

/// Why the flows cannot run here, if they cannot.
fn missing() -> Option<String> {
    if !chromium().exists() {
        return Some(format!(
            "{} is absent (apt-get install chromium)",
            chromium().display()
        ));
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        return Some("tests/browser/node_modules is absent (npm ci in tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}

/// The partners the signed-in flows sign in as, and what they work on: a referrer, the
/// program of a treatment service in the seed data, and a coordinator with one person
/// already waiting for that program (under a consent, as a Part 2 program needs). Handed
/// to the flows as environment variables.
async fn signed_in_world(app: &TestApp) -> Vec<(String, String)> {
    let treatment = app
        .listed_services()
        .into_iter()
        .find(|s| {
            s.categories.iter().any(|c| c == "substance-use-treatment")
                && !s.service_at_location_ids.is_empty()
        })
        .expect("the seed data lists a treatment program");
    let referrer = app.partner("Fictional Peer Recovery Center", Role::Referrer, &[]);
    let provider = app.partner(
        "Fictional Treatment Program",
        Role::Provider,
        &[&treatment.organization_id],
    );
    let coordinator = app.partner("Fictional County Waitlist Desk", Role::Coordinator, &[]);
    let consent: serde_json::Value = app
        .as_partner(reqwest::Method::POST, "/v1/consents", &coordinator)
        .json(&json!({
            "client_reference": "waiting-001",
            "disclosing_party": "Fictional County Waitlist Desk",
            "recipients": [{"class": "treating-providers"}],
            "information": "name and phone",
            "elements": ["name", "phone", "health_facts"],
            "purpose": "admission to treatment",
            "expires_at": "2030-01-01T00:00:00Z",
            "signed_at": "2026-11-01T10:00:00Z",
            "revocation": "any time, in writing"
        }))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a consent");
    let entry = app
        .as_partner(
            reqwest::Method::POST,
            &format!("/v1/waitlists/{}/entries", treatment.id),
            &coordinator,
        )
        .header("Idempotency-Key", fresh_key())
        .json(&json!({
            "client": {"reference": "waiting-001", "name": "Pat Fictional", "phone": "555-0100"},
            "injects_drugs": true,
            "consent_id": consent["id"],
        }))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(entry.status(), 201, "the waiting person is added");
    vec![
        ("WAYPOINT_REFERRER_KEY".into(), referrer.key),
        ("WAYPOINT_PROVIDER_KEY".into(), provider.key),
        ("WAYPOINT_COORDINATOR_KEY".into(), coordinator.key),
        ("WAYPOINT_TREATMENT_NAME".into(), treatment.name),
        ("WAYPOINT_TREATMENT_ID".into(), treatment.id),
    ]
}

fn flows() -> Result<(), Failed> {
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&screenshots).expect("the screenshot folder can be made");
    let screenshots = screenshots
        .canonicalize()
        .expect("the screenshot folder exists");
    let mut outcome = None;
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let partners = signed_in_world(&app).await;
        let (base, dir, shots) = (app.address.clone(), browser_dir(), screenshots.clone());
        let output = actix_web::rt::task::spawn_blocking(move || {
            Command::new("node")
                .arg("flows.mjs")
                .arg(&base)
                .arg(&shots)
                .current_dir(dir)
                .env("WAYPOINT_CHROMIUM", chromium())
                .envs(partners)
                .output()
        })
        .await
        .expect("the node thread ends");
        outcome = Some(output);
    });
    let output = outcome
        .expect("the flows ran")
        .map_err(|e| format!("node could not start: {e}"))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    println!("screenshots in {}", screenshots.display());
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("the browser flows failed ({})", output.status).into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let required = std::env::var("WAYPOINT_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let absent = missing();
    let trial = match (&absent, required) {
        (Some(why), true) => {
            let why = why.clone();
            Trial::test("browser_flows", move || {
                Err(format!("WAYPOINT_REQUIRE_BROWSER=1 but {why}").into())
            })
        }
        (Some(why), false) => {
            eprintln!("the browser flows are ignored: {why}");
            Trial::test("browser_flows", flows).with_ignored_flag(true)
        }
        (None, _) => Trial::test("browser_flows", flows),
    };
    libtest_mimic::run(&args, vec![trial.with_kind("browser")]).exit();
}
