//! The real `waypoint` binary's log, captured as an operator would: no credential in any
//! answer, log line or CLI message, with a database URL that carries a password (and a
//! password in its query string) and a webhook URL that carries a token, through a
//! PostgreSQL outage on a cluster of the test's own; and one JSON line per request, with
//! the id the answer echoes, and without the query string.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use serde_json::{Value, json};
use waypoint_indexer::testing::{PgCluster, own_cluster_or_skip};

const PASSWORD: &str = "Pa55-in-the-userinfo";
const QUERY_PASSWORD: &str = "Pa55-in-the-query";
const HOOK_TOKEN: &str = "t0ken-of-the-receiver";

fn waypoint(database_url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_waypoint"));
    c.env("WAYPOINT_DATABASE_URL", database_url)
        .env_remove("WAYPOINT_LOG")
        .stdin(Stdio::null());
    c
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_clean(what: &str, text: &str) {
    for secret in [PASSWORD, QUERY_PASSWORD, HOOK_TOKEN] {
        assert!(
            !text.contains(secret),
            "{what} carries a credential:\n{text}"
        );
    }
}

static NEXT_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// One HTTP/1.1 request; the status, the headers and the body as text.
fn request(
    port: u16,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> (u16, String) {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\nIdempotency-Key: key-{}\r\n",
        body.len(),
        NEXT_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    if let Some(key) = key {
        head.push_str(&format!("Authorization: Bearer {key}\r\n"));
    }
    send(port, &head, &body)
}

/// Sends a request head (its lines ending in CRLF) and body; the status and the whole answer.
fn send(port: u16, head: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
        .write_all(format!("{head}\r\n{body}").as_bytes())
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

fn json_body(answer: &str) -> Value {
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// The server, its log going to a file as an operator's would.
struct Server {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Server {
    fn start(database_url: &str, dir: &Path) -> Server {
        let log = dir.join("server.log");
        let child = waypoint(database_url)
            .args(["serve", "--bind", "127.0.0.1:0", "--no-seed"])
            .arg("--index-dir")
            .arg(dir.join("index"))
            .env("WAYPOINT_LOG", "debug")
            .env("WAYPOINT_WEBHOOKS_ALLOW_PRIVATE", "true")
            .env("WAYPOINT_WEBHOOKS_POLL_MS", "100")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("waypoint starts");
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let text = std::fs::read_to_string(&server.log).unwrap_or_default();
            // The log is JSON lines (stderr is a file, not a terminal).
            if let Some(port) = text
                .lines()
                .filter_map(|l| serde_json::from_str::<Value>(l).ok())
                .filter(|l| l["message"] == "listening")
                .find_map(|l| l["port"].as_u64())
            {
                server.port = port as u16;
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop(mut self) -> String {
        self.halt();
        std::fs::read_to_string(&self.log).unwrap()
    }

    fn halt(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Loads one food listing, makes a referrer and a provider for it (with the CLI), and has
/// the provider subscribe a webhook whose URL carries a token; a referral then makes the
/// deliverer try it (nothing listens there).
fn referral_with_webhook(url: &str, server: &Server, dir: &Path) -> String {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hsds-json/services.json");
    let store = waypoint_indexer::store::Store::open(url).expect("the store opens");
    waypoint_indexer::loader::load(
        &store,
        &dir.join("loader-index"),
        &waypoint_indexer::loader::LoadRequest {
            paths: vec![fixtures],
            ..Default::default()
        },
    )
    .expect("the fixture loads");
    // The server's index follows the store's changes within a few seconds.
    let deadline = Instant::now() + Duration::from_secs(30);
    let hit = loop {
        let (_, answer) = request(server.port, "GET", "/v1/search?q=food%20pantry", None, None);
        let page = json_body(&answer);
        if let Some(hit) = page["contents"].as_array().and_then(|c| c.first()).cloned() {
            break hit;
        }
        assert!(
            Instant::now() < deadline,
            "the listing never became searchable"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let organization = hit["organization"]["id"].as_str().unwrap().to_string();
    let service_at_location = hit["id"].as_str().unwrap().to_string();
    let partner = |role: &str, org: Option<&str>| -> String {
        let mut c = waypoint(url);
        c.args([
            "partners",
            "create",
            "--name",
            "Fictional Audit Partner",
            "--role",
            role,
        ]);
        if let Some(org) = org {
            c.args(["--organization-id", org]);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        assert_clean("`waypoint partners create`", &text(&out));
        let created: Value = serde_json::from_slice(&out.stdout).unwrap();
        created["api_key"].as_str().unwrap().to_string()
    };
    let referrer = partner("referrer", None);
    let provider = partner("provider", Some(&organization));
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let hook = format!("http://hook:{HOOK_TOKEN}@127.0.0.1:{closed_port}/in?token={HOOK_TOKEN}");
    let (status, answer) = request(
        server.port,
        "POST",
        "/v1/webhooks",
        Some(&provider),
        Some(&json!({"url": hook, "event_types": ["referral.created"]})),
    );
    assert_eq!(status, 201, "{answer}");
    let (status, answer) = request(
        server.port,
        "POST",
        "/v1/referrals",
        Some(&referrer),
        Some(&json!({
            "service_at_location_id": service_at_location,
            "client": {"reference": "audit-001", "name": "Testy McTestface"},
            "reason": "needs groceries this week",
            "priority": "routine"
        })),
    );
    assert_eq!(status, 201, "{answer}");
    assert_clean("a referral's answer", &answer);
    referrer
}

/// Waits until the log shows a webhook attempt (which failed: nothing listens there).
fn wait_for_webhook_attempt(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&server.log)
        .unwrap_or_default()
        .contains("webhook attempt")
    {
        assert!(Instant::now() < deadline, "no webhook attempt was made");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn no_credential_in_answers_logs_or_cli_messages_on_postgres_through_an_outage() {
    let Some(mut cluster) = own_cluster_or_skip(
        "no_credential_in_answers_logs_or_cli_messages_on_postgres_through_an_outage",
    ) else {
        return;
    };
    PgConnection::establish(&format!("{}/postgres", cluster.url("postgres")))
        .unwrap()
        .batch_execute("CREATE DATABASE waypoint")
        .unwrap();
    let url = format!(
        "{}/waypoint?sslmode=disable&password={QUERY_PASSWORD}",
        cluster.url(&format!("postgres:{PASSWORD}"))
    );
    let dir = tempfile::tempdir().unwrap();

    for help in [
        &["--help"][..],
        &["serve", "--help"],
        &["partners", "list", "--help"],
    ] {
        let out = waypoint(&url).args(help).output().unwrap();
        assert!(out.status.success());
        assert_clean("--help", &text(&out));
    }

    let server = Server::start(&url, dir.path());
    let referrer = referral_with_webhook(&url, &server, dir.path());
    wait_for_webhook_attempt(&server);
    let (status, _) = request(server.port, "GET", "/v1/referrals", Some(&referrer), None);
    assert_eq!(status, 200);

    stop_and_probe(&mut cluster, &server, &referrer);

    let out = waypoint(&url).args(["partners", "list"]).output().unwrap();
    assert!(
        !out.status.success(),
        "the CLI cannot work without its database"
    );
    let message = text(&out);
    assert_clean("`waypoint partners list` during the outage", &message);
    assert!(message.contains("postgres:***@127.0.0.1"), "{message}");

    let log = server.stop();
    assert_clean("the server's log", &log);
    // The log did record the outage, with the URL redacted.
    assert!(
        log.contains("***"),
        "the outage left no trace in the log:\n{log}"
    );
}

/// Stops the database under the running server, then asks it for everything a caller
/// might: each answer is a problem (or, for search, results) without a credential.
fn stop_and_probe(cluster: &mut PgCluster, server: &Server, referrer: &str) {
    cluster.stop();
    let port = server.port;
    let probes: Vec<(&str, &str, Option<String>)> = vec![
        ("GET", "/v1/search?category=food", None),
        ("GET", "/ready", None),
        ("GET", "/hsds/services", None),
        ("GET", "/v1/referrals", Some(referrer.to_string())),
        ("GET", "/v1/partners/me", Some(referrer.to_string())),
    ];
    let answers: Vec<_> = probes
        .into_iter()
        .map(|(method, path, key)| {
            std::thread::spawn(move || (path, request(port, method, path, key.as_deref(), None)))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    for (path, (status, answer)) in answers {
        assert_clean(path, &answer);
        // Search answers from the index; /ready answers from memory (degraded once the
        // database has missed a check, below).
        assert!(
            status == 503
                || ((path.starts_with("/v1/search") || path == "/ready") && status == 200),
            "{path}: {answer}"
        );
        if status == 503 {
            let lower = answer.to_lowercase();
            assert!(
                lower.contains("content-type: application/problem+json"),
                "{answer}"
            );
            assert!(lower.contains("retry-after:"), "{answer}");
            assert_eq!(json_body(&answer)["status"], 503);
        }
    }
    // Within a few seconds /ready says the database is away; search goes on.
    let mut ready = serde_json::Value::Null;
    for _ in 0..50 {
        let (status, answer) = request(port, "GET", "/ready", None, None);
        assert_eq!(status, 200, "{answer}");
        assert_clean("/ready", &answer);
        ready = json_body(&answer);
        if ready["database"] == "away" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(ready["status"], "degraded", "{ready}");
    assert_eq!(ready["database"], "away", "{ready}");
}

#[test]
fn no_credential_in_answers_logs_or_cli_messages_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("waypoint.db").display());
    let server = Server::start(&url, dir.path());
    referral_with_webhook(&url, &server, dir.path());
    wait_for_webhook_attempt(&server);
    let log = server.stop();
    assert_clean("the server's log", &log);
    assert!(log.contains("webhook attempt"), "{log}");
    // A URL the store cannot use is refused by name, without its secrets.
    let out = waypoint(&format!(
        "mysql://app:{PASSWORD}@127.0.0.1/w?token={QUERY_PASSWORD}"
    ))
    .args(["partners", "list"])
    .output()
    .unwrap();
    assert!(!out.status.success());
    assert_clean("a refused URL", &text(&out));
    assert!(
        text(&out).contains("mysql://app:***@127.0.0.1/w?token=***"),
        "{}",
        text(&out)
    );
}

/// A raw GET with extra header lines; the status and the whole answer.
fn get_with(port: u16, path: &str, headers: &str) -> (u16, String) {
    send(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}"),
        "",
    )
}

/// The value of header `name` in a raw answer.
fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn each_request_is_one_json_log_line_with_the_id_the_answer_echoes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("waypoint.db").display());
    let server = Server::start(&url, dir.path());
    let secret_ref = "Jane-Doe-1985";

    let (status, answer) = get_with(
        server.port,
        &format!("/v1/disclosures?client_ref={secret_ref}"),
        "X-Request-Id: partner-trace.42\r\n",
    );
    assert_eq!(status, 401, "{answer}");
    assert_eq!(header(&answer, "x-request-id"), Some("partner-trace.42"));
    let (status, answer) = get_with(server.port, "/health", "X-Request-Id: not a token\r\n");
    assert_eq!(status, 200);
    let health_id = header(&answer, "x-request-id").expect("an id").to_string();
    assert!(
        uuid::Uuid::parse_str(&health_id).is_ok(),
        "{health_id}: a new id, not the caller's"
    );
    let (status, answer) = get_with(server.port, "/no/such/page", "");
    assert_eq!(status, 404);
    let missing_id = header(&answer, "x-request-id")
        .expect("an id on a problem too")
        .to_string();

    let log = server.stop();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not a JSON line: {l}")))
        .collect();
    let requests: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "waypoint::request")
        .collect();
    let line_of = |id: &str| {
        let found: Vec<&&Value> = requests.iter().filter(|l| l["request_id"] == id).collect();
        assert_eq!(found.len(), 1, "one line for request {id}:\n{log}");
        *found[0]
    };
    let refused = line_of("partner-trace.42");
    assert_eq!(
        (&refused["method"], &refused["route"], &refused["status"]),
        (&json!("GET"), &json!("/v1/disclosures"), &json!(401))
    );
    assert!(refused["ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    assert_eq!(line_of(&health_id)["route"], "/health");
    assert_eq!(line_of(&missing_id)["status"], 404);
    assert!(
        !log.contains(secret_ref),
        "the log carries a query string's client reference:\n{log}"
    );
}
