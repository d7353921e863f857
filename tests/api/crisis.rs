//! A search that signals a crisis lists the national lines first, in the query's language,
//! then local crisis services, and says what to do now in that language.

use serde_json::Value;
use waypoint_tests::{TestApp, api_tests, result_names, spawn_app};

async fn names_for(app: &TestApp, query: &str) -> (Value, Vec<String>) {
    let page = app.search(query).await;
    let names = result_names(&page);
    (page, names)
}

const EN_LINES: [&str; 3] = [
    "988 Suicide & Crisis Lifeline",
    "Emergency Services (911)",
    "SAMHSA National Helpline",
];
const ES_LINES: [&str; 3] = [
    "988 Línea de Prevención del Suicidio y Crisis",
    "Servicios de emergencia (911)",
    "Línea Nacional de Ayuda de SAMHSA",
];

api_tests! {
    async fn crisis_words_put_the_national_lines_first_in_the_query_language(backend) {
        let app = spawn_app(backend, true).await;
        for (q, kind, language, first) in [
            ("i%20want%20to%20die", "suicide", "en", EN_LINES),
            ("i%20want%20to%20end%20my%20life", "suicide", "en", EN_LINES),
            ("me%20quiero%20morir", "suicide", "es", ES_LINES),
            ("me%20quiero%20suicidar", "suicide", "es", ES_LINES),
        ] {
            let (page, names) = names_for(&app, &format!("q={q}&near=21202&radius_km=10")).await;
            assert_eq!(page["query"]["crisis"]["kind"], kind, "{q}");
            assert_eq!(page["query"]["crisis"]["language"], language, "{q}");
            assert_eq!(names[..3], first, "{q}: {names:?}");
            // The county's crisis line follows, before the lines in the other language.
            let county = names.iter().position(|n| n.contains("Crisis Line")).expect("the county line");
            let other = if language == "es" { EN_LINES[0] } else { ES_LINES[0] };
            let other = names.iter().position(|n| n == other).expect("the other language's line");
            assert!(county < other, "{q}: {names:?}");
            assert_eq!(page["contents"][0]["match"], "service_area");
            let message = page["query"]["crisis"]["message"].as_str().unwrap();
            assert!(message.contains("988") && message.contains("911"), "{message}");
            assert_eq!(message.contains("marque 2"), language == "es", "{message}");
        }
        // A life in danger now: 911 first.
        let (page, names) = names_for(&app, "q=my%20friend%20is%20overdosing&near=21202").await;
        assert_eq!(page["query"]["crisis"]["kind"], "overdose");
        assert_eq!(names[0], "Emergency Services (911)", "{names:?}");
        assert_eq!(names[1], "988 Suicide & Crisis Lifeline", "{names:?}");
        let (calm, names) = names_for(&app, "q=food%20pantry&near=21202").await;
        assert!(calm["query"].get("crisis").is_none());
        assert!(!names.iter().any(|n| EN_LINES.contains(&n.as_str())), "{names:?}");
    }

    async fn the_national_lines_are_there_whatever_was_loaded(backend) {
        // No seed data, nothing loaded: the lines are built in.
        let app = spawn_app(backend, false).await;
        for (q, first) in [("kill%20myself", EN_LINES[0]), ("quiero%20morir", ES_LINES[0])] {
            let (page, names) = names_for(&app, &format!("q={q}&near=19103")).await;
            assert_eq!(names[0], first, "{q}: {page}");
            assert_eq!(names.len(), 6, "{q}: only the six national lines: {names:?}");
        }
        // A bounding box and filters do not keep them out of a crisis answer.
        let (_, names) = names_for(&app, "q=suicidal&bbox=-75.3,39.9,-75.0,40.1&category=food").await;
        assert_eq!(names[0], EN_LINES[0], "{names:?}");
        // In Spanish, with language=es, the Spanish lines are found as any listing is.
        let (_, names) = names_for(&app, "q=988&language=es").await;
        assert_eq!(names[0], ES_LINES[0], "{names:?}");
        assert!(names.iter().all(|n| ES_LINES.contains(&n.as_str())), "{names:?}");
    }

    async fn local_crisis_services_of_any_feed_come_right_after_the_national_lines(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&["search/listings.json"]);
        let (_, names) = names_for(&app, "q=thinking%20about%20killing%20myself&near=21202").await;
        assert_eq!(names[..3], EN_LINES, "{names:?}");
        let mut local = names[3..5].to_vec();
        local.sort();
        // A mobile crisis team by its name; a clinic filed under "Help Hotlines" whose
        // description names its 24-hour crisis line. Not the hospital under the same term.
        assert_eq!(local, ["Example County Mobile Crisis Team", "Example Hopeful Clinic"], "{names:?}");
        assert_eq!(names[5..8], ES_LINES, "{names:?}");
        assert!(!names.contains(&"Example Mercy Hospital".to_string()), "{names:?}");
        assert!(!names.contains(&"Example End of Life Care".to_string()), "{names:?}");
    }
}
