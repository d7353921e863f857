//! Organizations, services and what hangs off a service alone: its categories, its places
//! (service at location), areas, cost options and capacities.

use diesel::prelude::*;

use super::Owner;
use crate::model::fold::{fold, fold_opt};
use crate::model::{self, Category, Keyword};
use crate::store::schema::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, AsChangeset)]
#[diesel(table_name = organizations, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct OrganizationRow {
    pub id: String,
    pub source: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub content_hash: String,
    /// `name` and `description` folded for `/hsds` `search=` (see `model::fold`); NULL
    /// only in rows stored before the columns existed, until `folded::backfill`.
    pub name_folded: Option<String>,
    pub description_folded: Option<String>,
}

impl OrganizationRow {
    pub fn new(o: &model::Organization, source: &str, content_hash: String) -> Self {
        OrganizationRow {
            id: o.id.clone(),
            source: source.to_string(),
            name: o.name.clone(),
            alternate_name: o.alternate_name.clone(),
            description: o.description.clone(),
            email: o.email.clone(),
            website: o.website.clone(),
            content_hash,
            name_folded: Some(fold(&o.name)),
            description_folded: fold_opt(o.description.as_deref()),
        }
    }
}

impl From<OrganizationRow> for model::Organization {
    fn from(o: OrganizationRow) -> Self {
        model::Organization {
            id: o.id,
            name: o.name,
            alternate_name: o.alternate_name,
            description: o.description,
            email: o.email,
            website: o.website,
        }
    }
}

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    Selectable,
    Identifiable,
    Associations,
    Insertable,
    AsChangeset,
)]
#[diesel(table_name = services, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(key), belongs_to(OrganizationRow, foreign_key = organization_id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct ServiceRow {
    pub id: String,
    /// The store's own key, given in the order services are written (`write::new_keys`):
    /// what the rows hanging off the service refer to.
    pub key: i64,
    pub source: String,
    pub source_key: String,
    pub organization_id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub interpretation_services: Option<String>,
    pub application_process: Option<String>,
    pub fees_description: Option<String>,
    pub eligibility_description: Option<String>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub alert: Option<String>,
    /// The record's fingerprint: a load rewrites the service only when it changed.
    pub content_hash: String,
    pub updated_at: String,
    /// As `OrganizationRow::name_folded`.
    pub name_folded: Option<String>,
    pub description_folded: Option<String>,
}

impl ServiceRow {
    pub fn new(
        r: &model::ServiceRecord,
        key: i64,
        source: &str,
        content_hash: &str,
        updated_at: &str,
    ) -> Self {
        let s = &r.service;
        ServiceRow {
            id: s.id.clone(),
            key,
            source: source.to_string(),
            source_key: r.source_key.clone(),
            organization_id: r.organization.id.clone(),
            name: s.name.clone(),
            alternate_name: s.alternate_name.clone(),
            description: s.description.clone(),
            url: s.url.clone(),
            email: s.email.clone(),
            status: s.status.clone(),
            interpretation_services: s.interpretation_services.clone(),
            application_process: s.application_process.clone(),
            fees_description: s.fees_description.clone(),
            eligibility_description: s.eligibility_description.clone(),
            minimum_age: s.minimum_age,
            maximum_age: s.maximum_age,
            alert: s.alert.clone(),
            content_hash: content_hash.to_string(),
            updated_at: updated_at.to_string(),
            name_folded: Some(fold(&s.name)),
            description_folded: fold_opt(s.description.as_deref()),
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = service_categories, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(service_key, category), belongs_to(ServiceRow, foreign_key = service_key))]
pub struct ServiceCategoryRow {
    pub service_id: String,
    pub service_key: i64,
    /// The category's slug (`Category::slug`).
    pub category: String,
}

impl ServiceCategoryRow {
    pub fn new(service: Owner, category: Category) -> Self {
        ServiceCategoryRow {
            service_id: service.id.to_string(),
            service_key: service.key,
            category: category.slug().to_string(),
        }
    }

    /// The category, unless the slug is one this Waypoint does not know.
    pub fn category(&self) -> Option<Category> {
        Category::parse(&self.category)
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = service_at_locations, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(belongs_to(super::LocationRow, foreign_key = location_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct ServiceAtLocationRow {
    pub id: String,
    pub service_id: String,
    pub service_key: i64,
    pub location_id: String,
    pub location_key: i64,
    pub description: Option<String>,
}

impl ServiceAtLocationRow {
    pub fn new(sal: &model::ServiceAtLocation, service: Owner, location_key: i64) -> Self {
        ServiceAtLocationRow {
            id: sal.id.clone(),
            service_id: service.id.to_string(),
            service_key: service.key,
            location_id: sal.location.id.clone(),
            location_key,
            description: sal.description.clone(),
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = service_areas, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct ServiceAreaRow {
    pub id: String,
    pub service_id: String,
    pub service_key: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub extent: Option<String>,
    pub extent_type: Option<String>,
    pub uri: Option<String>,
    /// The extent's box (`store::geo::area_bounds`), read once at load: it narrows `/hsds`
    /// `postcode=` in SQL.
    pub min_latitude: Option<f64>,
    pub min_longitude: Option<f64>,
    pub max_latitude: Option<f64>,
    pub max_longitude: Option<f64>,
}

impl ServiceAreaRow {
    pub fn new(a: &model::ServiceArea, service: Owner) -> Self {
        let (min_latitude, min_longitude, max_latitude, max_longitude) =
            crate::store::geo::area_bounds(a.extent.as_deref());
        ServiceAreaRow {
            id: a.id.clone(),
            service_id: service.id.to_string(),
            service_key: service.key,
            name: a.name.clone(),
            description: a.description.clone(),
            extent: a.extent.clone(),
            extent_type: a.extent_type.clone(),
            uri: a.uri.clone(),
            min_latitude,
            min_longitude,
            max_latitude,
            max_longitude,
        }
    }
}

impl From<ServiceAreaRow> for model::ServiceArea {
    fn from(a: ServiceAreaRow) -> Self {
        model::ServiceArea {
            id: a.id,
            name: a.name,
            description: a.description,
            extent: a.extent,
            extent_type: a.extent_type,
            uri: a.uri,
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = cost_options, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct CostOptionRow {
    pub id: String,
    pub service_id: String,
    pub service_key: i64,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub option: Option<String>,
    pub currency: Option<String>,
    pub amount: Option<f64>,
    pub amount_description: Option<String>,
}

impl CostOptionRow {
    pub fn new(o: &model::CostOption, service: Owner) -> Self {
        CostOptionRow {
            id: o.id.clone(),
            service_id: service.id.to_string(),
            service_key: service.key,
            valid_from: o.valid_from.clone(),
            valid_to: o.valid_to.clone(),
            option: o.option.clone(),
            currency: o.currency.clone(),
            amount: o.amount,
            amount_description: o.amount_description.clone(),
        }
    }
}

impl From<CostOptionRow> for model::CostOption {
    fn from(o: CostOptionRow) -> Self {
        model::CostOption {
            id: o.id,
            valid_from: o.valid_from,
            valid_to: o.valid_to,
            option: o.option,
            currency: o.currency,
            amount: o.amount,
            amount_description: o.amount_description,
        }
    }
}

/// A unit capacities are counted in (beds, slots); shared by every source.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = units, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_default_value = false)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub scheme: Option<String>,
    pub identifier: Option<String>,
    pub uri: Option<String>,
}

impl From<&model::Unit> for UnitRow {
    fn from(u: &model::Unit) -> Self {
        UnitRow {
            id: u.id.clone(),
            name: u.name.clone(),
            scheme: u.scheme.clone(),
            identifier: u.identifier.clone(),
            uri: u.uri.clone(),
        }
    }
}

impl From<UnitRow> for model::Unit {
    fn from(u: UnitRow) -> Self {
        model::Unit {
            id: u.id,
            name: u.name,
            scheme: u.scheme,
            identifier: u.identifier,
            uri: u.uri,
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = service_capacities, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct ServiceCapacityRow {
    pub id: String,
    pub service_id: String,
    pub service_key: i64,
    pub unit_id: String,
    pub available: f64,
    pub maximum: Option<f64>,
    pub description: Option<String>,
    pub updated: String,
}

impl ServiceCapacityRow {
    pub fn new(c: &model::ServiceCapacity, service: Owner) -> Self {
        ServiceCapacityRow {
            id: c.id.clone(),
            service_id: service.id.to_string(),
            service_key: service.key,
            unit_id: c.unit.id.clone(),
            available: c.available,
            maximum: c.maximum,
            description: c.description.clone(),
            updated: c.updated.clone(),
        }
    }
}

impl From<(ServiceCapacityRow, UnitRow)> for model::ServiceCapacity {
    fn from((c, unit): (ServiceCapacityRow, UnitRow)) -> Self {
        model::ServiceCapacity {
            id: c.id,
            unit: unit.into(),
            available: c.available,
            maximum: c.maximum,
            description: c.description,
            updated: c.updated,
        }
    }
}
