//! What each load leaves besides the records: the source's row, and the change sequence
//! the search index follows.

use diesel::prelude::*;

use crate::store::schema::*;

/// One loaded source: its format, files and the last load's counts.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sources, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SourceRow {
    pub name: String,
    pub format: String,
    /// The files loaded, one per line.
    pub paths: String,
    pub loaded_at: String,
    pub records_loaded: i32,
    pub records_skipped: i32,
    /// The digest of the files and of how they were read (`import::content_hash`).
    pub content_hash: Option<String>,
}

/// A service written (`upsert`) or removed (`delete`); the store numbers each (`seq`).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = listing_changes)]
pub struct ListingChangeRow {
    pub service_id: String,
    pub change: &'static str,
    pub changed_at: String,
}
