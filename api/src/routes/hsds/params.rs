//! What the `/hsds` endpoints' parameters share, read into the store's types: pages,
//! formats, postcodes, dates. Each endpoint's own struct (beside its handler) parses and
//! documents the parameters it takes.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use strum::{IntoStaticStr, VariantArray};
use utoipa::ToSchema;
use waypoint_indexer::params::within;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::store::hsds::{Near, PageRequest, ServiceFilter};

use crate::error::ApiError;

/// Items per page unless asked otherwise, and at most.
pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 100;
/// `minimal=true` lists are meant to be read in one call: bigger pages are allowed.
pub const MAX_MINIMAL_PER_PAGE: i64 = 10_000;
/// The widest `proximity` accepted, in metres.
pub const MAX_PROXIMITY_METRES: f64 = 500_000.0;

/// `json` pages (default) or `ndjson`: every matching record, one JSON object a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoStaticStr, VariantArray, ToSchema)]
#[strum(serialize_all = "snake_case")]
#[schema(rename_all = "snake_case")]
pub enum Format {
    Json,
    Ndjson,
}

/// `format`, JSON unless asked otherwise.
pub fn format(format: Option<Format>) -> Format {
    format.unwrap_or(Format::Json)
}

/// `page` and `per_page` of a list of full records: 20 a page unless asked, at most 100.
pub fn list_page(page: Option<i64>, per_page: Option<i64>) -> Result<PageRequest, ApiError> {
    self::page(page, per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)
}

/// `page` (from 1) and `per_page` (1 to `max_per_page`).
pub fn page(
    page: Option<i64>,
    per_page: Option<i64>,
    default_per_page: i64,
    max_per_page: i64,
) -> Result<PageRequest, ApiError> {
    Ok(PageRequest {
        page: within("page", page, 1, 1..=1_000_000)?,
        per_page: within("per_page", per_page, default_per_page, 1..=max_per_page)?,
    })
}

/// The service filters both `/hsds/services` and `/hsds/service_at_locations` take.
pub fn service_filter(
    search: &Option<String>,
    taxonomy_term_id: &Option<String>,
    taxonomy_id: &Option<String>,
    organization_id: &Option<String>,
    changed_after: &Option<String>,
) -> Result<ServiceFilter, ApiError> {
    Ok(ServiceFilter {
        search: search.clone(),
        taxonomy_term_id: taxonomy_term_id.clone(),
        taxonomy_id: taxonomy_id.clone(),
        organization_id: organization_id.clone(),
        modified_after: changed_after.as_deref().map(modified_after).transpose()?,
    })
}

/// `postcode` and `proximity` (metres from the postcode's centroid).
pub fn near(
    postcode: Option<&str>,
    proximity: Option<f64>,
    gazetteer: &Gazetteer,
) -> Result<Option<Near>, ApiError> {
    let Some(code) = postcode else {
        return match proximity {
            Some(_) => Err(ApiError::invalid(
                "proximity",
                "`proximity` is measured from the centroid of `postcode`; give a postcode too",
            )),
            None => Ok(None),
        };
    };
    let postcode = zip_code(code).ok_or_else(|| {
        ApiError::invalid(
            "postcode",
            format!("`postcode` is a 5-digit US ZIP code, not {code:?}"),
        )
    })?;
    let centroid = gazetteer.locate(&postcode).map(|p| p.point());
    let within_metres = match proximity {
        None => None,
        Some(metres) => {
            if !(metres > 0.0 && metres <= MAX_PROXIMITY_METRES) {
                return Err(ApiError::invalid(
                    "proximity",
                    format!(
                        "`proximity` is a distance in metres, more than 0 and at most {MAX_PROXIMITY_METRES}, not {metres}"
                    ),
                ));
            }
            if centroid.is_none() {
                return Err(ApiError::invalid(
                    "postcode",
                    format!(
                        "ZIP code {postcode} is not in the gazetteer, so no distance can be measured from it"
                    ),
                ));
            }
            Some(metres)
        }
    };
    Ok(Some(Near {
        postcode,
        centroid,
        within_metres,
    }))
}

/// "21202" or "21202-1234" → "21202".
pub fn zip_code(text: &str) -> Option<String> {
    let text = text.trim();
    let (five, rest) = text.split_at_checked(5)?;
    let plus_four = rest.is_empty()
        || (rest.len() == 5
            && rest.starts_with('-')
            && rest[1..].chars().all(|c| c.is_ascii_digit()));
    (five.chars().all(|c| c.is_ascii_digit()) && plus_four).then(|| five.to_string())
}

/// An RFC 3339 date-time or a date (midnight UTC), as the UTC text the store compares with.
pub fn modified_after(text: &str) -> Result<String, ApiError> {
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        })
        .map_err(|_| {
            ApiError::invalid(
                "modified_after",
                format!(
                    "`modified_after` is an RFC 3339 date-time (2026-01-31T09:00:00Z) or a date (2026-01-31), not {text:?}"
                ),
            )
        })?;
    Ok(parsed.to_rfc3339_opts(SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(e: ApiError) -> String {
        e.problem().parameter.unwrap_or_default()
    }

    #[test]
    fn pages_are_bounded() {
        let p = page(None, None, DEFAULT_PER_PAGE, MAX_PER_PAGE).unwrap();
        assert_eq!((p.page, p.per_page), (1, 20));
        assert_eq!(parameter(page(Some(0), None, 20, 100).unwrap_err()), "page");
        assert_eq!(
            parameter(page(None, Some(101), 20, 100).unwrap_err()),
            "per_page"
        );
    }

    #[test]
    fn modified_after_takes_date_times_and_dates() {
        assert_eq!(
            modified_after("2026-01-31T09:00:00-05:00").unwrap(),
            "2026-01-31T14:00:00Z"
        );
        assert_eq!(
            modified_after("2026-01-31").unwrap(),
            "2026-01-31T00:00:00Z"
        );
        assert_eq!(
            parameter(modified_after("yesterday").unwrap_err()),
            "modified_after"
        );
    }

    #[test]
    fn postcodes_and_proximity() {
        assert_eq!(zip_code("21202-1234"), Some("21202".into()));
        assert_eq!(zip_code("2120"), None);
        assert_eq!(zip_code("ABCDE"), None);
        let g = Gazetteer::shipped();
        let found = near(Some("21202"), Some(2000.0), g).unwrap().unwrap();
        assert_eq!(found.within_metres, Some(2000.0));
        assert!(found.centroid.is_some());
        assert_eq!(
            parameter(near(None, Some(2000.0), g).unwrap_err()),
            "proximity"
        );
        assert_eq!(
            parameter(near(Some("21202"), Some(-1.0), g).unwrap_err()),
            "proximity"
        );
        assert_eq!(
            parameter(near(Some("nowhere"), None, g).unwrap_err()),
            "postcode"
        );
    }
}
