//! Reading one referral, its history: the receiver's first read sets `received_at`, and
//! every read that shows client details to a receiver goes into the disclosure ledger
//! (through `Loaded::show`).

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use crate::auth::Caller;
use crate::clock;
use crate::error::ApiError;
use crate::referrals::model::{Referral, ReferralEvent};
use crate::referrals::transitions::Side;
use crate::referrals::{history, load, store};

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Referral, ApiError> {
    conn.in_transaction(|conn| {
        let mut loaded = load(conn, caller, id)?;
        let now = Utc::now();
        if loaded.side == Side::Receiver {
            let at = clock::format(now);
            if store::mark_received(conn, id, &at)? {
                loaded.row.received_at = Some(at);
            }
        }
        loaded.show(conn, &caller.partner_id, now)
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
