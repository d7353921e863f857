//! Whether a consent is in force, and whether it lets a referral's client details reach
//! the partners receiving it.

use chrono::{DateTime, Utc};

use super::model::{Consent, Recipient, RecipientClass};
use crate::clock;

/// Why a consent does not allow a disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentFault {
    /// The service needs a consent and none was given.
    Missing,
    /// No consent with that id belongs to the referrer.
    Unknown,
    /// The consent is for another client.
    OtherClient,
    Revoked,
    Expired,
    /// These receiving partners are not among its recipients.
    DoesNotCover(Vec<String>),
}

impl Consent {
    /// In force at `now`: not revoked, not past its expiry date.
    pub fn in_force(&self, now: DateTime<Utc>) -> Result<(), ConsentFault> {
        if self.revoked_at.is_some() {
            return Err(ConsentFault::Revoked);
        }
        if let Some(end) = self.expires_at.as_deref().and_then(clock::parse)
            && end <= now
        {
            return Err(ConsentFault::Expired);
        }
        Ok(())
    }

    /// Whether a provider partner is among the recipients (by id, or as a treating provider).
    pub fn covers(&self, partner_id: &str) -> bool {
        self.covers_partner(partner_id, true)
    }

    /// Whether a partner is among the recipients: by id, or, when it is one of the
    /// client's `treating` providers, through the `treating-providers` class.
    pub fn covers_partner(&self, partner_id: &str, treating: bool) -> bool {
        self.recipients.iter().any(|r| match r {
            Recipient::Partner { partner_id: p } => p == partner_id,
            Recipient::Class {
                class: RecipientClass::TreatingProviders,
            } => treating,
        })
    }

    /// Whether `viewer` (a receiving provider) may see the client's details now.
    pub fn allows_disclosure_to(&self, viewer: &str, now: DateTime<Utc>) -> bool {
        self.allows_disclosure_to_partner(viewer, true, now)
    }

    /// Whether `viewer` may see the client's details now; `treating` as in [`Self::covers_partner`].
    pub fn allows_disclosure_to_partner(
        &self,
        viewer: &str,
        treating: bool,
        now: DateTime<Utc>,
    ) -> bool {
        self.in_force(now).is_ok() && self.covers_partner(viewer, treating)
    }
}

/// The consent check for a new referral: needed for Part 2 services, and when given it must
/// be in force, for this client, and cover every receiving provider.
pub fn check_for_referral(
    consent: Option<&Consent>,
    required: bool,
    client_reference: &str,
    receivers: &[String],
    now: DateTime<Utc>,
) -> Result<(), ConsentFault> {
    let Some(consent) = consent else {
        return if required {
            Err(ConsentFault::Missing)
        } else {
            Ok(())
        };
    };
    if consent.client_reference != client_reference {
        return Err(ConsentFault::OtherClient);
    }
    consent.in_force(now)?;
    let uncovered: Vec<String> = receivers
        .iter()
        .filter(|r| !consent.covers(r))
        .cloned()
        .collect();
    if uncovered.is_empty() {
        Ok(())
    } else {
        Err(ConsentFault::DoesNotCover(uncovered))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consent(recipients: Vec<Recipient>) -> Consent {
        Consent {
            id: "c-1".into(),
            partner_id: "referrer".into(),
            client_reference: "client-001".into(),
            disclosing_party: "Testy McTestface Clinic".into(),
            recipients,
            information: "referral details".into(),
            elements: crate::consent::elements::read_from_text("referral details"),
            elements_read_from_text: true,
            purpose: "treatment referral".into(),
            expires_at: Some("2026-12-01T00:00:00.000000Z".into()),
            expiry_event: None,
            signed_at: "2026-11-20T00:00:00.000000Z".into(),
            revocation: "in writing".into(),
            created_at: "2026-11-20T00:00:00.000000Z".into(),
            revoked_at: None,
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        clock::parse(text).unwrap()
    }

    fn named(p: &str) -> Recipient {
        Recipient::Partner {
            partner_id: p.into(),
        }
    }

    #[test]
    fn part2_services_need_a_consent() {
        let now = at("2026-11-23T00:00:00Z");
        assert_eq!(
            check_for_referral(None, true, "client-001", &["p".into()], now),
            Err(ConsentFault::Missing)
        );
        assert_eq!(
            check_for_referral(None, false, "client-001", &["p".into()], now),
            Ok(())
        );
    }

    #[test]
    fn a_consent_must_be_in_force_and_for_this_client() {
        let c = consent(vec![named("p")]);
        let receivers = ["p".to_string()];
        let now = at("2026-11-23T00:00:00Z");
        assert_eq!(
            check_for_referral(Some(&c), true, "client-001", &receivers, now),
            Ok(())
        );
        assert_eq!(
            check_for_referral(Some(&c), true, "client-002", &receivers, now),
            Err(ConsentFault::OtherClient)
        );
        let later = at("2026-12-01T00:00:00Z");
        assert_eq!(
            check_for_referral(Some(&c), true, "client-001", &receivers, later),
            Err(ConsentFault::Expired)
        );
        let mut revoked = c.clone();
        revoked.revoked_at = Some("2026-11-22T00:00:00.000000Z".into());
        assert_eq!(
            check_for_referral(Some(&revoked), true, "client-001", &receivers, now),
            Err(ConsentFault::Revoked)
        );
    }

    #[test]
    fn every_receiver_must_be_a_recipient() {
        let now = at("2026-11-23T00:00:00Z");
        let c = consent(vec![named("p1")]);
        assert_eq!(
            check_for_referral(
                Some(&c),
                true,
                "client-001",
                &["p1".into(), "p2".into()],
                now
            ),
            Err(ConsentFault::DoesNotCover(vec!["p2".into()]))
        );
        let class = consent(vec![Recipient::Class {
            class: RecipientClass::TreatingProviders,
        }]);
        assert!(class.covers("anyone-receiving"));
        assert!(class.allows_disclosure_to("p2", now));
        assert!(!class.allows_disclosure_to("p2", at("2027-01-01T00:00:00Z")));
    }

    #[test]
    fn the_treating_providers_class_covers_only_treating_providers() {
        let now = at("2026-11-23T00:00:00Z");
        let class = consent(vec![Recipient::Class {
            class: RecipientClass::TreatingProviders,
        }]);
        assert!(class.allows_disclosure_to_partner("provider", true, now));
        assert!(!class.allows_disclosure_to_partner("coordinator", false, now));
        let named = consent(vec![named("coordinator")]);
        assert!(named.allows_disclosure_to_partner("coordinator", false, now));
        assert!(!named.allows_disclosure_to_partner("someone-else", true, now));
    }
}
