//! Search on every real feed of `../shared/datasets`, as a peer worker would use it: the
//! cases of the fixtures tests, where real data has the mess fixtures miss.

use serde_json::Value;
use waypoint_tests::{TestBackend, result_names, run, shared_feeds, spawn_app};

/// No two of the first five results are the same name at the same place.
fn assert_distinct(query: &str, page: &Value) {
    let mut seen = Vec::new();
    for item in page["contents"].as_array().unwrap().iter().take(5) {
        let name = item["name"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let point = (
            item["location"]["latitude"].as_f64(),
            item["location"]["longitude"].as_f64(),
        );
        let Some(point) = point.0.zip(point.1) else {
            continue;
        };
        let key = (
            name,
            (point.0 * 1e4).round() as i64,
            (point.1 * 1e4).round() as i64,
        );
        assert!(
            !seen.contains(&key),
            "{query}: {:?} repeated in the first five",
            key.0
        );
        seen.push(key);
    }
}

pub fn search_on_the_real_feeds_answers_what_a_peer_worker_can_act_on() {
    let paths = shared_feeds(&["hsds", "meeting-guide", "samhsa-locator"])
        .expect("../shared/datasets is beside the checkout");
    run(async move {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        app.load_paths(&paths);

        // Crisis: the national lines first, in the query's language, wherever the place.
        for (q, first) in [
            (
                "q=I%20want%20to%20kill%20myself&near=21202",
                "988 Suicide & Crisis Lifeline",
            ),
            ("q=kill%20myself", "988 Suicide & Crisis Lifeline"),
            (
                "q=i%20want%20to%20end%20my%20life&lat=39.95&lon=-75.16&radius_km=10",
                "988 Suicide & Crisis Lifeline",
            ),
            (
                "q=quiero%20morir&near=92701",
                "988 Línea de Prevención del Suicidio y Crisis",
            ),
            (
                "q=me%20quiero%20suicidar&lat=33.7455&lon=-117.8677&radius_km=15",
                "988 Línea de Prevención del Suicidio y Crisis",
            ),
            (
                "q=my%20friend%20overdosed&near=19103",
                "Emergency Services (911)",
            ),
        ] {
            let page = app.search(q).await;
            assert!(page["query"]["crisis"].is_object(), "{q}");
            assert_eq!(result_names(&page)[0], first, "{q}");
        }

        // One row per group: a weekly meeting listed once per day it meets.
        let page = app.search("q=Vernon%20Park&near=19144").await;
        assert_eq!(
            result_names(&page)
                .iter()
                .filter(|n| n.as_str() == "Vernon Park")
                .count(),
            1,
            "{page}"
        );
        for q in [
            "category=support-groups&near=19103",
            "category=support-groups&near=19103&sort=distance",
            "q=aa%20meeting&near=02067",
            "q=big%20book%20study&lat=33.6846&lon=-117.8265&radius_km=15",
            "category=food&lat=41.6528&lon=-83.5379&radius_km=15",
            "q=mental%20health&lat=38.0293&lon=-78.4767&radius_km=20",
        ] {
            assert_distinct(q, &app.search(q).await);
        }

        // Honest answers: no food listing near Santa Ana, and how far the nearest is.
        let page = app.search("q=food%20pantry&near=92701").await;
        assert_eq!(page["total_items"], 0, "{page}");
        assert!(page["query"]["nearest_km"].as_f64().unwrap() > 25.0);
        // "comida gratis" means food: never "Gratitude" by a prefix.
        let page = app.search("q=comida%20gratis&near=21202").await;
        let top: Vec<&Value> = page["contents"]
            .as_array()
            .unwrap()
            .iter()
            .take(5)
            .collect();
        assert!(
            top.iter().all(|i| i["categories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "food")),
            "{page}"
        );
        assert!(!result_names(&page).iter().any(|n| n.contains("Gratitude")));
        // A name holding every word outranks the category the words mean.
        let page = app.search("q=eviction%20prevention&near=21202").await;
        assert!(
            result_names(&page)[0].contains("Eviction Prevention Program"),
            "{:?}",
            result_names(&page)
        );
        // "free clinic": not a library named "Free".
        let page = app.search("q=free%20clinic&near=21202").await;
        assert!(
            !result_names(&page)[..5]
                .iter()
                .any(|n| n.contains("Library")),
            "{:?}",
            result_names(&page)
        );
        // "narcan": no listing says it; substance use treatment first, not a bereavement
        // centre whose text says "risk reduction".
        let page = app.search("q=narcan&near=21202").await;
        assert_eq!(
            page["query"]["unmatched_terms"],
            serde_json::json!(["narcan"])
        );
        assert!(
            page["contents"][0]["categories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "substance-use-treatment"),
            "{page}"
        );
    });
}
