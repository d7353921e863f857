//! Notes between the two sides of a referral. Notes can hold client details, so a receiver
//! reads their text only while it may see the client's details (and the read is recorded).

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use crate::auth::Caller;
use crate::clock;
use crate::consent::Element;
use crate::disclosures;
use crate::error::ApiError;
use crate::events::{self, payloads};
use crate::referrals::model::{NewNote, Note};
use crate::referrals::transitions::Side;
use crate::referrals::{history, load, store};

const MAX_NOTE: usize = 4000;

pub fn add(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    note: NewNote,
) -> Result<Note, ApiError> {
    let text = note.text.trim();
    if text.is_empty() || text.chars().count() > MAX_NOTE {
        return Err(ApiError::invalid(
            "text",
            format!("a note needs text, at most {MAX_NOTE} characters"),
        ));
    }
    conn.in_transaction(|conn| {
        store::serialize_changes(conn)?;
        let loaded = load(conn, caller, id)?;
        let note = history::add_note(conn, id, &caller.partner_id, text)?;
        store::touch(conn, id, &clock::now())?;
        let payload = payloads::ReferralNoteAdded {
            referral_id: id.to_string(),
            note_id: note.id.clone(),
            author_partner_id: caller.partner_id.clone(),
        };
        for partner in loaded.parties() {
            events::enqueue(
                conn,
                &partner,
                events::REFERRAL_NOTE_ADDED,
                Some(id),
                &payload,
            )?;
        }
        Ok(note)
    })
}

pub fn list(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<Note>, ApiError> {
    conn.in_transaction(|conn| {
        let loaded = load(conn, caller, id)?;
        let mut notes = history::notes(conn, id)?;
        if loaded.side == Side::Receiver {
            let visible = loaded.details_visible(&caller.partner_id, Utc::now())
                && loaded.covers(Element::Notes);
            let mut disclosed = false;
            for n in &mut notes {
                disclosed |= n.gate(&caller.partner_id, visible);
            }
            let showing = loaded.showing(&caller.partner_id);
            if disclosed
                && let Some(d) = disclosures::shown(&showing, &[Element::Notes].into(), "api")
            {
                disclosures::record(conn, &d)?;
            }
        }
        Ok(notes)
    })
}
