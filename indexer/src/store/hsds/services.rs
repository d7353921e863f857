//! `/hsds/services`: pages of services and single compiled services.

use diesel::prelude::*;

use super::compile;
use super::types::{MinimalService, Service};
use super::{Depth, Page, PageRequest, ServiceFilter, filter_services};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::rows::ServiceRow;
use crate::store::schema::services;
use crate::with_conn;

/// A page of services matching `filter`, in id order.
pub fn services(
    conn: &mut DbConnection,
    filter: &ServiceFilter,
    page: PageRequest,
    depth: Depth,
) -> Result<Page<Service>> {
    let total_items: i64 = with_conn!(&mut *conn, |c| filter_services!(
        services::table.into_boxed(),
        filter
    )
    .count()
    .get_result(c))?;
    let rows: Vec<ServiceRow> = with_conn!(&mut *conn, |c| filter_services!(
        services::table.into_boxed(),
        filter
    )
    .select(ServiceRow::as_select())
    .order(services::id)
    .limit(page.per_page)
    .offset(page.offset())
    .load(c))?;
    Ok(Page {
        items: compile::services(conn, rows, depth)?,
        total_items,
    })
}

/// A page of service ids with when each last changed (`minimal=true`), in id order.
pub fn minimal_services(
    conn: &mut DbConnection,
    filter: &ServiceFilter,
    page: PageRequest,
) -> Result<Page<MinimalService>> {
    let total_items: i64 = with_conn!(&mut *conn, |c| filter_services!(
        services::table.into_boxed(),
        filter
    )
    .count()
    .get_result(c))?;
    let rows: Vec<(String, String)> = with_conn!(&mut *conn, |c| filter_services!(
        services::table.into_boxed(),
        filter
    )
    .select((services::id, services::updated_at))
    .order(services::id)
    .limit(page.per_page)
    .offset(page.offset())
    .load(c))?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(id, last_modified)| MinimalService { id, last_modified })
            .collect(),
        total_items,
    })
}

/// One compiled service, or `None` when no service has this id.
pub fn service(conn: &mut DbConnection, id: &str) -> Result<Option<Service>> {
    let rows: Vec<ServiceRow> = with_conn!(&mut *conn, |c| services::table
        .filter(services::id.eq(id))
        .select(ServiceRow::as_select())
        .load(c))?;
    Ok(compile::services(conn, rows, Depth::Full)?.pop())
}
