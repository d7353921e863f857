//! The referral form a referrer opens from a search result: the client, the reason, the
//! priority and the consent it goes under, turned into the API's `CreateReferral` for the
//! same domain action. Each form carries its own Idempotency-Key, so sending it twice
//! (a double tap, a reload) makes one referral.

use std::fmt::Write;

use super::fields::Fields;
use super::format::esc;
use super::partner::{self, Account, csrf_field, input};
use super::text::Lang;
use crate::consent::Consent;
use crate::referrals::model::{Client, CreateReferral, Priority};

/// The service a referral goes to, as the search result named it.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub service_at_location_id: String,
    pub service_id: String,
    /// For the heading only (the result's name, as the link carried it).
    pub name: String,
}

impl Target {
    pub fn of(fields: &Fields) -> Target {
        Target {
            service_at_location_id: fields.text("service_at_location_id"),
            service_id: fields.text("service_id"),
            name: fields.text("name"),
        }
    }
}

/// The API's referral request from the form's fields; the domain action judges it.
pub fn request_of(fields: &Fields) -> CreateReferral {
    let opt = |name: &str| fields.get(name).map(str::to_string);
    CreateReferral {
        service_at_location_id: opt("service_at_location_id"),
        service_id: opt("service_id"),
        client: Client {
            reference: fields.text("client_reference"),
            name: fields.text("client_name"),
            date_of_birth: opt("date_of_birth"),
            phone: opt("phone"),
            email: None,
            address: None,
            preferred_language: opt("preferred_language"),
            contact_preferences: Vec::new(),
        },
        reason: fields.text("reason"),
        priority: if fields.get("priority") == Some("urgent") {
            Priority::Urgent
        } else {
            Priority::Routine
        },
        consent_id: opt("consent_id"),
        appointment: None,
    }
}

/// The form: the service, the client, the consent (the referrer's consents in force,
/// newest first), and a fresh Idempotency-Key unless a refused form's is sent back.
pub fn form_page(
    lang: Lang,
    account: &Account,
    target: &Target,
    consents: &[Consent],
    sent: Option<&Fields>,
    problem: &str,
) -> String {
    let p = lang.p();
    let empty = Fields::default();
    let f = sent.unwrap_or(&empty);
    let key = f
        .get("idempotency_key")
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let chosen_consent = f.get("consent_id");
    let mut consent_options = format!(r#"<option value="">{}</option>"#, p.no_consent);
    for (i, c) in consents.iter().enumerate() {
        // The newest is chosen unless the form said otherwise.
        let on = match chosen_consent {
            Some(id) => id == c.id,
            None => i == 0 && sent.is_none(),
        };
        let _ = write!(
            consent_options,
            r#"<option value="{}"{}>{} · {} {}</option>"#,
            esc(&c.id),
            if on { " selected" } else { "" },
            esc(&c.client_reference),
            p.consent_signed,
            partner::when(&c.signed_at)
        );
    }
    let urgent = f.get("priority") == Some("urgent");
    let title = format!("{} {}", p.refer_to, target.name);
    let main = format!(
        r#"<h1>{heading}</h1>{problem}{notice}
<form class="partner-form" action="/partner/referrals" method="post">{csrf}<input type="hidden" name="lang" value="{code}">
<input type="hidden" name="idempotency_key" value="{key}">
<input type="hidden" name="service_at_location_id" value="{sal}">
<input type="hidden" name="service_id" value="{sid}">
<input type="hidden" name="name" value="{name}">
<div class="field"><label for="consent_id">{consent}</label><select id="consent_id" name="consent_id">{consent_options}</select></div>
{reference}{client_name}{dob}{phone}{language}
<div class="field"><label for="reason">{reason}</label><textarea id="reason" name="reason" rows="3" required maxlength="2000">{reason_value}</textarea></div>
<fieldset class="chips"><legend>{priority}</legend>
<label class="chip"><input type="radio" name="priority" value="routine"{routine_on}> {routine}</label>
<label class="chip"><input type="radio" name="priority" value="urgent"{urgent_on}> {urgent_words}</label></fieldset>
<button type="submit" class="primary">{send}</button></form>"#,
        heading = esc(&title),
        notice = partner::notice(lang),
        csrf = csrf_field(&account.csrf),
        code = lang.code(),
        key = esc(&key),
        sal = esc(&target.service_at_location_id),
        sid = esc(&target.service_id),
        name = esc(&target.name),
        consent = p.consent,
        reference = input(
            "client_reference",
            "client_reference",
            p.client_reference,
            "text",
            f.get("client_reference").unwrap_or(""),
            r#" required maxlength="200" autocomplete="off""#
        ),
        client_name = input(
            "client_name",
            "client_name",
            p.client_name,
            "text",
            f.get("client_name").unwrap_or(""),
            r#" required maxlength="200" autocomplete="off""#
        ),
        dob = input(
            "date_of_birth",
            "date_of_birth",
            p.date_of_birth,
            "date",
            f.get("date_of_birth").unwrap_or(""),
            ""
        ),
        phone = input(
            "phone",
            "phone",
            p.phone,
            "tel",
            f.get("phone").unwrap_or(""),
            r#" maxlength="40" autocomplete="off""#
        ),
        language = input(
            "preferred_language",
            "preferred_language",
            p.preferred_language,
            "text",
            f.get("preferred_language").unwrap_or(""),
            r#" maxlength="40""#
        ),
        reason = p.reason,
        reason_value = esc(f.get("reason").unwrap_or("")),
        priority = p.priority,
        routine_on = if urgent { "" } else { " checked" },
        urgent_on = if urgent { " checked" } else { "" },
        routine = p.routine,
        urgent_words = p.urgent,
        send = p.send_referral,
    );
    partner::frame(lang, account, &title, "/partner/referrals/new", &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_apis_referral_request() {
        let f = Fields::parse(
            b"service_at_location_id=sal-1&client_reference=c-1&client_name=Ana&phone=&reason=outpatient&priority=urgent&consent_id=k1",
        );
        let r = request_of(&f);
        assert_eq!(r.service_at_location_id.as_deref(), Some("sal-1"));
        assert_eq!(r.service_id, None);
        assert_eq!(r.client.phone, None, "a blank field is absent");
        assert_eq!(r.priority, Priority::Urgent);
        assert_eq!(r.consent_id.as_deref(), Some("k1"));
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn a_form_without_a_name_is_refused_by_the_domain_naming_it() {
        let f = Fields::parse(b"service_id=s&client_reference=c-1&reason=x");
        assert_eq!(request_of(&f).validate().unwrap_err().0, "client.name");
    }
}
