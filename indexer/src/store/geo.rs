//! The store's geographic queries: placed locations near a point, narrowed in SQL by the
//! grid cells of `location_points`, and service areas holding a point, narrowed in SQL by
//! the boxes stored with them. The geometry itself is `model::geography`'s.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{location_points, service_areas};
use crate::error::Result;
use crate::model::geography::{Extent, Point, cells_in};
use crate::with_conn;

/// Cell keys per query, well under the backends' limits on bound parameters.
const CHUNK: usize = 500;

/// Ids of the placed locations within `km` of `centre`, sorted: the grid cells narrow it
/// in SQL, the haversine distance decides.
pub fn locations_within(conn: &mut DbConnection, centre: Point, km: f64) -> Result<Vec<String>> {
    use location_points::dsl as lp;
    let area = centre.box_around(km);
    let (min, max) = (area.min(), area.max());
    let mut ids = Vec::new();
    for cells in cells_in(area).chunks(CHUNK) {
        let rows: Vec<(String, f64, f64)> = with_conn!(&mut *conn, |c| lp::location_points
            .select((lp::location_id, lp::latitude, lp::longitude))
            .filter(lp::cell_key.eq_any(cells))
            .filter(lp::latitude.between(min.y, max.y))
            .filter(lp::longitude.between(min.x, max.x))
            .load(c))?;
        ids.extend(
            rows.into_iter()
                .filter(|(_, lat, lon)| centre.km_to(Point::lat_lon(*lat, *lon)) <= km)
                .map(|(id, _, _)| id),
        );
    }
    ids.sort();
    Ok(ids)
}

/// Ids of the services with a service area that holds the point, sorted: the areas' boxes
/// narrow it in SQL, and only the areas whose box holds the point are parsed.
pub fn services_whose_area_holds(conn: &mut DbConnection, point: Point) -> Result<Vec<String>> {
    use service_areas::dsl as sa;
    let (lat, lon) = (point.lat(), point.lon());
    let rows: Vec<(String, Option<String>)> = with_conn!(&mut *conn, |c| sa::service_areas
        .select((sa::service_id, sa::extent))
        .filter(sa::min_latitude.le(lat))
        .filter(sa::max_latitude.ge(lat))
        .filter(sa::min_longitude.le(lon))
        .filter(sa::max_longitude.ge(lon))
        .load(c))?;
    let mut ids: Vec<String> = rows
        .into_iter()
        .filter(|(_, extent)| {
            extent
                .as_deref()
                .and_then(|e| Extent::from_geojson(e).ok())
                .is_some_and(|e| e.holds(point))
        })
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The box columns of a service area row: its extent's bounds as (min_latitude,
/// min_longitude, max_latitude, max_longitude), all `None` when it has no GeoJSON area.
pub type AreaBounds = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// The bounds stored with an extent.
pub fn area_bounds(extent: Option<&str>) -> AreaBounds {
    match extent.and_then(|e| Extent::from_geojson(e).ok()) {
        Some(e) => {
            let b = e.bounds();
            (
                Some(b.min().y),
                Some(b.min().x),
                Some(b.max().y),
                Some(b.max().x),
            )
        }
        None => (None, None, None, None),
    }
}

/// Fills the bounds of the service areas stored before the columns existed, in one
/// transaction, when the store opens; answers how many got bounds. Extents that are not
/// GeoJSON areas keep none (they hold no point), and are looked at again at the next open.
pub fn backfill_area_bounds(conn: &mut DbConnection) -> Result<usize> {
    use service_areas::dsl as sa;
    conn.in_transaction(|conn| {
        let rows: Vec<(String, Option<String>)> = with_conn!(&mut *conn, |c| sa::service_areas
            .select((sa::id, sa::extent))
            .filter(sa::extent.is_not_null())
            .filter(sa::min_latitude.is_null())
            .load(c))?;
        let mut filled = 0;
        for (id, extent) in &rows {
            let (min_lat, min_lon, max_lat, max_lon) = area_bounds(extent.as_deref());
            if min_lat.is_none() {
                continue;
            }
            with_conn!(&mut *conn, |c| diesel::update(sa::service_areas.find(id))
                .set((
                    sa::min_latitude.eq(min_lat),
                    sa::min_longitude.eq(min_lon),
                    sa::max_latitude.eq(max_lat),
                    sa::max_longitude.eq(max_lon),
                ))
                .execute(c))?;
            filled += 1;
        }
        Ok(filled)
    })
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::backend_tests;
    use crate::store::Store;

    const COUNTY: &str = r#"{"type":"Polygon","coordinates":[[[-76.9,39.2],[-76.3,39.2],[-76.3,39.75],[-76.9,39.75],[-76.9,39.2]]]}"#;

    backend_tests! {
        fn areas_stored_before_their_bounds_are_boxed_when_the_store_opens(db) {
            let store = Store::open(&db.url).unwrap();
            let mut conn = store.connect().unwrap();
            // Rows as an older Waypoint wrote them: no bounds.
            let sql = format!(
                "INSERT INTO organizations (id, source, name, content_hash) VALUES ('o', 's', 'O', 'h');
                 INSERT INTO services (id, source, source_key, organization_id, name, status, content_hash, updated_at)
                   VALUES ('county', 's', 'k1', 'o', 'County line', 'active', 'h', 't'),
                          ('broken', 's', 'k2', 'o', 'Broken area', 'active', 'h', 't');
                 INSERT INTO service_areas (id, service_id, service_key, extent) VALUES
                   ('a1', 'county', (SELECT key FROM services WHERE id = 'county'), '{COUNTY}'),
                   ('a2', 'broken', (SELECT key FROM services WHERE id = 'broken'), 'Baltimore County');"
            );
            with_conn!(&mut conn, |c| c.batch_execute(&sql)).unwrap();
            drop(conn);
            let store = Store::open(&db.url).unwrap();
            let mut conn = store.connect().unwrap();
            let bounds: Vec<(String, AreaBounds)> =
                with_conn!(&mut conn, |c| service_areas::table
                    .select((
                        service_areas::id,
                        (
                            service_areas::min_latitude,
                            service_areas::min_longitude,
                            service_areas::max_latitude,
                            service_areas::max_longitude,
                        ),
                    ))
                    .order(service_areas::id)
                    .load(c))
                .unwrap();
            assert_eq!(
                bounds,
                vec![
                    ("a1".into(), (Some(39.2), Some(-76.9), Some(39.75), Some(-76.3))),
                    ("a2".into(), (None, None, None, None)),
                ]
            );
            assert_eq!(backfill_area_bounds(&mut conn).unwrap(), 0);
            // Inside, on the border, outside the box, and inside the box of nothing.
            for (lat, lon, found) in [
                (39.29, -76.61, vec!["county".to_string()]),
                (39.75, -76.5, vec!["county".to_string()]),
                (39.95, -75.16, vec![]),
            ] {
                let ids = services_whose_area_holds(&mut conn, Point::lat_lon(lat, lon)).unwrap();
                assert_eq!(ids, found, "{lat},{lon}");
            }
        }
    }
}
