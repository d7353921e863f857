//! Distances on the Earth's surface, and the boxes that bound a radius.

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance between two points, in kilometres (haversine).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// A latitude/longitude box that holds every point within `radius_km` of `centre`
/// (slightly larger, never smaller), for a cheap first filter before the exact distance.
pub fn bounding_box(centre: (f64, f64), radius_km: f64) -> (f64, f64, f64, f64) {
    let dlat = (radius_km / EARTH_RADIUS_KM).to_degrees() * 1.001;
    let min_lat = (centre.0 - dlat).max(-90.0);
    let max_lat = (centre.0 + dlat).min(90.0);
    // Longitude degrees shrink towards the poles; use the widest latitude in the box.
    let widest = min_lat.abs().max(max_lat.abs()).min(89.9).to_radians();
    let dlon = (dlat / widest.cos()).min(180.0);
    (min_lat, centre.1 - dlon, max_lat, centre.1 + dlon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // Baltimore to Philadelphia, about 145 km.
        let d = haversine_km((39.2904, -76.6122), (39.9526, -75.1652));
        assert!((d - 145.0).abs() < 3.0, "{d}");
        assert_eq!(haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
    }

    #[test]
    fn boxes_hold_the_whole_radius() {
        let centre = (39.2904, -76.6122);
        let (min_lat, min_lon, max_lat, max_lon) = bounding_box(centre, 25.0);
        for (lat, lon) in [
            (min_lat, centre.1),
            (max_lat, centre.1),
            (centre.0, min_lon),
            (centre.0, max_lon),
        ] {
            assert!(haversine_km(centre, (lat, lon)) >= 25.0);
        }
    }
}
