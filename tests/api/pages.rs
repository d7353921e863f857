//! The web page over plain HTTP (the browser flows are `tests/browser.rs`): what a person
//! sees in the HTML of `/`, `/sheet` and `/sheet.txt`, in English and Spanish; errors as
//! messages on the page; listings' text escaped; the page's own assets and its
//! Content-Security-Policy.

use waypoint_api::web::assets::SCRIPT_PATH;
use waypoint_tests::{TestApp, TestBackend, run, spawn_app};

async fn page(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.expect("a body"))
}

/// The names of the result cards, in order.
fn card_names(html: &str) -> Vec<String> {
    html.split("<li class=\"card\">")
        .skip(1)
        .filter_map(|card| {
            let start = card.find("<h3")?;
            let open = card[start..].find('>')? + start + 1;
            let end = card[open..].find("</h3>")? + open;
            Some(card[open..end].to_string())
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn the_page_lists_what_the_search_finds_in_the_same_order() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let (status, headers, html) = page(&app, "/?q=food&near=21202&lang=en").await;
        assert_eq!(status, 200);
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
            "{csp}"
        );
        assert!(
            !html.contains("<script"),
            "the results page needs no script"
        );
        assert!(!html.contains("style=\""), "no inline style");
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        let api = app.search("q=food&near=21202").await;
        let expected: Vec<String> = api["contents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        let names: Vec<String> = card_names(&html).iter().map(|n| unescape(n)).collect();
        assert!(names.len() >= 2, "{html}");
        assert_eq!(names, expected);
        assert!(html.contains("Baltimore, MD 21202"), "the place understood");
        assert!(html.contains("href=\"tel:"), "tap to call");
        assert!(
            html.contains("https:&#x2F;&#x2F;www.openstreetmap.org&#x2F;directions?route=%3B39.")
        );
        assert!(html.contains(" mi away"));
        assert!(html.contains("<label for=\"q\">What do you need?</label>"));
        assert!(html.contains("<main id=\"main\""));
        assert!(html.len() < 60 * 1024, "{} bytes", html.len());
        // A second page links back and forth.
        let (_, _, all) = page(&app, "/?category=food&near=21202&lang=en").await;
        if all.contains("rel=\"next\"") {
            let (status, _, second) = page(&app, "/?category=food&near=21202&page=2&lang=en").await;
            assert_eq!(status, 200);
            assert!(second.contains("rel=\"prev\""));
        }
    });
}

#[test]
fn crisis_words_show_crisis_help_first_in_the_pages_language() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let (_, _, html) = page(
            &app,
            "/?q=i%20want%20to%20end%20my%20life&near=19106&lang=en",
        )
        .await;
        let help = html.find("<section class=\"crisis\"").expect("crisis help");
        let results = html.find("<section class=\"results\"").expect("results");
        assert!(help < results);
        let crisis = &html[help..results];
        for link in ["href=\"tel:988\"", "href=\"sms:988\"", "href=\"tel:911\""] {
            assert!(crisis.contains(link), "{link}");
        }
        assert!(crisis.find("tel:988").unwrap() < crisis.find("tel:911").unwrap());
        assert!(
            card_names(&html)[0].contains("988"),
            "{:?}",
            card_names(&html)
        );
        // An overdose: 911 first.
        let (_, _, html) = page(&app, "/?q=my%20friend%20is%20overdosing&near=21202&lang=en").await;
        let crisis = &html[html.find("class=\"crisis\"").expect("crisis help")..];
        assert!(crisis.find("tel:911").unwrap() < crisis.find("tel:988").unwrap());
        // In Spanish.
        let (_, _, html) = page(&app, "/?q=me%20quiero%20suicidar&near=92701&lang=es").await;
        assert!(html.contains("<html lang=\"es\">"));
        assert!(html.contains("Ayuda ahora mismo") && html.contains("marque 2 para español"));
        assert!(html.contains("Llamar al 988"));
        // Ordinary words: none.
        let (_, _, html) = page(&app, "/?q=food&near=21202").await;
        assert!(!html.contains("class=\"crisis\""));
    });
}

#[test]
fn the_language_is_switched_remembered_and_guessed() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let (_, headers, html) = page(&app, "/?lang=es").await;
        assert!(html.contains("<html lang=\"es\">") && html.contains("¿Qué necesita?"));
        let cookie = headers["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("waypoint_lang=es;"), "{cookie}");
        assert!(html.contains("hreflang=\"en\">English</a>"));
        for (header, value) in [
            ("cookie", "other=1; waypoint_lang=es"),
            ("accept-language", "es-US,es;q=0.9"),
        ] {
            let html = app
                .client
                .get(app.url("/"))
                .header(header, value)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(html.contains("<html lang=\"es\">"), "{header}: {value}");
        }
        let (_, headers, html) = page(&app, "/").await;
        assert!(html.contains("<html lang=\"en\">") && html.contains("What do you need?"));
        assert!(headers.get("set-cookie").is_none());
    });
}

#[test]
fn a_search_that_cannot_run_is_a_message_never_a_server_error() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let (status, _, html) = page(&app, "/?q=food&near=Springfield&lang=en").await;
        assert_eq!(status, 400);
        assert!(html.contains("We could not search that"));
        assert!(html.contains("Did you mean:"));
        assert!(
            html.contains("near=Springfield%2C%20"),
            "candidates search there"
        );
        for path in [
            "/?near=00000",
            "/?category=nonsense",
            "/?q=%ff%fe",
            "/?page=0&q=food",
            "/?page=999999999999&q=food",
            "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/?category=food&category=food&open_now=yes&free=maybe&has_capacity=1&today=1",
            "/?lang=xx&q=food",
            "/sheet",
            "/sheet?id=nothing",
            "/sheet?id=%00&id=,,,&note=%3Cb%3E",
            "/sheet.txt?id=",
        ] {
            let (status, _, body) = page(&app, path).await;
            assert!(status < 500, "{path}: {status}");
            assert!(!body.contains("<script>alert"), "{path}: escaped");
        }
        let (_, _, html) = page(&app, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    });
}

#[test]
fn a_sheet_lists_the_picked_listings_to_print_and_to_text() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let api = app.search("q=food&near=21202").await;
        let picked: Vec<(String, String)> = api["contents"].as_array().unwrap()[..2]
            .iter()
            .map(|c| {
                let ids: Vec<&str> = c["service_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_str().unwrap())
                    .collect();
                (c["name"].as_str().unwrap().to_string(), ids.join(","))
            })
            .collect();
        // Picked second first: the sheet keeps the order they were picked in.
        let query = format!(
            "id={}&id={}&note=Ask%20for%20Dana&lang=en",
            picked[1].1, picked[0].1
        );
        let (status, headers, html) = page(&app, &format!("/sheet?{query}")).await;
        assert_eq!(status, 200);
        assert!(headers.contains_key("content-security-policy"));
        assert_eq!(headers["cache-control"], "no-store");
        assert!(html.contains("<h1>Resource sheet</h1>"));
        let first = html.find(&format!("<li><h2>{}", picked[1].0.replace('&', "&amp;")));
        let second = html.find(&format!("<li><h2>{}", picked[0].0.replace('&', "&amp;")));
        assert!(
            first.is_some() && second.is_some() && first < second,
            "{html}"
        );
        assert!(html.contains("<p class=\"note\">Ask for Dana</p>"));
        assert!(html.contains(&format!(r#"<script src="{SCRIPT_PATH}" defer></script>"#)));
        let (status, headers, text) = page(&app, &format!("/sheet.txt?{query}")).await;
        assert_eq!(status, 200);
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        assert!(text.starts_with("Ask for Dana\n\n1. "), "{text}");
        assert!(text.contains(&format!("1. {}\n", picked[1].0)), "{text}");
        assert!(text.contains(&format!("2. {}\n", picked[0].0)), "{text}");
        assert!(text.ends_with("Crisis: call or text 988. Emergency: 911."));
        assert!(
            text.chars().count() < 800,
            "sized for a text message: {text}"
        );
        let (_, _, none) = page(&app, "/sheet?lang=en").await;
        assert!(none.contains("No listing was chosen"));
    });
}

#[test]
fn the_pages_assets_are_served_by_waypoint() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, false).await;
        let (_, _, html) = page(&app, "/").await;
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/assets/waypoint-2.css\">"));
        let head = app.client.head(app.url("/")).send().await.unwrap();
        assert_eq!(head.status(), 200);
        assert!(
            !html.contains("http://") && !html.contains("//cdn"),
            "nothing from elsewhere"
        );
        for (path, kind) in [
            ("/assets/waypoint-2.css", "text/css"),
            (SCRIPT_PATH, "text/javascript"),
        ] {
            let (status, headers, body) = page(&app, path).await;
            assert_eq!(status, 200, "{path}");
            assert!(headers["content-type"].to_str().unwrap().starts_with(kind));
            assert!(
                headers["cache-control"]
                    .to_str()
                    .unwrap()
                    .contains("max-age")
            );
            assert!(
                !body.contains("@import") && !body.contains("url(http"),
                "{path}"
            );
        }
    });
}

#[test]
fn an_online_meetings_card_joins_by_link_and_by_one_tap_dial_in() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        let api = app
            .search("near=19106&attendance=online&category=support-groups&per_page=100")
            .await;
        let meeting = api["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                let plain = c["name"]
                    .as_str()
                    .is_some_and(|n| n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == ' '));
                plain
                    && c["join"]["url"].is_string()
                    && c["join"]["meeting_id"].is_string()
                    && c["join"]["phone"]
                        .as_str()
                        .is_some_and(|p| !p.contains(','))
            })
            .expect("an online meeting with a link and a dial-in");
        let name = meeting["name"].as_str().unwrap();
        let (_, _, html) = page(
            &app,
            &format!("/?q={}&near=19106&lang=en", name.replace(' ', "%20")),
        )
        .await;
        let card = html
            .split("<li class=\"card\">")
            .skip(1)
            // A group can also meet in person under the same name: its online card.
            .find(|c| c.contains(&format!(">{name}</h3>")) && c.contains("Join online"))
            .expect("its card");
        let url = meeting["join"]["url"]
            .as_str()
            .unwrap()
            .replace('/', "&#x2F;");
        assert!(
            card.contains(&format!("href=\"{url}\">Join online</a>")),
            "{card}"
        );
        let dial = format!(
            "tel:{},,{}#",
            meeting["join"]["phone"].as_str().unwrap(),
            meeting["join"]["meeting_id"].as_str().unwrap()
        );
        assert!(
            card.contains(&format!("href=\"{dial}\">Join by phone")),
            "{card}"
        );
    });
}

#[test]
fn the_spanish_page_explains_thin_answers_and_places_in_spanish() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        // A word no listing holds is left out, and the page says so in its language.
        let (status, _, es) = page(&app, "/?q=food+zqxvw&lang=es").await;
        assert_eq!(status, 200);
        assert!(
            es.contains(
                "Ningún servicio de aquí coincide con “zqxvw”, así que no se usó en la búsqueda."
            ),
            "{es}"
        );
        let (_, _, en) = page(&app, "/?q=food+zqxvw&lang=en").await;
        assert!(
            en.contains("No listing here matches “zqxvw”, so it was left out of the search."),
            "{en}"
        );
        // The API's own sentence names its parameters; the page's never does.
        for html in [&es, &en] {
            assert!(!html.contains("radius_km"));
        }
        // A place the page does not know, and one several cities share.
        let (status, _, unknown) = page(&app, "/?q=food&near=00000&lang=es").await;
        assert_eq!(status, 400);
        assert!(unknown.contains("No conocemos ese lugar."), "{unknown}");
        assert!(!unknown.contains("is not a known US ZIP code"), "{unknown}");
        let (_, _, ambiguous) = page(&app, "/?q=food&near=Springfield&lang=es").await;
        assert!(
            ambiguous.contains("Varias ciudades tienen ese nombre."),
            "{ambiguous}"
        );
        assert!(
            ambiguous.contains("near=Springfield%2C%20"),
            "its candidates still search there"
        );
    });
}

#[test]
fn a_search_near_the_browsers_location_reads_as_near_you() {
    run(async {
        let app = spawn_app(TestBackend::Sqlite, true).await;
        // Baltimore's Inner Harbor, as the page's script sends it (three decimals).
        let (status, _, es) = page(&app, "/?q=food&lat=39.286&lon=-76.608&lang=es").await;
        assert_eq!(status, 200, "{es}");
        assert!(es.contains("· cerca de usted)"), "{es}");
        assert!(es.contains("Buscando cerca de su ubicación."), "{es}");
        assert!(!card_names(&es).is_empty(), "{es}");
        // The switch to English keeps the location.
        assert!(
            es.contains("lat=39.286&amp;lon=-76.608&amp;lang=en"),
            "{es}"
        );
        // A results page loads no script, so its button stays hidden; the start page
        // loads the script that shows it.
        assert!(
            es.contains("data-locate ") && es.contains(" hidden>Usar mi ubicación</button>"),
            "{es}"
        );
        assert!(!es.contains("<script"), "{es}");
        let (_, _, start) = page(&app, "/?lang=es").await;
        let script = format!(r#"<script src="{SCRIPT_PATH}" defer></script>"#);
        assert!(start.contains(&script), "{start}");
        // A typed place wins over a location left in the form.
        let (_, _, typed) = page(&app, "/?q=food&near=21202&lat=1&lon=1&lang=en").await;
        assert!(!typed.contains("near you"), "{typed}");
        assert!(!card_names(&typed).is_empty(), "{typed}");
    });
}
