//! The web page's routes: `/` (search), `/sheet` and `/sheet.txt` (the resource sheet)
//! and the page's assets. Each handler reads its query string (these are pages, not API
//! operations: they are not in the OpenAPI document), calls one function of
//! `crate::web::find`, and renders. The page's language is `lang`, else the cookie that
//! keeps it, else the browser's; a search that cannot run is a message on the page.

use actix_web::http::{StatusCode, header};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, ResponseError, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::gate::require_key_for_listings;
use crate::state::AppState;
use crate::web::assets;
use crate::web::find;
use crate::web::form::SearchForm;
use crate::web::page::{self, Outcome};
use crate::web::sheet::{self, SheetForm};
use crate::web::text::{LANG_COOKIE, Lang};

/// The pages are for people, not operations of the API: registered outside the
/// OpenAPI document.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.map(configure_pages);
}

fn configure_pages(cfg: &mut web::ServiceConfig) -> &mut web::ServiceConfig {
    // The pages show listings: behind the same gate as `/v1/search`.
    for (path, handler) in [("/", 0), ("/sheet", 1), ("/sheet.txt", 2)] {
        let resource = web::resource(path)
            .wrap(from_fn(require_key_for_listings))
            .wrap(Compress::default());
        // HEAD too (link checkers): actix answers it without the body.
        cfg.service(match handler {
            0 => resource
                .route(web::get().to(home))
                .route(web::head().to(home)),
            1 => resource
                .route(web::get().to(sheet_page))
                .route(web::head().to(sheet_page)),
            _ => resource
                .route(web::get().to(sheet_text))
                .route(web::head().to(sheet_text)),
        });
    }
    // The signed-in part: sessions, then each role's pages.
    super::pages_session::configure(cfg);
    super::pages_referrals::configure(cfg);
    super::pages_programs::configure(cfg);
    cfg.service(web::resource(assets::STYLE_PATH).route(web::get().to(style)))
        .service(web::resource(assets::SCRIPT_PATH).route(web::get().to(script)))
        .service(web::resource(assets::ICON_PATH).route(web::get().to(icon)))
}

/// `/`: the search form, and the results of what it holds.
async fn home(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let form = SearchForm::parse(req.query_string());
    let lang = language(&req, form.lang);
    let outcome = if form.is_empty() {
        Outcome::Start
    } else {
        match find::search(&state, &form, chrono::Utc::now()).await {
            Ok(found) => Outcome::Found(Box::new(found)),
            Err(e) => Outcome::Failed(e),
        }
    };
    let status = match &outcome {
        Outcome::Failed(e) => e.status_code(),
        _ => StatusCode::OK,
    };
    let can_refer = super::pages_session::maybe_signed_in(&req, &state)
        .await
        .is_some_and(|s| s.caller.is(crate::auth::Role::Referrer));
    html(status, form.lang).body(page::search_page(lang, &form, &outcome, can_refer))
}

/// `/sheet?id=…&id=…`: the picked listings, to print or to copy as a text message.
async fn sheet_page(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let form = SheetForm::parse(req.query_string());
    let lang = language(&req, form.lang);
    match find::sheet(&state, &form.ids, chrono::Utc::now()).await {
        Ok(found) => html(StatusCode::OK, form.lang).body(sheet::sheet_page(lang, &form, &found)),
        Err(e) => html(e.status_code(), form.lang).body(page::search_page(
            lang,
            &SearchForm::default(),
            &Outcome::Failed(e),
            false,
        )),
    }
}

/// `/sheet.txt?id=…`: the sheet's text version alone.
async fn sheet_text(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let form = SheetForm::parse(req.query_string());
    let lang = language(&req, form.lang);
    match find::sheet(&state, &form.ids, chrono::Utc::now()).await {
        Ok(found) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(sheet::text_version(lang, &found, &form.note)),
        Err(e) => e.error_response(),
    }
}

async fn style() -> HttpResponse {
    asset("text/css; charset=utf-8", assets::STYLE)
}

async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", assets::SCRIPT)
}

async fn icon() -> HttpResponse {
    asset("image/svg+xml", assets::ICON)
}

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

/// A page's answer: HTML, its Content-Security-Policy, and the language cookie when
/// `lang` chose one.
pub(crate) fn html(status: StatusCode, chosen: Option<Lang>) -> HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            assets::CONTENT_SECURITY_POLICY,
        ));
    if let Some(lang) = chosen {
        response.insert_header((
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
                lang.code()
            ),
        ));
    }
    response
}

/// The page's language: `lang`, else the cookie, else the browser's first language.
pub(crate) fn language(req: &HttpRequest, asked: Option<Lang>) -> Lang {
    if let Some(lang) = asked {
        return lang;
    }
    let header_text = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let kept = header_text(header::COOKIE)
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value));
    kept.unwrap_or_else(|| Lang::from_accept_language(header_text(header::ACCEPT_LANGUAGE)))
}
