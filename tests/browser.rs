//! The web page in a real browser: starts the real server on port 0 with the seed data,
//! then runs `node tests/browser/flows.mjs <base-url> <screenshot-dir>` (Debian's
//! Chromium driven by playwright-core, checked with axe-core) and requires it to pass.
//! Where Chromium, node or `tests/browser/node_modules` is missing the test is reported
//! as ignored, unless `WAYPOINT_REQUIRE_BROWSER=1` (CI) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use waypoint_tests::{TestBackend, run, spawn_app};

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

fn flows() -> Result<(), Failed> {
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&screenshots).expect("the screenshot folder can be made");
    let screenshots = screenshots
        .canonicalize()
        .expect("the screenshot folder exists");
    let mut outcome = None;
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let (base, dir, shots) = (app.address.clone(), browser_dir(), screenshots.clone());
        let output = actix_web::rt::task::spawn_blocking(move || {
            Command::new("node")
                .arg("flows.mjs")
                .arg(&base)
                .arg(&shots)
                .current_dir(dir)
                .env("WAYPOINT_CHROMIUM", chromium())
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
