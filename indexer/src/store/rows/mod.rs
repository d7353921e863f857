//! One row struct per listing table: what the loader inserts and what every read selects
//! (`Insertable` and `Selectable` at once, checked against both backends), with the
//! associations that let reads load a page's children with `belonging_to` and
//! `grouped_by`. Each row is built from the model and turned back into it here, so the
//! store's side of every conversion sits in one place; the HSDS wire shapes are built
//! from these rows in `hsds::from_rows`.

mod contacts;
mod loads;
mod locations;
mod services;
mod terms;

pub use contacts::{LanguageRow, PhoneRow, ScheduleRow};
pub use loads::{ListingChangeRow, SourceRow};
pub use locations::{AddressRow, LocationPointRow, LocationRow};
pub use services::{
    CostOptionRow, OrganizationRow, ServiceAreaRow, ServiceAtLocationRow, ServiceCapacityRow,
    ServiceCategoryRow, ServiceRow, UnitRow,
};
pub use terms::{AttributeRow, TaxonomyRow, TaxonomyTermRow};

/// The service or location a child row hangs off: its text id, which the HSDS answers
/// carry, and its store key, which the row is found and removed by.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub id: &'a str,
    pub key: i64,
}
