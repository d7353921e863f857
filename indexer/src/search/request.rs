//! A search request as the domain sees it, parsed from query parameters: every value is
//! checked here, so the engine only ever sees a valid request, and a bad one is answered
//! with the parameter it was wrong in.

use super::filters::Filters;
use super::gazetteer::{Gazetteer, LocateError, Place};
pub use super::params::{SearchParams, Sort, Weekday};
use crate::model::geography::{Point, Rect, lat_lon_box};
use crate::model::{Category, Keyword};
pub use crate::params::ParamError;
use crate::params::{bad, within};

pub const DEFAULT_RADIUS_KM: f64 = 25.0;
pub const MAX_RADIUS_KM: f64 = 500.0;
pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;
const MAX_QUERY_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub enum Area {
    Radius { centre: Point, radius_km: f64 },
    BoundingBox(Rect),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub text: Option<String>,
    pub categories: Vec<Category>,
    pub organization_id: Option<String>,
    pub language: Option<String>,
    pub area: Option<Area>,
    /// Weekly events (meetings) on this day, two-letter code ("SU").
    pub day: Option<&'static str>,
    /// Weekly events starting at or after this local time ("HH:MM").
    pub starts_after: Option<String>,
    /// Weekly events starting at or before this local time ("HH:MM").
    pub starts_before: Option<String>,
    /// The place `near` resolved to, to tell the person what was understood.
    pub place: Option<Place>,
    /// Hours, attributes, taxonomy terms and facets.
    pub filters: Filters,
    /// Only these services: set by the caller, not parsed from parameters (the API keeps
    /// to programs with room now for `has_capacity`). An empty list matches nothing.
    pub service_ids: Option<Vec<String>>,
    /// Only services whose HSDS status is `active`: set by the caller, not parsed from
    /// parameters (the coordinators' capacity view leaves out programs not running).
    pub only_active: bool,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// `language`: an ISO 639-1 code (or a three-letter ISO 639 one), in lower case.
pub fn language_code(value: &str) -> Result<String, ParamError> {
    let code = value.trim().to_ascii_lowercase();
    if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(bad(
            "language",
            format!("{value:?} is not an ISO 639-1 code such as es"),
        ));
    }
    Ok(code)
}

/// `near` as a place, or why it cannot be one.
fn near_place(gazetteer: &Gazetteer, value: &str) -> Result<Place, ParamError> {
    gazetteer.resolve(value).map_err(|e| match e {
        LocateError::Unknown => bad(
            "near",
            format!("{value:?} is not a known US ZIP code, \"City, ST\" or city name"),
        ),
        LocateError::Ambiguous(candidates) => ParamError {
            detail: format!(
                "{value:?} names {} US cities; add the state, as in {:?}",
                candidates.len(),
                candidates[0]
            ),
            candidates,
            ..bad("near", "")
        },
    })
}

/// A local clock time written exactly `HH:MM`, 00:00 to 23:59.
fn clock(parameter: &str, value: &str) -> Result<String, ParamError> {
    let v = value.trim();
    let ok = v.len() == 5
        && v.as_bytes()[2] == b':'
        && v[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && v[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(v.to_string())
    } else {
        Err(bad(
            parameter,
            format!("{value:?} is not a time written HH:MM (00:00 to 23:59)"),
        ))
    }
}

impl SearchRequest {
    /// Checks `/v1/search` parameters, each alone and together, into a request.
    pub fn from_params(
        params: SearchParams,
        gazetteer: &Gazetteer,
    ) -> Result<SearchRequest, ParamError> {
        if let Some(q) = &params.q
            && q.chars().count() > MAX_QUERY_CHARS
        {
            return Err(bad(
                "q",
                format!("longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let mut categories = Vec::new();
        for slug in &params.category {
            let c: Category = slug.parse().map_err(|_| {
                let known: Vec<&str> = Category::all().iter().map(|c| c.slug()).collect();
                bad(
                    "category",
                    format!("unknown category {slug:?}; use one of {}", known.join(", ")),
                )
            })?;
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        let language = params.language.as_deref().map(language_code).transpose()?;
        if let Some(lat) = params.lat
            && !(-90.0..=90.0).contains(&lat)
        {
            return Err(bad("lat", format!("{lat} is outside -90..90")));
        }
        if let Some(lon) = params.lon
            && !(-180.0..=180.0).contains(&lon)
        {
            return Err(bad("lon", format!("{lon} is outside -180..180")));
        }
        let near = match &params.near {
            Some(value) => Some(near_place(gazetteer, value)?),
            None => None,
        };
        if let Some(r) = params.radius_km
            && (r <= 0.0 || r > MAX_RADIUS_KM)
        {
            return Err(bad(
                "radius_km",
                format!("{r} is outside (0, {MAX_RADIUS_KM}]"),
            ));
        }
        let bbox = match &params.bbox {
            Some(value) => Some(bounding_box(value)?),
            None => None,
        };
        let starts_after = params
            .starts_after
            .as_deref()
            .map(|v| clock("starts_after", v))
            .transpose()?;
        let starts_before = params
            .starts_before
            .as_deref()
            .map(|v| clock("starts_before", v))
            .transpose()?;
        let page = within("page", params.page, 1, 1..=10_000)?;
        let per_page = within(
            "per_page",
            params.per_page,
            DEFAULT_PER_PAGE,
            1..=MAX_PER_PAGE,
        )?;
        let filters = Filters::from_params(&params)?;
        let point = match (params.lat, params.lon, &near) {
            (Some(lat), Some(lon), None) => Some(Point::lat_lon(lat, lon)),
            (None, None, Some(place)) => Some(place.point()),
            (None, None, None) => None,
            (Some(_), None, _) => return Err(bad("lon", "lat is given without lon")),
            (None, Some(_), _) => return Err(bad("lat", "lon is given without lat")),
            (Some(_), Some(_), Some(_)) => {
                return Err(bad("near", "give either near or lat and lon, not both"));
            }
        };
        let radius = params.radius_km;
        let area = match (point, bbox) {
            (Some(_), Some(_)) => {
                return Err(bad(
                    "bbox",
                    "give either a bbox or a point with a radius, not both",
                ));
            }
            (Some(centre), None) => Some(Area::Radius {
                centre,
                radius_km: radius.unwrap_or(DEFAULT_RADIUS_KM),
            }),
            (None, Some(b)) if radius.is_none() => Some(b),
            (None, _) if radius.is_some() => {
                return Err(bad(
                    "radius_km",
                    "a radius needs a point: give lat and lon, or near",
                ));
            }
            (None, b) => b,
        };
        if let (Some(after), Some(before)) = (&starts_after, &starts_before)
            && after > before
        {
            return Err(bad(
                "starts_before",
                format!("{before} is earlier than starts_after {after}"),
            ));
        }
        let sort = params.sort.unwrap_or(Sort::Relevance);
        if sort == Sort::Distance && !matches!(area, Some(Area::Radius { .. })) {
            return Err(bad(
                "sort",
                "sorting by distance needs a point: give lat and lon, or near",
            ));
        }
        Ok(SearchRequest {
            text: params.q,
            categories,
            organization_id: params.organization_id,
            language,
            area,
            day: params.day.map(Weekday::code),
            starts_after,
            starts_before,
            place: near,
            filters,
            service_ids: None,
            only_active: false,
            sort,
            page,
            per_page,
        })
    }
}

/// `bbox=min_lon,min_lat,max_lon,max_lat` as an area.
fn bounding_box(value: &str) -> Result<Area, ParamError> {
    let parts: Vec<f64> = value
        .split(',')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad("bbox", format!("{p:?} is not a number")))
        })
        .collect::<Result<_, _>>()?;
    let [min_lon, min_lat, max_lon, max_lat] = parts[..] else {
        return Err(bad("bbox", "expected min_lon,min_lat,max_lon,max_lat"));
    };
    if !(-180.0..=180.0).contains(&min_lon)
        || !(-180.0..=180.0).contains(&max_lon)
        || !(-90.0..=90.0).contains(&min_lat)
        || !(-90.0..=90.0).contains(&max_lat)
    {
        return Err(bad("bbox", "a corner is outside the globe"));
    }
    if min_lon >= max_lon || min_lat >= max_lat {
        return Err(bad(
            "bbox",
            "the minimum corner must be south-west of the maximum",
        ));
    }
    Ok(Area::BoundingBox(lat_lon_box(
        min_lat, min_lon, max_lat, max_lon,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<SearchRequest, ParamError> {
        let params: SearchParams = crate::params::from_pairs(pairs)?;
        SearchRequest::from_params(params, Gazetteer::shipped())
    }

    #[test]
    fn a_point_gets_the_default_radius() {
        let r = parse(&[("q", " rehab "), ("lat", "33.7"), ("lon", "-117.8")]).unwrap();
        assert_eq!(r.text.as_deref(), Some("rehab"));
        assert_eq!(
            r.area,
            Some(Area::Radius {
                centre: Point::lat_lon(33.7, -117.8),
                radius_km: DEFAULT_RADIUS_KM
            })
        );
        assert_eq!(
            (r.page, r.per_page, r.sort),
            (1, DEFAULT_PER_PAGE, Sort::Relevance)
        );
    }

    #[test]
    fn near_resolves_through_the_gazetteer() {
        let r = parse(&[("near", "92701"), ("radius_km", "10"), ("sort", "distance")]).unwrap();
        assert_eq!(r.place.as_ref().unwrap().label, "Santa Ana, CA 92701");
        assert!(matches!(r.area, Some(Area::Radius { radius_km, .. }) if radius_km == 10.0));
        assert_eq!(parse(&[("near", "99999")]).unwrap_err().parameter, "near");
        let alone = parse(&[("near", "Sacramento")]).unwrap();
        assert_eq!(alone.place.unwrap().label, "Sacramento, CA");
        let e = parse(&[("near", "Springfield")]).unwrap_err();
        assert_eq!(e.parameter, "near");
        assert!(
            e.candidates.contains(&"Springfield, IL".to_string()),
            "{e:?}"
        );
        assert!(e.detail.contains("add the state"), "{e:?}");
        assert!(
            parse(&[("near", "Atlantis")])
                .unwrap_err()
                .candidates
                .is_empty()
        );
    }

    #[test]
    fn meeting_times() {
        let r = parse(&[("day", "Sunday"), ("starts_before", "12:00")]).unwrap();
        assert_eq!(
            (r.day, r.starts_after.as_deref(), r.starts_before.as_deref()),
            (Some("SU"), None, Some("12:00"))
        );
    }

    #[test]
    fn categories_repeat_or_come_comma_separated() {
        let r = parse(&[("category", "food,housing"), ("category", "food")]).unwrap();
        assert_eq!(r.categories, vec![Category::Food, Category::Housing]);
        let e = parse(&[("category", "bakery")]).unwrap_err();
        assert_eq!(e.parameter, "category");
        assert!(e.detail.contains("bakery"));
    }

    #[test]
    fn every_bad_value_names_its_parameter() {
        for (pairs, parameter) in [
            (vec![("lat", "91"), ("lon", "0")], "lat"),
            (vec![("lat", "10"), ("lon", "-181")], "lon"),
            (vec![("lat", "ten"), ("lon", "0")], "lat"),
            (vec![("lat", "10")], "lon"),
            (
                vec![("lat", "10"), ("lon", "10"), ("radius_km", "-1")],
                "radius_km",
            ),
            (
                vec![("lat", "10"), ("lon", "10"), ("radius_km", "501")],
                "radius_km",
            ),
            (vec![("radius_km", "5")], "radius_km"),
            (vec![("bbox", "1,2,3")], "bbox"),
            (vec![("bbox", "3,2,1,4")], "bbox"),
            (vec![("sort", "distance")], "sort"),
            (
                vec![("sort", "nearest"), ("lat", "1"), ("lon", "1")],
                "sort",
            ),
            (vec![("page", "0")], "page"),
            (vec![("per_page", "101")], "per_page"),
            (vec![("language", "spanish")], "language"),
            (vec![("day", "someday")], "day"),
            (vec![("starts_after", "7pm")], "starts_after"),
            (vec![("starts_before", "24:00")], "starts_before"),
            (
                vec![("starts_after", "20:00"), ("starts_before", "08:00")],
                "starts_before",
            ),
            (vec![("open_now", "soon")], "open_now"),
            (vec![("accepts", "gold")], "accepts"),
            (vec![("colour", "blue")], "colour"),
        ] {
            let err = parse(&pairs).unwrap_err();
            assert_eq!(err.parameter, parameter, "{pairs:?}: {err}");
        }
    }
}
