//! Geography, shared by every layer: points, boxes, service-area shapes, distances and the
//! grid cells the store and the index find points by. The geometry is the `geo` crate's, which puts
//! longitude in x and latitude in y (GeoJSON's order); `Point` names the two so that no
//! caller has to remember which is which.

mod cells;
mod extent;
pub mod grid;

pub use cells::{cell_key, cells_in};
pub use extent::{Extent, InvalidExtent};

use geo::{Distance, Haversine};

/// A box of latitude and longitude: x is longitude, y latitude, as everywhere in `geo`.
pub type Rect = geo::Rect<f64>;

/// A box from its south-west and north-east corners.
pub fn lat_lon_box(min_lat: f64, min_lon: f64, max_lat: f64, max_lon: f64) -> Rect {
    Rect::new(
        geo::coord! { x: min_lon, y: min_lat },
        geo::coord! { x: max_lon, y: max_lat },
    )
}

/// A place on the Earth's surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point(geo::Point<f64>);

impl Point {
    pub fn lat_lon(lat: f64, lon: f64) -> Point {
        Point(geo::Point::new(lon, lat))
    }

    pub fn lat(self) -> f64 {
        self.0.y()
    }

    pub fn lon(self) -> f64 {
        self.0.x()
    }

    /// Great-circle distance in kilometres (haversine, on the mean Earth radius).
    pub fn km_to(self, other: Point) -> f64 {
        Haversine.distance(self.0, other.0) / 1000.0
    }

    /// A box that holds every point within `km` of this one (slightly larger, never
    /// smaller), for a cheap first filter before the exact distance.
    pub fn box_around(self, km: f64) -> Rect {
        let earth_radius_km = Haversine.radius() / 1000.0;
        let dlat = (km / earth_radius_km).to_degrees() * 1.001;
        let min_lat = (self.lat() - dlat).max(-90.0);
        let max_lat = (self.lat() + dlat).min(90.0);
        // Longitude degrees shrink towards the poles; use the widest latitude in the box.
        let widest = min_lat.abs().max(max_lat.abs()).min(89.9).to_radians();
        let dlon = (dlat / widest.cos()).min(180.0);
        lat_lon_box(min_lat, self.lon() - dlon, max_lat, self.lon() + dlon)
    }
}

impl From<Point> for geo::Point<f64> {
    fn from(p: Point) -> Self {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // Baltimore to Philadelphia, about 145 km.
        let d = Point::lat_lon(39.2904, -76.6122).km_to(Point::lat_lon(39.9526, -75.1652));
        assert!((d - 145.0).abs() < 3.0, "{d}");
        let p = Point::lat_lon(10.0, 20.0);
        assert_eq!(p.km_to(p), 0.0);
        assert_eq!((p.lat(), p.lon()), (10.0, 20.0));
    }

    #[test]
    fn boxes_hold_the_whole_radius() {
        let centre = Point::lat_lon(39.2904, -76.6122);
        let b = centre.box_around(25.0);
        let (min, max) = (b.min(), b.max());
        for edge in [
            Point::lat_lon(min.y, centre.lon()),
            Point::lat_lon(max.y, centre.lon()),
            Point::lat_lon(centre.lat(), min.x),
            Point::lat_lon(centre.lat(), max.x),
        ] {
            assert!(centre.km_to(edge) >= 25.0);
        }
    }

    #[test]
    fn boxes_are_built_from_their_corners() {
        let b = lat_lon_box(39.2, -76.9, 39.75, -76.3);
        assert_eq!(
            (b.min().x, b.min().y, b.max().x, b.max().y),
            (-76.9, 39.2, -76.3, 39.75)
        );
    }
}
