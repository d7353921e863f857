//! Checks shared by every importer: coordinates, service-area extents, and ids repeated
//! within a source.

use std::collections::HashSet;
use std::path::Path;

use super::{RecordIssue, Severity};
use crate::model::geography::Extent;
use crate::model::{ServiceArea, ServiceRecord};

/// A problem with one field: its name and why.
pub type FieldError = (&'static str, String);

/// The result of checking a pair of coordinates that may be missing, text or numbers.
#[derive(Debug, PartialEq)]
pub struct CheckedPoint {
    pub point: Option<(f64, f64)>,
    /// Set when the point was dropped but the record is still usable.
    pub warning: Option<FieldError>,
}

/// Validates coordinates. Out-of-range or non-numeric values are errors (the record
/// cannot be placed where the feed says); missing or null-island ones are warnings.
pub fn coordinates(lat: Option<&str>, lon: Option<&str>) -> Result<CheckedPoint, FieldError> {
    let parse = |field: &'static str, v: &str| -> Result<f64, FieldError> {
        let x: f64 = v
            .trim()
            .parse()
            .map_err(|_| (field, format!("{v:?} is not a number")))?;
        if x.is_finite() {
            Ok(x)
        } else {
            Err((field, format!("{v:?} is not a number")))
        }
    };
    let lat = lat.map(|v| parse("latitude", v)).transpose()?;
    let lon = lon.map(|v| parse("longitude", v)).transpose()?;
    if let Some(lat) = lat.filter(|l| !(-90.0..=90.0).contains(l)) {
        return Err(("latitude", format!("{lat} is outside -90..90")));
    }
    if let Some(lon) = lon.filter(|l| !(-180.0..=180.0).contains(l)) {
        return Err(("longitude", format!("{lon} is outside -180..180")));
    }
    Ok(match (lat, lon) {
        (Some(lat), Some(lon)) if lat == 0.0 && lon == 0.0 => CheckedPoint {
            point: None,
            warning: Some((
                "latitude",
                "0,0 is not a real location; left unplaced".into(),
            )),
        },
        (Some(lat), Some(lon)) => CheckedPoint {
            point: Some((lat, lon)),
            warning: None,
        },
        (None, None) => CheckedPoint {
            point: None,
            warning: None,
        },
        (Some(_), None) => CheckedPoint {
            point: None,
            warning: Some((
                "longitude",
                "missing while latitude is given; left unplaced".into(),
            )),
        },
        (None, Some(_)) => CheckedPoint {
            point: None,
            warning: Some((
                "latitude",
                "missing while longitude is given; left unplaced".into(),
            )),
        },
    })
}

/// A warning for the `n`th service area when its extent is meant as GeoJSON (its type says
/// so, or says nothing) but is not a GeoJSON area: the area is kept as the feed gives it,
/// but it places the service nowhere, which the feed's publisher should hear of.
pub fn extent(n: usize, area: &ServiceArea) -> Option<FieldError> {
    let meant_as_geojson = area
        .extent_type
        .as_deref()
        .is_none_or(|t| t.eq_ignore_ascii_case("geojson"));
    if !meant_as_geojson {
        return None;
    }
    let problem = Extent::from_geojson(area.extent.as_deref()?).err()?;
    Some((
        "service_areas",
        format!(
            "area {n}: the extent is not a GeoJSON area ({problem}); it is kept but matches no place"
        ),
    ))
}

/// Keeps the first record of each service id; later ones are reported and skipped.
pub fn drop_duplicate_ids(
    records: &mut Vec<ServiceRecord>,
    issues: &mut Vec<RecordIssue>,
    file: &Path,
) {
    let mut seen = HashSet::with_capacity(records.len());
    records.retain(|r| {
        if seen.insert(r.service.id.clone()) {
            return true;
        }
        issues.push(RecordIssue {
            file: file.display().to_string(),
            index: None,
            key: Some(r.source_key.clone()),
            field: "id".into(),
            reason: format!(
                "service id {} appears more than once in the source; the first is kept",
                r.service.id
            ),
            severity: Severity::Skipped,
        });
        false
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_as_text_or_numbers() {
        let ok = coordinates(Some("39.29"), Some(" -76.61 ")).unwrap();
        assert_eq!(ok.point, Some((39.29, -76.61)));
        assert_eq!(ok.warning, None);
    }

    #[test]
    fn out_of_range_is_an_error_naming_the_field() {
        let err = coordinates(Some("123"), Some("-76")).unwrap_err();
        assert_eq!(err.0, "latitude");
        assert!(err.1.contains("123"));
        assert_eq!(
            coordinates(Some("39"), Some("-190")).unwrap_err().0,
            "longitude"
        );
        assert_eq!(
            coordinates(Some("north"), Some("1")).unwrap_err().0,
            "latitude"
        );
    }

    #[test]
    fn an_extent_meant_as_geojson_must_be_an_area() {
        let area = |extent: &str, extent_type: Option<&str>| ServiceArea {
            id: "a".into(),
            name: None,
            description: None,
            extent: Some(extent.into()),
            extent_type: extent_type.map(str::to_string),
            uri: None,
        };
        let square = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
        assert_eq!(extent(0, &area(square, Some("geojson"))), None);
        let (field, reason) = extent(2, &area("Baltimore County", None)).unwrap();
        assert_eq!(field, "service_areas");
        assert!(
            reason.starts_with("area 2: ") && reason.contains("not GeoJSON"),
            "{reason}"
        );
        let point = r#"{"type":"Point","coordinates":[1,2]}"#;
        assert!(
            extent(0, &area(point, Some("GeoJSON")))
                .unwrap()
                .1
                .contains("Point")
        );
        // Extents of other kinds are the feed's to describe; no GeoJSON is expected of them.
        assert_eq!(extent(0, &area("Baltimore County", Some("text"))), None);
    }

    #[test]
    fn missing_or_null_island_is_a_warning() {
        assert_eq!(coordinates(None, None).unwrap().point, None);
        let z = coordinates(Some("0"), Some("0")).unwrap();
        assert_eq!(z.point, None);
        assert!(z.warning.is_some());
        assert!(coordinates(Some("39"), None).unwrap().warning.is_some());
    }
}
