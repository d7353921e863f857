//! The folded search columns (`name_folded`, `description_folded` of services and
//! organizations): filled for rows stored before the columns existed, once, when the store
//! opens. New rows get them from the importer's row shapes.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{organizations, services};
use crate::error::Result;
use crate::model::fold::{fold, fold_opt};
use crate::with_conn;

/// Folds the rows whose folded name is still NULL, in one transaction; answers how many.
pub fn backfill(conn: &mut DbConnection) -> Result<usize> {
    conn.in_transaction(|conn| {
        let mut n = 0;
        let rows: Vec<(String, String, Option<String>)> = with_conn!(&mut *conn, |c| {
            services::table
                .select((services::id, services::name, services::description))
                .filter(services::name_folded.is_null())
                .load(c)
        })?;
        for (id, name, description) in &rows {
            with_conn!(&mut *conn, |c| diesel::update(services::table.find(id))
                .set((
                    services::name_folded.eq(fold(name)),
                    services::description_folded.eq(fold_opt(description.as_deref())),
                ))
                .execute(c))?;
        }
        n += rows.len();
        let rows: Vec<(String, String, Option<String>)> = with_conn!(&mut *conn, |c| {
            organizations::table
                .select((
                    organizations::id,
                    organizations::name,
                    organizations::description,
                ))
                .filter(organizations::name_folded.is_null())
                .load(c)
        })?;
        for (id, name, description) in &rows {
            with_conn!(&mut *conn, |c| diesel::update(
                organizations::table.find(id)
            )
            .set((
                organizations::name_folded.eq(fold(name)),
                organizations::description_folded.eq(fold_opt(description.as_deref())),
            ))
            .execute(c))?;
        }
        Ok(n + rows.len())
    })
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::backend_tests;
    use crate::store::Store;

    backend_tests! {
        fn rows_stored_before_the_columns_are_folded_when_the_store_opens(db) {
            let store = Store::open(&db.url).unwrap();
            let mut conn = store.connect().unwrap();
            // A row as an older Waypoint wrote it: no folded columns.
            with_conn!(&mut conn, |c| c.batch_execute(
                "INSERT INTO organizations (id, source, name, description, content_hash) \
                 VALUES ('o1', 's', 'Clínica Example', 'Atención médica', 'h')"
            ))
            .unwrap();
            drop(conn);
            let store = Store::open(&db.url).unwrap();
            let mut conn = store.connect().unwrap();
            let folded: (Option<String>, Option<String>) = with_conn!(&mut conn, |c| {
                organizations::table
                    .select((organizations::name_folded, organizations::description_folded))
                    .find("o1")
                    .first(c)
            })
            .unwrap();
            assert_eq!(
                folded,
                (Some("clinica example".into()), Some("atencion medica".into()))
            );
            assert_eq!(backfill(&mut conn).unwrap(), 0);
        }
    }
}
