//! Everything that hangs off a page of services (phones, schedules, languages, service
//! areas, costs, capacities, attributes, services at locations), one query per table.

use std::collections::HashMap;

use diesel::prelude::*;

use super::compile::{grouped, locations_by_id, take};
use super::rows::*;
use super::types::*;
use super::values::web_address;
use super::{CHUNK, Depth};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::schema::*;
use crate::with_conn;

/// Everything that hangs off a set of services, grouped by service id.
pub(super) struct Related {
    phones: HashMap<String, Vec<PhoneRow>>,
    schedules: HashMap<String, Vec<ScheduleRow>>,
    languages: HashMap<String, Vec<LanguageRow>>,
    areas: HashMap<String, Vec<ServiceArea>>,
    costs: HashMap<String, Vec<CostOption>>,
    capacities: HashMap<String, Vec<ServiceCapacity>>,
    attributes: HashMap<String, Vec<Attribute>>,
    sals: HashMap<String, Vec<ServiceAtLocation>>,
}

type AreaRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type CostRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<String>,
);

type CapacityRow = (
    String,
    String,
    String,
    f64,
    Option<f64>,
    Option<String>,
    String,
    (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
);

type AttributeRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    TermRow,
);

impl Related {
    pub(super) fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Related> {
        let phones = grouped!(conn, phones, service_id, ids, PhoneRow, |r: &PhoneRow| r
            .service_id
            .clone());
        let schedules = grouped!(
            conn,
            schedules,
            service_id,
            ids,
            ScheduleRow,
            |r: &ScheduleRow| r.service_id.clone()
        );
        let languages = grouped!(
            conn,
            languages,
            service_id,
            ids,
            LanguageRow,
            |r: &LanguageRow| r.service_id.clone()
        );
        let mut areas: HashMap<String, Vec<ServiceArea>> = HashMap::new();
        let mut costs: HashMap<String, Vec<CostOption>> = HashMap::new();
        let mut capacities: HashMap<String, Vec<ServiceCapacity>> = HashMap::new();
        let mut attributes_by: HashMap<String, Vec<Attribute>> = HashMap::new();
        let mut sal_rows: Vec<SalRow> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<AreaRow> = with_conn!(&mut *conn, |c| service_areas::table
                .filter(service_areas::service_id.eq_any(chunk))
                .select((
                    service_areas::id,
                    service_areas::service_id,
                    service_areas::name,
                    service_areas::description,
                    service_areas::extent,
                    service_areas::extent_type,
                    service_areas::uri,
                ))
                .order(service_areas::id)
                .load(c))?;
            for (id, service_id, name, description, extent, extent_type, uri) in rows {
                areas
                    .entry(service_id.clone())
                    .or_default()
                    .push(ServiceArea {
                        id,
                        service_id,
                        name,
                        description,
                        extent,
                        extent_type,
                        uri: web_address(uri),
                    });
            }
            let rows: Vec<CostRow> = with_conn!(&mut *conn, |c| cost_options::table
                .filter(cost_options::service_id.eq_any(chunk))
                .select((
                    cost_options::id,
                    cost_options::service_id,
                    cost_options::valid_from,
                    cost_options::valid_to,
                    cost_options::option,
                    cost_options::currency,
                    cost_options::amount,
                    cost_options::amount_description,
                ))
                .order(cost_options::id)
                .load(c))?;
            for (
                id,
                service_id,
                valid_from,
                valid_to,
                option,
                currency,
                amount,
                amount_description,
            ) in rows
            {
                costs
                    .entry(service_id.clone())
                    .or_default()
                    .push(CostOption {
                        id,
                        service_id,
                        valid_from,
                        valid_to,
                        option,
                        currency,
                        amount,
                        amount_description,
                    });
            }
            let rows: Vec<CapacityRow> = with_conn!(&mut *conn, |c| service_capacities::table
                .inner_join(units::table)
                .filter(service_capacities::service_id.eq_any(chunk))
                .select((
                    service_capacities::id,
                    service_capacities::service_id,
                    service_capacities::unit_id,
                    service_capacities::available,
                    service_capacities::maximum,
                    service_capacities::description,
                    service_capacities::updated,
                    (
                        units::id,
                        units::name,
                        units::scheme,
                        units::identifier,
                        units::uri,
                    ),
                ))
                .order(service_capacities::id)
                .load(c))?;
            for (id, service_id, unit_id, available, maximum, description, updated, unit) in rows {
                let (uid, name, scheme, identifier, uri) = unit;
                capacities
                    .entry(service_id.clone())
                    .or_default()
                    .push(ServiceCapacity {
                        id,
                        service_id,
                        unit_id,
                        unit: Unit {
                            id: uid,
                            name,
                            scheme,
                            identifier,
                            uri: web_address(uri),
                        },
                        available,
                        maximum,
                        description,
                        updated,
                    });
            }
            let rows: Vec<AttributeRow> = with_conn!(&mut *conn, |c| attributes::table
                .inner_join(taxonomy_terms::table)
                .filter(attributes::service_id.eq_any(chunk))
                .select((
                    attributes::id,
                    attributes::service_id,
                    attributes::link_id,
                    attributes::link_entity,
                    attributes::link_type,
                    attributes::taxonomy_term_id,
                    attributes::value,
                    attributes::label,
                    TermRow::as_select(),
                ))
                .order(attributes::id)
                .load(c))?;
            for (id, service_id, link_id, link_entity, link_type, term_id, value, label, term) in
                rows
            {
                attributes_by
                    .entry(service_id)
                    .or_default()
                    .push(Attribute {
                        id,
                        link_id,
                        link_entity,
                        link_type,
                        taxonomy_term_id: term_id,
                        taxonomy_term: term.into(),
                        value,
                        label,
                    });
            }
            let mut part: Vec<SalRow> = with_conn!(&mut *conn, |c| service_at_locations::table
                .filter(service_at_locations::service_id.eq_any(chunk))
                .select(SalRow::as_select())
                .order(service_at_locations::id)
                .load(c))?;
            sal_rows.append(&mut part);
        }
        let location_ids: Vec<String> = sal_rows.iter().map(|s| s.location_id.clone()).collect();
        let places = locations_by_id(conn, &location_ids, Depth::Full)?;
        let mut sals: HashMap<String, Vec<ServiceAtLocation>> = HashMap::new();
        for s in sal_rows {
            sals.entry(s.service_id.clone())
                .or_default()
                .push(ServiceAtLocation {
                    location: places.get(&s.location_id).cloned(),
                    id: s.id,
                    service_id: s.service_id,
                    location_id: s.location_id,
                    description: s.description,
                    service: None,
                });
        }
        Ok(Related {
            phones,
            schedules,
            languages,
            areas,
            costs,
            capacities,
            attributes: attributes_by,
            sals,
        })
    }

    pub(super) fn attach(&mut self, s: &mut Service) {
        let id = s.id.clone();
        s.phones = Some(take(&mut self.phones, &id));
        s.schedules = Some(take(&mut self.schedules, &id));
        s.languages = Some(take(&mut self.languages, &id));
        s.service_areas = Some(self.areas.remove(&id).unwrap_or_default());
        s.cost_options = Some(self.costs.remove(&id).unwrap_or_default());
        s.capacities = Some(self.capacities.remove(&id).unwrap_or_default());
        s.attributes = Some(self.attributes.remove(&id).unwrap_or_default());
        s.service_at_locations = Some(self.sals.remove(&id).unwrap_or_default());
    }
}
