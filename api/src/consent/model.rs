//! Consent as recorded (§2.31 elements) and as asked for, parsed into a valid form.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::elements::{Element, Elements};
use crate::clock;

/// Who may receive the disclosure: a named partner, or a class of recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged, try_from = "RecipientFields")]
pub enum Recipient {
    /// One partner, by id.
    // Titles name the alternatives in generated clients (else `RecipientType0`, `…Type1`).
    #[schema(title = "PartnerRecipient")]
    Partner {
        #[schema(pattern = r"\S")]
        partner_id: String,
    },
    /// A class: `treating-providers` (the provider partners receiving the referral, or
    /// running the program whose waitlist the client is on).
    #[schema(title = "ClassRecipient")]
    Class { class: RecipientClass },
}

/// A recipient as sent, read field by field so a wrong one is refused with what a
/// recipient looks like (an untagged enum would only say that no variant matched).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipientFields {
    partner_id: Option<String>,
    class: Option<RecipientClass>,
}

impl TryFrom<RecipientFields> for Recipient {
    type Error = &'static str;

    fn try_from(fields: RecipientFields) -> Result<Recipient, Self::Error> {
        match (fields.partner_id, fields.class) {
            (Some(partner_id), None) => Ok(Recipient::Partner { partner_id }),
            (None, Some(class)) => Ok(Recipient::Class { class }),
            _ => Err(
                "a recipient is either {\"partner_id\": \"…\"} or {\"class\": \"treating-providers\"}",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientClass {
    TreatingProviders,
}

/// `POST /v1/consents`: the §2.31 elements of a signed consent.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    /// The referrer's own id for the client (no name here).
    #[schema(pattern = r"\S")]
    pub client_reference: String,
    /// Who discloses: the referring program's name.
    #[schema(pattern = r"\S")]
    pub disclosing_party: String,
    /// To whom: partner ids and/or the class `treating-providers`.
    #[schema(min_items = 1)]
    pub recipients: Vec<Recipient>,
    /// What may be disclosed, in the words the client agreed to.
    #[schema(pattern = r"\S")]
    pub information: String,
    /// The same, as the elements an answer may carry (at least one): `name`,
    /// `date_of_birth`, `phone`, `email`, `address`, `preferred_language`,
    /// `contact_preferences`, `reason`, `diagnosis`, `appointment`, `notes`,
    /// `health_facts`. Answers to other partners carry only these.
    #[serde(default)]
    #[schema(
        value_type = Vec<Element>,
        required = true,
        min_items = 1,
        example = json!(["name", "date_of_birth", "phone", "reason"])
    )]
    pub elements: Option<Vec<Element>>,
    /// Why (e.g. "referral for treatment and care coordination").
    #[schema(pattern = r"\S")]
    pub purpose: String,
    /// When the consent ends (RFC 3339); this or `expiry_event` is needed.
    #[schema(format = DateTime)]
    pub expires_at: Option<String>,
    /// The event that ends it (e.g. "discharge from treatment"), instead of or besides a date.
    pub expiry_event: Option<String>,
    /// When the client signed (RFC 3339).
    #[schema(format = DateTime)]
    pub signed_at: String,
    /// How the client can revoke it.
    #[schema(pattern = r"\S")]
    pub revocation: String,
}

/// A consent request that passed every check, with parsed times.
#[derive(Debug, Clone)]
pub struct ValidConsent {
    pub request: ConsentRequest,
    pub expires_at: Option<DateTime<Utc>>,
    pub signed_at: DateTime<Utc>,
}

/// How far in the future a signature time may be (clock skew between systems).
const SIGNATURE_SKEW: Duration = Duration::minutes(5);

impl ConsentRequest {
    /// Checks every §2.31 element; the error names the field and what is wrong.
    pub fn validate(self, now: DateTime<Utc>) -> Result<ValidConsent, (&'static str, String)> {
        let required = [
            ("client_reference", &self.client_reference),
            ("disclosing_party", &self.disclosing_party),
            ("information", &self.information),
            ("purpose", &self.purpose),
            ("revocation", &self.revocation),
        ];
        for (field, value) in required {
            if value.trim().is_empty() {
                return Err((field, format!("`{field}` is required (42 CFR 2.31)")));
            }
        }
        match &self.elements {
            None => {
                return Err((
                    "elements",
                    "`elements` names the information the consent covers (42 CFR 2.31(a)(3)), e.g. [\"name\", \"phone\", \"reason\"]".into(),
                ));
            }
            Some(e) if e.is_empty() => {
                return Err(("elements", "name at least one element".into()));
            }
            Some(_) => {}
        }
        if self.recipients.is_empty() {
            return Err(("recipients", "name at least one recipient".into()));
        }
        if self
            .recipients
            .iter()
            .any(|r| matches!(r, Recipient::Partner { partner_id } if partner_id.trim().is_empty()))
        {
            return Err(("recipients", "a recipient partner_id is empty".into()));
        }
        // No partner id holds one, and PostgreSQL cannot compare one (it was a 500 there).
        if self
            .recipients
            .iter()
            .any(|r| matches!(r, Recipient::Partner { partner_id } if partner_id.contains('\0')))
        {
            return Err((
                "recipients",
                "a recipient partner_id holds a NUL byte".into(),
            ));
        }
        let signed_at = clock::parse(&self.signed_at).ok_or((
            "signed_at",
            "`signed_at` must be an RFC 3339 time".to_string(),
        ))?;
        if signed_at > now + SIGNATURE_SKEW {
            return Err(("signed_at", "`signed_at` is in the future".into()));
        }
        let expires_at = match &self.expires_at {
            Some(text) => Some(clock::parse(text).ok_or((
                "expires_at",
                "`expires_at` must be an RFC 3339 time".to_string(),
            ))?),
            None => None,
        };
        let has_event = self
            .expiry_event
            .as_deref()
            .is_some_and(|e| !e.trim().is_empty());
        if expires_at.is_none() && !has_event {
            return Err((
                "expires_at",
                "a consent needs `expires_at` or an `expiry_event` (42 CFR 2.31(a)(6))".into(),
            ));
        }
        if let Some(end) = expires_at
            && end <= signed_at
        {
            return Err(("expires_at", "`expires_at` is before `signed_at`".into()));
        }
        Ok(ValidConsent {
            request: self,
            expires_at,
            signed_at,
        })
    }
}

/// A recorded consent, as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Consent {
    pub id: String,
    /// The referrer partner that recorded it.
    pub partner_id: String,
    pub client_reference: String,
    pub disclosing_party: String,
    pub recipients: Vec<Recipient>,
    pub information: String,
    /// What answers to other partners may carry. For a consent recorded before elements
    /// existed, read from `information` (each element it names; none when it names none).
    // Named through the alias, the set would be a schema called `BTreeSet`.
    #[schema(value_type = std::collections::BTreeSet<Element>)]
    pub elements: Elements,
    /// True when `elements` was read from `information` rather than given.
    pub elements_read_from_text: bool,
    pub purpose: String,
    pub expires_at: Option<String>,
    pub expiry_event: Option<String>,
    pub signed_at: String,
    pub revocation: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_is_a_partner_or_a_class_and_anything_else_says_so() {
        let read = |text: &str| serde_json::from_str::<Recipient>(text);
        assert_eq!(
            read(r#"{"partner_id": "p-1"}"#).unwrap(),
            Recipient::Partner {
                partner_id: "p-1".into()
            }
        );
        assert_eq!(
            read(r#"{"class": "treating-providers"}"#).unwrap(),
            Recipient::Class {
                class: RecipientClass::TreatingProviders
            }
        );
        for wrong in [
            r#"{}"#,
            r#"{"partner_id": "p-1", "class": "treating-providers"}"#,
        ] {
            let e = read(wrong).unwrap_err().to_string();
            assert!(e.contains("a recipient is either"), "{e}");
        }
        assert!(read(r#"{"name": "x"}"#).is_err());
        // Sent as it is read.
        let class = Recipient::Class {
            class: RecipientClass::TreatingProviders,
        };
        assert_eq!(
            serde_json::to_string(&class).unwrap(),
            r#"{"class":"treating-providers"}"#
        );
    }

    pub(crate) fn request() -> ConsentRequest {
        ConsentRequest {
            client_reference: "client-001".into(),
            disclosing_party: "Testy McTestface Clinic".into(),
            recipients: vec![Recipient::Class {
                class: RecipientClass::TreatingProviders,
            }],
            information: "referral details: name, date of birth, phone, reason".into(),
            elements: Some(vec![Element::Name, Element::Phone, Element::Reason]),
            purpose: "referral for treatment".into(),
            expires_at: Some("2027-11-23T00:00:00Z".into()),
            expiry_event: None,
            signed_at: "2026-11-20T10:00:00Z".into(),
            revocation: "tell the clinic in writing or by phone".into(),
        }
    }

    fn now() -> DateTime<Utc> {
        clock::parse("2026-11-23T12:00:00Z").unwrap()
    }

    #[test]
    fn a_complete_consent_is_valid() {
        let valid = request().validate(now()).unwrap();
        assert_eq!(valid.expires_at, clock::parse("2027-11-23T00:00:00Z"));
    }

    #[test]
    fn every_element_is_required() {
        let mut r = request();
        r.purpose = " ".into();
        assert_eq!(r.validate(now()).unwrap_err().0, "purpose");
        let mut r = request();
        r.elements = None;
        assert_eq!(r.validate(now()).unwrap_err().0, "elements");
        let mut r = request();
        r.elements = Some(vec![]);
        assert_eq!(r.validate(now()).unwrap_err().0, "elements");
        let mut r = request();
        r.recipients.clear();
        assert_eq!(r.validate(now()).unwrap_err().0, "recipients");
        let mut r = request();
        r.expires_at = None;
        assert_eq!(r.clone().validate(now()).unwrap_err().0, "expires_at");
        r.expiry_event = Some("end of treatment".into());
        assert!(r.validate(now()).is_ok());
    }

    #[test]
    fn times_must_make_sense() {
        let mut r = request();
        r.signed_at = "2026-12-01T00:00:00Z".into();
        assert_eq!(r.validate(now()).unwrap_err().0, "signed_at");
        let mut r = request();
        r.expires_at = Some("2026-11-01T00:00:00Z".into());
        assert_eq!(r.validate(now()).unwrap_err().0, "expires_at");
        let mut r = request();
        r.signed_at = "last tuesday".into();
        assert_eq!(r.validate(now()).unwrap_err().0, "signed_at");
    }

    #[test]
    fn recipients_read_as_partner_or_class() {
        let parsed: Vec<Recipient> =
            serde_json::from_str(r#"[{"partner_id": "p-1"}, {"class": "treating-providers"}]"#)
                .unwrap();
        assert_eq!(
            parsed,
            vec![
                Recipient::Partner {
                    partner_id: "p-1".into()
                },
                Recipient::Class {
                    class: RecipientClass::TreatingProviders
                }
            ]
        );
        assert!(serde_json::from_str::<Vec<Recipient>>(r#"[{"class": "everyone"}]"#).is_err());
    }
}
