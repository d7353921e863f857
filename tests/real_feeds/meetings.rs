//! The real Meeting Guide feeds of `../shared/datasets/meeting-guide`: every meeting with a
//! `conference_url` has that link, exactly, on a virtual location of its own compiled HSDS
//! record, and no physical (shared) location carries a conference link. Ignored (by
//! the runner) when the folder is not beside the checkout.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use waypoint_indexer::model::ids;
use waypoint_tests::{TestBackend, run, shared_feeds, spawn_app};

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The service id the importer gives a meeting: its slug, or, where the feed repeats the
/// slug, the slug with its days, time and address (as `import::meeting_guide` keys it).
fn service_ids(source: &str, meetings: &[Value]) -> Vec<String> {
    const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    let slug = |m: &Value| {
        text(&m["slug"])
            .or_else(|| text(&m["id"]))
            .or_else(|| text(&m["name"]))
            .unwrap_or_default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in meetings {
        *seen.entry(slug(m)).or_default() += 1;
    }
    meetings
        .iter()
        .map(|m| {
            let mut key = slug(m);
            if seen[&key] > 1 {
                let day = |v: &Value| {
                    let n = match v {
                        Value::Number(n) => n.as_u64(),
                        Value::String(s) => s.trim().parse().ok(),
                        _ => None,
                    }?;
                    DAYS.get(n as usize).copied()
                };
                let days: Vec<&str> = match &m["day"] {
                    Value::Array(d) => d.iter().filter_map(day).collect(),
                    v => day(v).into_iter().collect(),
                };
                key = format!(
                    "{key}|{}|{}|{}",
                    days.join(","),
                    text(&m["time"]).unwrap_or_default(),
                    text(&m["formatted_address"]).unwrap_or_default()
                );
            }
            ids::derive(source, "meeting", &key)
        })
        .collect()
}

pub fn every_real_meeting_carries_its_own_conference_link() {
    let paths =
        shared_feeds(&["meeting-guide"]).expect("../shared/datasets is beside the checkout");
    run(async move {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        app.load_paths(&paths);
        let body = app
            .get("/hsds/services?format=ndjson&full=true")
            .await
            .text()
            .await
            .unwrap();
        let mut by_id: HashMap<String, Value> = HashMap::new();
        let mut physical_links = 0;
        for line in body.lines() {
            let s: Value = serde_json::from_str(line).unwrap();
            for sal in s["service_at_locations"].as_array().into_iter().flatten() {
                let l = &sal["location"];
                if l["location_type"] != "virtual" && l["url"].is_string() {
                    physical_links += 1;
                }
            }
            by_id.insert(s["id"].as_str().unwrap().to_string(), s);
        }
        let (mut with_link, mut exact, mut wrong, mut missing) = (0, 0, 0, 0);
        for path in &paths {
            let source = path.file_stem().unwrap().to_string_lossy().into_owned();
            let meetings: Vec<Value> =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let ids = service_ids(&source, &meetings);
            let mut checked = HashSet::new();
            for (m, id) in meetings.iter().zip(ids) {
                let Some(link) = text(&m["conference_url"]) else {
                    continue;
                };
                // A meeting the importer skipped as a repeat is not its own record.
                if !checked.insert(id.clone()) {
                    continue;
                }
                with_link += 1;
                let Some(service) = by_id.get(&id) else {
                    missing += 1;
                    println!("{source}: no record for {}", m["slug"]);
                    continue;
                };
                let links: Vec<&str> = service["service_at_locations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|sal| sal["location"]["location_type"] == "virtual")
                    .filter_map(|sal| sal["location"]["url"].as_str())
                    .collect();
                if links == [link.as_str()] {
                    exact += 1;
                } else {
                    wrong += 1;
                    if wrong <= 5 {
                        println!("{source}: {} has {links:?}, its feed {link:?}", m["slug"]);
                    }
                }
            }
        }
        println!(
            "real Meeting Guide feeds: {with_link} meetings with a conference_url; {exact} carry it exactly, {wrong} wrong, {missing} without a record; {physical_links} physical locations with a link"
        );
        assert_eq!((wrong, missing, physical_links), (0, 0, 0));
        assert!(with_link > 1600, "{with_link}");
    });
}
