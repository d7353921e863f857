//! The geospatial side of the store: grid cells for bounding-box queries in SQL.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::location_points;
use crate::error::Result;
use crate::with_conn;

/// Cell size in degrees: 0.1° is about 11 km north-south, so a city-sized box is a few
/// dozen cells.
const CELL_DEGREES: f64 = 0.1;
const CELLS_PER_ROW: i64 = (360.0 / CELL_DEGREES) as i64;

/// The grid cell a point falls in.
pub fn cell_key(latitude: f64, longitude: f64) -> i64 {
    let row = ((latitude + 90.0) / CELL_DEGREES).floor() as i64;
    let col = (((longitude + 180.0) / CELL_DEGREES).floor() as i64).clamp(0, CELLS_PER_ROW - 1);
    row * CELLS_PER_ROW + col
}

/// Every cell a box touches.
pub fn cells_in_box(min_lat: f64, min_lon: f64, max_lat: f64, max_lon: f64) -> Vec<i64> {
    let (r0, c0) = (
        cell_key(min_lat, min_lon) / CELLS_PER_ROW,
        cell_key(min_lat, min_lon) % CELLS_PER_ROW,
    );
    let (r1, c1) = (
        cell_key(max_lat, max_lon) / CELLS_PER_ROW,
        cell_key(max_lat, max_lon) % CELLS_PER_ROW,
    );
    (r0..=r1)
        .flat_map(|r| (c0..=c1).map(move |c| r * CELLS_PER_ROW + c))
        .collect()
}

/// Ids of the placed locations inside a box, found through the cell index.
pub fn locations_in_box(
    conn: &mut DbConnection,
    min_lat: f64,
    min_lon: f64,
    max_lat: f64,
    max_lon: f64,
) -> Result<Vec<String>> {
    use location_points::dsl as lp;
    let mut ids = Vec::new();
    for cells in cells_in_box(min_lat, min_lon, max_lat, max_lon).chunks(500) {
        let mut found: Vec<String> = with_conn!(conn, |c| lp::location_points
            .select(lp::location_id)
            .filter(lp::cell_key.eq_any(cells))
            .filter(lp::latitude.between(min_lat, max_lat))
            .filter(lp::longitude.between(min_lon, max_lon))
            .load(c))?;
        ids.append(&mut found);
    }
    ids.sort();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_points_share_a_cell_and_boxes_cover_them() {
        assert_eq!(cell_key(39.2904, -76.6122), cell_key(39.2950, -76.6150));
        assert_ne!(cell_key(39.2904, -76.6122), cell_key(39.4, -76.6122));
        let cells = cells_in_box(39.2, -76.7, 39.4, -76.5);
        assert!(cells.contains(&cell_key(39.2904, -76.6122)));
        assert!(cells.contains(&cell_key(39.39, -76.51)));
        // 0.2° by 0.2° touches three or four cells each way, depending on float rounding at edges.
        assert!((9..=16).contains(&cells.len()), "{} cells", cells.len());
    }
}
