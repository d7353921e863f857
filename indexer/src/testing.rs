//! Throwaway databases for tests: a SQLite file in a temporary folder, or a freshly
//! created PostgreSQL database that is dropped afterwards. Each test gets its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

use crate::redact::redact;

/// Set (to anything but `0`) where PostgreSQL must be tested, as in CI: a missing server
/// then fails the PostgreSQL tests instead of skipping them.
pub const REQUIRE_POSTGRES: &str = "WAYPOINT_REQUIRE_POSTGRES";

/// The PostgreSQL server tests create their databases on: the one at
/// `WAYPOINT_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`) when it
/// answers, else a throwaway cluster of this test process's own (stopped when the process
/// ends); or why there is none.
pub fn postgres_server() -> Result<&'static str, &'static str> {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let configured = std::env::var("WAYPOINT_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let probe = format!("{configured}/postgres?connect_timeout=3");
            let refused = match PgConnection::establish(&probe) {
                Ok(_) => return Ok(configured),
                // libpq's message runs over several lines.
                Err(e) => e
                    .to_string()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            match PgCluster::start() {
                Ok(cluster) => {
                    let url = cluster.url("postgres");
                    cluster.stop_when_process_ends(std::process::id());
                    Ok(url)
                }
                Err(why) => Err(format!(
                    "no PostgreSQL server answers at {} ({}) and none could be started: {why}",
                    redact(&configured),
                    refused
                )),
            }
        })
        .as_ref()
        .map(String::as_str)
        .map_err(String::as_str)
}

/// The server's URL; panics (failing the test) when there is none.
pub fn postgres_server_url() -> String {
    match postgres_server() {
        Ok(url) => url.to_string(),
        Err(why) => panic!("PostgreSQL is needed for this test: {why}"),
    }
}

/// Whether the PostgreSQL half of `test` can run. When it cannot, says so by name on the
/// raw stderr (the harness's capture would hide a `println!`) and the test returns early;
/// under `WAYPOINT_REQUIRE_POSTGRES` it fails instead.
pub fn postgres_or_skip(test: &str) -> bool {
    let Err(why) = postgres_server() else {
        return true;
    };
    skip_or_fail(test, why);
    false
}

fn skip_or_fail(test: &str, why: &str) {
    if std::env::var(REQUIRE_POSTGRES).is_ok_and(|v| !v.is_empty() && v != "0") {
        panic!("{test}: PostgreSQL is required ({REQUIRE_POSTGRES}) but {why}");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database (and an index folder beside it), removed on drop.
pub struct TestDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub fn new(backend: TestBackend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            TestBackend::Sqlite => TestDatabase {
                url: format!("sqlite://{}", dir.path().join("waypoint.db").display()),
                dir,
                postgres_name: None,
            },
            TestBackend::Postgres => {
                let name = format!("waypoint_test_{}", uuid::Uuid::new_v4().simple());
                let server = postgres_server_url();
                let mut admin = PgConnection::establish(&format!("{server}/postgres"))
                    .unwrap_or_else(|e| {
                        panic!("PostgreSQL at {server} is needed for this test: {e}")
                    });
                let template = migrated_template(&server);
                let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
                if admin.batch_execute(&create).is_err() {
                    // Another checkout's run, on other migrations, may have dropped this
                    // one's template as stale while it was idle: made again, once.
                    ensure_template(&server, template);
                    admin.batch_execute(&create).expect("create test database");
                }
                TestDatabase {
                    url: format!("{server}/{name}"),
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name
            && let Ok(mut admin) =
                PgConnection::establish(&format!("{}/postgres", postgres_server_url()))
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A database on `server` holding every PostgreSQL migration and nothing else, made once
/// and named after the migrations' content, so each test's database is a file copy of it
/// (`CREATE DATABASE … TEMPLATE`) instead of a run of every migration: the suite gets
/// faster, not slower, as migrations accumulate. Kept between runs; a change to any
/// migration names a new one (and the stale ones are dropped when no one uses them).
fn migrated_template(server: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("waypoint_template_{}", postgres_migrations_digest());
        ensure_template(server, &name);
        name
    })
}

/// Makes the template `name` unless it exists, and drops other checkouts' stale ones.
fn ensure_template(server: &str, name: &str) {
    let mut admin = PgConnection::establish(&format!("{server}/postgres"))
        .expect("PostgreSQL answers for the template");
    // Test processes of one run (and other checkouts) may start at once: one makes it,
    // the others wait for it under the same advisory lock.
    admin
        .batch_execute("SELECT pg_advisory_lock(7316001)")
        .expect("template lock");
    let exists = diesel::sql_query(format!(
        "SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"
    ))
    .execute(&mut admin)
    .expect("look for the template")
        > 0;
    if !exists {
        let building = format!("{name}_building");
        // One statement a call: neither may run inside a transaction block.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .expect("clear a template left half made");
        admin
            .batch_execute(&format!("CREATE DATABASE {building}"))
            .expect("create the template");
        crate::store::Store::open(&format!("{server}/{building}"))
            .expect("migrations run on the template");
        // Renamed only once complete, so a half-made template is never cloned.
        admin
            .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .expect("name the template");
        let stale: Vec<String> = diesel::sql_query(format!(
            "SELECT datname AS name FROM pg_database \
             WHERE datname LIKE 'waypoint\\_template\\_%' AND datname <> '{name}'"
        ))
        .load::<DatabaseName>(&mut admin)
        .map(|rows| rows.into_iter().map(|r| r.name).collect())
        .unwrap_or_default();
        for old in stale {
            // In use by another checkout's run: left for it.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {old}"));
        }
    }
    let _ = admin.batch_execute("SELECT pg_advisory_unlock(7316001)");
}

#[derive(diesel::QueryableByName)]
struct DatabaseName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// A short digest of every PostgreSQL migration's path and text.
fn postgres_migrations_digest() -> String {
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("migrations folder")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .collect();
    files.sort();
    let mut hash = Sha256::new();
    for file in files {
        hash.update(
            file.strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .as_bytes(),
        );
        hash.update(std::fs::read(&file).unwrap_or_default());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Declares one test per backend: `backend_tests!(fn name(db) { ... })` makes
/// `name::sqlite` and `name::postgres`, each with its own fresh database.
#[macro_export]
macro_rules! backend_tests {
    ($(fn $name:ident($db:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                fn run($db: &$crate::testing::TestDatabase) $body
                #[test]
                fn sqlite() {
                    run(&$crate::testing::TestDatabase::new($crate::testing::TestBackend::Sqlite));
                }
                #[test]
                fn postgres() {
                    if $crate::testing::postgres_or_skip(concat!(module_path!(), "::postgres")) {
                        run(&$crate::testing::TestDatabase::new($crate::testing::TestBackend::Postgres));
                    }
                }
            }
        )*
    };
}

/// `../shared/datasets` beside the checkout, when it is there.
pub fn shared_datasets() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets");
    dir.is_dir().then(|| dir.canonicalize().unwrap_or(dir))
}

/// The project's own fixtures, in every format.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// A cluster of `test`'s own, or `None` (said by name on stderr) where PostgreSQL's
/// programs are not installed; under `WAYPOINT_REQUIRE_POSTGRES` that fails the test.
pub fn own_cluster_or_skip(test: &str) -> Option<PgCluster> {
    match PgCluster::start() {
        Ok(cluster) => Some(cluster),
        Err(why) => {
            skip_or_fail(test, &why);
            None
        }
    }
}

/// A PostgreSQL cluster of a test's own: `initdb` in a temporary folder (as the
/// `postgres` user when the tests run as root, since PostgreSQL refuses root), listening
/// on a free loopback port, stopped and removed on drop. For tests that stop or break a
/// database, and for runs where no server answers.
pub struct PgCluster {
    pub port: u16,
    bin: PathBuf,
    data: PathBuf,
    dir: tempfile::TempDir,
    running: bool,
}

impl PgCluster {
    /// Starts a cluster, or says why it cannot (PostgreSQL's programs are not installed,
    /// or `initdb` failed).
    pub fn start() -> Result<PgCluster, String> {
        let bin = postgres_bin_dir()?;
        let dir = tempfile::Builder::new()
            .prefix("waypoint-pg-")
            .tempdir()
            .map_err(|e| format!("temporary folder: {e}"))?;
        let data = dir.path().join("data");
        if running_as_root() {
            run_checked(Command::new("chown").arg("postgres:").arg(dir.path()))?;
        }
        run_checked(
            as_postgres(&bin.join("initdb"))
                .args([
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                    "-D",
                ])
                .arg(&data),
        )?;
        let port = free_port()?;
        let mut cluster = PgCluster {
            port,
            bin,
            data,
            dir,
            running: false,
        };
        cluster.start_again()?;
        Ok(cluster)
    }

    /// Starts the server (again, after [`PgCluster::stop`]) on the same port and data, as
    /// a database coming back after an outage.
    pub fn start_again(&mut self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        run_checked(
            as_postgres(&self.bin.join("pg_ctl"))
                .arg("-D")
                .arg(&self.data)
                .arg("-l")
                .arg(self.dir.path().join("server.log"))
                .args(["-o", &options, "-w", "-t", "60", "start"]),
        )?;
        self.running = true;
        Ok(())
    }

    /// The server's URL (no database), with `user_info` (`postgres`, or `postgres:PASSWORD`;
    /// trust authentication ignores the password).
    pub fn url(&self, user_info: &str) -> String {
        format!("postgres://{user_info}@127.0.0.1:{}", self.port)
    }

    /// Stops the server at once, as a crash or an outage would.
    pub fn stop(&mut self) {
        if self.running {
            let _ = as_postgres(&self.bin.join("pg_ctl"))
                .arg("-D")
                .arg(&self.data)
                .args(["-m", "immediate", "-w", "stop"])
                .output();
            self.running = false;
        }
    }

    /// Stops the cluster when process `pid` ends, for a cluster kept for a whole test run
    /// (statics are never dropped): a small shell loop outlives the tests and cleans up.
    fn stop_when_process_ends(self, pid: u32) {
        let pg_ctl = self.bin.join("pg_ctl");
        let stop = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {} {} -D '{}' -m immediate stop >/dev/null 2>&1; rm -rf '{}'",
            if running_as_root() {
                "runuser -u postgres --"
            } else {
                ""
            },
            pg_ctl.display(),
            self.data.display(),
            self.dir.path().display(),
        );
        let spawned = Command::new("sh")
            .args(["-c", &stop])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if spawned.is_ok() {
            // The loop owns the cluster and its folder now.
            std::mem::forget(self);
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Where `initdb` and `pg_ctl` are: `WAYPOINT_TEST_PG_BIN`, else the newest of Debian's
/// `/usr/lib/postgresql/*/bin`, else the `PATH`.
pub fn postgres_bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("WAYPOINT_TEST_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    debian.sort_by_key(|b| {
        b.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(newest) = debian.pop() {
        return Ok(newest);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
        .ok_or_else(|| "PostgreSQL's programs (initdb, pg_ctl) are not installed".to_string())
}

fn running_as_root() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
    })
}

/// A command run as the `postgres` user when the tests run as root.
fn as_postgres(program: &Path) -> Command {
    if running_as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// Runs `command`; an error says what failed and what it wrote on stderr.
pub fn run_checked(command: &mut Command) -> Result<(), String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Generated listings (`services` of them, from `seed`) written into `out`: a realistic
/// feed of any size. Answers its files, in name order.
pub fn generated_feed(out: &Path, services: u64, seed: u64) -> Vec<PathBuf> {
    crate::generate::generate(&crate::generate::GenerateRequest {
        services,
        seed,
        out: out.to_path_buf(),
        per_file: crate::generate::DEFAULT_PER_FILE,
    })
    .expect("the listings are generated");
    json_files(out)
}

/// Generated listings (`services` of them, from `seed`) loaded into `store` and the index
/// at `index_dir` as the one source `name`.
pub fn load_generated(
    store: &crate::store::Store,
    index_dir: &Path,
    services: u64,
    seed: u64,
    name: &str,
) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    crate::loader::load(
        store,
        index_dir,
        &crate::loader::LoadRequest {
            paths: generated_feed(&dir.path().join("feed"), services, seed),
            source: Some(name.into()),
            ..Default::default()
        },
    )
    .expect("the generated listings load");
}

/// A search as `/v1/search` reads these query parameters.
pub fn search_request(pairs: &[(&str, &str)]) -> crate::search::SearchRequest {
    let params: crate::search::SearchParams =
        crate::params::from_pairs(pairs).expect("the parameters parse");
    crate::search::SearchRequest::from_params(
        params,
        crate::search::gazetteer::Gazetteer::shipped(),
    )
    .expect("the parameters make a search")
}

/// The JSON files in `dir`, in name order.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}
