//! `/hsds/service_at_locations`: pages of services at locations (with the HSDS `postcode`
//! and `proximity` filters) and single compiled ones.

use std::collections::HashMap;

use diesel::prelude::*;

use super::compile;
use super::types::{Service, ServiceAtLocation};
use super::{CHUNK, Depth, Page, PageRequest, ServiceFilter, filter_services};
use crate::error::Result;
use crate::model::geography::Point;
use crate::store::DbConnection;
use crate::store::geo::{locations_within, services_whose_area_holds};
use crate::store::rows::{ServiceAtLocationRow as SalRow, ServiceRow};
use crate::store::schema::{addresses, locations, service_at_locations, services};
use crate::with_conn;

/// HSDS `postcode` (with `proximity`): where the person is.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    /// A 5-digit US ZIP code.
    pub postcode: String,
    /// The ZIP code's centroid, when the gazetteer knows it.
    pub centroid: Option<Point>,
    /// `proximity`: only locations within this many metres of the centroid.
    pub within_metres: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SalFilter {
    pub services: ServiceFilter,
    pub near: Option<Near>,
}

/// What `Near` narrows the listings to, worked out before the page query.
enum Place {
    Anywhere,
    /// Locations within the distance (exact, from the placed points).
    Locations(Vec<String>),
    /// Locations with an address in the postcode, or services whose area holds its centroid.
    /// Postal codes from `from` (the postcode) up to, not including, `to` (past every code
    /// it begins): a range the postal-code index answers, where `LIKE 'code%'` read every
    /// address on both backends.
    Postcode {
        from: String,
        to: String,
        area_services: Vec<String>,
    },
}

fn place(conn: &mut DbConnection, near: Option<&Near>) -> Result<Place> {
    let Some(near) = near else {
        return Ok(Place::Anywhere);
    };
    match (near.centroid, near.within_metres) {
        (Some(centre), Some(metres)) => Ok(Place::Locations(locations_within(
            conn,
            centre,
            metres / 1000.0,
        )?)),
        // Without a centroid there is no distance to measure; the API refuses that case.
        (None, Some(_)) => Ok(Place::Locations(Vec::new())),
        (centroid, None) => Ok(Place::Postcode {
            from: near.postcode.clone(),
            to: past_prefix(&near.postcode),
            area_services: match centroid {
                Some(c) => services_whose_area_holds(conn, c)?,
                None => Vec::new(),
            },
        }),
    }
}

/// The least string after every string that begins with `prefix` (its last character
/// moved one on), so that `prefix <= s < past_prefix(prefix)` holds exactly for those. A
/// prefix of U+10FFFF alone has none (nothing sorts after all its continuations): its range
/// is empty, which the API's postcode check (a ZIP code) never asks for.
fn past_prefix(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        // The next scalar value; none after U+10FFFF, and none in the surrogates' gap.
        let next = (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    prefix.to_string()
}

macro_rules! filtered_sals {
    ($filter:expr, $place:expr) => {{
        let mut q = filter_services!(
            service_at_locations::table
                .inner_join(services::table.on(services::key.eq(service_at_locations::service_key)))
                .into_boxed(),
            &$filter.services
        );
        match $place {
            Place::Anywhere => {}
            Place::Locations(ids) => {
                q = q.filter(
                    service_at_locations::location_key.eq_any(
                        locations::table
                            .select(locations::key)
                            .filter(locations::id.eq_any(ids.clone())),
                    ),
                );
            }
            Place::Postcode {
                from,
                to,
                area_services,
            } => {
                q = q.filter(
                    service_at_locations::location_key
                        .eq_any(
                            addresses::table
                                .select(addresses::location_key)
                                .filter(addresses::postal_code.ge(from.clone()))
                                .filter(addresses::postal_code.lt(to.clone())),
                        )
                        .or(services::id.eq_any(area_services.clone())),
                );
            }
        }
        q
    }};
}

/// A page of services at locations matching `filter`, in id order: each with its location
/// (and addresses) and its service (with organization), or compiled when `Full`.
pub fn service_at_locations(
    conn: &mut DbConnection,
    filter: &SalFilter,
    page: PageRequest,
    depth: Depth,
) -> Result<Page<ServiceAtLocation>> {
    let place = place(conn, filter.near.as_ref())?;
    let total_items: i64 = with_conn!(&mut *conn, |c| filtered_sals!(filter, &place)
        .count()
        .get_result(c))?;
    let rows: Vec<SalRow> = with_conn!(&mut *conn, |c| filtered_sals!(filter, &place)
        .select(SalRow::as_select())
        .order(service_at_locations::id)
        .limit(page.per_page)
        .offset(page.offset())
        .load(c))?;
    Ok(Page {
        items: compile_sals(conn, rows, depth)?,
        total_items,
    })
}

/// One compiled service at location, or `None` when no such id.
pub fn service_at_location(conn: &mut DbConnection, id: &str) -> Result<Option<ServiceAtLocation>> {
    let rows: Vec<SalRow> = with_conn!(&mut *conn, |c| service_at_locations::table
        .filter(service_at_locations::id.eq(id))
        .select(SalRow::as_select())
        .load(c))?;
    Ok(compile_sals(conn, rows, Depth::Full)?.pop())
}

fn compile_sals(
    conn: &mut DbConnection,
    rows: Vec<SalRow>,
    depth: Depth,
) -> Result<Vec<ServiceAtLocation>> {
    let mut service_ids: Vec<String> = rows.iter().map(|r| r.service_id.clone()).collect();
    service_ids.sort();
    service_ids.dedup();
    let mut service_rows: Vec<ServiceRow> = Vec::new();
    for chunk in service_ids.chunks(CHUNK) {
        let mut part: Vec<ServiceRow> = with_conn!(&mut *conn, |c| services::table
            .filter(services::id.eq_any(chunk))
            .select(ServiceRow::as_select())
            .load(c))?;
        service_rows.append(&mut part);
    }
    let services_by_id: HashMap<String, Service> = compile::services(conn, service_rows, depth)?
        .into_iter()
        .map(|mut s| {
            // The service at location is the listing itself; its siblings are not repeated.
            s.service_at_locations = None;
            (s.id.clone(), s)
        })
        .collect();
    let location_ids: Vec<String> = rows.iter().map(|r| r.location_id.clone()).collect();
    let locations = compile::locations_by_id(conn, &location_ids, depth)?;
    Ok(rows
        .into_iter()
        .map(|r| ServiceAtLocation {
            location: locations.get(&r.location_id).cloned(),
            service: services_by_id.get(&r.service_id).cloned().map(Box::new),
            id: r.id,
            service_id: r.service_id,
            location_id: r.location_id,
            description: r.description,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::past_prefix;

    #[test]
    fn the_range_past_a_prefix_holds_exactly_the_codes_it_begins() {
        let to = past_prefix("8020");
        for inside in ["8020", "80203", "80202-1234", "8020\u{10FFFF}"] {
            assert!(("8020"..to.as_str()).contains(&inside), "{inside}");
        }
        for outside in ["8021", "80210", "802", "9", "801"] {
            assert!(!("8020"..to.as_str()).contains(&outside), "{outside}");
        }
        assert_eq!(past_prefix("1239"), "123:");
        assert_eq!(past_prefix("a\u{D7FF}"), "a\u{E000}");
    }
}
