//! The web page's sign-in over plain HTTP: an API key exchanged for a session cookie
//! (`Secure; HttpOnly; SameSite=Strict; Path=/`), stored hashed where every instance sees
//! it; a bad key is the sign-in page again, and failed attempts are limited like keys;
//! every form needs its CSRF token and a same-site `Origin`, and a refused one changes
//! nothing; sign-out ends the session on the server.

use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use waypoint_tests::{
    Role, TestApp, TestBackend, api_tests, postgres_or_skip, spawn_app, spawn_with,
};

/// A person's browser on the page: its cookies, kept by hand (they are `Secure`, and the
/// test speaks plain HTTP), and no redirect followed, so each answer can be read.
pub struct Visitor {
    /// The instance visited (the app's own, unless `at` moved it).
    pub base: String,
    pub client: reqwest::Client,
    pub cookies: Vec<(String, String)>,
}

/// An answer as a person's browser gets it.
pub struct Seen {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub html: String,
}

impl Seen {
    /// The `Set-Cookie` header that sets `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The first CSRF token of the page's forms.
    pub fn csrf(&self) -> String {
        let marker = r#"name="csrf" value=""#;
        let start = self.html.find(marker).expect("a form with a CSRF token") + marker.len();
        let end = self.html[start..].find('"').unwrap() + start;
        self.html[start..end].to_string()
    }
}

impl Visitor {
    pub fn new(app: &TestApp) -> Visitor {
        Visitor {
            base: app.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    /// The same browser (cookies and all) pointed at another instance.
    pub fn at(&mut self, base: &str) {
        self.base = base.to_string();
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn keep_cookies(&mut self, headers: &reqwest::header::HeaderMap) {
        for v in headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = v.split(';').next().unwrap_or("");
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !v.contains("Max-Age=0") {
                self.cookies.push((name.to_string(), value.to_string()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn seen(&mut self, res: reqwest::Response) -> Seen {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        self.keep_cookies(&headers);
        Seen {
            status,
            headers,
            html: res.text().await.unwrap_or_default(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Seen {
        let res = self
            .client
            .get(self.url(path))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .expect("the server answers");
        self.seen(res).await
    }

    /// Posts a form as a browser on the page does (its own origin).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Seen {
        let origin = self.base.clone();
        self.post_from(path, fields, Some(&origin)).await
    }

    pub async fn post_from(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Seen {
        let mut req = self
            .client
            .post(self.url(path))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields));
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        let res = req.send().await.expect("the server answers");
        self.seen(res).await
    }

    /// Signs in with `key` through the form; the answer to the form's post.
    pub async fn sign_in(&mut self, key: &str) -> Seen {
        let form = self.get("/sign-in?lang=en").await;
        assert_eq!(form.status, 200);
        let csrf = form.csrf();
        self.post("/sign-in", &[("csrf", &csrf), ("key", key), ("lang", "en")])
            .await
    }

    /// Signs in and opens the start page; its CSRF token.
    pub async fn signed_in(&mut self, key: &str) -> String {
        let answer = self.sign_in(key).await;
        assert_eq!(answer.status, 303, "{}", answer.html);
        let start = self.get("/partner?lang=en").await;
        assert_eq!(start.status, 200);
        start.csrf()
    }

    pub fn session(&self) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == "waypoint_session")
            .map(|(_, v)| v.as_str())
    }
}

/// Fields as a browser encodes a form.
fn form_body(fields: &[(&str, &str)]) -> String {
    let pairs: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    waypoint_indexer::params::query_string(&pairs)
}

fn consent_fields(csrf: &str) -> Vec<(&str, &str)> {
    vec![
        ("csrf", csrf),
        ("lang", "en"),
        ("client_reference", "client-web-1"),
        ("disclosing_party", "Testy McTestface Clinic"),
        ("treating_providers", "on"),
        ("information", "name, phone and the reason for referral"),
        ("element", "name"),
        ("element", "phone"),
        ("element", "reason"),
        ("purpose", "referral for treatment"),
        ("expires_on", "2030-01-01"),
        ("signed_on", "2026-11-01"),
        ("revocation", "any time, in writing"),
    ]
}

api_tests! {
    async fn signing_in_sets_a_secure_http_only_strict_session_cookie(backend) {
        let app = spawn_app(backend, false).await;
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let mut visitor = Visitor::new(&app);
        let answer = visitor.sign_in(&referrer.key).await;
        assert_eq!(answer.status, 303);
        assert_eq!(answer.location(), "/partner?lang=en");
        let cookie = answer.set_cookie("waypoint_session").expect("a session cookie");
        let parts: Vec<&str> = cookie.split("; ").collect();
        for wanted in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(parts.contains(&wanted), "{wanted} in {cookie}");
        }
        assert!(!cookie.contains(&referrer.key), "the key is not the session");
        let session = visitor.session().unwrap().to_string();
        // Stored hashed: the row does not hold the cookie's value.
        assert_eq!(app.count_rows("web_sessions"), 1);
        assert_eq!(
            app.count_rows(&format!("web_sessions WHERE id_hash = '{session}'")),
            0
        );

        let start = visitor.get("/partner?lang=en").await;
        assert_eq!(start.status, 200);
        assert!(start.html.contains("Signed in as <strong>Testy McTestface Clinic</strong> (referring partner)"), "{}", start.html);
        assert!(start.html.contains(r#"href="/partner/consents/new?lang=en""#));
        assert!(!start.html.contains(&referrer.key), "the key never shows on a page");
        assert_eq!(start.headers["cache-control"], "no-store");

        // Another browser without the cookie is sent to sign in.
        let mut stranger = Visitor::new(&app);
        let refused = stranger.get("/partner").await;
        assert_eq!(refused.status, 303);
        assert!(refused.location().starts_with("/sign-in"), "{}", refused.location());
    }

    async fn a_post_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing(backend) {
        let app = spawn_app(backend, false).await;
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let mut visitor = Visitor::new(&app);
        let csrf = visitor.signed_in(&referrer.key).await;

        let mut without = consent_fields(&csrf);
        without.retain(|(k, _)| *k != "csrf");
        let refused = visitor.post("/partner/consents", &without).await;
        assert_eq!(refused.status, 403);
        assert!(refused.html.contains("Nothing was changed"), "{}", refused.html);

        let wrong = consent_fields("not-the-token");
        assert_eq!(visitor.post("/partner/consents", &wrong).await.status, 403);

        // Another session's token does not do either.
        let mut other = Visitor::new(&app);
        let other_csrf = other.signed_in(&referrer.key).await;
        assert_ne!(other_csrf, csrf);
        assert_eq!(visitor.post("/partner/consents", &consent_fields(&other_csrf)).await.status, 403);

        // The right token from another site's page.
        let forged = visitor
            .post_from("/partner/consents", &consent_fields(&csrf), Some("https://evil.example"))
            .await;
        assert_eq!(forged.status, 403);
        assert_eq!(app.count_rows("consents"), 0, "no refused form changed anything");

        let recorded = visitor.post("/partner/consents", &consent_fields(&csrf)).await;
        assert_eq!(recorded.status, 201, "{}", recorded.html);
        assert!(recorded.html.contains("Consent recorded"));
        assert!(recorded.html.contains("42 CFR part 2 prohibits unauthorized use or disclosure"));
        assert_eq!(recorded.headers["cache-control"], "no-store");
        assert_eq!(app.count_rows("consents"), 1);
    }

    async fn signing_out_ends_the_session_on_the_server(backend) {
        let app = spawn_app(backend, false).await;
        let provider = app.partner("Fictional Outpatient Program", Role::Provider, &[]);
        let mut visitor = Visitor::new(&app);
        let csrf = visitor.signed_in(&provider.key).await;
        let kept = visitor.session().unwrap().to_string();

        // Sign-out is a form too.
        assert_eq!(visitor.post("/sign-out", &[("csrf", "wrong")]).await.status, 403);
        assert_eq!(app.count_rows("web_sessions"), 1);

        let out = visitor.post("/sign-out", &[("csrf", &csrf), ("lang", "en")]).await;
        assert_eq!(out.status, 303);
        assert_eq!(out.location(), "/sign-in?lang=en&signed_out=1");
        assert!(out.set_cookie("waypoint_session").unwrap().contains("Max-Age=0"));
        assert_eq!(app.count_rows("web_sessions"), 0);
        let page = visitor.get(out.location()).await;
        assert!(page.html.contains("You are signed out."));

        // The old cookie, replayed, no longer lets anyone in.
        visitor.cookies.push(("waypoint_session".into(), kept));
        let again = visitor.get("/partner").await;
        assert_eq!(again.status, 303);
        assert!(again.location().starts_with("/sign-in"));
    }

    async fn a_revoked_key_ends_its_sessions(backend) {
        let app = spawn_app(backend, false).await;
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let mut visitor = Visitor::new(&app);
        visitor.signed_in(&referrer.key).await;
        app.sql("UPDATE partner_keys SET revoked_at = '2026-11-01T00:00:00.000000Z'");
        let page = visitor.get("/partner").await;
        assert_eq!(page.status, 303);
    }
}

#[test]
fn a_bad_key_is_the_sign_in_page_again_and_attempts_are_limited() {
    waypoint_tests::run(async {
        let app = spawn_with(TestBackend::Sqlite, |s| {
            s.traffic.key_failures_burst = 2;
            s.traffic.key_failures_per_minute = 1;
        })
        .await;
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        let mut visitor = Visitor::new(&app);
        for _ in 0..2 {
            let refused = visitor.sign_in("wp_not-a-real-key").await;
            assert_eq!(refused.status, 401);
            assert!(
                refused
                    .html
                    .contains("That key is not valid or has been revoked."),
                "{}",
                refused.html
            );
            assert!(
                refused
                    .html
                    .contains(r#"<form class="sign-in" action="/sign-in" method="post">"#)
            );
            assert!(refused.set_cookie("waypoint_session").is_none());
            assert!(
                !refused.html.contains("wp_not-a-real-key"),
                "the key is not shown back"
            );
        }
        // Over the limit, even the right key waits.
        let limited = visitor.sign_in(&referrer.key).await;
        assert_eq!(limited.status, 429);
        assert!(limited.html.contains("Too many failed sign-in attempts"));
        assert_eq!(app.count_rows("web_sessions"), 0);

        // Spanish, and a form without its token is refused.
        let mut other = Visitor::new(&app);
        let page = other.get("/sign-in?lang=es").await;
        assert!(page.html.contains("Clave de API"));
        let forged = other.post("/sign-in", &[("key", &referrer.key)]).await;
        assert_eq!(forged.status, 403);
        assert_eq!(app.count_rows("web_sessions"), 0);
    });
}

#[test]
fn a_session_started_on_one_instance_is_known_to_another_on_the_same_postgresql() {
    if !postgres_or_skip("web_session::a_session_started_on_one_instance") {
        return;
    }
    waypoint_tests::run(async {
        let app = spawn_app(TestBackend::Postgres, false).await;
        let referrer = app.partner("Testy McTestface Clinic", Role::Referrer, &[]);
        // A second instance on the same database, with its own index.
        let index = tempfile::tempdir().unwrap();
        let mut settings = app.settings.clone();
        settings.index_dir = index.path().to_path_buf();
        settings.bind = "127.0.0.1:0".into();
        let second = waypoint_api::Application::build(&settings).expect("a second instance");
        let other = format!("http://127.0.0.1:{}", second.port());
        let stop = second.stop_handle();
        actix_web::rt::spawn(second.run_until_stopped());

        let mut visitor = Visitor::new(&app);
        visitor.signed_in(&referrer.key).await;
        visitor.at(&other);
        let there = visitor.get("/partner?lang=en").await;
        assert_eq!(there.status, 200, "{}", there.html);
        assert!(there.html.contains("Testy McTestface Clinic"));
        // Signed out there, it is over here too.
        let csrf = there.csrf();
        assert_eq!(
            visitor.post("/sign-out", &[("csrf", &csrf)]).await.status,
            303
        );
        assert!(visitor.session().is_none());
        assert_eq!(app.count_rows("web_sessions"), 0);
        stop.stop().await;
    });
}
