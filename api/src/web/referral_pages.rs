//! A partner's referrals as pages: the list (sent by a referrer, received by a program),
//! and one referral with its client details (as the consent allows, with the §2.32
//! notice), status history, notes, and forms for the moves this side may make now (the
//! transition rules say which), plus a contact attempt for the receiving program.

use std::fmt::Write;

use waypoint_indexer::model::Keyword;

use super::format::esc;
use super::partner::{self, Account, csrf_field, select};
use super::partner_text::PartnerStrings;
use super::text::Lang;
use crate::referrals::actions::list::ReferralPage;
use crate::referrals::model::{Note, Referral, ReferralEvent};
use crate::referrals::transitions::{Side, Status};

/// A status as words.
fn status_words(lang: Lang, status: &str) -> &str {
    PartnerStrings::word(&lang.p().statuses, status)
}

/// The list: a page of the API's (oldest made first), each page's most recently changed
/// first, with a link to the next page while there is one.
pub fn list_page(lang: Lang, account: &Account, page: &ReferralPage, sent: bool) -> String {
    let p = lang.p();
    let title = if sent {
        p.sent_referrals
    } else {
        p.received_referrals
    };
    let mut main = format!("<h1>{title}</h1>");
    if page.items.is_empty() {
        let _ = write!(main, r#"<p class="notice">{}</p>"#, p.no_referrals);
        return partner::frame(lang, account, title, "/partner/referrals", &main);
    }
    let mut items: Vec<_> = page.items.iter().collect();
    items.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    main.push_str(r#"<ol class="cards referrals">"#);
    for r in items {
        let service = r.service_name.as_deref().unwrap_or(&r.service_id);
        let _ = write!(
            main,
            r#"<li class="card"><article aria-labelledby="ref-{id}"><h2 id="ref-{id}"><a href="/partner/referrals/{id}?lang={code}">{service}</a></h2>
<p class="meta"><span class="status status-{status}">{status_words}</span> · {priority} · {updated} {when}</p></article></li>"#,
            id = esc(&r.id),
            code = lang.code(),
            service = esc(service),
            status = r.status.as_str(),
            status_words = status_words(lang, r.status.as_str()),
            priority = if r.priority == "urgent" {
                p.urgent
            } else {
                p.routine
            },
            updated = p.updated,
            when = partner::when(&r.updated_at),
        );
    }
    main.push_str("</ol>");
    if let Some(cursor) = &page.next_cursor {
        let query = waypoint_indexer::params::query_string(&[
            ("cursor", cursor.clone()),
            ("lang", lang.code().to_string()),
        ]);
        let _ = write!(
            main,
            r#"<p><a class="button" href="/partner/referrals?{}">{}</a></p>"#,
            esc(&query),
            p.more_referrals
        );
    }
    partner::frame(lang, account, title, "/partner/referrals", &main)
}

/// Everything a referral page shows.
pub struct Shown<'a> {
    pub referral: &'a Referral,
    pub service_name: Option<&'a str>,
    pub events: &'a [ReferralEvent],
    pub notes: &'a [Note],
    pub side: Side,
    /// A confirmation or a refusal, already HTML.
    pub message: &'a str,
}

/// One referral.
pub fn detail_page(lang: Lang, account: &Account, shown: &Shown<'_>) -> String {
    let p = lang.p();
    let r = shown.referral;
    let service = shown.service_name.unwrap_or(&r.service_id);
    let path = format!("/partner/referrals/{}", r.id);
    let mut main = format!(
        r#"<h1>{referral}: {service}</h1>{message}<p class="meta">{status_label}: <strong class="status status-{status}">{status_words}</strong>{reason}</p>"#,
        referral = p.referral,
        service = esc(service),
        message = shown.message,
        status_label = p.status,
        status = r.status.as_str(),
        status_words = status_words(lang, r.status.as_str()),
        reason = r
            .status_reason
            .as_ref()
            .map(|s| {
                let code = s
                    .code
                    .as_deref()
                    .map(|c| PartnerStrings::word(&p.reason_codes, c))
                    .unwrap_or("");
                format!(
                    " · {}{}",
                    esc(code),
                    s.text
                        .as_deref()
                        .map(|t| format!(": {}", esc(t)))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default(),
    );
    main.push_str(&client(lang, r));
    main.push_str(&history(lang, shown.events));
    main.push_str(&notes(lang, account, &path, shown.notes));
    main.push_str(&actions(lang, account, &path, r.status, shown.side));
    partner::frame(
        lang,
        account,
        &format!("{} · {service}", p.referral),
        &path,
        &main,
    )
}

fn client(lang: Lang, r: &Referral) -> String {
    let p = lang.p();
    let mut html = format!(
        r#"<section aria-labelledby="client-h"><h2 id="client-h">{}</h2>"#,
        p.client
    );
    if r.notice.is_some() {
        html.push_str(&partner::notice(lang));
    }
    match &r.details {
        Some(details) => {
            let d = details.get();
            html.push_str("<dl>");
            let mut row = |label: &str, value: Option<&str>| {
                if let Some(v) = value {
                    let _ = write!(html, "<dt>{label}</dt><dd>{}</dd>", esc(v));
                }
            };
            row(p.client_reference, Some(d.client_reference.as_str()));
            row(p.client_name, d.client.name.as_deref());
            row(p.date_of_birth, d.client.date_of_birth.as_deref());
            row(p.phone, d.client.phone.as_deref());
            row(p.preferred_language, d.client.preferred_language.as_deref());
            row(p.reason, d.reason.as_deref());
            html.push_str("</dl>");
        }
        None => {
            let _ = write!(html, r#"<p class="notice">{}</p>"#, p.details_withheld);
        }
    }
    html.push_str("</section>");
    html
}

fn history(lang: Lang, events: &[ReferralEvent]) -> String {
    let p = lang.p();
    let mut html = format!(
        r#"<section aria-labelledby="history-h"><h2 id="history-h">{}</h2><ol class="history">"#,
        p.history
    );
    for e in events {
        let by = e
            .actor_role
            .as_deref()
            .map(|r| format!(" {} {}", p.by, PartnerStrings::word(&p.roles, r)))
            .unwrap_or_default();
        let reason = e
            .reason_code
            .as_deref()
            .map(|c| format!(" · {}", PartnerStrings::word(&p.reason_codes, c)))
            .unwrap_or_default();
        let text = e
            .reason
            .as_deref()
            .map(|t| format!(": {}", esc(t)))
            .unwrap_or_default();
        let _ = write!(
            html,
            r#"<li><time datetime="{at}">{when}</time> <strong>{to}</strong>{by}{reason}{text}</li>"#,
            at = esc(&e.at),
            when = partner::when(&e.at),
            to = status_words(lang, e.to.as_str()),
        );
    }
    html.push_str("</ol></section>");
    html
}

fn notes(lang: Lang, account: &Account, path: &str, notes: &[Note]) -> String {
    let p = lang.p();
    let mut html = format!(
        r#"<section aria-labelledby="notes-h"><h2 id="notes-h">{}</h2>"#,
        p.notes
    );
    if notes.is_empty() {
        let _ = write!(html, "<p>{}</p>", p.no_notes);
    } else {
        html.push_str(r#"<ol class="notes">"#);
        for n in notes {
            let text = n.text.as_deref().map(|t| esc(t).into_owned());
            let _ = write!(
                html,
                r#"<li><time datetime="{at}">{when}</time> {text}</li>"#,
                at = esc(&n.created_at),
                when = partner::when(&n.created_at),
                text = text.unwrap_or_else(|| p.note_withheld.to_string()),
            );
        }
        html.push_str("</ol>");
    }
    let _ = write!(
        html,
        r#"<form class="partner-form" action="{path}/notes" method="post">{csrf}<input type="hidden" name="lang" value="{code}">
<div class="field"><label for="note-text">{label}</label><textarea id="note-text" name="text" rows="2" required maxlength="4000"></textarea></div>
<button type="submit">{add}</button></form></section>"#,
        csrf = csrf_field(&account.csrf),
        code = lang.code(),
        label = p.note_text,
        add = p.add_note,
    );
    html
}

/// A form per move this side may make from `current`: a button, with a coded reason for
/// the moves that need one and an outcome for completion.
fn actions(lang: Lang, account: &Account, path: &str, current: Status, side: Side) -> String {
    let p = lang.p();
    let mut html = format!(
        r#"<section aria-labelledby="actions-h"><h2 id="actions-h">{}</h2>"#,
        p.actions
    );
    let moves: Vec<Status> = current
        .next()
        .iter()
        .copied()
        .filter(|s| s.may_be_set_by() == side)
        .collect();
    if moves.is_empty() {
        let _ = write!(html, "<p>{}</p>", p.no_actions);
    }
    for status in moves {
        let code = status.as_str();
        let mut extra = String::new();
        if status.needs_reason_code() {
            let reasons: Vec<(&str, &str)> = p.reason_codes.to_vec();
            extra.push_str(&select(
                &format!("reason-{code}"),
                "reason_code",
                p.reason_code,
                &reasons,
                None,
            ));
            let _ = write!(
                extra,
                r#"<div class="field"><label for="reason-text-{code}">{}</label><input id="reason-text-{code}" name="reason" type="text" maxlength="2000"></div>"#,
                p.reason_text
            );
        }
        if status == Status::Completed {
            let enrollments: Vec<(&str, &str)> = p.enrollments.to_vec();
            extra.push_str(&select(
                "enrollment",
                "enrollment",
                p.enrollment,
                &enrollments,
                None,
            ));
            let _ = write!(
                extra,
                r#"<div class="field"><label for="delivered">{}</label><input id="delivered" name="services_delivered" type="text" maxlength="2000"></div>"#,
                p.services_delivered
            );
        }
        let primary = if extra.is_empty() { " primary" } else { "" };
        let _ = write!(
            html,
            r#"<form class="partner-form move" action="{path}/status" method="post">{csrf}<input type="hidden" name="lang" value="{lang_code}"><input type="hidden" name="status" value="{code}">{extra}<button type="submit" class="{primary}">{words}</button></form>"#,
            csrf = csrf_field(&account.csrf),
            lang_code = lang.code(),
            primary = primary.trim(),
            words = PartnerStrings::word(&p.status_actions, code),
        );
    }
    if side == Side::Receiver {
        html.push_str(&contact_attempt(lang, account, path));
    }
    html.push_str("</section>");
    html
}

/// The receiving program's record of trying to reach the client: kept as a note (the
/// referral's shared record), written in the page's language.
fn contact_attempt(lang: Lang, account: &Account, path: &str) -> String {
    let p = lang.p();
    let methods: Vec<(&str, &str)> = p.contact_methods.iter().map(|m| (*m, *m)).collect();
    let results: Vec<(&str, &str)> = p.contact_results.iter().map(|r| (*r, *r)).collect();
    format!(
        r#"<form class="partner-form" action="{path}/contact-attempts" method="post"><fieldset><legend>{legend}</legend>{csrf}<input type="hidden" name="lang" value="{code}">{how}{result}
<div class="field"><label for="attempt-text">{note}</label><input id="attempt-text" name="text" type="text" maxlength="2000"></div>
<button type="submit">{record}</button></fieldset></form>"#,
        legend = p.contact_attempt,
        csrf = csrf_field(&account.csrf),
        code = lang.code(),
        how = select("attempt-how", "method", p.contact_method, &methods, None),
        result = select("attempt-result", "result", p.contact_result, &results, None),
        note = p.note_text,
        record = p.record_attempt,
    )
}

/// The note a contact attempt is kept as: `Contact attempt — Phone call: No answer. …`.
pub fn contact_attempt_note(lang: Lang, method: &str, result: &str, text: &str) -> String {
    let p = lang.p();
    let known = |list: &[&str], given: &str| list.contains(&given).then(|| given.to_string());
    let method = known(&p.contact_methods, method).unwrap_or_default();
    let result = known(&p.contact_results, result).unwrap_or_default();
    let mut note = format!("{} — {method}: {result}.", p.attempt);
    if !text.is_empty() {
        let _ = write!(note, " {text}");
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_attempt_reads_as_a_note_and_takes_only_known_words() {
        assert_eq!(
            contact_attempt_note(Lang::En, "Phone call", "No answer", "try after 5"),
            "Contact attempt — Phone call: No answer. try after 5"
        );
        assert_eq!(
            contact_attempt_note(Lang::En, "<script>", "No answer", ""),
            "Contact attempt — : No answer."
        );
    }

    #[test]
    fn a_list_with_more_referrals_links_to_the_next_page() {
        use crate::referrals::actions::list::ReferralSummary;
        let summary = ReferralSummary {
            id: "ref-1".into(),
            status: Status::Requested,
            business_status: None,
            priority: "routine".into(),
            service_id: "svc-1".into(),
            service_name: Some("Fictional Harbor Outpatient".into()),
            service_at_location_id: None,
            organization_id: "org-1".into(),
            organization_name: None,
            referrer_id: "p-1".into(),
            referrer_name: None,
            receivers: vec![],
            consent_id: None,
            created_at: "2026-11-30T09:00:00.000000Z".into(),
            updated_at: "2026-11-30T09:00:00.000000Z".into(),
            received_at: None,
            closed_loop_at: None,
        };
        let account = Account {
            name: "Fictional Clinic".into(),
            role: crate::auth::Role::Referrer,
            csrf: "token".into(),
        };
        let mut page = ReferralPage {
            items: vec![summary],
            next_cursor: Some("Y3Vyc29y".into()),
        };
        let html = list_page(Lang::Es, &account, &page, true);
        assert!(
            html.contains(
                r#"href="/partner/referrals?cursor=Y3Vyc29y&amp;lang=es">Más referidos</a>"#
            ),
            "{html}"
        );
        page.next_cursor = None;
        assert!(!list_page(Lang::Es, &account, &page, true).contains("Más referidos"));
    }
}
