//! What hangs off a set of services or locations, read with one query per table (in
//! chunks) through the rows' associations, and grouped by owner in the owners' order.

use diesel::prelude::*;

use super::CHUNK;
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::rows::*;
use crate::store::schema::*;
use crate::with_conn;

/// The `$child` rows (joined with `$joined` rows, when given) that belong to each of the
/// `$parents` rows, in `$order` within each parent: one `Vec` per parent, in their order.
macro_rules! children_of {
    ($conn:expr, $parents:expr, $child:ty, $order:expr) => {{
        let parents = $parents;
        let mut rows: Vec<$child> = Vec::new();
        for chunk in parents.chunks(CHUNK) {
            rows.extend(with_conn!(&mut *$conn, |c| <$child>::belonging_to(chunk)
                .select(<$child>::as_select())
                .order($order)
                .load::<$child>(c))?);
        }
        rows.grouped_by(parents)
    }};
    ($conn:expr, $parents:expr, $child:ty, $joined_table:ident => $joined:ty, $order:expr) => {{
        let parents = $parents;
        let mut rows: Vec<($child, $joined)> = Vec::new();
        for chunk in parents.chunks(CHUNK) {
            rows.extend(with_conn!(&mut *$conn, |c| <$child>::belonging_to(chunk)
                .inner_join($joined_table::table)
                .select((<$child>::as_select(), <$joined>::as_select()))
                .order($order)
                .load::<($child, $joined)>(c))?);
        }
        rows.grouped_by(parents)
    }};
}

/// Everything that hangs off one service, each kind in id order.
#[derive(Debug, Clone, Default)]
pub struct ServiceChildren {
    pub categories: Vec<ServiceCategoryRow>,
    pub at_locations: Vec<ServiceAtLocationRow>,
    pub phones: Vec<PhoneRow>,
    pub schedules: Vec<ScheduleRow>,
    pub languages: Vec<LanguageRow>,
    pub areas: Vec<ServiceAreaRow>,
    pub cost_options: Vec<CostOptionRow>,
    pub capacities: Vec<(ServiceCapacityRow, UnitRow)>,
    pub attributes: Vec<(AttributeRow, TaxonomyTermRow)>,
}

impl ServiceChildren {
    /// The children of each of `services`, in their order.
    pub fn of(conn: &mut DbConnection, services: &[ServiceRow]) -> Result<Vec<ServiceChildren>> {
        let mut categories = children_of!(
            conn,
            services,
            ServiceCategoryRow,
            service_categories::category
        )
        .into_iter();
        let mut at_locations = children_of!(
            conn,
            services,
            ServiceAtLocationRow,
            service_at_locations::id
        )
        .into_iter();
        let mut phones = children_of!(conn, services, PhoneRow, phones::id).into_iter();
        let mut schedules = children_of!(conn, services, ScheduleRow, schedules::id).into_iter();
        let mut languages = children_of!(conn, services, LanguageRow, languages::id).into_iter();
        let mut areas = children_of!(conn, services, ServiceAreaRow, service_areas::id).into_iter();
        let mut cost_options =
            children_of!(conn, services, CostOptionRow, cost_options::id).into_iter();
        let mut capacities = children_of!(
            conn,
            services,
            ServiceCapacityRow,
            units => UnitRow,
            service_capacities::id
        )
        .into_iter();
        let mut attributes = children_of!(
            conn,
            services,
            AttributeRow,
            taxonomy_terms => TaxonomyTermRow,
            attributes::id
        )
        .into_iter();
        Ok(services
            .iter()
            .map(|_| ServiceChildren {
                categories: categories.next().unwrap_or_default(),
                at_locations: at_locations.next().unwrap_or_default(),
                phones: phones.next().unwrap_or_default(),
                schedules: schedules.next().unwrap_or_default(),
                languages: languages.next().unwrap_or_default(),
                areas: areas.next().unwrap_or_default(),
                cost_options: cost_options.next().unwrap_or_default(),
                capacities: capacities.next().unwrap_or_default(),
                attributes: attributes.next().unwrap_or_default(),
            })
            .collect())
    }
}

/// What hangs off one location, each kind in id order.
#[derive(Debug, Clone, Default)]
pub struct LocationChildren {
    pub addresses: Vec<AddressRow>,
    pub phones: Vec<PhoneRow>,
    pub schedules: Vec<ScheduleRow>,
    pub languages: Vec<LanguageRow>,
}

/// How much of a location's children to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationDepth {
    /// Its addresses only.
    Addresses,
    /// Its addresses, phones, schedules and languages.
    All,
}

impl LocationChildren {
    /// The children of each of `locations`, in their order.
    pub fn of(
        conn: &mut DbConnection,
        locations: &[LocationRow],
        depth: LocationDepth,
    ) -> Result<Vec<LocationChildren>> {
        let mut addresses = children_of!(conn, locations, AddressRow, addresses::id).into_iter();
        let (mut phones, mut schedules, mut languages) = if depth == LocationDepth::All {
            (
                children_of!(conn, locations, PhoneRow, phones::id).into_iter(),
                children_of!(conn, locations, ScheduleRow, schedules::id).into_iter(),
                children_of!(conn, locations, LanguageRow, languages::id).into_iter(),
            )
        } else {
            Default::default()
        };
        Ok(locations
            .iter()
            .map(|_| LocationChildren {
                addresses: addresses.next().unwrap_or_default(),
                phones: phones.next().unwrap_or_default(),
                schedules: schedules.next().unwrap_or_default(),
                languages: languages.next().unwrap_or_default(),
            })
            .collect())
    }
}

/// The `$row` rows of `$table` whose `$column` is one of `$ids`, read in chunks, in
/// `$table::id` order: for reads that start from ids rather than from parent rows.
macro_rules! rows_where_in {
    ($conn:expr, $row:ty, $table:ident :: $column:ident, $ids:expr) => {{
        let mut rows: Vec<$row> = Vec::new();
        for chunk in $ids.chunks($crate::store::CHUNK) {
            rows.extend($crate::with_conn!(&mut *$conn, |c| $table::table
                .filter($table::$column.eq_any(chunk))
                .select(<$row>::as_select())
                .order($table::id)
                .load::<$row>(c))?);
        }
        rows
    }};
}
pub(crate) use rows_where_in;

/// Each id once, sorted.
pub fn distinct<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut ids: Vec<String> = ids.cloned().collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Rows turned into what they make (model or HSDS objects).
pub fn into_all<R, T: From<R>>(rows: Vec<R>) -> Vec<T> {
    rows.into_iter().map(T::from).collect()
}
