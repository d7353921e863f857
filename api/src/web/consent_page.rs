//! The consent form (42 CFR 2.31 elements, and the structured items it covers) and what
//! it becomes: the same `ConsentRequest` the API takes, judged by the same domain action.
//! Dates come from date fields: a signature on a day is that day's start (UTC), an expiry
//! that day's end.

use std::fmt::Write;

use waypoint_indexer::model::Keyword;

use super::fields::Fields;
use super::format::esc;
use super::partner::{self, Account, csrf_field, input};
use super::partner_text::PartnerStrings;
use super::text::Lang;
use crate::consent::model::RecipientClass;
use crate::consent::{Consent, ConsentRequest, Element, Recipient};

/// The API's consent request from the form's fields. Nothing is refused here: the domain
/// action says what is missing.
pub fn request_of(fields: &Fields) -> ConsentRequest {
    let mut recipients = Vec::new();
    if fields.get("treating_providers").is_some() {
        recipients.push(Recipient::Class {
            class: RecipientClass::TreatingProviders,
        });
    }
    for id in fields.text("partner_ids").split(',').map(str::trim) {
        if !id.is_empty() {
            recipients.push(Recipient::Partner {
                partner_id: id.to_string(),
            });
        }
    }
    let elements = fields
        .all("element")
        .into_iter()
        .filter_map(Element::parse)
        .collect();
    ConsentRequest {
        client_reference: fields.text("client_reference"),
        disclosing_party: fields.text("disclosing_party"),
        recipients,
        information: fields.text("information"),
        elements: Some(elements),
        purpose: fields.text("purpose"),
        expires_at: fields.get("expires_on").map(|d| day_time(d, "23:59:59")),
        expiry_event: fields.get("expiry_event").map(str::to_string),
        signed_at: fields
            .get("signed_on")
            .map(|d| day_time(d, "00:00:00"))
            .unwrap_or_default(),
        revocation: fields.text("revocation"),
    }
}

/// `2026-11-30` at a time of day, UTC; anything that is not a date is passed on as typed,
/// for the domain to refuse by name.
fn day_time(day: &str, time: &str) -> String {
    match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => format!("{d}T{time}Z"),
        Err(_) => day.to_string(),
    }
}

/// The form, filled with what was sent before (after a refusal) or with defaults.
pub fn form_page(lang: Lang, account: &Account, sent: Option<&Fields>, problem: &str) -> String {
    let p = lang.p();
    let empty = Fields::default();
    let f = sent.unwrap_or(&empty);
    let or = |name: &str, default: &str| {
        f.get(name).map(str::to_string).unwrap_or_else(|| {
            if sent.is_some() {
                String::new()
            } else {
                default.to_string()
            }
        })
    };
    let today = chrono::Utc::now().date_naive().to_string();
    let chosen = f.all("element");
    let mut items = String::new();
    for element in Element::all() {
        let code = element.as_str();
        let on = if chosen.contains(&code) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            items,
            r#"<label class="chip"><input type="checkbox" name="element" value="{code}"{on}> {}</label>"#,
            PartnerStrings::word(&p.elements, code)
        );
    }
    let treating = if sent.is_none() || f.get("treating_providers").is_some() {
        " checked"
    } else {
        ""
    };
    let main = format!(
        r#"<h1>{title}</h1>{problem}<p>{intro}</p>
<form class="partner-form" action="/partner/consents" method="post">{csrf}<input type="hidden" name="lang" value="{code}">
{client_reference}<p id="ref-hint" class="hint">{ref_hint}</p>
{disclosing}
<fieldset><legend>{to_whom}</legend>
<label class="add"><input type="checkbox" name="treating_providers" value="on"{treating}> {treating_words}</label>
{partner_ids}<p class="hint">{partner_hint}</p></fieldset>
<div class="field"><label for="information">{information}</label><textarea id="information" name="information" rows="2" aria-describedby="information-hint">{information_value}</textarea><p id="information-hint" class="hint">{information_hint}</p></div>
<fieldset class="chips"><legend>{items_words}</legend>{items}</fieldset>
{purpose}
<fieldset><legend>{expiry_hint}</legend>{expires}{event}</fieldset>
{signed}
<div class="field"><label for="revocation">{revocation}</label><textarea id="revocation" name="revocation" rows="3">{revocation_value}</textarea></div>
<button type="submit" class="primary">{submit}</button></form>"#,
        title = p.record_consent,
        intro = p.consent_intro,
        csrf = csrf_field(&account.csrf),
        code = lang.code(),
        client_reference = input(
            "client_reference",
            "client_reference",
            p.client_reference,
            "text",
            &or("client_reference", ""),
            r#" required maxlength="200" aria-describedby="ref-hint" autocomplete="off""#
        ),
        ref_hint = p.client_reference_hint,
        disclosing = input(
            "disclosing_party",
            "disclosing_party",
            p.disclosing_party,
            "text",
            &or("disclosing_party", &account.name),
            r#" required maxlength="300""#
        ),
        to_whom = p.recipients,
        treating_words = p.treating_providers,
        partner_ids = input(
            "partner_ids",
            "partner_ids",
            p.partner_ids,
            "text",
            &or("partner_ids", ""),
            r#" maxlength="500" autocomplete="off""#
        ),
        partner_hint = p.partner_ids_hint,
        information = p.information,
        information_value = esc(&or("information", "")),
        information_hint = p.information_hint,
        items_words = p.items,
        purpose = input(
            "purpose",
            "purpose",
            p.purpose,
            "text",
            &or("purpose", p.purpose_default),
            r#" required maxlength="500""#
        ),
        expiry_hint = p.expiry_hint,
        expires = input(
            "expires_on",
            "expires_on",
            p.expires_on,
            "date",
            &or("expires_on", ""),
            ""
        ),
        event = input(
            "expiry_event",
            "expiry_event",
            p.expiry_event,
            "text",
            &or("expiry_event", ""),
            r#" maxlength="300""#
        ),
        signed = input(
            "signed_on",
            "signed_on",
            p.signed_on,
            "date",
            &or("signed_on", &today),
            " required"
        ),
        revocation = p.revocation,
        revocation_value = esc(&or("revocation", p.revocation_default)),
        submit = p.record_consent,
    );
    partner::frame(
        lang,
        account,
        p.record_consent,
        "/partner/consents/new",
        &main,
    )
}

/// The recorded consent, and where to go next: find a service to refer to.
pub fn recorded_page(lang: Lang, account: &Account, consent: &Consent) -> String {
    let p = lang.p();
    let items: Vec<&str> = consent
        .elements
        .iter()
        .map(|e| PartnerStrings::word(&p.elements, e.as_str()))
        .collect();
    let main = format!(
        r#"<h1>{title}</h1>{done}{notice}<dl>
<dt>{client_reference}</dt><dd>{reference}</dd>
<dt>{items_words}</dt><dd>{items}</dd>
<dt>{purpose}</dt><dd>{purpose_value}</dd>
<dt>{signed}</dt><dd>{signed_at}</dd></dl>
<p>{next}</p><p><a class="button" href="/?lang={code}">{find}</a></p>"#,
        title = p.consent_recorded,
        done = partner::done(p.consent_recorded),
        notice = partner::notice(lang),
        client_reference = p.client_reference,
        reference = esc(&consent.client_reference),
        items_words = p.items,
        items = esc(&items.join(", ")),
        purpose = p.purpose,
        purpose_value = esc(&consent.purpose),
        signed = p.signed_on,
        signed_at = partner::when(&consent.signed_at),
        next = p.consent_next,
        code = lang.code(),
        find = p.find_service,
    );
    partner::frame(
        lang,
        account,
        p.consent_recorded,
        "/partner/consents/new",
        &main,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_apis_consent_request() {
        let f = Fields::parse(
            b"client_reference=c-1&disclosing_party=Clinic&treating_providers=on&partner_ids=p1,+p2&information=name+and+phone&element=name&element=phone&element=bogus&purpose=treatment&expires_on=2027-01-31&signed_on=2026-11-30&revocation=any+time",
        );
        let r = request_of(&f);
        assert_eq!(r.client_reference, "c-1");
        assert_eq!(r.recipients.len(), 3);
        assert_eq!(
            r.elements,
            Some(vec![Element::Name, Element::Phone]),
            "unknown items are dropped"
        );
        assert_eq!(r.expires_at.as_deref(), Some("2027-01-31T23:59:59Z"));
        assert_eq!(r.signed_at, "2026-11-30T00:00:00Z");
        assert!(r.validate(chrono::Utc::now()).is_ok());
    }

    #[test]
    fn an_empty_form_is_refused_by_the_domain_naming_the_field() {
        let r = request_of(&Fields::parse(b""));
        assert_eq!(
            r.validate(chrono::Utc::now()).unwrap_err().0,
            "client_reference"
        );
    }
}
