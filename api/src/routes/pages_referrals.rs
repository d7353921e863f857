//! The referral pages: a referrer records a consent and refers from a search result;
//! both sides see their referrals, each with its history and notes, and make the moves
//! their side may make (a receiving program also records contact attempts). Each handler
//! reads the form, calls the same domain action as the `/v1` handler, and renders the
//! answer; a refusal is a message on the page, and nothing changes.

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::pages_session::{SignedIn, private_page, see_other, signed_form, signed_in};
use crate::consent::actions as consents;
use crate::error::ApiError;
use crate::idempotency;
use crate::referrals::actions::{create, list, notes, read, status};
use crate::referrals::model::NewNote;
use crate::referrals::transitions::Side;
use crate::state::AppState;
use crate::web::fields::Fields;
use crate::web::form::pairs;
use crate::web::partner::{self, error_box};
use crate::web::referral_form::{self, Target};
use crate::web::referral_pages::{self, Shown};
use crate::web::{consent_page, referral_moves};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/partner/consents/new").route(web::get().to(consent_form)))
        .service(web::resource("/partner/consents").route(web::post().to(record_consent)))
        .service(web::resource("/partner/referrals/new").route(web::get().to(referral_form)))
        .service(
            web::resource("/partner/referrals")
                .route(web::get().to(referrals))
                .route(web::post().to(send_referral)),
        )
        .service(web::resource("/partner/referrals/{id}").route(web::get().to(referral)))
        .service(
            web::resource("/partner/referrals/{id}/status").route(web::post().to(change_status)),
        )
        .service(web::resource("/partner/referrals/{id}/notes").route(web::post().to(add_note)))
        .service(
            web::resource("/partner/referrals/{id}/contact-attempts")
                .route(web::post().to(contact_attempt)),
        );
}

fn query_fields(req: &HttpRequest) -> Fields {
    Fields::from_pairs(pairs(req.query_string()))
}

/// `GET /partner/consents/new`.
async fn consent_form(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let page = consent_page::form_page(s.lang, &s.account(), None, "");
    private_page(StatusCode::OK, s.lang, page)
}

/// `POST /partner/consents`: `consent::actions::record`, as `POST /v1/consents`.
async fn record_consent(req: HttpRequest, state: web::Data<AppState>, body: Bytes) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let request = consent_page::request_of(&fields);
    let caller = s.caller.clone();
    match state
        .db
        .write(move |c| consents::record(c, &caller, request))
        .await
    {
        Ok(consent) => private_page(
            StatusCode::CREATED,
            s.lang,
            consent_page::recorded_page(s.lang, &s.account(), &consent),
        ),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            let page = consent_page::form_page(s.lang, &s.account(), Some(&fields), &message);
            private_page(status, s.lang, page)
        }
    }
}

/// The referral form for a target, with the referrer's consents in force.
async fn referral_form_page(
    s: &SignedIn,
    state: &AppState,
    target: &Target,
    sent: Option<&Fields>,
    problem: Option<&ApiError>,
) -> HttpResponse {
    let caller = s.caller.clone();
    let found = state
        .db
        .read(move |c| consents::in_force(c, &caller, 50))
        .await;
    let (consents, mut status, mut message) = match found {
        Ok(list) => (list, StatusCode::OK, String::new()),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            (Vec::new(), status, message)
        }
    };
    if let Some(e) = problem {
        (status, message) = error_box(s.lang, e);
    }
    let page = referral_form::form_page(s.lang, &s.account(), target, &consents, sent, &message);
    private_page(status, s.lang, page)
}

/// `GET /partner/referrals/new?service_at_location_id=…&name=…`.
async fn referral_form(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let target = Target::of(&query_fields(&req));
    referral_form_page(&s, &state, &target, None, None).await
}

/// `POST /partner/referrals`: `referrals::actions::create` under the form's own
/// Idempotency-Key, as `POST /v1/referrals`; then the new referral's page.
async fn send_referral(req: HttpRequest, state: web::Data<AppState>, body: Bytes) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let request = referral_form::request_of(&fields);
    let key = fields.text("idempotency_key");
    let fingerprint = idempotency::fingerprint("POST /v1/referrals", &json!(request));
    let caller = s.caller.clone();
    let made = if key.is_empty() {
        Err(ApiError::invalid(
            "idempotency_key",
            "the form lost its key; open it again",
        ))
    } else {
        state
            .db
            .write(move |c| create::create(c, &caller, &key, &fingerprint, request))
            .await
    };
    let id = made.and_then(|answer| {
        serde_json::from_str::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|v| v["id"].as_str().map(str::to_string))
            .ok_or_else(|| ApiError::Internal("the referral's answer has no id".into()))
    });
    match id {
        Ok(id) => see_other(&format!(
            "/partner/referrals/{id}?lang={}&done=sent",
            s.lang.code()
        )),
        Err(e) => {
            let target = Target::of(&fields);
            referral_form_page(&s, &state, &target, Some(&fields), Some(&e)).await
        }
    }
}

/// `GET /partner/referrals`: sent (referrer) or received (provider), a page at a time.
async fn referrals(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let query = query_fields(&req);
    let asked = list::ListQuery {
        status: None,
        client_ref: None,
        service_id: None,
        updated_since: None,
        cursor: query.get("cursor").map(str::to_string),
        limit: Some(list::DEFAULT_LIMIT),
    };
    let caller = s.caller.clone();
    let sent = s.caller.role != crate::auth::Role::Provider;
    match state.db.read(move |c| list::list(c, &caller, asked)).await {
        Ok(page) => private_page(
            StatusCode::OK,
            s.lang,
            referral_pages::list_page(s.lang, &s.account(), &page, sent),
        ),
        Err(e) => message_page(&s, &e),
    }
}

/// A page that is only a refusal (a role that cannot see this, say).
fn message_page(s: &SignedIn, e: &ApiError) -> HttpResponse {
    let (status, message) = error_box(s.lang, e);
    let main = format!("<h1>{}</h1>{message}", s.lang.p().could_not);
    let page = partner::frame(
        s.lang,
        &s.account(),
        s.lang.p().could_not,
        "/partner",
        &main,
    );
    private_page(status, s.lang, page)
}

/// One referral as `GET /v1/referrals/{id}`, its events and its notes give it, with
/// `message` above it.
async fn referral_page(
    s: &SignedIn,
    state: &AppState,
    id: String,
    message: &str,
    status_code: StatusCode,
) -> HttpResponse {
    let caller = s.caller.clone();
    let loaded = state
        .db
        .write(move |c| {
            let referral = read::get(c, &caller, &id)?;
            let events = read::events(c, &caller, &id)?;
            let notes = notes::list(c, &caller, &id)?;
            let name = crate::capacity::store::service_name(c, &referral.service_id)?;
            Ok((referral, events, notes, name))
        })
        .await;
    match loaded {
        Ok((referral, events, notes, name)) => {
            let side = if referral.referrer_id == s.caller.partner_id {
                Side::Referrer
            } else {
                Side::Receiver
            };
            let shown = Shown {
                referral: &referral,
                service_name: name.as_deref(),
                events: &events,
                notes: &notes,
                side,
                message,
            };
            let page = referral_pages::detail_page(s.lang, &s.account(), &shown);
            private_page(status_code, s.lang, page)
        }
        Err(e) => message_page(s, &e),
    }
}

/// `GET /partner/referrals/{id}` (`done` says what the last form did).
async fn referral(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let done = query_fields(&req)
        .get("done")
        .map(|_| partner::done(s.lang.p().saved))
        .unwrap_or_default();
    referral_page(&s, &state, id.into_inner(), &done, StatusCode::OK).await
}

/// After a form on a referral: back to it (303), or the refusal on it.
async fn after(
    s: &SignedIn,
    state: &AppState,
    id: String,
    result: Result<(), ApiError>,
) -> HttpResponse {
    match result {
        Ok(()) => see_other(&format!(
            "/partner/referrals/{id}?lang={}&done=1",
            s.lang.code()
        )),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            referral_page(s, state, id, &message, status).await
        }
    }
}

/// `POST /partner/referrals/{id}/status`: `referrals::actions::status::change`.
async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let id = id.into_inner();
    let result = match referral_moves::status_change_of(&fields) {
        Ok(change) => {
            let (caller, id) = (s.caller.clone(), id.clone());
            state
                .db
                .write(move |c| status::change(c, &caller, &id, change).map(|_| ()))
                .await
        }
        Err(e) => Err(e),
    };
    after(&s, &state, id, result).await
}

/// `POST /partner/referrals/{id}/notes`: `referrals::actions::notes::add`.
async fn add_note(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let note = NewNote {
        text: fields.text("text"),
    };
    let (caller, id) = (s.caller.clone(), id.into_inner());
    let target = id.clone();
    let result = state
        .db
        .write(move |c| notes::add(c, &caller, &target, note).map(|_| ()))
        .await;
    after(&s, &state, id, result).await
}

/// `POST /partner/referrals/{id}/contact-attempts`: the attempt kept as a note
/// (`referrals::actions::notes::add`); only the receiving side records them.
async fn contact_attempt(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let id = id.into_inner();
    let result = match s.caller.require(&[crate::auth::Role::Provider]) {
        Ok(()) => {
            let note = NewNote {
                text: referral_pages::contact_attempt_note(
                    s.lang,
                    &fields.text("method"),
                    &fields.text("result"),
                    &fields.text("text"),
                ),
            };
            let (caller, target) = (s.caller.clone(), id.clone());
            state
                .db
                .write(move |c| notes::add(c, &caller, &target, note).map(|_| ()))
                .await
        }
        Err(e) => Err(e),
    };
    after(&s, &state, id, result).await
}
