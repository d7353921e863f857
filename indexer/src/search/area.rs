//! Service areas: whether a point lies inside a GeoJSON Polygon or MultiPolygon extent,
//! and the box around one. Ray casting over the rings is all this needs, so no geometry
//! crate is pulled in for it.

use serde_json::Value;

/// Rings of each polygon of an extent, as (lon, lat) pairs: the outer ring first, then holes.
fn polygons(extent: &str) -> Vec<Vec<Vec<(f64, f64)>>> {
    let Ok(geo) = serde_json::from_str::<Value>(extent) else {
        return Vec::new();
    };
    let geometry = if geo["type"] == "Feature" {
        &geo["geometry"]
    } else {
        &geo
    };
    let ring = |r: &Value| -> Vec<(f64, f64)> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect()
    };
    let polygon = |p: &Value| -> Vec<Vec<(f64, f64)>> {
        p.as_array().into_iter().flatten().map(ring).collect()
    };
    match geometry["type"].as_str() {
        Some("Polygon") => vec![polygon(&geometry["coordinates"])],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(polygon)
            .collect(),
        _ => Vec::new(),
    }
}

/// Even-odd ray casting: is (lon, lat) inside the ring?
fn in_ring(ring: &[(f64, f64)], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Whether the extent (GeoJSON text) contains the point.
pub fn contains(extent: &str, point: (f64, f64)) -> bool {
    let (lat, lon) = point;
    polygons(extent).iter().any(|rings| {
        rings.first().is_some_and(|outer| in_ring(outer, lon, lat))
            && !rings[1..].iter().any(|hole| in_ring(hole, lon, lat))
    })
}

/// (min_lat, min_lon, max_lat, max_lon) around the extent, when it has any polygon.
pub fn bounding_box(extent: &str) -> Option<(f64, f64, f64, f64)> {
    let points: Vec<(f64, f64)> = polygons(extent).into_iter().flatten().flatten().collect();
    let first = points.first()?;
    Some(points.iter().fold(
        (first.1, first.0, first.1, first.0),
        |(a, b, c, d), (lon, lat)| (a.min(*lat), b.min(*lon), c.max(*lat), d.max(*lon)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTY: &str = r#"{"type":"Polygon","coordinates":[[[-76.9,39.2],[-76.3,39.2],[-76.3,39.75],[-76.9,39.75],[-76.9,39.2]]]}"#;

    #[test]
    fn points_inside_and_outside_a_polygon() {
        assert!(contains(COUNTY, (39.29, -76.61)));
        assert!(!contains(COUNTY, (39.95, -75.16)));
        assert_eq!(bounding_box(COUNTY), Some((39.2, -76.9, 39.75, -76.3)));
    }

    #[test]
    fn multipolygons_and_holes() {
        let us = r#"{"type":"MultiPolygon","coordinates":[[[[-124.8,24.4],[-66.9,24.4],[-66.9,49.4],[-124.8,49.4],[-124.8,24.4]]],[[[-160.3,18.9],[-154.8,18.9],[-154.8,22.3],[-160.3,22.3],[-160.3,18.9]]]]}"#;
        assert!(contains(us, (33.75, -117.86)));
        assert!(contains(us, (21.3, -157.85)));
        assert!(!contains(us, (51.5, -0.12)));
        let holed = r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#;
        assert!(contains(holed, (2.0, 2.0)));
        assert!(!contains(holed, (5.0, 5.0)));
        assert!(!contains("not json", (1.0, 1.0)));
        assert_eq!(
            bounding_box(r#"{"type":"Point","coordinates":[1,2]}"#),
            None
        );
    }
}
