//! Reading one referral, its history: the receiver's first read sets `received_at`, and
//! every read that shows client details to a receiver goes into the disclosure ledger.

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use crate::auth::Caller;
use crate::clock;
use crate::disclosures::{self, NewDisclosure};
use crate::error::ApiError;
use crate::referrals::model::{Referral, ReferralEvent};
use crate::referrals::transitions::Side;
use crate::referrals::{DISCLOSED_FIELDS, Loaded, history, load, store};

/// Records that `loaded`'s client details (`what`) went to the caller, a receiver.
pub fn record_disclosure(
    conn: &mut DbConnection,
    loaded: &Loaded,
    recipient: &str,
    what: &str,
) -> Result<(), ApiError> {
    disclosures::record(conn, &disclosure_of(loaded, recipient, "api", what))?;
    Ok(())
}

/// What showing `loaded`'s client details (`what`) to `recipient` by `channel` discloses.
pub fn disclosure_of(
    loaded: &Loaded,
    recipient: &str,
    channel: &'static str,
    what: &str,
) -> NewDisclosure {
    NewDisclosure {
        discloser_id: loaded.row.referrer_id.clone(),
        recipient_id: recipient.to_string(),
        client_reference: loaded.row.client_reference.clone(),
        referral_id: Some(loaded.row.id.clone()),
        waitlist_entry_id: None,
        consent_id: loaded.row.consent_id.clone(),
        channel,
        information: what.to_string(),
    }
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Referral, ApiError> {
    conn.in_transaction(|conn| {
        let mut loaded = load(conn, caller, id)?;
        let now = Utc::now();
        if loaded.side == Side::Receiver {
            let at = clock::format(now);
            if store::mark_received(conn, id, &at)? {
                loaded.row.received_at = Some(at);
            }
            if loaded.details_visible(&caller.partner_id, now) {
                record_disclosure(conn, &loaded, &caller.partner_id, DISCLOSED_FIELDS)?;
            }
        }
        Ok(loaded.view(&caller.partner_id, now))
    })
}

pub fn events(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<Vec<ReferralEvent>, ApiError> {
    load(conn, caller, id)?;
    Ok(history::events(conn, id)?)
}
