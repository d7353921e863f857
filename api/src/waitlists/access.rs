//! Who sees a waitlist entry's client details: the partner that added it always; another
//! partner only under a consent in force that names it (or, in a program that needs no
//! consent, when none was given). Each showing to another partner goes in the ledger.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::QueryResult;
use waypoint_indexer::store::DbConnection;

use super::consent::required;
use super::model::{Entry, WaitlistClient};
use crate::auth::{Caller, Role};
use crate::consent::{self, Consent, Element, Elements};
use crate::disclosures::{self, ClientDetails, NewDisclosure, Showing};
use crate::error::ApiError;

/// Whether `viewer` may see now the details of an entry added by `created_by`. `treating`:
/// the viewer is a provider of the program (the `treating-providers` class covers it).
pub fn details_visible(
    created_by: &str,
    viewer: &str,
    treating: bool,
    consent_required: bool,
    consent: Option<&Consent>,
    now: DateTime<Utc>,
) -> bool {
    if viewer == created_by {
        return true;
    }
    match consent {
        Some(c) => c.allows_disclosure_to_partner(viewer, treating, now),
        None => !consent_required,
    }
}

/// An entry's client and the notes of its contact attempts (which may name the client):
/// the details a consent covers.
struct EntryDetails {
    client: Option<WaitlistClient>,
    notes: Vec<Option<String>>,
}

impl EntryDetails {
    /// Takes the details out of `entry`, leaving it withheld until they are put back.
    fn take(entry: &mut Entry) -> EntryDetails {
        entry.client_details_withheld = true;
        entry.notice = None;
        EntryDetails {
            client: entry.client.take(),
            notes: entry
                .contact_attempts
                .iter_mut()
                .map(|a| a.note.take())
                .collect(),
        }
    }

    /// The client's reference (empty for an entry without a client).
    fn reference(&self) -> String {
        self.client
            .as_ref()
            .map(|c| c.reference.clone())
            .unwrap_or_default()
    }

    fn put_back(self, entry: &mut Entry) {
        entry.client_details_withheld = false;
        entry.notice = Some(consent::PART2_NOTICE);
        entry.client = self.client;
        for (attempt, note) in entry.contact_attempts.iter_mut().zip(self.notes) {
            attempt.note = note;
        }
    }
}

impl ClientDetails for EntryDetails {
    fn only(self, covered: &Elements) -> EntryDetails {
        let has = |e| covered.contains(&e);
        EntryDetails {
            client: self.client.map(|c| WaitlistClient {
                reference: c.reference,
                name: c.name.filter(|_| has(Element::Name)),
                date_of_birth: c.date_of_birth.filter(|_| has(Element::DateOfBirth)),
                phone: c.phone.filter(|_| has(Element::Phone)),
                preferred_language: c
                    .preferred_language
                    .filter(|_| has(Element::PreferredLanguage)),
            }),
            notes: self
                .notes
                .into_iter()
                .map(|n| n.filter(|_| has(Element::Notes)))
                .collect(),
        }
    }

    fn present(&self) -> Elements {
        let c = self.client.as_ref();
        [
            (Element::Name, c.is_some_and(|c| c.name.is_some())),
            (
                Element::DateOfBirth,
                c.is_some_and(|c| c.date_of_birth.is_some()),
            ),
            (Element::Phone, c.is_some_and(|c| c.phone.is_some())),
            (
                Element::PreferredLanguage,
                c.is_some_and(|c| c.preferred_language.is_some()),
            ),
            (Element::Notes, self.notes.iter().any(Option::is_some)),
        ]
        .into_iter()
        .filter_map(|(e, there)| there.then_some(e))
        .collect()
    }
}

/// Who shows `entry`'s details (taken out of it, their client's `reference` kept apart) to
/// `viewer`.
fn showing<'a>(
    entry: &'a Entry,
    reference: &'a str,
    viewer: &'a str,
    covered: Option<&'a Elements>,
) -> Showing<'a> {
    Showing {
        holder: &entry.created_by,
        recipient: viewer,
        covered,
        client_reference: reference,
        referral_id: None,
        waitlist_entry_id: Some(&entry.id),
        consent_id: entry.consent_id.as_deref(),
    }
}

/// Shows `entry` to `viewer` in a webhook body: its details where `visible`, narrowed to
/// what the consent covers, and the ledger record to write once the receiver has it.
pub fn show_on_delivery(
    entry: &mut Entry,
    viewer: &str,
    visible: bool,
    covered: Option<&Elements>,
) -> Option<NewDisclosure> {
    let details = EntryDetails::take(entry);
    if !visible {
        return None;
    }
    let reference = details.reference();
    let (released, disclosure) =
        disclosures::release_on_delivery(details, &showing(entry, &reference, viewer, covered));
    released.into_inner().put_back(entry);
    disclosure
}

/// Decides, entry by entry, whether a viewer may see the client's details, reading each
/// program's consent need and each consent once.
#[derive(Default)]
pub struct Visibility {
    needs: HashMap<String, bool>,
    consents: HashMap<String, Option<Consent>>,
}

impl Visibility {
    /// What the entry's consent covers (after [`Visibility::of`] read it); `None` where
    /// no consent was given (a program that needs none: every element).
    pub fn covered(&self, consent_id: Option<&str>) -> Option<&Elements> {
        self.consents
            .get(consent_id?)?
            .as_ref()
            .map(|c| &c.elements)
    }

    /// Whether `viewer` may see `entry`'s details.
    pub fn of(
        &mut self,
        conn: &mut DbConnection,
        entry: &Entry,
        viewer: &Caller,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        // Only a program's own providers reach its entries with the provider role.
        let treating = viewer.role == Role::Provider;
        let viewer = viewer.partner_id.as_str();
        if entry.created_by == viewer {
            return Ok(true);
        }
        let consent_required = match self.needs.get(&entry.service_id) {
            Some(known) => *known,
            None => {
                let found = required(conn, &entry.service_id)?;
                self.needs.insert(entry.service_id.clone(), found);
                found
            }
        };
        if let Some(id) = &entry.consent_id
            && !self.consents.contains_key(id)
        {
            let found = consent::store::get(conn, id)?.filter(|c| c.partner_id == entry.created_by);
            self.consents.insert(id.clone(), found);
        }
        let consent = entry
            .consent_id
            .as_ref()
            .and_then(|id| self.consents[id].as_ref());
        // A consent id that is not the creator's gates like a consent not in force.
        let unusable = entry.consent_id.is_some() && consent.is_none();
        Ok(!unusable
            && details_visible(
                &entry.created_by,
                viewer,
                treating,
                consent_required,
                consent,
                now,
            ))
    }
}

/// The entries as `caller` may see them, each showing of details to a partner other than
/// the one that added the entry recorded in the ledger. A write: call it in one.
pub fn show(
    conn: &mut DbConnection,
    caller: &Caller,
    entries: Vec<Entry>,
    now: DateTime<Utc>,
) -> Result<Vec<Entry>, ApiError> {
    conn.in_transaction(|conn| {
        let mut visibility = Visibility::default();
        let mut shown = Vec::with_capacity(entries.len());
        for mut entry in entries {
            let visible = visibility.of(conn, &entry, caller, now)?;
            let details = EntryDetails::take(&mut entry);
            if visible {
                let reference = details.reference();
                let covered = visibility.covered(entry.consent_id.as_deref());
                let showing = showing(&entry, &reference, &caller.partner_id, covered);
                let released = disclosures::release(conn, details, &showing)?;
                released.into_inner().put_back(&mut entry);
            }
            shown.push(entry);
        }
        Ok(shown)
    })
}

/// One entry as `caller` may see it (see [`show`]).
pub fn show_one(
    conn: &mut DbConnection,
    caller: &Caller,
    entry: Entry,
    now: DateTime<Utc>,
) -> Result<Entry, ApiError> {
    show(conn, caller, vec![entry], now)?
        .pop()
        .ok_or_else(|| ApiError::Internal("an entry shown went missing".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::model::Recipient;

    fn consent(recipients: Vec<Recipient>, revoked: bool) -> Consent {
        Consent {
            id: "c-1".into(),
            partner_id: "desk".into(),
            client_reference: "person-alpha".into(),
            disclosing_party: "Fictional Waitlist Desk".into(),
            recipients,
            information: "name, phone".into(),
            elements: crate::consent::elements::read_from_text("name, phone"),
            elements_read_from_text: true,
            purpose: "treatment waitlist".into(),
            expires_at: Some("2030-01-01T00:00:00.000000Z".into()),
            expiry_event: None,
            signed_at: "2026-11-20T00:00:00.000000Z".into(),
            revocation: "in writing".into(),
            created_at: "2026-11-20T00:00:00.000000Z".into(),
            revoked_at: revoked.then(|| "2026-11-22T00:00:00.000000Z".into()),
        }
    }

    fn named(p: &str) -> Recipient {
        Recipient::Partner {
            partner_id: p.into(),
        }
    }

    #[test]
    fn the_creator_always_sees_others_only_under_consent() {
        let now = Utc::now();
        let covering = consent(vec![named("coordinator")], false);
        let see = |viewer: &str, treating: bool, required: bool, c: Option<&Consent>| {
            details_visible("desk", viewer, treating, required, c, now)
        };
        assert!(see("desk", false, true, None), "the creator");
        assert!(see("coordinator", false, false, None), "no consent needed");
        assert!(
            !see("coordinator", false, true, None),
            "consent needed, none"
        );
        assert!(see("coordinator", false, true, Some(&covering)));
        assert!(!see("provider", true, true, Some(&covering)), "not named");
        let revoked = consent(vec![named("coordinator")], true);
        assert!(!see("coordinator", false, true, Some(&revoked)));
        // A consent given for a program that needs none still decides.
        assert!(!see("provider", true, false, Some(&covering)));
        let class = consent(
            vec![Recipient::Class {
                class: crate::consent::model::RecipientClass::TreatingProviders,
            }],
            false,
        );
        assert!(see("provider", true, true, Some(&class)));
        assert!(!see("coordinator", false, true, Some(&class)));
    }
}
