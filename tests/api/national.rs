//! The national benchmark's smoke run, so that it keeps working: 10,000 generated listings
//! on each backend, a sample of its queries in process and over HTTP, and on PostgreSQL
//! the plain table it compares against.

use serde_json::Value;
use waypoint_indexer::generate::{self, GenerateRequest};
use waypoint_indexer::index::SearchIndex;
use waypoint_tests::national::postgres_table::PostgresTable;
use waypoint_tests::national::{self, http, queries};
use waypoint_tests::{TestBackend, TestDatabase, api_tests, spawn_app};

const SERVICES: u64 = 10_000;

api_tests! {
    async fn the_national_benchmark_runs_on_ten_thousand_generated_listings(backend) {
        let app = spawn_app(backend, false).await;
        let feed = tempfile::tempdir().unwrap();
        let report = generate::generate(&GenerateRequest {
            services: SERVICES,
            seed: 17,
            out: feed.path().to_path_buf(),
            per_file: generate::DEFAULT_PER_FILE,
        })
        .unwrap();
        assert_eq!(report.services, SERVICES);
        let files: Vec<_> = report.files.iter().map(|f| f.path.clone()).collect();
        app.load_paths(&files);
        let ready = app
            .ready_with_listings(SERVICES + waypoint_tests::national_lines())
            .await;
        assert_eq!(ready["index_documents"], SERVICES + waypoint_tests::national_lines());

        let sample = queries::queries(40, 17);
        let measured = national::in_process(&app.settings.index_dir, &sample, 1);
        assert_eq!(measured.latency.count, sample.len());
        let totals = measured.totals;
        let found = totals.iter().filter(|t| **t > 0).count();
        assert!(found * 2 >= sample.len(), "most queries find something: {totals:?}");

        // Over HTTP every query answers 200, with the totals found in process.
        let over_http = http::sequential(&app.address, &sample, 1).await;
        assert_eq!(over_http.count, sample.len());
        for (q, total) in sample.iter().zip(&totals).take(10) {
            let page: Value = app.get(&format!("/v1/search?{}", q.query_string())).await.json().await.unwrap();
            assert_eq!(page["total_items"], *total, "{}", q.query_string());
        }

        if backend == TestBackend::Postgres {
            let pg = TestDatabase::new(TestBackend::Postgres);
            let index = SearchIndex::open(&app.settings.index_dir).unwrap();
            let mut table = PostgresTable::fill(&pg.url, &index);
            assert!(table.rows >= SERVICES * 9 / 10, "placed listings: {}", table.rows);
            let (latency, pg_totals) = national::postgres(&mut table, &sample, 1);
            assert_eq!(latency.count, sample.len());
            assert!(pg_totals.iter().any(|t| *t > 0), "the table answers: {pg_totals:?}");
        }
    }
}
