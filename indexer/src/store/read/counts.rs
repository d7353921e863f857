//! What the store holds, in numbers: row counts for `stats`, and how many listings the
//! search index should hold.

use std::collections::{BTreeMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;

use super::listings::is_listed;
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::rows::SourceRow;
use crate::store::schema::*;
use crate::with_conn;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceCounts {
    pub format: String,
    pub loaded_at: String,
    pub services: i64,
    pub service_at_locations: i64,
    pub organizations: i64,
    pub locations: i64,
    pub skipped_last_load: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct StoreCounts {
    pub tables: BTreeMap<String, i64>,
    pub sources: BTreeMap<String, SourceCounts>,
    pub categories: BTreeMap<String, i64>,
}

macro_rules! count {
    ($conn:expr, $table:ident) => {
        with_conn!(&mut *$conn, |c| $table::table.count().get_result::<i64>(c))?
    };
}

/// Row counts per table, per source and per category.
pub fn counts(conn: &mut DbConnection) -> Result<StoreCounts> {
    let mut tables = BTreeMap::new();
    tables.insert("organizations".into(), count!(conn, organizations));
    tables.insert("services".into(), count!(conn, services));
    tables.insert(
        "service_categories".into(),
        count!(conn, service_categories),
    );
    tables.insert("locations".into(), count!(conn, locations));
    tables.insert("location_points".into(), count!(conn, location_points));
    tables.insert("addresses".into(), count!(conn, addresses));
    tables.insert(
        "service_at_locations".into(),
        count!(conn, service_at_locations),
    );
    tables.insert("phones".into(), count!(conn, phones));
    tables.insert("schedules".into(), count!(conn, schedules));
    tables.insert("service_areas".into(), count!(conn, service_areas));
    tables.insert("languages".into(), count!(conn, languages));
    tables.insert("taxonomies".into(), count!(conn, taxonomies));
    tables.insert("taxonomy_terms".into(), count!(conn, taxonomy_terms));
    tables.insert("attributes".into(), count!(conn, attributes));
    tables.insert("cost_options".into(), count!(conn, cost_options));
    tables.insert("units".into(), count!(conn, units));
    tables.insert(
        "service_capacities".into(),
        count!(conn, service_capacities),
    );

    let source_rows: Vec<SourceRow> = with_conn!(&mut *conn, |c| sources::table
        .select(SourceRow::as_select())
        .load(c))?;
    let mut sources_out = BTreeMap::new();
    for SourceRow {
        name,
        format,
        loaded_at,
        records_skipped: skipped,
        ..
    } in source_rows
    {
        let services_n = with_conn!(&mut *conn, |c| services::table
            .filter(services::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let sal_n = with_conn!(&mut *conn, |c| service_at_locations::table
            .inner_join(services::table.on(services::key.eq(service_at_locations::service_key)))
            .filter(services::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let orgs_n = with_conn!(&mut *conn, |c| organizations::table
            .filter(organizations::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let locs_n = with_conn!(&mut *conn, |c| locations::table
            .filter(locations::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        sources_out.insert(
            name,
            SourceCounts {
                format,
                loaded_at,
                services: services_n,
                service_at_locations: sal_n,
                organizations: orgs_n,
                locations: locs_n,
                skipped_last_load: skipped as i64,
            },
        );
    }
    let cats: Vec<(String, i64)> = with_conn!(&mut *conn, |c| service_categories::table
        .group_by(service_categories::category)
        .select((service_categories::category, diesel::dsl::count_star()))
        .load(c))?;
    Ok(StoreCounts {
        tables,
        sources: sources_out,
        categories: cats.into_iter().collect(),
    })
}

/// Services at locations in the store as the search index holds them: a virtual location
/// of a service that also has another place is not listed (see `listings::is_listed`).
pub fn listing_count(conn: &mut DbConnection) -> Result<i64> {
    let rows: Vec<(String, String)> = with_conn!(&mut *conn, |c| service_at_locations::table
        .inner_join(locations::table.on(locations::key.eq(service_at_locations::location_key)))
        .select((service_at_locations::service_id, locations::location_type))
        .load(c))?;
    let placed: HashSet<&str> = rows
        .iter()
        .filter(|(_, t)| !t.eq_ignore_ascii_case("virtual"))
        .map(|(s, _)| s.as_str())
        .collect();
    Ok(rows
        .iter()
        .filter(|(s, t)| is_listed(t, placed.contains(s.as_str())))
        .count() as i64)
}
