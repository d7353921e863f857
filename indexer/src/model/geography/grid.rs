//! The search index's grid: square cells at several sizes, so that a place becomes a
//! handful of index terms whatever its size, and a search reads only the listings near it
//! instead of scanning every listing's coordinates.

use super::{Point, Rect};

/// Cell sizes in degrees: each level's cells are four times as wide as the level below,
/// from 0.05° (about 5 km) to 51.2° (an eighth of the globe's width).
const SIZES: [f64; 6] = [0.05, 0.2, 0.8, 3.2, 12.8, 51.2];

/// At most this many cells stand for one box: the smallest level at which the box
/// touches no more is chosen.
pub const MAX_CELLS: usize = 16;

/// The row and column of the cell holding `(lat, lon)` at `level`.
fn row_col(level: usize, lat: f64, lon: f64) -> (i64, i64) {
    let size = SIZES[level];
    let row = ((lat.clamp(-90.0, 90.0) + 90.0) / size).floor() as i64;
    let col = ((lon.clamp(-180.0, 180.0) + 180.0) / size).floor() as i64;
    (row, col)
}

/// Placed listings' cells are `p…`, service areas' `a…`.
const POINT: char = 'p';
const AREA: char = 'a';

fn term(kind: char, level: usize, row: i64, col: i64) -> String {
    format!("{kind}{level}/{row}/{col}")
}

/// The cell holding `point` at every level.
fn every_level(kind: char, point: Point) -> Vec<String> {
    (0..SIZES.len())
        .map(|level| {
            let (row, col) = row_col(level, point.lat(), point.lon());
            term(kind, level, row, col)
        })
        .collect()
}

/// The cells a box touches at the smallest level where they number at most `MAX_CELLS`.
fn covering(kind: char, area: Rect) -> Vec<String> {
    let (min, max) = (area.min(), area.max());
    let mut level = 0;
    loop {
        let (r0, c0) = row_col(level, min.y, min.x);
        let (r1, c1) = row_col(level, max.y, max.x);
        let count = ((r1 - r0 + 1) * (c1 - c0 + 1)) as usize;
        if count <= MAX_CELLS || level + 1 == SIZES.len() {
            return (r0..=r1)
                .flat_map(|r| (c0..=c1).map(move |c| term(kind, level, r, c)))
                .collect();
        }
        level += 1;
    }
}

/// Bits of each coordinate in `place_order`: about 20 m of latitude.
const ORDER_BITS: u32 = 20;

/// A point's position along a Z-order curve over the globe. Points near each other mostly
/// get near values, so an index sorted by it keeps a city's listings in neighbouring
/// documents, and a search there reads a few blocks of each posting list.
pub fn place_order(point: Point) -> u64 {
    let scale = ((1u64 << ORDER_BITS) - 1) as f64;
    let quantise =
        |v: f64, half_span: f64| ((v + half_span) / (2.0 * half_span)).clamp(0.0, 1.0) * scale;
    let (lat, lon) = (
        quantise(point.lat(), 90.0) as u64,
        quantise(point.lon(), 180.0) as u64,
    );
    (0..ORDER_BITS).fold(0, |code, bit| {
        code | ((lat >> bit & 1) << (2 * bit + 1)) | ((lon >> bit & 1) << (2 * bit))
    })
}

/// The index terms of a placed listing: its cell at every level.
pub fn point_terms(point: Point) -> Vec<String> {
    every_level(POINT, point)
}

/// The terms a search for placed listings within `area` asks for: every listing placed
/// in the box is in one of these cells (and some outside it, for the exact test to drop).
pub fn point_terms_within(area: Rect) -> Vec<String> {
    covering(POINT, area)
}

/// The index terms of a service area's box: the cells covering it, at its own level.
pub fn area_terms(area: Rect) -> Vec<String> {
    covering(AREA, area)
}

/// The terms a search for service areas that may hold `point` asks for: its cell at every
/// level, since each area is indexed at its own.
pub fn area_terms_holding(point: Point) -> Vec<String> {
    every_level(AREA, point)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::lat_lon_box;

    #[test]
    fn a_point_in_a_box_shares_a_term_with_the_box() {
        let baltimore = Point::lat_lon(39.2904, -76.6122);
        for km in [1.0, 5.0, 25.0, 50.0, 400.0, 3000.0] {
            let area = baltimore.box_around(km);
            let wanted = point_terms_within(area);
            assert!(wanted.len() <= MAX_CELLS, "{km} km: {} cells", wanted.len());
            // The box's corners and centre are all found.
            for p in [
                baltimore,
                Point::lat_lon(area.min().y, area.min().x),
                Point::lat_lon(area.max().y, area.max().x),
                Point::lat_lon(area.min().y, area.max().x),
            ] {
                let held = point_terms(p);
                assert!(
                    held.iter().any(|t| wanted.contains(t)),
                    "{km} km: {p:?} not found"
                );
            }
        }
    }

    #[test]
    fn small_boxes_ask_for_small_cells() {
        let casper = Point::lat_lon(42.8666, -106.3131);
        let five_km = point_terms_within(casper.box_around(5.0));
        assert!(five_km.iter().all(|t| t.starts_with("p0/")), "{five_km:?}");
        let far = Point::lat_lon(43.5, -106.3131);
        assert!(!point_terms(far).iter().any(|t| five_km.contains(t)));
    }

    #[test]
    fn an_area_is_found_from_any_point_inside_it() {
        let maryland = lat_lon_box(37.9, -79.5, 39.7, -75.0);
        let terms = area_terms(maryland);
        assert!(terms.len() <= MAX_CELLS);
        for p in [
            Point::lat_lon(39.29, -76.61),
            Point::lat_lon(38.0, -75.1),
            Point::lat_lon(39.69, -79.4),
        ] {
            assert!(area_terms_holding(p).iter().any(|t| terms.contains(t)));
        }
        let whole_country = lat_lon_box(18.0, -179.0, 72.0, -66.0);
        assert!(area_terms(whole_country).len() <= MAX_CELLS);
        assert!(
            area_terms_holding(Point::lat_lon(39.29, -76.61))
                .iter()
                .any(|t| area_terms(whole_country).contains(t))
        );
    }

    #[test]
    fn place_order_keeps_neighbours_together() {
        let order = |lat, lon| place_order(Point::lat_lon(lat, lon));
        let brooklyn = order(40.6782, -73.9442);
        let queens = order(40.7282, -73.7949);
        let denver = order(39.7392, -104.9903);
        let sydney = order(-33.8688, 151.2093);
        // Within one 0.05° cell the codes share all but their lowest bits.
        assert_eq!(order(40.71, -74.01) >> 22, order(40.72, -74.005) >> 22);
        assert!(brooklyn.abs_diff(queens) < brooklyn.abs_diff(denver));
        assert!(brooklyn.abs_diff(denver) < brooklyn.abs_diff(sydney));
        // The corners of the globe are the ends of the curve.
        assert_eq!(order(-90.0, -180.0), 0);
        assert_eq!(order(90.0, 180.0), (1 << 40) - 1);
    }
}
