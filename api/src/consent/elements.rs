//! The information a consent covers, as structured elements (42 CFR 2.31(a)(3): "a
//! description of the information to be used or disclosed that identifies the information
//! in a specific and meaningful fashion"), and how a consent recorded before elements
//! existed is read from its free text.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::model::Keyword;

/// One kind of client information a consent may cover.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Element {
    Name,
    DateOfBirth,
    Phone,
    Email,
    Address,
    PreferredLanguage,
    /// How the client wants to be reached (text, no voicemail…).
    ContactPreferences,
    /// The reason for referral (it can name a substance use disorder).
    Reason,
    Diagnosis,
    Appointment,
    /// Free-text notes (referral notes, contact-attempt notes): they may say anything.
    Notes,
    /// Pregnancy, injection drug use, and the like (waitlist priority facts).
    HealthFacts,
}

impl Element {
    /// Words that, in a consent's free text, name this element.
    fn words(self) -> &'static [&'static str] {
        match self {
            Element::Name => &["name"],
            Element::DateOfBirth => &["date of birth", "birth date", "birthdate", "dob"],
            Element::Phone => &["phone", "telephone", "mobile"],
            Element::Email => &["email", "e-mail"],
            Element::Address => &["address"],
            Element::PreferredLanguage => &["language"],
            Element::ContactPreferences => &["contact preference", "how to contact"],
            Element::Reason => &["reason"],
            Element::Diagnosis => &["diagnos"],
            Element::Appointment => &["appointment"],
            Element::Notes => &["note"],
            Element::HealthFacts => &["pregnan", "inject"],
        }
    }
}

/// A set of elements, in a stable order.
pub type Elements = BTreeSet<Element>;

/// The elements a free-text description names, for consents recorded before elements
/// existed: each element whose word appears in the text (case-insensitive), so "name, date
/// of birth, phone, reason for referral" covers those four and nothing else. Text that
/// names none covers nothing: a vague consent discloses nothing rather than everything.
pub fn read_from_text(information: &str) -> Elements {
    let text = information.to_lowercase();
    Element::all()
        .iter()
        .copied()
        .filter(|e| e.words().iter().any(|w| text.contains(w)))
        .collect()
}

/// The elements as they are written in the ledger: `name, phone, reason`.
pub fn describe(elements: &Elements) -> String {
    elements
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The elements of a ledger description, as [`describe`] wrote it.
pub fn read_described(text: &str) -> Elements {
    text.split(", ").filter_map(Element::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_is_read_for_the_elements_it_names() {
        assert_eq!(
            read_from_text("name, date of birth, phone, reason for referral"),
            [
                Element::Name,
                Element::DateOfBirth,
                Element::Phone,
                Element::Reason
            ]
            .into_iter()
            .collect()
        );
        assert_eq!(
            read_from_text("Name and E-mail only"),
            [Element::Name, Element::Email].into_iter().collect()
        );
        assert!(read_from_text("everything needed").is_empty());
    }

    #[test]
    fn elements_read_and_write_as_snake_case_words() {
        for &e in Element::all() {
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
        }
        let parsed: Vec<Element> = serde_json::from_str(r#"["date_of_birth", "notes"]"#).unwrap();
        assert_eq!(parsed, vec![Element::DateOfBirth, Element::Notes]);
        assert!(serde_json::from_str::<Element>(r#""ssn""#).is_err());
        let both: Elements = [Element::Reason, Element::Name].into_iter().collect();
        assert_eq!(describe(&both), "name, reason");
        assert_eq!(read_described("name, reason"), both);
    }
}
