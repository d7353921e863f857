//! Service areas: the GeoJSON extent a feed gives (a county, a state, the country), parsed
//! once into `geo`'s MultiPolygon, and whether a point lies in it.

use geo::{BoundingRect, Intersects, MultiPolygon, Polygon};
use geojson::{GeoJson, GeometryValue, PolygonType};

use super::{Point, Rect};

/// The shape of one or more service areas: polygons, each with its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Extent(MultiPolygon<f64>);

/// Why an extent is not an area a point can be tested against.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidExtent(String);

impl Extent {
    /// Reads a GeoJSON Polygon or MultiPolygon, bare or as a Feature's geometry. Anything
    /// else (another geometry, a collection, text that is not GeoJSON, a shape with no
    /// coordinates) is refused with the reason.
    pub fn from_geojson(text: &str) -> Result<Extent, InvalidExtent> {
        let fail = |reason: String| InvalidExtent(reason);
        let geometry = match text.parse::<GeoJson>() {
            Ok(GeoJson::Geometry(g)) => g,
            Ok(GeoJson::Feature(f)) => f
                .geometry
                .ok_or_else(|| fail("the Feature has no geometry".into()))?,
            Ok(GeoJson::FeatureCollection(_)) => {
                return Err(fail(
                    "a FeatureCollection is not one area; give a Polygon or MultiPolygon".into(),
                ));
            }
            Err(e) => return Err(fail(format!("not GeoJSON: {e}"))),
        };
        let polygons: Vec<PolygonType> = match geometry.value {
            GeometryValue::Polygon { coordinates } => vec![coordinates],
            GeometryValue::MultiPolygon { coordinates } => coordinates,
            other => {
                return Err(fail(format!(
                    "a {} is not an area; give a Polygon or MultiPolygon",
                    other.type_name()
                )));
            }
        };
        // The conversion below indexes x and y without looking, so short positions are
        // refused first.
        if let Some(short) = polygons.iter().flatten().flatten().find(|p| p.len() < 2) {
            return Err(fail(format!(
                "a position needs a longitude and a latitude, not {:?}",
                short.as_slice()
            )));
        }
        let shape = MultiPolygon::try_from(GeometryValue::MultiPolygon {
            coordinates: polygons,
        })
        .map_err(|e| fail(e.to_string()))?;
        if shape.bounding_rect().is_none() {
            return Err(fail("the area has no coordinates".into()));
        }
        Ok(Extent(shape))
    }

    /// All these extents as one: a point lies in it when it lies in any of them.
    pub fn union_of(extents: impl IntoIterator<Item = Extent>) -> Option<Extent> {
        let polygons: Vec<Polygon<f64>> = extents.into_iter().flat_map(|e| e.0).collect();
        (!polygons.is_empty()).then_some(Extent(MultiPolygon(polygons)))
    }

    /// Whether the point lies in the area. A point on a border, outer or of a hole, counts
    /// as inside: a person standing on a county line is served by that county's services.
    pub fn holds(&self, point: Point) -> bool {
        self.0.intersects(&geo::Point::from(point))
    }

    /// The box around the area.
    pub fn bounds(&self) -> Rect {
        self.0
            .bounding_rect()
            .expect("an extent has coordinates (checked when read)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTY: &str = r#"{"type":"Polygon","coordinates":[[[-76.9,39.2],[-76.3,39.2],[-76.3,39.75],[-76.9,39.75],[-76.9,39.2]]]}"#;
    const HOLED: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#;

    fn at(lat: f64, lon: f64) -> Point {
        Point::lat_lon(lat, lon)
    }

    #[test]
    fn points_inside_and_outside_a_polygon() {
        let county = Extent::from_geojson(COUNTY).unwrap();
        assert!(county.holds(at(39.29, -76.61)));
        assert!(!county.holds(at(39.95, -75.16)));
        let b = county.bounds();
        assert_eq!(
            (b.min().y, b.min().x, b.max().y, b.max().x),
            (39.2, -76.9, 39.75, -76.3)
        );
    }

    #[test]
    fn multipolygons_and_holes() {
        let us = Extent::from_geojson(r#"{"type":"MultiPolygon","coordinates":[[[[-124.8,24.4],[-66.9,24.4],[-66.9,49.4],[-124.8,49.4],[-124.8,24.4]]],[[[-160.3,18.9],[-154.8,18.9],[-154.8,22.3],[-160.3,22.3],[-160.3,18.9]]]]}"#).unwrap();
        assert!(us.holds(at(33.75, -117.86)));
        assert!(us.holds(at(21.3, -157.85)));
        assert!(!us.holds(at(51.5, -0.12)));
        let holed = Extent::from_geojson(HOLED).unwrap();
        assert!(holed.holds(at(2.0, 2.0)));
        assert!(!holed.holds(at(5.0, 5.0)));
    }

    #[test]
    fn a_point_on_a_border_is_inside() {
        let holed = Extent::from_geojson(HOLED).unwrap();
        // Every side of the outer ring, a corner, and the hole's edge.
        for (lat, lon) in [
            (0.0, 5.0),
            (10.0, 5.0),
            (5.0, 0.0),
            (5.0, 10.0),
            (10.0, 10.0),
        ] {
            assert!(holed.holds(at(lat, lon)), "{lat},{lon}");
        }
        assert!(holed.holds(at(4.0, 5.0)));
        assert!(!holed.holds(at(10.000001, 5.0)));
    }

    #[test]
    fn features_and_unclosed_rings_are_read() {
        let feature = format!(r#"{{"type":"Feature","properties":{{}},"geometry":{COUNTY}}}"#);
        assert!(
            Extent::from_geojson(&feature)
                .unwrap()
                .holds(at(39.29, -76.61))
        );
        let open_ring = r#"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10]]]}"#;
        assert!(Extent::from_geojson(open_ring).unwrap().holds(at(5.0, 5.0)));
    }

    #[test]
    fn what_is_not_an_area_is_refused_with_the_reason() {
        for (text, reason) in [
            ("not json", "not GeoJSON"),
            (
                r#"{"type":"Point","coordinates":[1,2]}"#,
                "a Point is not an area",
            ),
            (r#"{"type":"Polygon","coordinates":[]}"#, "no coordinates"),
            (
                r#"{"type":"Feature","properties":{},"geometry":null}"#,
                "no geometry",
            ),
            (
                r#"{"type":"FeatureCollection","features":[]}"#,
                "FeatureCollection",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0],[1,1],[0,1]]]}"#,
                "not [0.0]",
            ),
            (
                r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,1],[]]]]}"#,
                "not []",
            ),
        ] {
            let err = Extent::from_geojson(text).unwrap_err().to_string();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn extents_together_hold_what_each_holds() {
        let county = Extent::from_geojson(COUNTY).unwrap();
        let holed = Extent::from_geojson(HOLED).unwrap();
        let both = Extent::union_of([county, holed]).unwrap();
        assert!(both.holds(at(39.29, -76.61)) && both.holds(at(2.0, 2.0)));
        assert!(!both.holds(at(5.0, 5.0)));
        assert_eq!(both.bounds().min().x, -76.9);
        assert_eq!(Extent::union_of([]), None);
    }
}
