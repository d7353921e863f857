//! Turning a page of rows into HSDS records: the related rows of every record on the page
//! are read with one query per table (see `read::children`), then attached to their owner.

use std::collections::HashMap;

use diesel::prelude::*;

use super::Depth;
use super::types::*;
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::read::children::{
    LocationChildren, LocationDepth, ServiceChildren, distinct, into_all, rows_where_in,
};
use crate::store::rows::*;
use crate::store::schema::*;

/// Organizations by id (list shape).
pub(super) fn organizations_by_id(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Organization>> {
    Ok(
        rows_where_in!(conn, OrganizationRow, organizations::id, ids)
            .into_iter()
            .map(|o| (o.id.clone(), Organization::from(o)))
            .collect(),
    )
}

/// Locations by id, always with their addresses; with phones, schedules and languages
/// when `Full`.
pub(super) fn locations_by_id(
    conn: &mut DbConnection,
    ids: &[String],
    depth: Depth,
) -> Result<HashMap<String, Location>> {
    let rows = rows_where_in!(conn, LocationRow, locations::id, distinct(ids.iter()));
    Ok(locations(conn, rows, depth)?
        .into_iter()
        .map(|l| (l.id.clone(), l))
        .collect())
}

/// The given locations (rows in hand) with their children, in the same order.
pub(super) fn locations(
    conn: &mut DbConnection,
    rows: Vec<LocationRow>,
    depth: Depth,
) -> Result<Vec<Location>> {
    let full = depth == Depth::Full;
    let level = if full {
        LocationDepth::All
    } else {
        LocationDepth::Addresses
    };
    let children = LocationChildren::of(conn, &rows, level)?;
    Ok(rows
        .into_iter()
        .zip(children)
        .map(|(row, children)| Location {
            addresses: into_all(children.addresses),
            phones: full.then(|| into_all(children.phones)),
            schedules: full.then(|| into_all(children.schedules)),
            languages: full.then(|| into_all(children.languages)),
            ..Location::from(row)
        })
        .collect())
}

/// Services as HSDS records, in the order given: with their organization always, and
/// compiled with every related record when `Full` (their service-at-locations then carry
/// the location but not the service again).
pub(super) fn services(
    conn: &mut DbConnection,
    rows: Vec<ServiceRow>,
    depth: Depth,
) -> Result<Vec<Service>> {
    let orgs = organizations_by_id(conn, &distinct(rows.iter().map(|r| &r.organization_id)))?;
    let children = match depth {
        Depth::Full => Some(ServiceChildren::of(conn, &rows)?),
        Depth::List => None,
    };
    let places = match &children {
        Some(children) => {
            let ids = children
                .iter()
                .flat_map(|c| c.at_locations.iter().map(|s| s.location_id.clone()))
                .collect::<Vec<_>>();
            locations_by_id(conn, &ids, Depth::Full)?
        }
        None => HashMap::new(),
    };
    let mut children = children.map(Vec::into_iter);
    Ok(rows
        .into_iter()
        .map(|r| {
            let organization = orgs.get(&r.organization_id).cloned().map(Box::new);
            let mut s = Service {
                organization,
                ..Service::from(r)
            };
            if let Some(c) = children.as_mut().and_then(Iterator::next) {
                attach(&mut s, c, &places);
            }
            s
        })
        .collect())
}

/// Sets a service's related records from its children.
fn attach(s: &mut Service, c: ServiceChildren, places: &HashMap<String, Location>) {
    s.phones = Some(into_all(c.phones));
    s.schedules = Some(into_all(c.schedules));
    s.languages = Some(into_all(c.languages));
    s.service_areas = Some(into_all(c.areas));
    s.cost_options = Some(into_all(c.cost_options));
    s.capacities = Some(into_all(c.capacities));
    s.attributes = Some(into_all(c.attributes));
    s.service_at_locations = Some(
        c.at_locations
            .into_iter()
            .map(|sal| ServiceAtLocation {
                location: places.get(&sal.location_id).cloned(),
                ..ServiceAtLocation::from(sal)
            })
            .collect(),
    );
}
