//! A national directory's figures, one run (issue 17): for each size, generated listings
//! (`waypoint-indexer generate`) loaded into a fresh store, then the same queries searched
//! in process, over HTTP (one at a time, and from concurrent clients beside `/health`)
//! and in a plain PostgreSQL table searched the usual way.
//!
//!     cargo bench -p waypoint-tests --bench national -- [--sizes 10000,100000,1000000]
//!         [--queries 320] [--rounds 3] [--seconds 10] [--clients 16] [--dir DIR]
//!         [--backend sqlite|postgres] [--no-postgres-table]
//!
//! Loads and the server run in child processes (this program started again), so that each
//! one's peak memory is its own. BENCHMARKS.md has the figures and what limits each.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use waypoint_indexer::generate::{self, GenerateRequest};
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::store::Store;
use waypoint_indexer::testing::{TestBackend, TestDatabase, json_files};
use waypoint_tests::national::measure::{Latency, mib, proc_memory, size_on_disk};
use waypoint_tests::national::postgres_table::PostgresTable;
use waypoint_tests::national::queries::{self, BenchQuery};
use waypoint_tests::national::{self, http};

const SEED: u64 = 17;

struct Options {
    sizes: Vec<u64>,
    queries: usize,
    rounds: usize,
    seconds: u64,
    clients: usize,
    dir: PathBuf,
    backend: TestBackend,
    postgres_table: bool,
}

fn options() -> Options {
    options_after(1)
}

/// The options among the program's arguments from `first` on.
fn options_after(first: usize) -> Options {
    let mut o = Options {
        sizes: vec![10_000, 100_000, 1_000_000],
        queries: 320,
        rounds: 3,
        seconds: 10,
        clients: 16,
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/national"),
        backend: TestBackend::Sqlite,
        postgres_table: true,
    };
    let args: Vec<String> = std::env::args().skip(first).collect();
    let mut i = 0;
    while i < args.len() {
        let value = || args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--sizes" => {
                o.sizes = value()
                    .split(',')
                    .map(|s| s.parse().expect("a size"))
                    .collect()
            }
            "--queries" => o.queries = value().parse().expect("a count"),
            "--rounds" => o.rounds = value().parse().expect("a count"),
            "--seconds" => o.seconds = value().parse().expect("a count"),
            "--clients" => o.clients = value().parse().expect("a count"),
            "--dir" => o.dir = PathBuf::from(value()),
            "--backend" if value() == "postgres" => o.backend = TestBackend::Postgres,
            "--backend" => o.backend = TestBackend::Sqlite,
            "--no-postgres-table" => {
                o.postgres_table = false;
                i += 1;
                continue;
            }
            // `cargo bench` passes `--bench`.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("__load") => return load_child(&args[2], Path::new(&args[3]), Path::new(&args[4])),
        Some("__serve") => return serve_child(&args[2], Path::new(&args[3])),
        // For a profiler: the server on a store and index already loaded, then the
        // queries over HTTP (`--queries`, `--rounds`, `--seconds`, `--clients` apply).
        Some("__http") => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let o = options_after(4);
            let queries = queries::queries(o.queries, SEED);
            http_run(&o, &args[2], Path::new(&args[3]), &queries);
            return;
        }
        // For a profiler: the queries in process only, on an index already loaded; with a
        // third argument, only the queries whose query string holds it.
        Some("__search") => {
            let mut queries = queries::queries(320, SEED);
            if let Some(only) = args.get(4) {
                queries.retain(|q| q.query_string().contains(only.as_str()));
            }
            let rounds = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(10);
            let measured = national::in_process(Path::new(&args[2]), &queries, rounds);
            println!("in process: {}", measured.latency);
            print_slowest(&measured, &queries, 10);
            return;
        }
        // Merges a loaded index's segments into one, timed.
        Some("__merge") => {
            let index = SearchIndex::open(Path::new(&args[2])).expect("the index opens");
            let started = Instant::now();
            let segments = index.merge_segments().expect("the merge");
            println!(
                "merged {segments} segments in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        _ => {}
    }
    // The HTTP clients need a TLS provider chosen, though they only speak plain HTTP here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let o = options();
    std::fs::create_dir_all(&o.dir).expect("the work folder");
    println!(
        "# Waypoint at national scale: seed {SEED}, {} queries, {} rounds",
        o.queries, o.rounds
    );
    let queries = queries::queries(o.queries, SEED);
    for &size in &o.sizes {
        run_size(&o, size, &queries);
    }
}

/// The listings of `size`, generated once into the work folder and kept for later runs.
fn feed(o: &Options, size: u64) -> (PathBuf, Option<Duration>) {
    let dir = o.dir.join(format!("feed-{size}-{SEED}"));
    if dir.join("complete").is_file() {
        return (dir, None);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    generate::generate(&GenerateRequest {
        services: size,
        seed: SEED,
        out: dir.clone(),
        per_file: generate::DEFAULT_PER_FILE,
    })
    .expect("the listings are generated");
    let took = started.elapsed();
    std::fs::write(dir.join("complete"), "").expect("the marker is written");
    (dir, Some(took))
}

/// The `count` queries whose slowest round took longest, with their totals.
fn print_slowest(measured: &national::InProcess, queries: &[BenchQuery], count: usize) {
    let mut by_time: Vec<usize> = (0..queries.len()).collect();
    by_time.sort_by_key(|&i| std::cmp::Reverse(measured.slowest[i]));
    for &i in by_time.iter().take(count) {
        println!(
            "  - slowest: {:.2} ms, {} results: {}",
            measured.slowest[i].as_secs_f64() * 1e3,
            measured.totals[i],
            queries[i].query_string()
        );
    }
}

/// Runs `__load` in a child process; answers its time and peak RSS.
#[allow(
    clippy::zombie_processes,
    reason = "waited for with wait4, which also tells the child's own peak memory"
)]
fn timed_load(url: &str, index: &Path, feed: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let child = Command::new(std::env::current_exe().expect("this program"))
        .args([
            "__load",
            url,
            &index.display().to_string(),
            &feed.display().to_string(),
        ])
        .spawn()
        .expect("the load starts");
    let (status, peak) = wait_with_peak(child.id());
    assert!(status == 0, "the load failed");
    (started.elapsed(), peak)
}

/// Waits for a child; answers its exit status and its own peak RSS in bytes.
fn wait_with_peak(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct wait4 fills; `pid` is our own child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid as i32, "wait4");
    (libc::WEXITSTATUS(status), usage.ru_maxrss as u64 * 1024)
}

fn load_child(url: &str, index: &Path, feed: &Path) {
    let store = Store::open(url).expect("the store opens");
    let paths = json_files(feed);
    loader::load(
        &store,
        index,
        &LoadRequest {
            paths,
            ..Default::default()
        },
    )
    .expect("the load succeeds");
}

fn serve_child(url: &str, index: &Path) {
    let mut settings = waypoint_api::config::ServeSettings::for_tests(url, index.to_path_buf());
    settings.pool_size = 16;
    actix_web::rt::System::new().block_on(async move {
        let app = waypoint_api::startup::Application::build(&settings).expect("the server starts");
        println!("{}", app.port());
        app.run_until_stopped().await.expect("the server runs");
    });
}

fn run_size(o: &Options, size: u64, queries: &[queries::BenchQuery]) {
    println!("\n## {size} services ({:?})", o.backend);
    let (feed, generated) = feed(o, size);
    if let Some(took) = generated {
        println!(
            "- generated in {:.1} s ({:.0} services/s)",
            took.as_secs_f64(),
            size as f64 / took.as_secs_f64()
        );
    }
    let db = TestDatabase::new(o.backend);
    let index_dir = db.index_dir();
    let (first, peak) = timed_load(&db.url, &index_dir, &feed);
    println!(
        "- load: {:.1} s, {:.0} records/s, peak RSS {:.0} MiB",
        first.as_secs_f64(),
        size as f64 / first.as_secs_f64(),
        mib(peak)
    );
    let (again, again_peak) = timed_load(&db.url, &index_dir, &feed);
    println!(
        "- reload of the unchanged feed: {:.1} s ({:.2} of the first), peak RSS {:.0} MiB",
        again.as_secs_f64(),
        again.as_secs_f64() / first.as_secs_f64(),
        mib(again_peak)
    );
    let store_bytes = match o.backend {
        TestBackend::Sqlite => {
            size_on_disk(&db.path().join("waypoint.db"))
                + size_on_disk(&db.path().join("waypoint.db-wal"))
        }
        TestBackend::Postgres => 0,
    };
    println!(
        "- on disk: store {:.0} MiB, index {:.0} MiB",
        mib(store_bytes),
        mib(size_on_disk(&index_dir))
    );

    let measured = national::in_process(&index_dir, queries, o.rounds);
    let in_process = measured.latency;
    let found = measured.totals.iter().filter(|t| **t > 0).count();
    println!(
        "- in process: {in_process}; {found} of {} queries find something",
        queries.len()
    );
    print_slowest(&measured, queries, 5);

    let sequential = http_run(o, &db.url, &index_dir, queries);

    if o.postgres_table {
        let pg = TestDatabase::new(TestBackend::Postgres);
        let index =
            waypoint_indexer::index::SearchIndex::open(&index_dir).expect("the index opens");
        let mut table = PostgresTable::fill(&pg.url, &index);
        let (latency, _) = national::postgres(&mut table, queries, o.rounds);
        println!(
            "- PostgreSQL table ({} rows, filled and indexed in {:.1} s): {latency}",
            table.rows,
            table.fill.as_secs_f64()
        );
        println!(
            "- PostgreSQL ÷ Waypoint, in process: p50 {:.1}×, p99 {:.1}×; over HTTP: p50 {:.1}×, p99 {:.1}×",
            ratio(latency.p50, in_process.p50),
            ratio(latency.p99, in_process.p99),
            ratio(latency.p50, sequential.p50),
            ratio(latency.p99, sequential.p99)
        );
    }
}

/// The server started on a loaded store and index, then the queries over HTTP one at a
/// time and from concurrent clients beside `/health`; its figures are printed, and the
/// sequential latency returned (for the PostgreSQL ratios).
fn http_run(o: &Options, url: &str, index_dir: &Path, queries: &[BenchQuery]) -> Latency {
    let mut server = Command::new(std::env::current_exe().expect("this program"))
        .args(["__serve", url, &index_dir.display().to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().expect("the server's output"))
        .read_line(&mut line)
        .expect("the server prints its port");
    let base = format!("http://127.0.0.1:{}", line.trim());
    let search_urls: Vec<String> = queries
        .iter()
        .map(|q| format!("{base}/v1/search?{}", q.query_string()))
        .collect();
    let health_url = vec![format!("{base}/health")];
    let (sequential, busy, health) = actix_web::rt::System::new().block_on(async {
        let sequential = http::sequential(&base, queries, o.rounds).await;
        let busy = http::throughput(&search_urls, o.clients, o.seconds).await;
        let health = http::throughput(&health_url, o.clients, o.seconds).await;
        (sequential, busy, health)
    });
    let server_rss = proc_memory(server.id(), "VmRSS").unwrap_or(0);
    let server_peak = proc_memory(server.id(), "VmHWM").unwrap_or(0);
    let _ = server.kill();
    let _ = server.wait();
    println!("- HTTP, one at a time: {sequential}");
    println!(
        "- HTTP, {} clients: search {:.0} req/s ({}; {} failures); /health {:.0} req/s",
        o.clients,
        busy.requests_per_second,
        busy.latency,
        busy.failures,
        health.requests_per_second
    );
    println!(
        "- server RSS after the run {:.0} MiB (peak {:.0} MiB)",
        mib(server_rss),
        mib(server_peak)
    );

    sequential
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::INFINITY }
}
