//! The search index's geography: service areas as square cells at several sizes (a
//! handful of index terms whatever an area's size), and placed listings along a Z-order
//! curve (`place_order`) that the index is sorted by, so a search reads only the listings
//! near its place instead of scanning every listing's coordinates.

use std::ops::RangeInclusive;

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

/// A service area's cell term: `a{level}/{row}/{col}` (placed listings are found by
/// their place order, not by cells).
fn area_term(level: usize, row: i64, col: i64) -> String {
    format!("a{level}/{row}/{col}")
}

/// Bits of each coordinate in `place_order`: about a centimetre, so that a listing's point
/// is read back from its place order alone (`point_of`) where a search places its matches,
/// instead of from two coordinate columns. 31 bits keep the code below `u64::MAX`, which
/// marks an unplaced listing, and a cell's span within a `u64`.
const ORDER_BITS: u32 = 31;

/// A point's position along a Z-order curve over the globe. Points near each other mostly
/// get near values, so an index sorted by it keeps a city's listings in neighbouring
/// documents, and a search there reads a few blocks of each posting list.
pub fn place_order(point: Point) -> u64 {
    let (lat, lon) = quantised(point.lat(), point.lon());
    interleave(lat, lon)
}

/// The point a place order stands for, to within one step of the curve (under 2 cm);
/// `None` for `u64::MAX`, an unplaced listing's.
pub fn point_of(order: u64) -> Option<Point> {
    if order == u64::MAX {
        return None;
    }
    let value = |q: u64, half_span: f64| q as f64 / SCALE * (2.0 * half_span) - half_span;
    Some(Point::lat_lon(
        value(compact(order >> 1), 90.0),
        value(compact(order), 180.0),
    ))
}

/// The largest integer coordinate.
const SCALE: f64 = ((1u64 << ORDER_BITS) - 1) as f64;

/// A latitude and longitude as the curve's integer coordinates (`ORDER_BITS` each).
fn quantised(lat: f64, lon: f64) -> (u64, u64) {
    let quantise =
        |v: f64, half_span: f64| ((v + half_span) / (2.0 * half_span)).clamp(0.0, 1.0) * SCALE;
    (quantise(lat, 90.0) as u64, quantise(lon, 180.0) as u64)
}

/// The Z-order code of two coordinates: latitude's bits in the odd places.
fn interleave(lat: u64, lon: u64) -> u64 {
    spread(lat) << 1 | spread(lon)
}

/// A 32-bit value's bits moved to the even places of a `u64`.
fn spread(v: u64) -> u64 {
    let mut x = v & 0xFFFF_FFFF;
    x = (x | x << 16) & 0x0000_FFFF_0000_FFFF;
    x = (x | x << 8) & 0x00FF_00FF_00FF_00FF;
    x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x << 2) & 0x3333_3333_3333_3333;
    (x | x << 1) & 0x5555_5555_5555_5555
}

/// The even places' bits of a `u64` gathered into one value: `spread` undone.
fn compact(code: u64) -> u64 {
    let mut x = code & 0x5555_5555_5555_5555;
    x = (x | x >> 1) & 0x3333_3333_3333_3333;
    x = (x | x >> 2) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF;
    x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF;
    (x | x >> 16) & 0xFFFF_FFFF
}

/// Every value `place_order` can give a placed listing.
pub const WHOLE_GLOBE: RangeInclusive<u64> = 0..=(1 << (2 * ORDER_BITS)) - 1;

/// The stretches of the curve that hold every point in `area`, in order, none touching
/// another: the curve's square cells at the finest size where the box touches at most
/// `MAX_CELLS`. In an index sorted by `place_order` each is a run of neighbouring
/// documents, so a search can read the listings of a box without any cell's postings.
/// A box reaching past the antimeridian is the whole globe.
pub fn place_order_spans(area: Rect) -> Vec<RangeInclusive<u64>> {
    let (min, max) = (area.min(), area.max());
    if min.x < -180.0 || max.x > 180.0 {
        return vec![WHOLE_GLOBE];
    }
    let (lat0, lon0) = quantised(min.y, min.x);
    let (lat1, lon1) = quantised(max.y, max.x);
    // The cells' side, as a count of the curve's bits left below it.
    let cells = |below: u32| {
        ((lat1 >> below) - (lat0 >> below) + 1) * ((lon1 >> below) - (lon0 >> below) + 1)
    };
    let below = (0..=ORDER_BITS)
        .find(|&below| cells(below) <= MAX_CELLS as u64)
        .unwrap_or(ORDER_BITS);
    let mut spans: Vec<RangeInclusive<u64>> = (lat0 >> below..=lat1 >> below)
        .flat_map(|row| {
            (lon0 >> below..=lon1 >> below).map(move |col| {
                let first = interleave(row, col) << (2 * below);
                first..=first + (1u64 << (2 * below)) - 1
            })
        })
        .collect();
    spans.sort_unstable_by_key(|s| *s.start());
    spans.dedup_by(|next, kept| {
        let touching = *next.start() == kept.end() + 1;
        if touching {
            *kept = *kept.start()..=*next.end();
        }
        touching
    });
    spans
}

/// The index terms of a service area's box: the cells it touches at the smallest level
/// where they number at most `MAX_CELLS` (its own level).
pub fn area_terms(area: Rect) -> Vec<String> {
    let (min, max) = (area.min(), area.max());
    let mut level = 0;
    loop {
        let (r0, c0) = row_col(level, min.y, min.x);
        let (r1, c1) = row_col(level, max.y, max.x);
        let count = ((r1 - r0 + 1) * (c1 - c0 + 1)) as usize;
        if count <= MAX_CELLS || level + 1 == SIZES.len() {
            return (r0..=r1)
                .flat_map(|r| (c0..=c1).map(move |c| area_term(level, r, c)))
                .collect();
        }
        level += 1;
    }
}

/// The terms a search for service areas that may hold `point` asks for: its cell at every
/// level, since each area is indexed at its own.
pub fn area_terms_holding(point: Point) -> Vec<String> {
    (0..SIZES.len())
        .map(|level| {
            let (row, col) = row_col(level, point.lat(), point.lon());
            area_term(level, row, col)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::lat_lon_box;

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
    fn a_boxs_spans_hold_every_point_in_it_and_few_others() {
        let mut seed = 17u64;
        let mut next = || {
            // xorshift: reproducible points without a dependency.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_000_000) as f64 / 1_000_000.0
        };
        for (lat, lon) in [
            (39.2904, -76.6122),
            (42.8666, -106.3131),
            (61.2, -149.9),
            (-33.9, 151.2),
        ] {
            let centre = Point::lat_lon(lat, lon);
            for km in [1.0, 5.0, 40.0, 320.0, 2_500.0] {
                let area = centre.box_around(km);
                let spans = place_order_spans(area);
                assert!(spans.len() <= MAX_CELLS, "{km} km: {} spans", spans.len());
                assert!(
                    spans.windows(2).all(|w| w[0].end() + 1 < *w[1].start()),
                    "{spans:?}"
                );
                let (min, max) = (area.min(), area.max());
                for _ in 0..200 {
                    let p = Point::lat_lon(
                        min.y + (max.y - min.y) * next(),
                        min.x + (max.x - min.x) * next(),
                    );
                    let code = place_order(p);
                    assert!(
                        spans.iter().any(|s| s.contains(&code)),
                        "{km} km: {p:?} left out"
                    );
                }
                // A point well outside the box is outside every span.
                let far = Point::lat_lon((lat + 60.0) % 90.0, lon);
                let code = place_order(far);
                assert!(
                    km > 1_000.0 || !spans.iter().any(|s| s.contains(&code)),
                    "{km} km"
                );
            }
        }
        let across = Point::lat_lon(52.0, 179.5).box_around(100.0);
        assert_eq!(place_order_spans(across), vec![WHOLE_GLOBE]);
        assert!(WHOLE_GLOBE.contains(&place_order(Point::lat_lon(90.0, 180.0))));
    }

    #[test]
    fn place_order_keeps_neighbours_together() {
        let order = |lat, lon| place_order(Point::lat_lon(lat, lon));
        let brooklyn = order(40.6782, -73.9442);
        let queens = order(40.7282, -73.7949);
        let denver = order(39.7392, -104.9903);
        let sydney = order(-33.8688, 151.2093);
        // Within one 0.05° cell the codes share all but their lowest bits.
        let above = 2 * (ORDER_BITS - 9);
        assert_eq!(
            order(40.71, -74.01) >> above,
            order(40.72, -74.005) >> above
        );
        assert!(brooklyn.abs_diff(queens) < brooklyn.abs_diff(denver));
        assert!(brooklyn.abs_diff(denver) < brooklyn.abs_diff(sydney));
        // The corners of the globe are the ends of the curve.
        assert_eq!(order(-90.0, -180.0), 0);
        assert_eq!(order(90.0, 180.0), (1 << 62) - 1);
    }

    #[test]
    fn a_place_order_gives_its_point_back_within_two_centimetres() {
        for (lat, lon) in [
            (40.6782, -73.9442),
            (-33.8688, 151.2093),
            (61.2181, -149.9003),
            (-90.0, -180.0),
            (90.0, 180.0),
            (0.0, 0.0),
        ] {
            let p = Point::lat_lon(lat, lon);
            let back = point_of(place_order(p)).expect("placed");
            assert!(p.km_to(back) < 0.000_02, "{p:?} came back as {back:?}");
        }
        assert!(point_of(u64::MAX).is_none());
        assert!(!WHOLE_GLOBE.contains(&u64::MAX));
    }
}
