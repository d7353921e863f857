//! Capacity joined to listings: the HSDS 3.1 `service_capacity` records of `/hsds`
//! services. (Search results get their capacity, and `has_capacity` its meaning, in
//! `crate::search`.)

use diesel::QueryResult;
use waypoint_indexer::model::ids;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::hsds::types::{Service, ServiceAtLocation, ServiceCapacity, Unit};

use super::store::{self, StoredCapacity};

/// A report's units as HSDS `service_capacity` records. Ids are derived from the service
/// and the unit name, so they stay the same from one report to the next.
pub fn hsds_records(stored: &StoredCapacity) -> Vec<ServiceCapacity> {
    stored
        .capacities
        .iter()
        .map(|u| {
            let unit_id = ids::shared("unit", &u.unit);
            ServiceCapacity {
                id: ids::derive(
                    "waypoint-api",
                    "capacity",
                    &format!("{}\u{1f}{}", stored.service_id, u.unit),
                ),
                service_id: stored.service_id.clone(),
                unit_id: unit_id.clone(),
                unit: Unit {
                    id: unit_id,
                    name: u.unit.clone(),
                    scheme: Some("waypoint".into()),
                    identifier: Some(u.unit.clone()),
                    uri: None,
                },
                available: u.available as f64,
                maximum: u.maximum.map(|m| m as f64),
                description: u.description.clone(),
                updated: stored.updated_at.clone(),
            }
        })
        .collect()
}

/// Puts each service's reported capacity in its HSDS `capacities`: a program's own report
/// through the API is newer than a feed's figure, so it replaces it.
pub fn overlay_hsds<'a>(
    conn: &mut DbConnection,
    services: impl IntoIterator<Item = &'a mut Service>,
) -> QueryResult<()> {
    let mut services: Vec<&mut Service> = services.into_iter().collect();
    let ids: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
    let reported = store::current_of(conn, &ids)?;
    for service in services.iter_mut() {
        if let Some(stored) = reported.get(&service.id) {
            service.capacities = Some(hsds_records(stored));
        }
    }
    Ok(())
}

/// The same for the services nested in services at locations (`full`, or one record).
pub fn overlay_hsds_nested<'a>(
    conn: &mut DbConnection,
    records: impl IntoIterator<Item = &'a mut ServiceAtLocation>,
) -> QueryResult<()> {
    overlay_hsds(
        conn,
        records.into_iter().filter_map(|r| r.service.as_deref_mut()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::{CapacityStatus, CapacityUnit};

    #[test]
    fn hsds_records_keep_their_ids_across_reports() {
        let report = |available| StoredCapacity {
            service_id: "svc-1".into(),
            status: CapacityStatus::Capacity,
            capacities: vec![CapacityUnit {
                unit: "bed".into(),
                available,
                maximum: Some(10),
                description: None,
            }],
            notes: None,
            updated_at: "2026-11-23T10:00:00Z".into(),
            updated_by: "p".into(),
            near_full: false,
        };
        let (first, second) = (hsds_records(&report(3)), hsds_records(&report(1)));
        assert_eq!(first[0].id, second[0].id);
        assert_eq!(first[0].unit.name, "bed");
        assert_eq!(second[0].available, 1.0);
        assert_eq!(first[0].maximum, Some(10.0));
    }
}
