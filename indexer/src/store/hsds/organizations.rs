//! `/hsds/organizations`: pages of organizations and single organizations with their
//! services.

use std::collections::HashMap;

use diesel::prelude::*;

use super::compile;
use super::types::{Location, Organization, Service};
use super::{Depth, Page, PageRequest, ServiceFilter, filter_services, folded_like_pattern};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::read::children::rows_where_in;
use crate::store::rows::{LocationRow, OrganizationRow, ServiceRow};
use crate::store::schema::{locations, organizations, services};
use crate::with_conn;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationFilter {
    /// Words to find in the organization's name or description.
    pub search: Option<String>,
    /// Only organizations with at least one service matching this filter.
    pub services: Option<ServiceFilter>,
}

macro_rules! filter_organizations {
    ($query:expr, $filter:expr) => {{
        let f: &OrganizationFilter = $filter;
        let mut q = $query;
        if let Some(text) = &f.search {
            let p = folded_like_pattern(text);
            q = q.filter(
                organizations::name_folded
                    .like(p.clone())
                    .escape('\\')
                    .or(organizations::description_folded.like(p).escape('\\'))
                    .assume_not_null(),
            );
        }
        if let Some(sf) = &f.services {
            q = q.filter(
                organizations::id.eq_any(
                    filter_services!(services::table.into_boxed(), sf)
                        .select(services::organization_id),
                ),
            );
        }
        q
    }};
}

/// A page of organizations in id order; `services` says whether to include each one's
/// services and how fully.
pub fn organizations(
    conn: &mut DbConnection,
    filter: &OrganizationFilter,
    page: PageRequest,
    services: Option<Depth>,
) -> Result<Page<Organization>> {
    let total_items: i64 = with_conn!(&mut *conn, |c| filter_organizations!(
        organizations::table.into_boxed(),
        filter
    )
    .count()
    .get_result(c))?;
    let rows: Vec<OrganizationRow> = with_conn!(&mut *conn, |c| filter_organizations!(
        organizations::table.into_boxed(),
        filter
    )
    .select(OrganizationRow::as_select())
    .order(organizations::id)
    .limit(page.per_page)
    .offset(page.offset())
    .load(c))?;
    let mut items: Vec<Organization> = rows.into_iter().map(Organization::from).collect();
    if let Some(depth) = services {
        attach_services(conn, &mut items, depth)?;
    }
    Ok(Page { items, total_items })
}

/// One organization with its services (compiled when `services` is `Full`), or `None`.
pub fn organization(
    conn: &mut DbConnection,
    id: &str,
    services: Depth,
) -> Result<Option<Organization>> {
    let rows: Vec<OrganizationRow> = with_conn!(&mut *conn, |c| organizations::table
        .filter(organizations::id.eq(id))
        .select(OrganizationRow::as_select())
        .load(c))?;
    let mut items: Vec<Organization> = rows.into_iter().map(Organization::from).collect();
    attach_services(conn, &mut items, services)?;
    Ok(items.pop())
}

/// Sets each organization's `services` and `locations`, read in one batch for all of them.
/// The services do not repeat the organization they sit in.
fn attach_services(conn: &mut DbConnection, orgs: &mut [Organization], depth: Depth) -> Result<()> {
    let ids: Vec<String> = orgs.iter().map(|o| o.id.clone()).collect();
    let rows = rows_where_in!(conn, ServiceRow, services::organization_id, ids);
    let mut by_org: HashMap<String, Vec<Service>> = HashMap::new();
    for mut s in compile::services(conn, rows, depth)? {
        s.organization = None;
        by_org.entry(s.organization_id.clone()).or_default().push(s);
    }
    let location_rows = rows_where_in!(conn, LocationRow, locations::organization_id, ids);
    let mut locations_by_org: HashMap<String, Vec<Location>> = HashMap::new();
    for place in compile::locations(conn, location_rows, Depth::Full)? {
        if let Some(org) = place.organization_id.clone() {
            locations_by_org.entry(org).or_default().push(place);
        }
    }
    for o in orgs {
        o.services = Some(by_org.remove(&o.id).unwrap_or_default());
        o.locations = Some(locations_by_org.remove(&o.id).unwrap_or_default());
    }
    Ok(())
}
