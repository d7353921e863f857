//! The store's services read back as the model's records: the inverse of `write`, so that
//! everything derived from a record (its listings for the search index) is derived the
//! same way whether the record was just parsed or comes from the store.

use std::collections::HashMap;

use diesel::prelude::*;

use super::children::{
    LocationChildren, LocationDepth, ServiceChildren, distinct, into_all, rows_where_in,
};
use crate::error::Result;
use crate::model::{self, ServiceRecord};
use crate::store::DbConnection;
use crate::store::rows::*;
use crate::store::schema::*;
use crate::with_conn;

/// A record as stored, with the source that loaded it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub source: String,
    pub record: ServiceRecord,
}

/// Every service's id, in order: what a rebuild of the index reads its services by, a
/// batch at a time.
pub fn service_ids(conn: &mut DbConnection) -> Result<Vec<String>> {
    Ok(with_conn!(&mut *conn, |c| services::table
        .select(services::id)
        .order(services::id)
        .load(c))?)
}

/// The records of the given services (of every service when `None`), in service id order.
/// A service whose organization is missing, and a place whose location is, are left out,
/// as an inner join would.
pub fn records(
    conn: &mut DbConnection,
    service_ids: Option<&[String]>,
) -> Result<Vec<StoredRecord>> {
    let services: Vec<ServiceRow> = match service_ids {
        None => with_conn!(&mut *conn, |c| services::table
            .select(ServiceRow::as_select())
            .order(services::id)
            .load(c))?,
        Some(ids) => rows_where_in!(conn, ServiceRow, services::id, ids),
    };
    let org_ids = distinct(services.iter().map(|s| &s.organization_id));
    let organizations: HashMap<String, model::Organization> =
        rows_where_in!(conn, OrganizationRow, organizations::id, org_ids)
            .into_iter()
            .map(|o| (o.id.clone(), o.into()))
            .collect();
    let children = ServiceChildren::of(conn, &services)?;
    let location_ids = distinct(
        children
            .iter()
            .flat_map(|c| c.at_locations.iter().map(|sal| &sal.location_id)),
    );
    let locations = locations_by_id(conn, &location_ids)?;
    Ok(services
        .into_iter()
        .zip(children)
        .filter_map(|(s, children)| {
            let organization = organizations.get(&s.organization_id).cloned()?;
            Some(record(s, organization, children, &locations))
        })
        .collect())
}

/// One service's record, from its row and children.
fn record(
    s: ServiceRow,
    organization: model::Organization,
    children: ServiceChildren,
    locations: &HashMap<String, model::Location>,
) -> StoredRecord {
    let service_at_locations = children
        .at_locations
        .into_iter()
        .filter_map(|sal| {
            Some(model::ServiceAtLocation {
                location: locations.get(&sal.location_id).cloned()?,
                id: sal.id,
                description: sal.description,
            })
        })
        .collect();
    let service = model::Service {
        id: s.id,
        name: s.name,
        alternate_name: s.alternate_name,
        description: s.description,
        url: s.url,
        email: s.email,
        status: s.status,
        interpretation_services: s.interpretation_services,
        application_process: s.application_process,
        fees_description: s.fees_description,
        eligibility_description: s.eligibility_description,
        minimum_age: s.minimum_age,
        maximum_age: s.maximum_age,
        alert: s.alert,
        categories: children
            .categories
            .iter()
            .filter_map(ServiceCategoryRow::category)
            .collect(),
        phones: into_all(children.phones),
        schedules: into_all(children.schedules),
        service_areas: into_all(children.areas),
        languages: into_all(children.languages),
        cost_options: into_all(children.cost_options),
        capacities: into_all(children.capacities),
        attributes: into_all(children.attributes),
    };
    StoredRecord {
        source: s.source,
        record: ServiceRecord {
            source_key: s.source_key,
            fingerprint: s.content_hash,
            service,
            organization,
            service_at_locations,
        },
    }
}

/// Locations with all their children, by id.
fn locations_by_id(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, model::Location>> {
    let rows = rows_where_in!(conn, LocationRow, locations::id, ids);
    let children = LocationChildren::of(conn, &rows, LocationDepth::All)?;
    Ok(rows
        .into_iter()
        .zip(children)
        .map(|(l, children)| {
            let location = model::Location {
                id: l.id.clone(),
                organization_id: l.organization_id,
                location_type: l.location_type,
                name: l.name,
                alternate_name: l.alternate_name,
                description: l.description,
                transportation: l.transportation,
                latitude: l.latitude,
                longitude: l.longitude,
                url: l.url,
                time_zone: l.time_zone,
                addresses: into_all(children.addresses),
                phones: into_all(children.phones),
                schedules: into_all(children.schedules),
                languages: into_all(children.languages),
            };
            (l.id, location)
        })
        .collect())
}
