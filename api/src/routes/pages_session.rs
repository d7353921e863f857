//! The signed-in part's door: `/sign-in` (an API key exchanged for a session cookie,
//! failed attempts limited like API keys), `/sign-out` (the session ended on the server)
//! and `/partner` (the start page); and `SignedIn`, how every signed-in page finds its
//! partner and checks a form's CSRF token and `Origin`. Pages, not API operations: they
//! are not in the OpenAPI document.

use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, HttpResponseBuilder};

use super::pages::{html, language};
use crate::auth::{Caller, keys};
use crate::error::ApiError;
use crate::state::AppState;
use crate::traffic::RateLimiter;
use crate::traffic::client::ClientAddress;
use crate::web::fields::Fields;
use crate::web::form::pairs;
use crate::web::partner::Account;
use crate::web::session::{self, CSRF_FIELD, SESSION_COOKIE, SIGN_IN_COOKIE};
use crate::web::session_store;
use crate::web::signin::{self, SignInNote};
use crate::web::text::Lang;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/sign-in")
            .route(web::get().to(sign_in_form))
            .route(web::post().to(sign_in)),
    )
    .service(web::resource("/sign-out").route(web::post().to(sign_out)))
    .service(web::resource("/partner").route(web::get().to(start)));
}

/// A partner signed in on this request, with the page's language.
pub struct SignedIn {
    pub caller: Caller,
    pub lang: Lang,
    /// The session id from the cookie (never stored; its CSRF token is derived from it).
    id: String,
}

impl SignedIn {
    pub fn account(&self) -> Account {
        Account {
            name: self.caller.name.clone(),
            role: self.caller.role,
            csrf: session::csrf_token(&self.id),
        }
    }
}

/// A signed-in page's answer: HTML, never stored by a browser or a proxy (it can hold
/// client details).
pub fn private_page(status: StatusCode, lang: Lang, body: String) -> HttpResponse {
    html(status, Some(lang))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// 303 to `to` (after a form, so a reload does not send it again).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

fn header_text(req: &HttpRequest, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn cookie<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    session::cookie_value(header_text(req, header::COOKIE)?, name)
}

/// The language a signed-in page asks for: `lang` in its query string, else the usual.
fn page_language(req: &HttpRequest, form: Option<&Fields>) -> Lang {
    let asked = form
        .and_then(|f| f.get("lang"))
        .map(str::to_string)
        .or_else(|| {
            pairs(req.query_string())
                .into_iter()
                .find(|(k, _)| k == "lang")
                .map(|(_, v)| v)
        })
        .and_then(|v| Lang::parse(&v));
    language(req, asked)
}

/// The partner behind the request's session cookie, or the answer that sends the person
/// to sign in (their session ended, or they never signed in).
pub async fn signed_in(req: &HttpRequest, state: &AppState) -> Result<SignedIn, HttpResponse> {
    signed_in_as(req, state, None).await
}

/// The partner signed in on this request, if any (public pages that add to what a
/// signed-in partner sees, like the search's Refer links).
pub async fn maybe_signed_in(req: &HttpRequest, state: &AppState) -> Option<SignedIn> {
    cookie(req, SESSION_COOKIE)?;
    signed_in(req, state).await.ok()
}

async fn signed_in_as(
    req: &HttpRequest,
    state: &AppState,
    form: Option<&Fields>,
) -> Result<SignedIn, HttpResponse> {
    let lang = page_language(req, form);
    let to_sign_in = || see_other(&format!("/sign-in?lang={}&ended=1", lang.code()));
    let Some(id) = cookie(req, SESSION_COOKIE).map(str::to_string) else {
        return Err(to_sign_in());
    };
    let id_hash = session::id_hash(&id);
    let now = chrono::Utc::now();
    let lookup = id_hash.clone();
    let found = state
        .db
        .read(move |c| session_store::find(c, &lookup, now))
        .await;
    match found {
        Ok(Some(found)) => {
            if found.needs_touch {
                // A lost touch only shortens the session; the page goes on.
                let _ = state
                    .db
                    .write(move |c| session_store::touch(c, &id_hash, now))
                    .await;
            }
            Ok(SignedIn {
                caller: found.caller,
                lang,
                id,
            })
        }
        Ok(None) => Err(to_sign_in()),
        Err(e) => Err(problem_page(lang, &e)),
    }
}

/// The session of a posted form, after checking its `Origin` and CSRF token; the form's
/// fields. A form that fails either check is refused (403) and changes nothing.
pub async fn signed_form(
    req: &HttpRequest,
    state: &AppState,
    body: &Bytes,
) -> Result<(SignedIn, Fields), HttpResponse> {
    let fields = Fields::parse(body);
    let signed = signed_in_as(req, state, Some(&fields)).await?;
    if !same_origin(req) || !session::csrf_matches(&signed.id, fields.get(CSRF_FIELD)) {
        let lang = signed.lang;
        let account = signed.account();
        let main = format!(
            "<h1>{}</h1>{}",
            lang.p().could_not,
            crate::web::partner::done(lang.p().form_refused)
        );
        let page =
            crate::web::partner::frame(lang, &account, lang.p().could_not, "/partner", &main);
        return Err(private_page(StatusCode::FORBIDDEN, lang, page));
    }
    Ok((signed, fields))
}

fn same_origin(req: &HttpRequest) -> bool {
    session::origin_allowed(
        header_text(req, header::ORIGIN),
        header_text(req, header::HOST),
        req.headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok()),
    )
}

/// A page for an error that is no one's doing (the database away): a message, not a 500
/// body of problem JSON.
fn problem_page(lang: Lang, e: &ApiError) -> HttpResponse {
    let (status, message) = crate::web::partner::error_box(lang, e);
    let page = crate::web::page::frame(lang, lang.p().could_not, "/", &message, false);
    private_page(status, lang, page)
}

/// The sign-in form's answer with its CSRF secret cookie (kept when the browser has one).
fn sign_in_answer(
    req: &HttpRequest,
    status: StatusCode,
    lang: Lang,
    note: SignInNote<'_>,
) -> HttpResponse {
    let secret = cookie(req, SIGN_IN_COOKIE)
        .map(str::to_string)
        .unwrap_or_else(session::new_id);
    let page = signin::sign_in_page(lang, &session::csrf_token(&secret), note);
    let mut res: HttpResponseBuilder = html(status, Some(lang));
    res.insert_header((header::CACHE_CONTROL, "no-store"));
    res.append_header((header::SET_COOKIE, session::sign_in_cookie(&secret)));
    res.body(page)
}

/// `GET /sign-in`.
async fn sign_in_form(req: HttpRequest) -> HttpResponse {
    let lang = page_language(&req, None);
    let query = pairs(req.query_string());
    let has = |name: &str| query.iter().any(|(k, _)| k == name);
    let note = if has("signed_out") {
        SignInNote::Info(lang.p().signed_out)
    } else if has("ended") {
        SignInNote::Info(lang.p().session_ended)
    } else {
        SignInNote::None
    };
    sign_in_answer(&req, StatusCode::OK, lang, note)
}

/// `POST /sign-in`: the key checked as an API key is (and failures counted against the
/// address the same way), then a new session; the key itself is not kept.
async fn sign_in(req: HttpRequest, state: web::Data<AppState>, body: Bytes) -> HttpResponse {
    let fields = Fields::parse(&body);
    let lang = page_language(&req, Some(&fields));
    let p = lang.p();
    let form_ok = cookie(&req, SIGN_IN_COOKIE)
        .is_some_and(|secret| session::csrf_matches(secret, fields.get(CSRF_FIELD)));
    if !same_origin(&req) || !form_ok {
        return sign_in_answer(
            &req,
            StatusCode::FORBIDDEN,
            lang,
            SignInNote::Problem(p.form_refused),
        );
    }
    let limiter = req.app_data::<web::Data<RateLimiter>>().cloned();
    let client = req.extensions().get::<ClientAddress>().copied();
    if let (Some(limiter), Some(ClientAddress(client))) = (&limiter, client)
        && limiter
            .refuse_after_failed_keys(client, Instant::now())
            .is_err()
    {
        return sign_in_answer(
            &req,
            StatusCode::TOO_MANY_REQUESTS,
            lang,
            SignInNote::Problem(p.too_many_attempts),
        );
    }
    let key = fields.text("key");
    let key_hash = keys::hash(&key);
    let found = if key.is_empty() {
        Err(ApiError::Unauthorized("no key".into()))
    } else {
        state.db.read(move |c| Caller::authenticate(c, &key)).await
    };
    let caller = match found {
        Ok(caller) => caller,
        Err(ApiError::Unauthorized(_)) => {
            if let (Some(limiter), Some(ClientAddress(client))) = (&limiter, client) {
                limiter.key_refused(client, &key_hash, Instant::now());
            }
            return sign_in_answer(
                &req,
                StatusCode::UNAUTHORIZED,
                lang,
                SignInNote::Problem(p.bad_key),
            );
        }
        Err(e) => return problem_page(lang, &e),
    };
    if let Some(limiter) = &limiter {
        limiter.key_accepted(&key_hash);
    }
    let id = session::new_id();
    let id_hash = session::id_hash(&id);
    let now = chrono::Utc::now();
    let started = state
        .db
        .write(move |c| session_store::start(c, &id_hash, &caller, &key_hash, now))
        .await;
    if let Err(e) = started {
        return problem_page(lang, &e);
    }
    let mut res = see_other(&format!("/partner?lang={}", lang.code()));
    let headers = res.headers_mut();
    for value in [
        session::session_cookie(&id),
        format!("{SIGN_IN_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    res
}

/// `POST /sign-out`: the session is deleted on the server and its cookie cleared.
async fn sign_out(req: HttpRequest, state: web::Data<AppState>, body: Bytes) -> HttpResponse {
    let fields = Fields::parse(&body);
    let lang = page_language(&req, Some(&fields));
    if cookie(&req, SESSION_COOKIE).is_some() {
        // An ended session has nothing to end (the answer sends to sign-in); a forged
        // form is refused.
        let signed = match signed_form(&req, &state, &body).await {
            Ok((signed, _)) => signed,
            Err(res) => return res,
        };
        let id_hash = session::id_hash(&signed.id);
        if let Err(e) = state
            .db
            .write(move |c| session_store::end(c, &id_hash))
            .await
        {
            return problem_page(lang, &e);
        }
    }
    let mut res = see_other(&format!("/sign-in?lang={}&signed_out=1", lang.code()));
    if let Ok(v) = HeaderValue::from_str(&session::cleared_session_cookie()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// `GET /partner`: what the signed-in partner's role can do.
async fn start(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match signed_in(&req, &state).await {
        Ok(signed) => private_page(
            StatusCode::OK,
            signed.lang,
            signin::start_page(signed.lang, &signed.account()),
        ),
        Err(res) => res,
    }
}
