//! GET /v1/search with attribute filters and facets over real HTTP: attendance, free,
//! accepts, age, gender, moud, wheelchair, taxonomy terms; counts over the whole result;
//! and a problem naming the parameter for every unknown value.

use serde_json::{Value, json};
use waypoint_tests::{ALL_FIXTURE_FEEDS as FEEDS, TestApp, api_tests, sorted_names, spawn_app};

const VALLEY: &str = "Example Valley Recovery Center (fictional), Outpatient Program";
const HILLS: &str = "Example Hills Mental Health (fictional)";

async fn search(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/v1/search?{query}&per_page=100")).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

api_tests! {
    async fn attendance_says_how_people_can_take_part(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Hybrid meetings can be joined online too; the county line is a virtual location.
        let page = search(&app, "attendance=online").await;
        assert_eq!(sorted_names(&page), vec!["Example County Crisis Line (fictional)", "Example Hybrid Meeting", "Example Online Meeting"]);
        let page = search(&app, "attendance=hybrid").await;
        assert_eq!(sorted_names(&page), vec!["Example Hybrid Meeting"]);
        let page = search(&app, "attendance=in_person&category=support-groups").await;
        assert!(sorted_names(&page).contains(&"Example Hybrid Meeting".to_string()));
        assert!(!sorted_names(&page).contains(&"Example Online Meeting".to_string()));
    }

    async fn free_and_wheelchair(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Two free food services (cost option "Free", 0) and the seven recovery meetings.
        let page = search(&app, "free=true").await;
        assert_eq!(page["total_items"], 9, "{page}");
        let n = sorted_names(&page);
        assert!(n.contains(&"Harbor Example Food Pantry (fictional)".to_string()));
        assert!(n.contains(&"Example Community Food Bank (fictional)".to_string()));
        assert!(!n.contains(&VALLEY.to_string()));
        assert_eq!(search(&app, "free=false").await["total_items"], 20);
        let page = search(&app, "wheelchair=true").await;
        assert_eq!(sorted_names(&page), vec!["Example Step Study"]);
    }

    async fn accepts_and_moud_take_any_of_their_values(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        assert_eq!(sorted_names(&search(&app, "accepts=medicaid").await), vec![HILLS, VALLEY]);
        assert_eq!(sorted_names(&search(&app, "accepts=medicare").await), vec![VALLEY]);
        assert_eq!(sorted_names(&search(&app, "accepts=medicare&accepts=self_pay").await), vec![HILLS, VALLEY]);
        assert_eq!(sorted_names(&search(&app, "accepts=sliding_fee,military").await), vec![VALLEY]);
        assert_eq!(sorted_names(&search(&app, "moud=methadone").await), vec![VALLEY]);
        assert_eq!(sorted_names(&search(&app, "moud=naltrexone&accepts=medicaid").await), vec![VALLEY]);
        assert_eq!(search(&app, "moud=buprenorphine&category=mental-health").await["total_items"], 0);
    }

    async fn age_and_gender_leave_out_services_for_others(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Both Virginia facilities take adults only (18-64); the rest state no ages.
        let page = search(&app, "age=16").await;
        assert_eq!(page["total_items"], 18);
        assert!(!sorted_names(&page).contains(&VALLEY.to_string()));
        assert_eq!(search(&app, "age=30").await["total_items"], 20);
        assert_eq!(search(&app, "age=70").await["total_items"], 18);
        // The Saturday meeting is for women; the six other meetings are mixed, which is not
        // what `gender` asks of meetings. The 13 other services state no gender.
        let saturday = "Example Open Discussion (Saturday)".to_string();
        let page = search(&app, "gender=male").await;
        assert_eq!(page["total_items"], 13);
        assert!(!sorted_names(&page).contains(&saturday));
        let page = search(&app, "gender=female").await;
        assert_eq!(page["total_items"], 14);
        assert!(sorted_names(&page).contains(&saturday));
        for mixed in ["Example Hybrid Meeting", "Grupo Ejemplo", "Example Open Discussion"] {
            assert!(!sorted_names(&page).contains(&mixed.to_string()), "{mixed}");
        }
    }

    async fn taxonomy_term_ids_select_services(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        // Open Eligibility "Food Pantry" as services.json and the CSV datapackage name it.
        let pantry_term = "7165387f-2f37-5284-b50d-108fe5c5bdc5";
        let csv_term = "7d37b99d-a604-5931-b193-6db14a8d6a78";
        let page = search(&app, &format!("taxonomy_term_id={pantry_term}")).await;
        assert_eq!(sorted_names(&page), vec!["Harbor Example Food Pantry (fictional)"]);
        let page = search(&app, &format!("taxonomy_term_id={pantry_term}&taxonomy_term_id={csv_term}")).await;
        assert_eq!(page["total_items"], 2);
        assert_eq!(search(&app, "taxonomy_term_id=no-such-term").await["total_items"], 0);
    }

    async fn facets_count_the_whole_result(backend) {
        let app = spawn_app(backend, false).await;
        app.load(&FEEDS);
        let page = app.get("/v1/search?facets=category,language,attendance,free,accepts,moud,wheelchair,gender&per_page=1").await;
        assert_eq!(page.status(), 200);
        let page: Value = page.json().await.unwrap();
        assert_eq!(page["size"], 1);
        let facets = &page["facets"];
        assert_eq!(facets["category"]["support-groups"], 8, "{facets}");
        assert_eq!(facets["category"]["food"], 2);
        assert_eq!(facets["language"]["es"], 3, "{facets}");
        assert_eq!(facets["attendance"]["hybrid"], 1);
        assert_eq!(facets["free"], json!({"true": 9}));
        assert_eq!(facets["wheelchair"], json!({"true": 1}));
        assert_eq!(facets["accepts"]["medicaid"], 2);
        assert_eq!(facets["moud"], json!({"buprenorphine": 1, "methadone": 1, "naltrexone": 1}));
        assert_eq!(facets["gender"], json!({"female": 1}));
        // Counts follow the filters.
        let page = search(&app, "category=food&facets=language,free").await;
        assert_eq!(page["facets"]["free"], json!({"true": 2}));
        assert_eq!(page["facets"]["language"]["es"], 1);
        // No facets asked, none answered.
        assert!(search(&app, "q=pantry").await.get("facets").is_none());
    }

    async fn unknown_filter_values_are_problems_naming_them(backend) {
        let app = spawn_app(backend, false).await;
        for (query, parameter) in [
            ("attendance=telepathy", "attendance"),
            ("free=maybe", "free"),
            ("accepts=bitcoin", "accepts"),
            ("accepts=medicaid,bitcoin", "accepts"),
            ("age=-1", "age"),
            ("age=old", "age"),
            ("age=500", "age"),
            ("gender=robot", "gender"),
            ("moud=aspirin", "moud"),
            ("wheelchair=sometimes", "wheelchair"),
            ("facets=colour", "facets"),
            ("facets=category,shoe_size", "facets"),
        ] {
            let res = app.get(&format!("/v1/search?{query}")).await;
            assert_eq!(res.status(), 400, "{query}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["parameter"], parameter, "{query}: {problem}");
            assert!(problem["detail"].as_str().unwrap().len() > 5);
        }
    }
}
