//! The grid cells the store indexes placed points by, so that a box becomes a list of
//! cell keys that SQL can look up.

use super::{Point, Rect};

/// Cell size in degrees: 0.1° is about 11 km north-south, so a city-sized box is a few
/// dozen cells.
const CELL_DEGREES: f64 = 0.1;
const CELLS_PER_ROW: i64 = (360.0 / CELL_DEGREES) as i64;

/// The grid cell a point falls in.
pub fn cell_key(point: Point) -> i64 {
    let row = ((point.lat() + 90.0) / CELL_DEGREES).floor() as i64;
    let col = (((point.lon() + 180.0) / CELL_DEGREES).floor() as i64).clamp(0, CELLS_PER_ROW - 1);
    row * CELLS_PER_ROW + col
}

/// Every cell a box touches.
pub fn cells_in(area: Rect) -> Vec<i64> {
    let first = cell_key(Point::lat_lon(area.min().y, area.min().x));
    let last = cell_key(Point::lat_lon(area.max().y, area.max().x));
    let (r0, c0) = (first / CELLS_PER_ROW, first % CELLS_PER_ROW);
    let (r1, c1) = (last / CELLS_PER_ROW, last % CELLS_PER_ROW);
    (r0..=r1)
        .flat_map(|r| (c0..=c1).map(move |c| r * CELLS_PER_ROW + c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::lat_lon_box;

    #[test]
    fn neighbouring_points_share_a_cell_and_boxes_cover_them() {
        let city_hall = Point::lat_lon(39.2904, -76.6122);
        assert_eq!(
            cell_key(city_hall),
            cell_key(Point::lat_lon(39.2950, -76.6150))
        );
        assert_ne!(
            cell_key(city_hall),
            cell_key(Point::lat_lon(39.4, -76.6122))
        );
        let cells = cells_in(lat_lon_box(39.2, -76.7, 39.4, -76.5));
        assert!(cells.contains(&cell_key(city_hall)));
        assert!(cells.contains(&cell_key(Point::lat_lon(39.39, -76.51))));
        // 0.2° by 0.2° touches three or four cells each way, depending on float rounding at edges.
        assert!((9..=16).contains(&cells.len()), "{} cells", cells.len());
    }
}
