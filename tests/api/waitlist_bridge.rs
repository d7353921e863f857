//! Bridge resources for a person on a waitlist: help near them and in their language,
//! medication programs only with room, meetings only in the coming days, never the program
//! itself; one suggestion recorded as an interim service in one step; roles and problems.

use reqwest::Method;
use serde_json::{Value, json};
use waypoint_tests::{Role, TestApp, TestPartner, api_tests, spawn_app};

const KINDS: [&str; 6] = [
    "meetings",
    "moud",
    "peer_support",
    "naloxone",
    "food",
    "housing",
];

async fn get(app: &TestApp, who: &TestPartner, path: &str) -> (u16, Value) {
    let res = app.as_partner(Method::GET, path, who).send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

async fn post(app: &TestApp, who: &TestPartner, path: &str, body: Value) -> (u16, Value) {
    let res = app.post_keyed(path, who, &body).await;
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// The first listing of a public search.
async fn first_hit(app: &TestApp, query: &str) -> Value {
    let page: Value = app
        .get(&format!("/v1/search?{query}"))
        .await
        .json()
        .await
        .unwrap();
    page["contents"][0].clone()
}

fn listed_ids(group: &Value) -> Vec<String> {
    group["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["listing"]["service"]["id"].as_str().unwrap().to_string())
        .collect()
}

api_tests! {
    async fn the_bridge_suggests_help_near_and_in_language_and_records_it_in_one_step(backend) {
        let app = spawn_app(backend, true).await;
        let coordinator = app.partner("Fictional Intake Coordination", Role::Coordinator, &[]);
        let admin = app.partner("Fictional Admin Desk", Role::Admin, &[]);

        // A recovery housing program in Baltimore keeps a waitlist.
        let program = first_hit(&app, "category=housing&near=21202&sort=distance").await;
        let program_id = program["service"]["id"].as_str().unwrap().to_string();
        // One medication program nearby reports room; the others have not reported.
        let moud = first_hit(&app, "category=substance-use-treatment&q=buprenorphine&near=21202").await;
        let moud_id = moud["service"]["id"].as_str().unwrap().to_string();
        let res = app.as_partner(Method::PUT, &format!("/v1/services/{moud_id}/capacity"), &admin)
            .json(&json!({"status": "capacity", "capacities": [{"unit": "slot", "available": 2, "maximum": 40}]}))
            .send().await.unwrap();
        assert_eq!(res.status(), 200);

        let (status, entry) = post(&app, &coordinator, &format!("/v1/waitlists/{program_id}/entries"), json!({
            "client": {"reference": "bridge-001", "name": "Testy McTestface", "preferred_language": "es"},
            "injects_drugs": true
        })).await;
        assert_eq!(status, 201, "{entry}");
        let entry_id = entry["id"].as_str().unwrap().to_string();
        let bridge_path = format!("/v1/waitlists/{program_id}/entries/{entry_id}/bridge");

        let (status, bridge) = get(&app, &coordinator, &format!("{bridge_path}?near=21202&days=7")).await;
        assert_eq!(status, 200, "{bridge}");
        let groups = bridge["groups"].as_array().unwrap();
        let kinds: Vec<&str> = groups.iter().map(|g| g["kind"].as_str().unwrap()).collect();
        // The person injects drugs: HIV and TB testing and care is among the kinds.
        assert_eq!(kinds, [&KINDS[..], &["hiv_tb_testing"]].concat());
        assert_eq!(bridge["days"], 7);
        let group = |kind: &str| groups.iter().find(|g| g["kind"] == kind).unwrap().clone();

        // Medication programs with room now first (the one that reported it), then those
        // whose room is unknown (they have not reported), marked so.
        let moud_group = group("moud");
        assert_eq!(listed_ids(&moud_group)[0], moud_id);
        let offered = &moud_group["suggestions"][0];
        assert_eq!(offered["room"], "available");
        assert_eq!(offered["listing"]["capacity"]["has_capacity"], true);
        assert_eq!(offered["listing"]["capacity"]["capacities"][0]["available"], 2);
        for later in &moud_group["suggestions"].as_array().unwrap()[1..] {
            assert_eq!(later["room"], "unknown", "{later}");
            assert!(later["listing"].get("capacity").is_none_or(|c| c["has_capacity"] == false));
        }

        for g in groups {
            let suggestions = g["suggestions"].as_array().unwrap();
            assert!(suggestions.len() <= 3, "{} has {}", g["kind"], suggestions.len());
            // Never the program the person waits for; always near; Spanish first.
            assert!(!listed_ids(g).contains(&program_id));
            // Spanish first within each tier of room (medication programs).
            let mut seen_other_language = false;
            let mut tier = Value::Null;
            for s in suggestions {
                if s["room"] != tier {
                    tier = s["room"].clone();
                    seen_other_language = false;
                }
                let km = s["listing"]["distance_km"].as_f64();
                assert!(km.is_none_or(|d| d <= 25.0), "{} at {km:?} km", g["kind"]);
                if s["in_language"] == false {
                    seen_other_language = true;
                } else {
                    assert!(!seen_other_language, "{}: Spanish listings come first", g["kind"]);
                    assert!(s["listing"]["languages"].as_array().unwrap().contains(&json!("es")));
                }
            }
        }
        for kind in ["meetings", "peer_support", "naloxone", "food", "housing"] {
            assert!(!group(kind)["suggestions"].as_array().unwrap().is_empty(), "no {kind} near 21202");
        }
        for s in group("meetings")["suggestions"].as_array().unwrap() {
            let listing = &s["listing"];
            assert!(listing["categories"].as_array().unwrap().contains(&json!("support-groups")));
            let soon = listing["open_now"] == true || {
                let next = chrono::DateTime::parse_from_rfc3339(listing["next_opening"].as_str().unwrap()).unwrap();
                next <= chrono::Utc::now() + chrono::Duration::days(7)
            };
            assert!(soon, "{listing}");
        }
        for s in group("naloxone")["suggestions"].as_array().unwrap() {
            let text = format!("{} {}", s["listing"]["name"], s["listing"]["service"]["description"]).to_lowercase();
            assert!(text.contains("naloxone") || text.contains("narcan") || text.contains("harm reduction"), "{text}");
        }

        // One step: send the suggestion's own request.
        let pick = &group("naloxone")["suggestions"][0];
        let record = &pick["record"];
        assert_eq!(record["method"], "POST");
        let (status, updated) = post(&app, &coordinator, record["href"].as_str().unwrap(), record["body"].clone()).await;
        assert_eq!(status, 200, "{updated}");
        let interim = &updated["interim_services"][0];
        assert_eq!(interim["what"], record["body"]["what"]);
        assert_eq!(interim["service_at_location_id"], pick["listing"]["id"]);
        assert_eq!(interim["kinds"], json!(["naloxone"]), "the suggestion's kind is recorded");
        assert!(updated["interim_services_due_at"].is_string());

        // Naming only the listing records it under the listing's name.
        let food = &group("food")["suggestions"][0]["listing"];
        let (status, updated) = post(&app, &coordinator, record["href"].as_str().unwrap(),
            json!({"service_at_location_id": food["id"]})).await;
        assert_eq!(status, 200, "{updated}");
        let recorded = updated["interim_services"].as_array().unwrap();
        assert_eq!(recorded.len(), 2);
        assert!(recorded.iter().any(|i| i["what"] == food["name"] && i["service_at_location_id"] == food["id"]), "{updated}");
        let (status, problem) = post(&app, &coordinator, record["href"].as_str().unwrap(),
            json!({"service_at_location_id": "no-such-listing"})).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("service_at_location_id")));
        let (status, problem) = post(&app, &coordinator, record["href"].as_str().unwrap(), json!({})).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("what")));

        // Without a place, the bridge searches around the program itself.
        let (status, around) = get(&app, &coordinator, &bridge_path).await;
        assert_eq!(status, 200);
        assert_eq!(around["days"], 3);
        assert!(!around["groups"][4]["suggestions"].as_array().unwrap().is_empty());
    }

    async fn the_bridge_keeps_the_waitlists_roles_and_names_bad_parameters(backend) {
        let app = spawn_app(backend, true).await;
        let coordinator = app.partner("Fictional Intake Coordination", Role::Coordinator, &[]);
        let referrer = app.partner("Fictional Clinic", Role::Referrer, &[]);
        let program = first_hit(&app, "category=food&near=21202&sort=distance").await;
        let elsewhere = app.organization_other_than(program["organization"]["id"].as_str().unwrap());
        let stranger = app.partner("Fictional Other Provider", Role::Provider, &[&elsewhere]);
        let program_id = program["service"]["id"].as_str().unwrap().to_string();
        let (status, entry) = post(&app, &coordinator, &format!("/v1/waitlists/{program_id}/entries"),
            json!({"client": {"reference": "bridge-002"}})).await;
        assert_eq!(status, 201, "{entry}");
        let path = format!("/v1/waitlists/{program_id}/entries/{}/bridge", entry["id"].as_str().unwrap());

        assert_eq!(get(&app, &referrer, &path).await.0, 403);
        assert_eq!(get(&app, &stranger, &path).await.0, 403);
        let anonymous = app.get(&path).await;
        assert_eq!(anonymous.status(), 401);
        let (status, _) = get(&app, &coordinator, &format!("/v1/waitlists/{program_id}/entries/nobody/bridge")).await;
        assert_eq!(status, 404);
        for (query, parameter) in [("days=0", "days"), ("per_kind=11", "per_kind"), ("language=spanish", "language"),
                                   ("near=00000", "near"), ("lat=91&lon=0", "lat"), ("colour=red", "colour")] {
            let res = app.as_partner(Method::GET, &format!("{path}?{query}"), &coordinator).send().await.unwrap();
            assert_eq!(res.status(), 400, "{query}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], parameter, "{query}");
        }
        let (status, bridge) = get(&app, &coordinator, &format!("{path}?per_kind=1")).await;
        assert_eq!(status, 200);
        for g in bridge["groups"].as_array().unwrap() {
            assert!(g["suggestions"].as_array().unwrap().len() <= 1);
        }

        // A birth date no age filter takes (a typo for 1980?) leaves the age unknown: the
        // bridge answered 400 naming `age`, a parameter the caller had not sent.
        let (status, old_entry) = post(&app, &coordinator, &format!("/v1/waitlists/{program_id}/entries"),
            json!({"client": {"reference": "bridge-004", "date_of_birth": "1430-01-01"}})).await;
        assert_eq!(status, 201, "{old_entry}");
        let old_path = format!("/v1/waitlists/{program_id}/entries/{}/bridge", old_entry["id"].as_str().unwrap());
        let (status, bridge) = get(&app, &coordinator, &old_path).await;
        assert_eq!(status, 200, "{bridge}");
        assert!(!bridge["groups"].as_array().unwrap().is_empty());
    }

    async fn the_clients_language_steers_the_bridge_only_for_partners_who_may_see_it(backend) {
        let app = spawn_app(backend, true).await;
        let keeper = app.partner("Fictional Intake Coordination", Role::Coordinator, &[]);
        let other = app.partner("Fictional Other Coordination", Role::Coordinator, &[]);
        let program = first_hit(&app, "category=substance-use-treatment&near=21202&sort=distance").await;
        let program_id = program["service"]["id"].as_str().unwrap().to_string();
        let mut consent_body = crate::referrals_support::consent_body(json!([{"class": "treating-providers"}]));
        consent_body["client_reference"] = json!("bridge-003");
        let (status, consent) = post(&app, &keeper, "/v1/consents", consent_body).await;
        assert_eq!(status, 201, "{consent}");
        let (status, entry) = post(&app, &keeper, &format!("/v1/waitlists/{program_id}/entries"), json!({
            "client": {"reference": "bridge-003", "name": "Testy McTestface", "preferred_language": "ko"},
            "consent_id": consent["id"]
        })).await;
        assert_eq!(status, 201, "{entry}");
        let path = format!("/v1/waitlists/{program_id}/entries/{}/bridge?near=21202", entry["id"].as_str().unwrap());
        let flags = |bridge: &Value| -> Vec<bool> {
            bridge["groups"].as_array().unwrap().iter()
                .flat_map(|g| g["suggestions"].as_array().unwrap().iter().map(|s| s["in_language"].as_bool().unwrap()))
                .collect()
        };
        // The keeper knows the client speaks Korean: few listings near 21202 are in it.
        let (status, theirs) = get(&app, &keeper, &path).await;
        assert_eq!(status, 200);
        assert!(flags(&theirs).contains(&false), "the keeper's suggestions weigh the client's language");
        // The consent does not name the other coordinator: no language is used for it.
        let (status, others) = get(&app, &other, &path).await;
        assert_eq!(status, 200);
        assert!(!flags(&others).is_empty());
        assert!(flags(&others).iter().all(|f| *f), "no language known to this coordinator");
    }

    async fn the_bridge_suggests_only_help_that_fits_the_person(backend) {
        let app = spawn_app(backend, true).await;
        let coordinator = app.partner("Fictional Intake Coordination", Role::Coordinator, &[]);
        let program = first_hit(&app, "category=housing&near=21202&sort=distance").await;
        let program_id = program["service"]["id"].as_str().unwrap().to_string();
        let (status, entry) = post(&app, &coordinator, &format!("/v1/waitlists/{program_id}/entries"), json!({
            "client": {"reference": "bridge-002", "name": "Testy McTestface"}, "pregnant": true
        })).await;
        assert_eq!(status, 201, "{entry}");
        let path = format!("/v1/waitlists/{program_id}/entries/{}/bridge?near=21202&days=7", entry["id"].as_str().unwrap());
        let names = |bridge: &Value| -> Vec<String> {
            bridge["groups"].as_array().unwrap().iter()
                .flat_map(|g| g["suggestions"].as_array().unwrap().iter().map(|s| s["listing"]["name"].as_str().unwrap().to_lowercase()))
                .collect()
        };

        // For a woman who is a veteran, the seed data near Baltimore offers women's and
        // veterans' programs…
        let (status, open) = get(&app, &coordinator, &format!("{path}&per_kind=10&gender=female&veteran=true")).await;
        assert_eq!(status, 200, "{open}");
        let all = names(&open);
        assert!(all.iter().any(|n| n.contains("women")), "{all:?}");
        assert!(all.iter().any(|n| n.contains("veteran")), "{all:?}");
        // …the person is pregnant: prenatal care is among the kinds.
        let kinds: Vec<&str> = open["groups"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"prenatal_care") && !kinds.contains(&"hiv_tb_testing"), "{kinds:?}");

        // For a man who is not a veteran, none of those.
        let (status, his) = get(&app, &coordinator, &format!("{path}&per_kind=10&gender=male&veteran=false&age=34")).await;
        assert_eq!(status, 200, "{his}");
        for name in names(&his) {
            assert!(!name.contains("women") && !name.contains("veteran"), "{name}");
        }
        for g in his["groups"].as_array().unwrap() {
            let suggestions = g["suggestions"].as_array().unwrap();
            // Choices between organizations: no organization twice while others are left.
            let orgs: Vec<&str> = suggestions.iter().map(|s| s["listing"]["organization"]["id"].as_str().unwrap()).collect();
            let mut distinct = orgs.clone();
            distinct.sort();
            distinct.dedup();
            let mut leading = orgs[..distinct.len()].to_vec();
            leading.sort();
            leading.dedup();
            assert_eq!(leading.len(), distinct.len(), "{}: a second of one organization before a first of another: {orgs:?}", g["kind"]);
            if g["kind"] == "meetings" {
                for s in suggestions {
                    let text = format!("{} {}", s["listing"]["name"], s["listing"]["organization"]["name"]).to_lowercase();
                    for not_for_them in ["al-anon", "family", "grief", "nar-anon"] {
                        assert!(!text.contains(not_for_them), "{text}");
                    }
                }
            }
        }
        let (status, problem) = get(&app, &coordinator, &format!("{path}&gender=man")).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("gender")));
        let (status, problem) = get(&app, &coordinator, &format!("{path}&veteran=maybe")).await;
        assert_eq!((status, problem["parameter"].as_str()), (400, Some("veteran")));
    }
}
