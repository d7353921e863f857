//! The real public feeds in `../shared/datasets` through `/hsds`: real data has the edge
//! cases (missing coordinates, empty fields, odd phone numbers) that fixtures miss.

use waypoint_tests::{TestBackend, run, shared_feeds, spawn_app};

use waypoint_tests::hsds_schemas::{assert_valid, assert_valid_page};
use waypoint_tests::json_at as json;

pub fn real_feeds_are_served_as_valid_hsds() {
    let paths = shared_feeds(&["hsds", "meeting-guide", "samhsa-locator"])
        .expect("../shared/datasets is beside the checkout");
    run(async move {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        app.load_paths(&paths);
        // Every service, compiled, a page of 100 at a time. A page is read in a handful of
        // queries whatever the store holds, so it stays quick with ~10,000 services.
        let started = std::time::Instant::now();
        let services = json(&app, "/hsds/services?full=true&per_page=100").await;
        let took = started.elapsed();
        println!(
            "/hsds/services?full=true&per_page=100 over {} services: {took:?}",
            services["total_items"]
        );
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
        let pages = services["total_pages"].as_u64().unwrap();
        assert!(
            services["total_items"].as_u64().unwrap() > 100,
            "{}",
            services["total_items"]
        );
        for n in 1..=pages {
            let page = json(
                &app,
                &format!("/hsds/services?full=true&per_page=100&page={n}"),
            )
            .await;
            assert_valid_page("compiled/service.json", &page);
        }
        let first = json(&app, "/hsds/service_at_locations?per_page=100").await;
        for n in 1..=first["total_pages"].as_u64().unwrap() {
            let page = json(
                &app,
                &format!("/hsds/service_at_locations?full=true&per_page=100&page={n}"),
            )
            .await;
            assert_valid_page("compiled/service_at_location.json", &page);
        }
        let first = json(&app, "/hsds/organizations?per_page=100").await;
        for n in 1..=first["total_pages"].as_u64().unwrap() {
            let page = json(
                &app,
                &format!("/hsds/organizations?full=true&per_page=100&page={n}"),
            )
            .await;
            assert_valid_page("compiled/organization.json", &page);
        }
        let terms = json(&app, "/hsds/taxonomy_terms?per_page=100").await;
        for n in 1..=terms["total_pages"].as_u64().unwrap() {
            let page = json(&app, &format!("/hsds/taxonomy_terms?per_page=100&page={n}")).await;
            assert_valid_page("taxonomy_term.json", &page);
        }
        let taxonomies = json(&app, "/hsds/taxonomies?per_page=100").await;
        assert_valid_page("taxonomy.json", &taxonomies);
        let one = json(
            &app,
            &format!(
                "/hsds/services/{}",
                services["contents"][0]["id"].as_str().unwrap()
            ),
        )
        .await;
        assert_valid("compiled/service.json", &one);
    });
}
