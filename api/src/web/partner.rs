//! What every signed-in page shares: the frame with who is signed in, the role's links and
//! the sign-out form; the §2.32 notice beside client details; a domain error as a message
//! to read; and small form pieces (the CSRF field, a labelled select).

use std::fmt::Write;

use actix_web::ResponseError;
use actix_web::http::StatusCode;

use super::format::esc;
use super::page;
use super::partner_text::PartnerStrings;
use super::session::CSRF_FIELD;
use super::text::Lang;
use crate::auth::Role;
use crate::consent::PART2_NOTICE;
use crate::error::ApiError;
use waypoint_indexer::model::Keyword;

/// Who is signed in, as the pages show it, and the token their forms carry.
pub struct Account {
    pub name: String,
    pub role: Role,
    pub csrf: String,
}

/// The links a role's work starts from: (path, words).
pub fn links(lang: Lang, role: Role) -> Vec<(&'static str, &'static str)> {
    let p = lang.p();
    match role {
        Role::Referrer => vec![
            ("/partner/consents/new", p.record_consent),
            ("/", p.find_service),
            ("/partner/referrals", p.sent_referrals),
        ],
        Role::Provider => vec![
            ("/partner/referrals", p.received_referrals),
            ("/partner/capacity", p.capacity),
        ],
        Role::Coordinator | Role::Admin => vec![("/partner/programs", p.waitlists)],
    }
}

/// A signed-in page: the account bar (name, role, the role's links, sign out) before the
/// page's own content.
pub fn frame(lang: Lang, account: &Account, title: &str, path: &str, main: &str) -> String {
    let p = lang.p();
    let mut nav = String::new();
    for (href, words) in links(lang, account.role) {
        let _ = write!(
            nav,
            r#"<li><a href="{href}?lang={}">{words}</a></li>"#,
            lang.code()
        );
    }
    let role = PartnerStrings::word(&p.roles, account.role.as_str());
    let bar = format!(
        r#"<nav class="account" aria-label="{label}"><p>{as_} <strong>{name}</strong> ({role})</p><ul><li><a href="/partner?lang={code}">{work}</a></li>{nav}</ul>
<form action="/sign-out" method="post">{csrf}<input type="hidden" name="lang" value="{code}"><button type="submit">{out}</button></form></nav>
"#,
        label = p.account_nav,
        as_ = p.signed_in_as,
        name = esc(&account.name),
        code = lang.code(),
        work = p.your_work,
        csrf = csrf_field(&account.csrf),
        out = p.sign_out,
    );
    let switch = switch_href(path, lang.other());
    page::frame(lang, title, &switch, &format!("{bar}{main}"), false)
}

/// The same page in the other language.
pub fn switch_href(path: &str, other: Lang) -> String {
    let joiner = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joiner}lang={}", other.code())
}

/// The hidden CSRF field of a form.
pub fn csrf_field(token: &str) -> String {
    format!(
        r#"<input type="hidden" name="{CSRF_FIELD}" value="{}">"#,
        esc(token)
    )
}

/// The 42 CFR §2.32 notice, wherever client details show.
pub fn notice(lang: Lang) -> String {
    format!(
        r#"<aside class="part2" aria-label="{}"><p><strong>{}:</strong> {PART2_NOTICE}</p></aside>"#,
        lang.p().notice_heading,
        lang.p().notice_heading
    )
}

/// A domain error as a message on the page, and the status the page is sent with (never
/// a 500 for something the person can fix).
pub fn error_box(lang: Lang, e: &ApiError) -> (StatusCode, String) {
    let detail = match e {
        ApiError::Unavailable(_) | ApiError::Internal(_) => lang.t().unavailable.to_string(),
        other => other.to_string(),
    };
    (
        e.status_code(),
        format!(
            r#"<section class="error" role="alert" aria-labelledby="error-h"><h2 id="error-h">{}</h2><p>{}</p></section>"#,
            lang.p().could_not,
            esc(&detail)
        ),
    )
}

/// A short confirmation, announced to screen readers.
pub fn done(text: &str) -> String {
    format!(r#"<p class="done" role="status">{}</p>"#, esc(text))
}

/// A labelled `<select>` of (value, words), with `chosen` selected.
pub fn select(
    id: &str,
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    chosen: Option<&str>,
) -> String {
    let mut html = format!(
        r#"<div class="field"><label for="{id}">{label}</label><select id="{id}" name="{name}">"#
    );
    for (value, words) in options {
        let selected = if Some(*value) == chosen {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<option value="{}"{selected}>{}</option>"#,
            esc(value),
            esc(words)
        );
    }
    html.push_str("</select></div>");
    html
}

/// A labelled text input.
pub fn input(id: &str, name: &str, label: &str, kind: &str, value: &str, extra: &str) -> String {
    format!(
        r#"<div class="field"><label for="{id}">{label}</label><input id="{id}" name="{name}" type="{kind}" value="{}"{extra}></div>"#,
        esc(value)
    )
}

/// A time as stored (`2026-11-30T08:00:00.000000Z`), shortened to the minute, in UTC.
pub fn when(stored: &str) -> String {
    match crate::clock::parse(stored) {
        Some(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        None => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_names_who_is_signed_in_and_carries_the_token() {
        let account = Account {
            name: "Clinic <A>".into(),
            role: Role::Provider,
            csrf: "tok".into(),
        };
        let html = frame(Lang::En, &account, "T", "/partner", "<h1>T</h1>");
        assert!(html.contains("Clinic &lt;A&gt;"));
        assert!(html.contains("receiving program"));
        assert!(html.contains(r#"name="csrf" value="tok""#));
        assert!(html.contains("/partner/capacity"));
        assert!(!html.contains("/partner/consents/new"));
        assert!(html.contains("partner?lang=es\" lang=\"es\""), "{html}");
    }

    #[test]
    fn the_notice_is_the_apis() {
        assert!(notice(Lang::Es).contains(PART2_NOTICE));
    }
}
