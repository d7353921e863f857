//! The HSDS 3.1 endpoints over real HTTP on both backends: every list and single record
//! valid against the HSDS schemas, filters, paging in the database, NDJSON, and problems
//! for unknown ids and bad parameters.

use serde_json::Value;
use waypoint_tests::{TestApp, api_tests, spawn_app};

use waypoint_tests::hsds_schemas::{assert_valid, assert_valid_page};
use waypoint_tests::json_at as json;

/// Every fixture format, as `/v1/search`'s tests load them.
const FEEDS: [&str; 6] = [
    "hsds-json/services.json",
    "hsds-json/service.json",
    "hsds-json/page.json",
    "hsds-csv",
    "meeting-guide/meetings.json",
    "samhsa/locator.json",
];
/// Services in all of `FEEDS` (3 + 1 + 2 + 3 + 7 + 3), and their services at locations.
/// The fixtures' services and the built-in national lines.
fn service_count() -> u64 {
    19 + waypoint_tests::national_lines()
}
/// Services at locations: one per service and place, plus the hybrid meeting's own
/// virtual location, and the national lines.
fn listing_count() -> u64 {
    21 + waypoint_tests::national_lines()
}

const PANTRY: &str = "e0953f6f-9d58-54ba-96f0-3c088f3c076b";
const OUTPATIENT: &str = "4c92ef84-f7b9-5d1e-96ca-e40ce4943117";

async fn problem(app: &TestApp, path: &str, status: u16) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), status, "{path}");
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "{path}"
    );
    let body = res.json().await.unwrap();
    waypoint_tests::assert_listed_problem(&body);
    body
}

fn ids(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Reads every page of a list and returns all items, checking each page on the way.
async fn all_pages(app: &TestApp, path: &str, schema: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut number = 1;
    loop {
        let page = json(app, &format!("{path}{sep}per_page=7&page={number}")).await;
        assert_valid_page(schema, &page);
        assert_eq!(page["page_number"], number);
        assert_eq!(page["first_page"], number == 1);
        items.extend(page["contents"].as_array().unwrap().iter().cloned());
        if page["last_page"].as_bool().unwrap() {
            assert_eq!(
                page["total_items"].as_u64().unwrap() as usize,
                items.len(),
                "{path}"
            );
            return items;
        }
        number += 1;
    }
}

api_tests! {
    async fn api_info_names_hsds_3_1(backend) {
        let app = spawn_app(backend, false).await;
        for path in ["/hsds/", "/hsds"] {
            let info = json(&app, path).await;
            assert_eq!(info["version"], "3.1");
            assert!(info["profile"].as_str().unwrap().starts_with("https://"));
            assert!(info["openapi_url"].as_str().unwrap().ends_with("/openapi.json"));
        }
    }

    async fn every_record_of_every_list_is_valid_hsds(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let services = all_pages(&app, "/hsds/services", "compiled/service_list.json").await;
        assert_eq!(services.len() as u64, service_count());
        for s in &services {
            assert!(s["organization"]["name"].is_string(), "{s}");
            assert!(s.get("phones").is_none(), "lists carry one-to-one fields only");
            let full = json(&app, &format!("/hsds/services/{}", s["id"].as_str().unwrap())).await;
            assert_valid("compiled/service.json", &full);
            assert_eq!(full["name"], s["name"]);
        }
        let full = all_pages(&app, "/hsds/services?full=true", "compiled/service.json").await;
        assert_eq!(full.len() as u64, service_count());

        let listings = all_pages(&app, "/hsds/service_at_locations", "compiled/service_at_location_list.json").await;
        assert_eq!(listings.len() as u64, listing_count());
        for l in &listings {
            assert!(l["service"]["name"].is_string() && l["location"]["id"].is_string(), "{l}");
            let one = json(&app, &format!("/hsds/service_at_locations/{}", l["id"].as_str().unwrap())).await;
            assert_valid("compiled/service_at_location.json", &one);
            assert_eq!(one["service"]["id"], l["service_id"]);
        }
        all_pages(&app, "/hsds/service_at_locations?full=true", "compiled/service_at_location.json").await;

        let orgs = all_pages(&app, "/hsds/organizations", "compiled/organization_list.json").await;
        assert!(orgs.len() >= 10, "{}", orgs.len());
        for o in &orgs {
            let one = json(&app, &format!("/hsds/organizations/{}", o["id"].as_str().unwrap())).await;
            assert_valid("compiled/organization.json", &one);
            assert!(!one["services"].as_array().unwrap().is_empty(), "{one}");
        }
        all_pages(&app, "/hsds/organizations?full_service=true", "compiled/organization.json").await;

        let taxonomies = all_pages(&app, "/hsds/taxonomies", "taxonomy.json").await;
        assert!(!taxonomies.is_empty());
        for t in &taxonomies {
            assert_valid("taxonomy.json", &json(&app, &format!("/hsds/taxonomies/{}", t["id"].as_str().unwrap())).await);
        }
        let terms = all_pages(&app, "/hsds/taxonomy_terms", "taxonomy_term.json").await;
        assert!(terms.len() >= 10, "{}", terms.len());
        for t in terms.iter().take(20) {
            assert_valid("taxonomy_term.json", &json(&app, &format!("/hsds/taxonomy_terms/{}", t["id"].as_str().unwrap())).await);
        }
    }

    async fn a_single_service_is_compiled_with_everything_it_has(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let s = json(&app, &format!("/hsds/services/{OUTPATIENT}")).await;
        assert_eq!(s["name"], "Eastside Example Recovery Outpatient (fictional)");
        assert_eq!(s["status"], "active");
        assert!(s["organization"]["name"].is_string());
        let sals = s["service_at_locations"].as_array().unwrap();
        assert_eq!(sals.len(), 2, "two sites");
        let mut zips: Vec<&str> = sals
            .iter()
            .map(|l| l["location"]["addresses"][0]["postal_code"].as_str().unwrap())
            .collect();
        zips.sort();
        assert_eq!(zips, vec!["21202", "21205"]);
        assert!(sals.iter().all(|l| l["location"]["addresses"][0]["state_province"] == "MD"), "\"Maryland\" is sent as MD");
        let capacity = &s["capacities"][0];
        assert!(capacity["available"].is_number() && capacity["unit"]["name"].is_string(), "{s}");
        let terms: Vec<&str> = s["attributes"].as_array().unwrap().iter().map(|a| a["taxonomy_term"]["name"].as_str().unwrap()).collect();
        assert!(terms.contains(&"Outpatient Treatment"), "{terms:?}");
        assert!(!s["phones"].as_array().unwrap().is_empty());
        // Absent values are left out, never null: HSDS types every field without null.
        fn no_nulls(v: &Value) -> bool {
            match v {
                Value::Null => false,
                Value::Array(a) => a.iter().all(no_nulls),
                Value::Object(o) => o.values().all(no_nulls),
                _ => true,
            }
        }
        assert!(no_nulls(&s), "{s}");

        let pantry = json(&app, &format!("/hsds/services/{PANTRY}")).await;
        assert_eq!(pantry["languages"].as_array().unwrap().len(), 2, "{pantry}");
        assert!(!pantry["schedules"].as_array().unwrap().is_empty());
        assert!(!pantry["cost_options"].as_array().unwrap().is_empty());
        assert!(!pantry["description"].as_str().unwrap().contains('<'), "HTML stripped");
        // The organization carries its services and its locations with their addresses.
        let org = json(&app, &format!("/hsds/organizations/{}", s["organization_id"].as_str().unwrap())).await;
        assert!(org["services"].as_array().unwrap().iter().any(|x| x["id"] == OUTPATIENT), "{org}");
        assert!(org["services"][0].get("organization").is_none(), "not repeated inside itself");
        let org_zips: Vec<&str> = org["locations"].as_array().unwrap().iter().map(|l| l["addresses"][0]["postal_code"].as_str().unwrap()).collect();
        assert!(org_zips.contains(&"21202") && org_zips.contains(&"21205"), "{org}");
        let crisis = json(&app, "/hsds/services?search=county%20crisis").await;
        let crisis = json(&app, &format!("/hsds/services/{}", crisis["contents"][0]["id"].as_str().unwrap())).await;
        assert!(crisis["service_areas"][0]["extent"].as_str().unwrap().contains("Polygon"));
    }

    async fn lists_filter_in_the_database(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // search: case-insensitive, in name or description, and LIKE wildcards are literal.
        let page = json(&app, "/hsds/services?search=FOOD%20pantry").await;
        assert_eq!(ids(&page), vec![PANTRY.to_string()]);
        assert_eq!(json(&app, "/hsds/services?search=%25").await["total_items"], 0);
        // organization_id
        let org = json(&app, &format!("/hsds/services/{OUTPATIENT}")).await["organization_id"].clone();
        let page = json(&app, &format!("/hsds/services?organization_id={}", org.as_str().unwrap())).await;
        assert!(ids(&page).contains(&OUTPATIENT.to_string()));
        assert!(page["contents"].as_array().unwrap().iter().all(|s| s["organization_id"] == org));
        // taxonomy_term_id: the services tagged with the pantry's term.
        let pantry = json(&app, &format!("/hsds/services/{PANTRY}")).await;
        let term = pantry["attributes"][0]["taxonomy_term_id"].as_str().unwrap().to_string();
        let page = json(&app, &format!("/hsds/services?taxonomy_term_id={term}")).await;
        assert!(ids(&page).contains(&PANTRY.to_string()));
        assert!(!ids(&page).contains(&OUTPATIENT.to_string()));
        let orgs = json(&app, &format!("/hsds/organizations?taxonomy_term_id={term}")).await;
        assert_eq!(orgs["contents"][0]["id"], pantry["organization_id"]);
        // taxonomy_id: the CSV's local taxonomy tags only its support group.
        let taxonomies = json(&app, "/hsds/taxonomies?search=local").await;
        let local = taxonomies["contents"][0]["id"].as_str().unwrap().to_string();
        let page = json(&app, &format!("/hsds/services?taxonomy_id={local}")).await;
        assert_eq!(page["total_items"], 1, "{page}");
        let terms = json(&app, &format!("/hsds/taxonomy_terms?taxonomy_id={local}")).await;
        assert!(terms["contents"].as_array().unwrap().iter().all(|t| t["taxonomy_id"] == local.as_str()));
        // modified_after: everything was loaded just now.
        assert_eq!(json(&app, "/hsds/services?modified_after=2000-01-01").await["total_items"], service_count());
        assert_eq!(json(&app, "/hsds/services?modified_after=2999-01-01T00:00:00Z").await["total_items"], 0);
        // minimal: just ids and when they changed, all in one page.
        let minimal = json(&app, "/hsds/services?minimal=true").await;
        assert_eq!(minimal["size"], service_count());
        for s in minimal["contents"].as_array().unwrap() {
            let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            assert_eq!(keys, vec!["id", "last_modified"]);
        }
        // top_only: terms without a parent.
        let top = json(&app, "/hsds/taxonomy_terms?top_only=true&per_page=100").await;
        assert!(top["contents"].as_array().unwrap().iter().all(|t| t.get("parent_id").is_none()));
    }

    async fn postcode_and_proximity_find_listings_near_a_zip_code(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // 21202 alone: the outpatient program's downtown site (its address), and the county
        // crisis line, whose service area holds the ZIP code's centroid.
        let page = json(&app, "/hsds/service_at_locations?postcode=21202").await;
        let names: Vec<&str> = page["contents"].as_array().unwrap().iter().map(|l| l["service"]["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"Eastside Example Recovery Outpatient (fictional)"), "{names:?}");
        assert!(names.contains(&"Example County Crisis Line (fictional)"), "{names:?}");
        assert!(!names.contains(&"Harbor Example Food Pantry (fictional)"), "{names:?}");
        // Within 3 km of 21202's centroid: placed listings only, each really that close.
        let page = json(&app, "/hsds/service_at_locations?postcode=21202&proximity=3000&per_page=100").await;
        assert_valid_page("compiled/service_at_location_list.json", &page);
        let names: Vec<&str> = page["contents"].as_array().unwrap().iter().map(|l| l["service"]["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"Harbor Example Food Pantry (fictional)"), "{names:?}");
        assert!(!names.contains(&"Example County Crisis Line (fictional)"), "{names:?}");
        let far = json(&app, "/hsds/service_at_locations?postcode=19106&proximity=3000").await;
        assert!(far["contents"].as_array().unwrap().iter().all(|l| l["location"]["addresses"][0]["state_province"] == "PA"), "{far}");
    }

    async fn pages_are_cut_in_the_database_and_hold_every_record_once(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let first = json(&app, "/hsds/service_at_locations?per_page=7").await;
        let pages = listing_count().div_ceil(7);
        assert_eq!((first["total_items"].as_u64(), first["total_pages"].as_u64(), first["size"].as_u64()), (Some(listing_count()), Some(pages), Some(7)));
        let mut seen: Vec<String> = Vec::new();
        for n in 1..=pages {
            seen.extend(ids(&json(&app, &format!("/hsds/service_at_locations?per_page=7&page={n}")).await));
        }
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((n, seen.len()), (listing_count() as usize, listing_count() as usize));
        let past = json(&app, &format!("/hsds/service_at_locations?per_page=7&page={}", pages + 1)).await;
        assert_eq!((past["empty"].as_bool(), past["last_page"].as_bool(), past["size"].as_u64()), (Some(true), Some(true), Some(0)));
    }

    async fn ndjson_streams_every_record_one_per_line(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let res = app.get("/hsds/services?format=ndjson&per_page=2").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/x-ndjson");
        let text = res.text().await.unwrap();
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len() as u64, service_count(), "every service, without pages");
        for s in &lines {
            assert_valid("compiled/service_list.json", s);
        }
        let res = app.get("/hsds/taxonomy_terms?format=ndjson").await;
        let text = res.text().await.unwrap();
        assert!(text.lines().count() > 10);
        assert!(text.ends_with('\n'));
    }

    async fn unknown_ids_and_bad_parameters_are_problems(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["hsds-json/services.json"]);
        for resource in ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"] {
            let p = problem(&app, &format!("/hsds/{resource}/00000000-0000-0000-0000-000000000000"), 404).await;
            assert_eq!(p["status"], 404);
            assert!(p["detail"].as_str().unwrap().contains("00000000-0000-0000-0000-000000000000"));
        }
        for (path, parameter) in [
            ("/hsds/services?page=0", "page"),
            ("/hsds/services?per_page=101", "per_page"),
            ("/hsds/services?full=maybe", "full"),
            ("/hsds/services?format=xml", "format"),
            ("/hsds/services?modified_after=yesterday", "modified_after"),
            ("/hsds/services?minimal=true&full=true", "minimal"),
            ("/hsds/services?postcode=21202", "postcode"),
            ("/hsds/services?page=1&page=2", "page"),
            ("/hsds/service_at_locations?proximity=1000", "proximity"),
            ("/hsds/service_at_locations?postcode=21202&proximity=far", "proximity"),
            ("/hsds/service_at_locations?postcode=2120", "postcode"),
            ("/hsds/taxonomy_terms?top_only=perhaps", "top_only"),
            ("/hsds/organizations/x?full=true", "full"),
        ] {
            let p = problem(&app, path, 400).await;
            assert_eq!(p["parameter"], parameter, "{path}: {p}");
        }
        // A NUL byte (which PostgreSQL cannot hold in text) is a problem, not a failure.
        let p = problem(&app, "/hsds/services?search=a%00b", 400).await;
        assert_eq!(p["parameter"], "search");
        problem(&app, "/hsds/services/a%00b", 404).await;
        problem(&app, "/hsds/taxonomy_terms/a%00b", 404).await;
        // The store is untouched by all of that.
        assert_eq!(json(&app, "/hsds/services").await["total_items"], 3 + waypoint_tests::national_lines());
    }
}
