//! A client generated from the OpenAPI document, used for real: on each backend, starts the
//! server on port 0 with the seed data, makes a referrer, a provider receiving referrals
//! for a seeded treatment program and a coordinator, generates a Python client from the
//! served `/openapi.json` with `openapi-python-client` (pinned in
//! `tests/contract/client/requirements.txt`) into `target/generated-client/`, and runs
//! `tests/contract/client/flow.py` through it: search, consent, referral, both sides'
//! statuses, notes, the disclosure ledger and a waitlist entry. The generator runs with
//! `--fail-on-warning`, so a part of the document it cannot generate fails the test.
//! Where the generator is not installed the trials are reported as ignored, unless
//! `WAYPOINT_REQUIRE_CONTRACT=1` (CI) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Failed, Trial};
use waypoint_tests::{Role, TestBackend, postgres_or_skip, run, spawn_app};

/// The program the flow looks for and refers to, and where it searches.
const PROGRAM: &str = "Jonestown Buprenorphine Walk-In Clinic";
const NEAR: &str = "21202";

/// The Python that runs the generator and the flow: `WAYPOINT_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("WAYPOINT_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn contract_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contract/client")
}

/// Why the flow cannot run here, if it cannot.
fn missing() -> Option<String> {
    let probe = Command::new(python())
        .args(["-c", "import openapi_python_client, httpx, attrs, dateutil"])
        .output();
    match probe {
        Err(e) => Some(format!("{} cannot start: {e}", python())),
        Ok(out) if !out.status.success() => Some(format!(
            "openapi-python-client is not installed for {} \
             (pip install -r tests/contract/client/requirements.txt)",
            python()
        )),
        Ok(_) => None,
    }
}

/// Runs `command`, and fails naming `what` with its output unless it succeeds.
fn succeed(what: &str, command: &mut Command) -> Result<Output, Failed> {
    let output = command
        .output()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!("{what} failed ({})", output.status).into())
    }
}

fn flow(backend: TestBackend, name: &str) -> Result<(), Failed> {
    if backend == TestBackend::Postgres && !postgres_or_skip(name) {
        return Ok(());
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/generated-client")
        .join(format!("{backend:?}").to_lowercase());
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("the last generated client can be removed");
    }
    std::fs::create_dir_all(&out).expect("the generated client's folder can be made");
    let mut outcome = None;
    run(async {
        let app = spawn_app(backend, true).await;
        let program = app.service_named(PROGRAM);
        let referrer = app.partner("Fictional Harbor Clinic", Role::Referrer, &[]);
        let provider = app.partner(
            "Fictional Jonestown Program",
            Role::Provider,
            &[&program.organization_id],
        );
        let coordinator = app.partner("Fictional County Waitlist Desk", Role::Coordinator, &[]);
        let base = app.address.clone();
        let keys = [
            ("WAYPOINT_REFERRER_KEY", referrer.key),
            ("WAYPOINT_PROVIDER_KEY", provider.key),
            ("WAYPOINT_COORDINATOR_KEY", coordinator.key),
        ];
        let out = out.clone();
        // The generator reads the document from the running server, and the flow calls it:
        // both block, so off the runtime that serves them. Both use httpx, which would send
        // even loopback requests to a proxy named in the environment.
        outcome = Some(
            actix_web::rt::task::spawn_blocking(move || {
                succeed(
                    "openapi-python-client",
                    Command::new(python())
                        .args(["-m", "openapi_python_client", "generate", "--url"])
                        .arg(format!("{base}/openapi.json"))
                        .args(["--meta", "none", "--fail-on-warning"])
                        .env("NO_PROXY", "127.0.0.1")
                        .arg("--config")
                        .arg(contract_dir().join("config.yaml"))
                        .arg("--output-path")
                        .arg(out.join("waypoint_client")),
                )?;
                succeed(
                    "the flow",
                    Command::new(python())
                        .arg(contract_dir().join("flow.py"))
                        .arg(&base)
                        .env("PYTHONPATH", &out)
                        .env("PYTHONDONTWRITEBYTECODE", "1")
                        .env("NO_PROXY", "127.0.0.1")
                        .env("WAYPOINT_FLOW_PROGRAM", PROGRAM)
                        .env("WAYPOINT_FLOW_NEAR", NEAR)
                        .envs(keys),
                )?;
                Ok(())
            })
            .await
            .expect("the generator and flow thread ends"),
        );
    });
    outcome.expect("the flow ran")
}

fn main() {
    let args = Arguments::from_args();
    let required = std::env::var("WAYPOINT_REQUIRE_CONTRACT").is_ok_and(|v| v == "1");
    let absent = missing();
    if let (Some(why), false) = (&absent, required) {
        eprintln!("the generated client's flows are ignored: {why}");
    }
    let trials = [TestBackend::Sqlite, TestBackend::Postgres]
        .into_iter()
        .map(|backend| {
            let name = format!("generated_client_flow::{backend:?}").to_lowercase();
            let trial = match (&absent, required) {
                (Some(why), true) => {
                    let why = why.clone();
                    Trial::test(name, move || {
                        Err(format!("WAYPOINT_REQUIRE_CONTRACT=1 but {why}").into())
                    })
                }
                _ => {
                    let full = name.clone();
                    Trial::test(name, move || flow(backend, &full))
                        .with_ignored_flag(absent.is_some())
                }
            };
            trial.with_kind("contract")
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
