//! The change sequence: every service a load writes or removes is numbered, so the search
//! index can catch up with what it has not seen.

use diesel::prelude::*;

use crate::error::Result;
use crate::store::DbConnection;
use crate::store::rows::SourceRow;
use crate::store::schema::{listing_changes, sources as sources_table};
use crate::with_conn;

/// The newest change sequence number (0 for an empty store).
pub fn last_change(conn: &mut DbConnection) -> Result<i64> {
    let seq: Option<i64> = with_conn!(&mut *conn, |c| listing_changes::table
        .select(diesel::dsl::max(listing_changes::seq))
        .first(c))?;
    Ok(seq.unwrap_or(0))
}

/// Services changed after `seq`, and the newest seq seen.
pub fn changes_since(conn: &mut DbConnection, seq: i64) -> Result<(Vec<String>, i64)> {
    let rows: Vec<(i64, String)> = with_conn!(&mut *conn, |c| listing_changes::table
        .select((listing_changes::seq, listing_changes::service_id))
        .filter(listing_changes::seq.gt(seq))
        .order(listing_changes::seq)
        .load(c))?;
    let last = rows.last().map(|r| r.0).unwrap_or(seq);
    let mut ids: Vec<String> = rows.into_iter().map(|r| r.1).collect();
    ids.sort();
    ids.dedup();
    Ok((ids, last))
}

/// Every loaded source's row, by name.
pub fn sources(conn: &mut DbConnection) -> Result<std::collections::HashMap<String, SourceRow>> {
    let rows: Vec<SourceRow> = with_conn!(&mut *conn, |c| sources_table::table
        .select(SourceRow::as_select())
        .load(c))?;
    Ok(rows.into_iter().map(|r| (r.name.clone(), r)).collect())
}
