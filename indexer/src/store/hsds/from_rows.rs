//! The HSDS objects built from the store's rows, each value made fit for HSDS on the way
//! (see `values`). Related records are attached by `compile`.

use super::types::*;
use super::values::{address_type, email_address, phone_extension, schedule_freq, web_address};
use crate::store::rows::*;

impl From<OrganizationRow> for Organization {
    fn from(o: OrganizationRow) -> Organization {
        Organization {
            id: o.id,
            name: o.name,
            alternate_name: o.alternate_name,
            description: o.description.unwrap_or_default(),
            email: email_address(o.email),
            website: web_address(o.website),
            services: None,
            locations: None,
        }
    }
}

/// The one-to-one fields of a service, without its organization or related records.
impl From<ServiceRow> for Service {
    fn from(r: ServiceRow) -> Service {
        Service {
            organization: None,
            id: r.id,
            organization_id: r.organization_id,
            name: r.name,
            alternate_name: r.alternate_name,
            description: r.description,
            url: web_address(r.url),
            email: email_address(r.email),
            status: r.status,
            interpretation_services: r.interpretation_services,
            application_process: r.application_process,
            fees_description: r.fees_description,
            eligibility_description: r.eligibility_description,
            minimum_age: r.minimum_age,
            maximum_age: r.maximum_age,
            alert: r.alert,
            last_modified: r.updated_at,
            phones: None,
            schedules: None,
            service_areas: None,
            service_at_locations: None,
            languages: None,
            cost_options: None,
            capacities: None,
            attributes: None,
        }
    }
}

/// A service at location, without its location or service.
impl From<ServiceAtLocationRow> for ServiceAtLocation {
    fn from(s: ServiceAtLocationRow) -> ServiceAtLocation {
        ServiceAtLocation {
            id: s.id,
            service_id: s.service_id,
            location_id: s.location_id,
            description: s.description,
            location: None,
            service: None,
        }
    }
}

/// A location with no addresses or contacts yet.
impl From<LocationRow> for Location {
    fn from(l: LocationRow) -> Location {
        Location {
            id: l.id,
            location_type: l.location_type,
            url: web_address(l.url),
            organization_id: l.organization_id,
            name: l.name,
            alternate_name: l.alternate_name,
            description: l.description,
            transportation: l.transportation,
            latitude: l.latitude,
            longitude: l.longitude,
            addresses: Vec::new(),
            phones: None,
            schedules: None,
            languages: None,
        }
    }
}

impl From<AddressRow> for Address {
    fn from(a: AddressRow) -> Address {
        Address {
            address_type: address_type(&a.address_type),
            id: a.id,
            location_id: a.location_id,
            attention: a.attention,
            address_1: a.address_1,
            address_2: a.address_2,
            city: a.city,
            region: a.region,
            state_province: a.state_province,
            postal_code: a.postal_code,
            country: a.country,
        }
    }
}

impl From<PhoneRow> for Phone {
    fn from(p: PhoneRow) -> Phone {
        let (extension, description) = phone_extension(p.extension.as_deref(), p.description);
        Phone {
            id: p.id,
            service_id: p.service_id,
            location_id: p.location_id,
            number: p.number,
            extension,
            phone_type: p.phone_type,
            description,
        }
    }
}

impl From<ScheduleRow> for Schedule {
    fn from(s: ScheduleRow) -> Schedule {
        Schedule {
            id: s.id,
            service_id: s.service_id,
            location_id: s.location_id,
            valid_from: s.valid_from,
            valid_to: s.valid_to,
            dtstart: s.dtstart,
            until: s.until,
            freq: schedule_freq(s.freq),
            interval: s.interval,
            byday: s.byday,
            bymonthday: s.bymonthday,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            description: s.description,
            attending_type: s.attending_type,
            notes: s.notes,
        }
    }
}

impl From<LanguageRow> for Language {
    fn from(l: LanguageRow) -> Language {
        Language {
            id: l.id,
            service_id: l.service_id,
            location_id: l.location_id,
            name: l.name,
            code: l.code,
            note: l.note,
        }
    }
}

impl From<ServiceAreaRow> for ServiceArea {
    fn from(a: ServiceAreaRow) -> ServiceArea {
        ServiceArea {
            id: a.id,
            service_id: a.service_id,
            name: a.name,
            description: a.description,
            extent: a.extent,
            extent_type: a.extent_type,
            uri: web_address(a.uri),
        }
    }
}

impl From<CostOptionRow> for CostOption {
    fn from(o: CostOptionRow) -> CostOption {
        CostOption {
            id: o.id,
            service_id: o.service_id,
            valid_from: o.valid_from,
            valid_to: o.valid_to,
            option: o.option,
            currency: o.currency,
            amount: o.amount,
            amount_description: o.amount_description,
        }
    }
}

impl From<UnitRow> for Unit {
    fn from(u: UnitRow) -> Unit {
        Unit {
            id: u.id,
            name: u.name,
            scheme: u.scheme,
            identifier: u.identifier,
            uri: web_address(u.uri),
        }
    }
}

impl From<(ServiceCapacityRow, UnitRow)> for ServiceCapacity {
    fn from((c, unit): (ServiceCapacityRow, UnitRow)) -> ServiceCapacity {
        ServiceCapacity {
            id: c.id,
            service_id: c.service_id,
            unit_id: c.unit_id,
            unit: unit.into(),
            available: c.available,
            maximum: c.maximum,
            description: c.description,
            updated: c.updated,
        }
    }
}

impl From<TaxonomyTermRow> for TaxonomyTerm {
    fn from(t: TaxonomyTermRow) -> TaxonomyTerm {
        TaxonomyTerm {
            id: t.id,
            code: t.code,
            name: t.name,
            description: t.description,
            parent_id: t.parent_id,
            taxonomy: t.taxonomy,
            taxonomy_id: t.taxonomy_id,
            language: t.language,
            term_uri: web_address(t.term_uri),
            taxonomy_detail: None,
        }
    }
}

impl From<(AttributeRow, TaxonomyTermRow)> for Attribute {
    fn from((a, term): (AttributeRow, TaxonomyTermRow)) -> Attribute {
        Attribute {
            id: a.id,
            link_id: a.link_id,
            link_entity: a.link_entity,
            link_type: a.link_type,
            taxonomy_term_id: a.taxonomy_term_id,
            taxonomy_term: term.into(),
            value: a.value,
            label: a.label,
        }
    }
}

impl From<TaxonomyRow> for Taxonomy {
    fn from(t: TaxonomyRow) -> Taxonomy {
        Taxonomy {
            id: t.id,
            name: t.name,
            description: t.description,
            uri: web_address(t.uri),
            version: t.version,
        }
    }
}
