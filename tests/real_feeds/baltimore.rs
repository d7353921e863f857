//! The real Baltimore 211 feed (`../shared/datasets/hsds/baltimore-211-md.json`), whose
//! languages and fees are written as text: `language=es` and `free=true` find what the text
//! says, and the services left without a category are counted and reported.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;
use waypoint_indexer::store::Store;
use waypoint_indexer::store::uncategorised::uncategorised;
use waypoint_tests::{TestApp, TestBackend, run, spawn_app};

/// Services without a category before every Open Eligibility code was decided.
const UNCATEGORISED_BEFORE: i64 = 651;

fn feed() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/datasets/hsds/baltimore-211-md.json");
    path.is_file().then_some(path)
}

/// Service ids of every result, all pages.
async fn service_ids(app: &TestApp, query: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for page in 1.. {
        let res = app
            .get(&format!("/v1/search?{query}&per_page=100&page={page}"))
            .await;
        assert_eq!(res.status(), 200, "{query}");
        let body: Value = res.json().await.unwrap();
        for item in body["contents"].as_array().unwrap() {
            ids.insert(item["service"]["id"].as_str().unwrap().to_string());
        }
        if body["last_page"] == true {
            break;
        }
    }
    ids
}

pub fn baltimore_languages_fees_and_categories_from_text() {
    let path = feed().expect("../shared/datasets is beside the checkout");
    let raw: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    run(async move {
        let by_id: HashMap<&str, &Value> =
            raw.iter().map(|s| (s["id"].as_str().unwrap(), s)).collect();
        let app = spawn_app(TestBackend::Sqlite, false).await;
        app.load_paths(std::slice::from_ref(&path));

        // language=es: every service whose language text is just "Spanish" is found; none
        // whose language text names no language at all.
        let spanish = service_ids(&app, "language=es").await;
        let language_texts = |s: &Value| -> Vec<String> {
            s["languages"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|l| l["name"].as_str())
                .map(|n| n.trim().trim_end_matches('.').to_lowercase())
                .collect()
        };
        let plainly_spanish: Vec<&str> = raw
            .iter()
            .filter(|s| language_texts(s).iter().any(|t| t == "spanish"))
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert!(plainly_spanish.len() > 150, "{}", plainly_spanish.len());
        for id in &plainly_spanish {
            assert!(spanish.contains(*id), "{id} says Spanish");
        }
        for id in &spanish {
            let texts = language_texts(by_id[id.as_str()]).join(" ");
            assert!(texts.contains("spanish"), "{id}: {texts:?} is not Spanish");
        }
        println!(
            "Baltimore language=es: {} services ({} with the text \"Spanish\" alone)",
            spanish.len(),
            plainly_spanish.len()
        );

        // free=true: every "None." is found; everything found says none/free/no fee first
        // and names no price.
        let free = service_ids(&app, "free=true").await;
        let fees = |id: &str| {
            by_id[id]["fees_description"]
                .as_str()
                .unwrap_or("")
                .trim()
                .to_lowercase()
        };
        let none: Vec<&str> = raw
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .filter(|id| fees(id) == "none.")
            .collect();
        assert!(none.len() > 800, "{}", none.len());
        for id in &none {
            assert!(free.contains(*id), "{id}: fees \"None.\"");
        }
        for id in &free {
            let f = fees(id);
            assert!(
                ["none", "free", "no fee", "no charge", "no cost"]
                    .iter()
                    .any(|w| f.starts_with(w)),
                "{id}: {f:?}"
            );
            assert!(
                !f.contains('$') && !f.contains("if eligible") && !f.contains("sliding"),
                "{id}: {f:?}"
            );
        }
        println!("Baltimore free=true: {} services", free.len());

        // Uncategorised services, and the codes they carry most.
        let mut conn = Store::open(&app.db.url).unwrap().connect().unwrap();
        let report = uncategorised(&mut conn).unwrap();
        let u = report.values().next().expect("the feed's source");
        println!(
            "Baltimore uncategorised: {} of {} services (was {UNCATEGORISED_BEFORE})",
            u.services,
            raw.len()
        );
        for c in &u.top_codes {
            println!("  {} {} — {} services", c.code, c.name, c.services);
        }
        assert!(u.services < UNCATEGORISED_BEFORE, "{}", u.services);
    });
}
