//! Shared by the end-to-end tests: start the real server on port 0 against a fresh
//! database, and talk to it over real HTTP.

pub mod hsds_schemas;
pub mod national;
pub mod openapi_schemas;

use std::future::Future;
use std::path::PathBuf;

use waypoint_api::Application;
use waypoint_api::config::ServeSettings;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::store::Store;
pub use waypoint_indexer::testing::TestDatabase;

pub use waypoint_api::auth::Role;
pub use waypoint_api::cli::partners::{PartnersArgs, PartnersCommand};
pub use waypoint_indexer::testing::{TestBackend, fixtures, postgres_or_skip};

/// A running server and the database behind it.
pub struct TestApp {
    pub address: String,
    pub db: TestDatabase,
    pub settings: ServeSettings,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// `/ready` once it counts `listings`: it counts them again within seconds of a load,
    /// not on each probe.
    pub async fn ready_with_listings(&self, listings: u64) -> serde_json::Value {
        let mut ready = serde_json::Value::Null;
        for _ in 0..50 {
            ready = self
                .get("/ready")
                .await
                .json()
                .await
                .expect("/ready is JSON");
            if ready["listings"] == listings {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        ready
    }

    /// Loads fixture feeds into the app's store and index, as the indexer command does.
    pub fn load(&self, fixtures: &[&str]) {
        let store = Store::open(&self.db.url).expect("store opens");
        let paths = fixtures
            .iter()
            .map(|f| waypoint_indexer::testing::fixtures().join(f))
            .collect();
        loader::load(
            &store,
            &self.settings.index_dir,
            &LoadRequest {
                paths,
                ..Default::default()
            },
        )
        .expect("fixtures load");
    }
}

/// The JSON body of a GET of `path`, which must answer 200 `application/json`.
pub async fn json_at(app: &TestApp, path: &str) -> serde_json::Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], "application/json", "{path}");
    res.json().await.unwrap()
}

/// A partner created as `waypoint partners create` does, with its API key.
#[derive(Debug, Clone)]
pub struct TestPartner {
    pub id: String,
    pub key: String,
}

impl TestApp {
    /// Runs `waypoint partners …` (the CLI's own code) against the app's database.
    pub fn partners_cli(&self, command: PartnersCommand) -> Result<serde_json::Value, String> {
        waypoint_api::cli::partners::run(&PartnersArgs {
            database_url: waypoint_indexer::redact::SecretUrl::new(self.db.url.clone()),
            command,
        })
    }

    /// Creates a partner through the CLI's code path.
    pub fn partner(&self, name: &str, role: Role, organization_ids: &[&str]) -> TestPartner {
        let out = self
            .partners_cli(PartnersCommand::Create {
                name: name.to_string(),
                role,
                organization_ids: organization_ids.iter().map(|s| s.to_string()).collect(),
            })
            .expect("partner created");
        TestPartner {
            id: out["partner_id"].as_str().unwrap().to_string(),
            key: out["api_key"].as_str().unwrap().to_string(),
        }
    }

    /// A request with the partner's key.
    pub fn as_partner(
        &self,
        method: reqwest::Method,
        path: &str,
        partner: &TestPartner,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&partner.key)
    }

    /// POSTs `body` as the partner under a fresh Idempotency-Key.
    pub async fn post_keyed(
        &self,
        path: &str,
        partner: &TestPartner,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.as_partner(reqwest::Method::POST, path, partner)
            .header("Idempotency-Key", fresh_key())
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }
}

/// An Idempotency-Key used once in this test run.
pub fn fresh_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "key-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A loaded service, as a referral names it.
#[derive(Debug, Clone)]
pub struct ListedService {
    pub id: String,
    pub name: String,
    pub organization_id: String,
    pub service_at_location_ids: Vec<String>,
    pub categories: Vec<String>,
}

impl TestApp {
    /// The services in the store, with their organization and categories.
    pub fn listed_services(&self) -> Vec<ListedService> {
        use diesel::prelude::*;
        use waypoint_indexer::store::schema::{service_at_locations, service_categories, services};
        let store = Store::open(&self.db.url).expect("store opens");
        let mut conn = store.connect().expect("connects");
        waypoint_indexer::with_conn!(&mut conn, |c| {
            let rows: Vec<(String, String, String)> = services::table
                .select((services::id, services::name, services::organization_id))
                .order(services::name)
                .load(c)
                .unwrap();
            rows.into_iter()
                .map(|(id, name, organization_id)| ListedService {
                    service_at_location_ids: service_at_locations::table
                        .inner_join(
                            services::table.on(services::key.eq(service_at_locations::service_key)),
                        )
                        .filter(services::id.eq(&id))
                        .select(service_at_locations::id)
                        .load(c)
                        .unwrap(),
                    categories: service_categories::table
                        .inner_join(
                            services::table.on(services::key.eq(service_categories::service_key)),
                        )
                        .filter(services::id.eq(&id))
                        .select(service_categories::category)
                        .load(c)
                        .unwrap(),
                    id,
                    name,
                    organization_id,
                })
                .collect()
        })
    }

    /// The ids of the loaded organizations, sorted.
    pub fn organization_ids(&self) -> Vec<String> {
        use diesel::prelude::*;
        use waypoint_indexer::store::schema::organizations;
        let store = Store::open(&self.db.url).expect("store opens");
        let mut conn = store.connect().expect("connects");
        waypoint_indexer::with_conn!(&mut conn, |c| organizations::table
            .select(organizations::id)
            .order(organizations::id)
            .load(c)
            .unwrap())
    }

    /// A loaded organization other than `not`, for a provider unrelated to a program.
    pub fn organization_other_than(&self, not: &str) -> String {
        self.organization_ids()
            .into_iter()
            .find(|o| o != not)
            .expect("a second organization is loaded")
    }

    /// The loaded service whose name contains `name`.
    pub fn service_named(&self, name: &str) -> ListedService {
        self.listed_services()
            .into_iter()
            .find(|s| s.name.contains(name))
            .unwrap_or_else(|| panic!("no service named {name}"))
    }
}

/// The project's demonstration data.
/// How many built-in national lines every store holds besides what a test loads.
pub fn national_lines() -> u64 {
    waypoint_indexer::model::national::lines().len() as u64
}

pub fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data")
}

/// Starts a server on a fresh database; `seed` loads `seed-data/` into it first, as a
/// first run does.
pub async fn spawn_app(backend: TestBackend, seed: bool) -> TestApp {
    spawn_with(backend, |settings| {
        if seed {
            settings.no_seed = false;
            settings.seed_dir = Some(seed_dir());
        }
    })
    .await
}

/// Starts a server on a fresh database, with the test settings as `configure` changes them.
pub async fn spawn_with(
    backend: TestBackend,
    configure: impl FnOnce(&mut ServeSettings),
) -> TestApp {
    let db = TestDatabase::new(backend);
    let mut settings = ServeSettings::for_tests(&db.url, db.index_dir());
    configure(&mut settings);
    spawn_on(db, settings).await
}

/// Starts a server with the given settings on an existing database.
pub async fn spawn_on(db: TestDatabase, settings: ServeSettings) -> TestApp {
    let app = Application::build(&settings).expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    STARTED.with(|started| started.borrow_mut().push(app.stop_handle()));
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address,
        db,
        settings,
        client: reqwest::Client::new(),
    }
}

/// Sends one request exactly as written, path and all (reqwest would normalise the
/// path), with `key` as a bearer token when given; answers the status and the body.
pub async fn raw_request(
    app: &TestApp,
    method: &str,
    path: &str,
    key: Option<&str>,
) -> (u16, String) {
    let headers = match key {
        Some(key) => format!("Authorization: Bearer {key}\r\nContent-Length: 0\r\n"),
        None => "Content-Length: 0\r\n".to_string(),
    };
    let (status, answer) = app.raw_with_body(method, path, &headers, "").await;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

impl TestApp {
    /// Sends one request as written: the request line, `headers` (each ending in CRLF)
    /// and `body` as given; answers the status and the whole answer, head and body.
    pub async fn raw_with_body(
        &self,
        method: &str,
        path: &str,
        headers: &str,
        body: &str,
    ) -> (u16, String) {
        let address = self.address.trim_start_matches("http://").to_string();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{headers}\r\n{body}"
        );
        self.send_raw(request.into_bytes()).await
    }

    /// Sends `request` byte for byte on a new connection (a client would percent-encode
    /// or refuse some of them), then reads until the server closes; answers the status and
    /// the whole answer, head and body.
    pub async fn send_raw(&self, request: Vec<u8>) -> (u16, String) {
        use std::io::{Read, Write};
        let address = self.address.trim_start_matches("http://").to_string();
        actix_web::rt::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(&address).expect("the server accepts");
            stream.write_all(&request).expect("request sent");
            let mut answer = Vec::new();
            // The server may answer (413) and close before reading the whole body.
            let _ = stream.read_to_end(&mut answer);
            let answer = String::from_utf8_lossy(&answer).into_owned();
            let status = answer
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("no status line in {answer:?}"));
            (status, answer)
        })
        .await
        .expect("the request thread ends")
    }
}

thread_local! {
    /// The servers the running test started (a test runs on one thread), stopped when its
    /// body ends so no server, worker or deliverer outlives the test that needed it.
    static STARTED: std::cell::RefCell<Vec<waypoint_api::startup::StopHandle>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs an async test body on the actix runtime the server needs, then stops every server
/// the body started.
pub fn run<F: Future<Output = ()>>(body: F) {
    actix_web::rt::System::new().block_on(async {
        body.await;
        for server in STARTED.with(|started| std::mem::take(&mut *started.borrow_mut())) {
            server.stop().await;
        }
    });
}

/// One sync test per backend around an async body:
/// `api_tests!(async fn name(backend) { ... })`.
#[macro_export]
macro_rules! api_tests {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                async fn body($backend: $crate::TestBackend) $body
                #[test]
                fn sqlite() {
                    $crate::run(body($crate::TestBackend::Sqlite));
                }
                #[test]
                fn postgres() {
                    if $crate::postgres_or_skip(concat!(module_path!(), "::postgres")) {
                        $crate::run(body($crate::TestBackend::Postgres));
                    }
                }
            }
        )*
    };
}

impl TestApp {
    /// Runs SQL on the app's store, for states the API cannot make (rows written by an
    /// earlier version, clocks in the past).
    pub fn sql(&self, statements: &str) {
        use diesel::connection::SimpleConnection;
        let store = Store::open(&self.db.url).expect("store opens");
        let mut conn = store.connect().expect("store connects");
        waypoint_indexer::with_conn!(&mut conn, |c| c.batch_execute(statements))
            .unwrap_or_else(|e| panic!("{statements}: {e}"));
    }

    /// How many rows `table` of the app's store holds (to show a refused request wrote
    /// nothing).
    pub fn count_rows(&self, table: &str) -> i64 {
        use diesel::prelude::*;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let store = Store::open(&self.db.url).expect("store opens");
        let mut conn = store.connect().expect("store connects");
        let query = format!("SELECT COUNT(*) AS n FROM {table}");
        waypoint_indexer::with_conn!(&mut conn, |c| diesel::sql_query(&query)
            .get_result::<Count>(c))
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .n
    }

    /// Every event in the outbox, oldest first, as JSON objects of its columns.
    pub fn outbox(&self) -> Vec<serde_json::Value> {
        use diesel::prelude::*;
        use waypoint_indexer::store::schema::outbox_events as o;
        let store = Store::open(&self.db.url).expect("store opens");
        let mut conn = store.connect().expect("store connects");
        let rows: Vec<(String, String, String, Option<String>, String)> =
            waypoint_indexer::with_conn!(&mut conn, |c| o::table
                .select((
                    o::id,
                    o::partner_id,
                    o::event_type,
                    o::subject_id,
                    o::payload
                ))
                .order(o::seq)
                .load(c))
            .expect("outbox reads");
        rows.into_iter()
            .map(|(id, partner_id, event_type, subject_id, payload)| {
                serde_json::json!({
                    "id": id,
                    "partner_id": partner_id,
                    "event_type": event_type,
                    "subject_id": subject_id,
                    "payload": payload,
                })
            })
            .collect()
    }
}

/// Every fixture feed, one of each format (HSDS JSON in its three shapes, HSDS CSV, Meeting
/// Guide, SAMHSA).
pub const ALL_FIXTURE_FEEDS: [&str; 6] = [
    "hsds-json/services.json",
    "hsds-json/service.json",
    "hsds-json/page.json",
    "hsds-csv",
    "meeting-guide/meetings.json",
    "samhsa/locator.json",
];

/// The names of a search page's results, in their order.
/// A path of the OpenAPI document with every `{parameter}` replaced by one id (`x1`), for
/// calling each operation: a handler answers 401, 403 or 404 for it.
pub fn path_with_any_id(template: &str) -> String {
    template
        .split('/')
        .map(|s| if s.starts_with('{') { "x1" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn result_names(page: &serde_json::Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .expect("a page has contents")
        .iter()
        .map(|i| i["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Checks that a problem body comes from the table of problem types: its `type`, `title`
/// and `status` are one row's (`waypoint_api::problems`).
pub fn assert_listed_problem(body: &serde_json::Value) {
    let kind = body["type"].as_str().unwrap_or_default();
    let row = waypoint_api::problems::TABLE
        .iter()
        .find(|r| kind == format!("{}{}", waypoint_api::problems::TYPE_BASE, r.slug))
        .unwrap_or_else(|| panic!("a problem type not in the table: {body}"));
    assert_eq!(body["title"], row.title, "{body}");
    assert_eq!(body["status"], row.status, "{body}");
}

/// The result of a search page with this name.
pub fn result_named<'a>(page: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    page["contents"]
        .as_array()
        .expect("a page has contents")
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not among the results: {page}"))
}

/// The JSON files of these folders of `../shared/datasets`, sorted; `None` when the
/// folder is not beside the checkout.
pub fn shared_feeds(folders: &[&str]) -> Option<Vec<PathBuf>> {
    let dir = waypoint_indexer::testing::shared_datasets()?;
    let mut paths = Vec::new();
    for folder in folders {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(folder))
            .ok()?
            .map(|e| e.expect("a readable folder").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        paths.extend(files);
    }
    Some(paths)
}

impl TestApp {
    /// `GET /v1/search?{query}`, which must answer 200, as JSON.
    pub async fn search(&self, query: &str) -> serde_json::Value {
        let response = self.get(&format!("/v1/search?{query}")).await;
        assert_eq!(response.status(), 200, "{query}");
        response.json().await.expect("a JSON page")
    }

    /// Loads feeds at these paths, each as its own source, as the indexer command does.
    pub fn load_paths(&self, paths: &[PathBuf]) {
        let store = Store::open(&self.db.url).expect("store opens");
        loader::load(
            &store,
            &self.settings.index_dir,
            &LoadRequest {
                paths: paths.to_vec(),
                ..Default::default()
            },
        )
        .expect("the feeds load");
    }
}

/// The names of a search page's results, sorted, to compare as sets.
pub fn sorted_names(page: &serde_json::Value) -> Vec<String> {
    let mut names = result_names(page);
    names.sort();
    names
}

/// `who`'s request, answered as its status and JSON body (`null` when it has none).
pub async fn call(
    app: &TestApp,
    who: &TestPartner,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut req = app.as_partner(method, path, who);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("the server answers");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// The `i`-th service of the HSDS JSON fixture: its id and its organization's id.
pub fn fixture_service(i: usize) -> (String, String) {
    let text = std::fs::read_to_string(fixtures().join("hsds-json/services.json"))
        .expect("the fixture reads");
    let services: serde_json::Value = serde_json::from_str(&text).expect("the fixture parses");
    let s = &services[i];
    (
        s["id"].as_str().unwrap().to_string(),
        s["organization"]["id"].as_str().unwrap().to_string(),
    )
}
