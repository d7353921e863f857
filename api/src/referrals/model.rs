//! Referrals as asked for and as answered, and the checks a new referral must pass.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::transitions::{ReasonCode, Status};
use crate::consent::{Element, Elements};
use crate::disclosures::{ClientDetails, Released};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Priority {
    Routine,
    Urgent,
}

/// The minimum the receiver needs to reach the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// The referrer's own id for the client.
    #[schema(pattern = r"\S")]
    pub reference: String,
    #[schema(pattern = r"\S")]
    pub name: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// A postal address, as one line.
    #[serde(default)]
    pub address: Option<String>,
    /// ISO 639-1 code.
    pub preferred_language: Option<String>,
    /// How the client wants to be reached (e.g. `phone`, `text`, `no-voicemail`).
    #[serde(default)]
    pub contact_preferences: Vec<String>,
}

/// The client as a viewer sees it: the elements released to that viewer only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClientView {
    /// The referrer's own id for the client.
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_preferences: Vec<String>,
}

/// A referral's client details: what a consent can cover. Flattened into a referral, and
/// only for those allowed to see them: so no field is required in the document, and a
/// referral without details is still a valid `Referral`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReferralDetails {
    #[schema(required = false)]
    pub client_reference: String,
    #[schema(required = false)]
    pub client: ClientView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment: Option<Appointment>,
}

impl ClientDetails for ReferralDetails {
    fn only(self, covered: &Elements) -> ReferralDetails {
        let has = |e| covered.contains(&e);
        let c = self.client;
        ReferralDetails {
            client_reference: self.client_reference,
            client: ClientView {
                reference: c.reference,
                name: c.name.filter(|_| has(Element::Name)),
                date_of_birth: c.date_of_birth.filter(|_| has(Element::DateOfBirth)),
                phone: c.phone.filter(|_| has(Element::Phone)),
                email: c.email.filter(|_| has(Element::Email)),
                address: c.address.filter(|_| has(Element::Address)),
                preferred_language: c
                    .preferred_language
                    .filter(|_| has(Element::PreferredLanguage)),
                contact_preferences: if has(Element::ContactPreferences) {
                    c.contact_preferences
                } else {
                    Vec::new()
                },
            },
            reason: self.reason.filter(|_| has(Element::Reason)),
            appointment: self.appointment.filter(|_| has(Element::Appointment)),
        }
    }

    fn present(&self) -> Elements {
        let c = &self.client;
        [
            (Element::Name, c.name.is_some()),
            (Element::DateOfBirth, c.date_of_birth.is_some()),
            (Element::Phone, c.phone.is_some()),
            (Element::Email, c.email.is_some()),
            (Element::Address, c.address.is_some()),
            (Element::PreferredLanguage, c.preferred_language.is_some()),
            (
                Element::ContactPreferences,
                !c.contact_preferences.is_empty(),
            ),
            (Element::Reason, self.reason.is_some()),
            (Element::Appointment, self.appointment.is_some()),
        ]
        .into_iter()
        .filter_map(|(e, there)| there.then_some(e))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Appointment {
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub starts_at: String,
    pub notes: Option<String>,
}

/// `POST /v1/referrals`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReferral {
    /// The service at a location the client is referred to (or give `service_id`).
    pub service_at_location_id: Option<String>,
    pub service_id: Option<String>,
    pub client: Client,
    #[schema(pattern = r"\S")]
    pub reason: String,
    pub priority: Priority,
    /// Needed for substance-use-treatment and mental-health services (42 CFR part 2).
    pub consent_id: Option<String>,
    pub appointment: Option<Appointment>,
}

impl CreateReferral {
    /// Checks what the body alone can tell; the error names the field.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        let given = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !given(&self.service_at_location_id) && !given(&self.service_id) {
            return Err((
                "service_at_location_id",
                "give `service_at_location_id` or `service_id`".into(),
            ));
        }
        if self.client.reference.trim().is_empty() {
            return Err(("client.reference", "`client.reference` is required".into()));
        }
        if self.client.name.trim().is_empty() {
            return Err(("client.name", "`client.name` is required".into()));
        }
        if let Some(dob) = &self.client.date_of_birth
            && chrono::NaiveDate::parse_from_str(dob, "%Y-%m-%d").is_err()
        {
            return Err((
                "client.date_of_birth",
                "`client.date_of_birth` must be YYYY-MM-DD".into(),
            ));
        }
        if self.reason.trim().is_empty() {
            return Err(("reason", "`reason` is required".into()));
        }
        if let Some(a) = &self.appointment
            && crate::clock::parse(&a.starts_at).is_none()
        {
            return Err((
                "appointment.starts_at",
                "`appointment.starts_at` must be an RFC 3339 time".into(),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Enrollment {
    Enrolled,
    NotEnrolled,
    Waitlisted,
}

/// What came of a completed referral: required with `completed`, saying at least one of
/// the services delivered or the enrollment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"services_delivered": ["intake assessment", "outpatient counselling"], "enrollment": "enrolled"}))]
pub struct Outcome {
    /// What the client received, in the receiver's words.
    #[serde(default)]
    pub services_delivered: Vec<String>,
    /// Whether the client was enrolled in the program.
    pub enrollment: Option<Enrollment>,
}

impl Outcome {
    /// Whether it tells anything: an enrollment, or a service delivered that is not blank.
    pub fn says_something(&self) -> bool {
        self.enrollment.is_some() || self.services_delivered.iter().any(|s| !s.trim().is_empty())
    }
}

/// `POST /v1/referrals/{id}/status`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "completed", "outcome": {"services_delivered": ["intake assessment"], "enrollment": "enrolled"}}))]
pub struct StatusChange {
    pub status: Status,
    /// Needed for rejected, cancelled, on-hold and failed.
    pub reason_code: Option<ReasonCode>,
    pub reason: Option<String>,
    /// The receiver's own finer status (e.g. "first contact attempted").
    pub business_status: Option<String>,
    /// Required with `completed` (and only then): what came of the referral.
    pub outcome: Option<Outcome>,
    /// With `rejected` for `at-capacity` only: hand the client to the program's waitlist in
    /// the same step, under the referral's consent, waiting since the referral was made.
    pub waitlist: Option<WaitlistHandOff>,
}

/// What the waitlist needs beyond the referral (its priority facts, 45 CFR 96.131).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitlistHandOff {
    #[serde(default)]
    pub pregnant: bool,
    #[serde(default)]
    pub injects_drugs: bool,
}

/// Where a referral's client stands on the waitlist it was handed to: position and
/// clocks, for both sides (no client details).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WaitlistPlace {
    pub entry_id: String,
    pub service_id: String,
    /// `waiting`, `admitted` or `removed`.
    #[schema(schema_with = crate::keywords::entry_status)]
    pub status: String,
    pub position: Option<usize>,
    pub days_waiting: i64,
    pub clocks: crate::waitlists::rules::Clocks,
    pub overdue: bool,
}

/// Why the referral has its status, when it needs one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusReason {
    #[schema(value_type = Option<ReasonCode>)]
    pub code: Option<String>,
    pub text: Option<String>,
}

/// A referral as answered. Client details (`client`, `reason`, `appointment`) appear only
/// to those allowed to see them, and always with `notice` and `consent_id`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Referral {
    pub id: String,
    pub status: Status,
    pub business_status: Option<String>,
    pub status_reason: Option<StatusReason>,
    pub priority: Priority,
    pub service_id: String,
    pub service_at_location_id: Option<String>,
    pub organization_id: String,
    pub referrer_id: String,
    /// The provider partners receiving it.
    pub receiver_ids: Vec<String>,
    pub consent_id: Option<String>,
    /// The client's details (`client_reference`, `client`, `reason`, `appointment`), only
    /// to those allowed to see them and only the elements the consent covers.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = ReferralDetails)]
    pub details: Option<Released<ReferralDetails>>,
    /// True when client details are withheld (consent revoked, expired or not covering
    /// this partner); the status stays visible.
    pub client_details_withheld: bool,
    /// Elements the referral holds but the consent does not cover for this viewer (names
    /// only): ask the client, or the referrer, for a wider consent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withheld_elements: Vec<Element>,
    /// The 42 CFR §2.32 notice, on every body with client details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<&'static str>,
    pub outcome: Option<Outcome>,
    /// The waitlist place of a referral rejected for capacity and handed to the waitlist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_entry: Option<WaitlistPlace>,
    pub created_at: String,
    pub updated_at: String,
    pub received_at: Option<String>,
    pub closed_loop_at: Option<String>,
}

/// One entry of a referral's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralEvent {
    pub id: String,
    pub at: String,
    /// The partner that made the change; absent for Waypoint itself (expiry).
    pub actor_partner_id: Option<String>,
    // Stored as text; documented as the enumerations they hold, so clients get one type.
    #[schema(value_type = Option<crate::auth::Role>)]
    pub actor_role: Option<String>,
    pub from: Option<Status>,
    pub to: Status,
    #[schema(value_type = Option<ReasonCode>)]
    pub reason_code: Option<String>,
    pub reason: Option<String>,
}

/// A note between the two sides of a referral.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Note {
    pub id: String,
    pub author_partner_id: String,
    /// Withheld (null) from a receiver that may no longer see client details.
    pub text: Option<String>,
    pub created_at: String,
}

impl Note {
    /// Shows the note to `viewer`, who may see client details or not (`visible`): a note
    /// by another partner may name the client, so its text goes when they may not. True
    /// when showing it discloses (the text of another partner's note is shown).
    pub fn gate(&mut self, viewer: &str, visible: bool) -> bool {
        let theirs = self.author_partner_id != viewer;
        if theirs && !visible {
            self.text = None;
        }
        theirs && visible
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    #[schema(pattern = r"\S")]
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateReferral {
        serde_json::from_value(serde_json::json!({
            "service_id": "svc-1",
            "client": {"reference": "client-001", "name": "Testy McTestface", "date_of_birth": "1990-02-03"},
            "reason": "needs outpatient treatment",
            "priority": "routine"
        }))
        .unwrap()
    }

    fn note(author: &str) -> Note {
        Note {
            id: "n-1".into(),
            author_partner_id: author.into(),
            text: Some("call after 5".into()),
            created_at: "2026-11-23T00:00:00.000000Z".into(),
        }
    }

    #[test]
    fn another_partners_note_loses_its_text_when_details_are_withheld() {
        let mut theirs = note("clinic");
        assert!(theirs.gate("program", true), "shown: a disclosure");
        assert_eq!(theirs.text.as_deref(), Some("call after 5"));
        let mut withheld = note("clinic");
        assert!(!withheld.gate("program", false));
        assert_eq!(withheld.text, None);
        let mut own = note("program");
        assert!(
            !own.gate("program", false),
            "one's own note discloses nothing"
        );
        assert_eq!(own.text.as_deref(), Some("call after 5"));
    }

    #[test]
    fn a_minimal_referral_is_valid() {
        assert_eq!(request().validate(), Ok(()));
    }

    #[test]
    fn the_body_names_what_is_wrong() {
        let mut r = request();
        r.service_id = None;
        assert_eq!(r.validate().unwrap_err().0, "service_at_location_id");
        let mut r = request();
        r.client.date_of_birth = Some("03/02/1990".into());
        assert_eq!(r.validate().unwrap_err().0, "client.date_of_birth");
        let mut r = request();
        r.reason = "".into();
        assert_eq!(r.validate().unwrap_err().0, "reason");
        assert!(
            serde_json::from_value::<CreateReferral>(serde_json::json!({"priority": "whenever"}))
                .is_err()
        );
    }
}
