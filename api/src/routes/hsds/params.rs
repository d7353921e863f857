//! Query parameters of the `/hsds` endpoints, parsed into the store's filter types. Every
//! endpoint names the parameters it takes; any other one is refused, so a filter is never
//! silently ignored.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
}

/// The query string, checked against the parameters an endpoint takes.
#[derive(Debug)]
pub struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Refuses parameters the endpoint does not take and parameters given twice.
    pub fn parse(pairs: &[(String, String)], allowed: &[&str]) -> Result<Params, ApiError> {
        let mut values = HashMap::new();
        for (name, value) in pairs {
            if !allowed.contains(&name.as_str()) {
                let takes = match allowed {
                    [] => "no query parameters".to_string(),
                    _ => allowed.join(", "),
                };
                return Err(ApiError::invalid(
                    name,
                    format!("this endpoint does not take `{name}`; it takes {takes}"),
                ));
            }
            if value.contains('\0') {
                return Err(ApiError::invalid(
                    name,
                    format!("`{name}` holds a NUL byte"),
                ));
            }
            if values.insert(name.clone(), value.clone()).is_some() {
                return Err(ApiError::invalid(name, format!("`{name}` is given twice")));
            }
        }
        Ok(Params { values })
    }

    /// A non-empty text value.
    pub fn text(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// `true`/`false` (also `1`/`0`); absent is false.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.values.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if v == "true" || v == "1" => Ok(true),
            Some(v) if v == "false" || v == "0" || v.is_empty() => Ok(false),
            Some(v) => Err(ApiError::invalid(
                name,
                format!("`{name}` is true or false, not {v:?}"),
            )),
        }
    }

    /// `page` (from 1) and `per_page` (1 to `max_per_page`).
    pub fn page(&self, default_per_page: i64, max_per_page: i64) -> Result<PageRequest, ApiError> {
        let number = |name: &str, default: i64, max: i64| -> Result<i64, ApiError> {
            match self.text(name) {
                None => Ok(default),
                Some(v) => match v.parse::<i64>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(n),
                    _ => Err(ApiError::invalid(
                        name,
                        format!("`{name}` is a whole number from 1 to {max}, not {v:?}"),
                    )),
                },
            }
        };
        Ok(PageRequest {
            page: number("page", 1, 1_000_000)?,
            per_page: number("per_page", default_per_page, max_per_page)?,
        })
    }

    pub fn format(&self) -> Result<Format, ApiError> {
        match self
            .text("format")
            .map(|f| f.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("json") => Ok(Format::Json),
            Some("ndjson") => Ok(Format::Ndjson),
            Some(other) => Err(ApiError::invalid(
                "format",
                format!("`format` is json or ndjson, not {other:?}"),
            )),
        }
    }

    /// The service filters: `search`, `taxonomy_term_id`, `taxonomy_id`,
    /// `organization_id`, `modified_after` (those the endpoint takes).
    pub fn service_filter(&self) -> Result<ServiceFilter, ApiError> {
        Ok(ServiceFilter {
            search: self.text("search"),
            taxonomy_term_id: self.text("taxonomy_term_id"),
            taxonomy_id: self.text("taxonomy_id"),
            organization_id: self.text("organization_id"),
            modified_after: self
                .text("modified_after")
                .map(|v| modified_after(&v))
                .transpose()?,
        })
    }

    /// `postcode` and `proximity` (metres from the postcode's centroid).
    pub fn near(&self, gazetteer: &Gazetteer) -> Result<Option<Near>, ApiError> {
        let proximity = self.text("proximity");
        let Some(code) = self.text("postcode") else {
            return match proximity {
                Some(_) => Err(ApiError::invalid(
                    "proximity",
                    "`proximity` is measured from the centroid of `postcode`; give a postcode too",
                )),
                None => Ok(None),
            };
        };
        let postcode = zip_code(&code).ok_or_else(|| {
            ApiError::invalid(
                "postcode",
                format!("`postcode` is a 5-digit US ZIP code, not {code:?}"),
            )
        })?;
        let centroid = gazetteer.locate(&postcode).map(|p| p.point());
        let within_metres = match proximity {
            None => None,
            Some(v) => {
                let metres = v
                    .parse::<f64>()
                    .ok()
                    .filter(|m| m.is_finite() && *m > 0.0 && *m <= MAX_PROXIMITY_METRES);
                let Some(metres) = metres else {
                    return Err(ApiError::invalid(
                        "proximity",
                        format!(
                            "`proximity` is a distance in metres, more than 0 and at most {MAX_PROXIMITY_METRES}, not {v:?}"
                        ),
                    ));
                };
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

    fn params(pairs: &[(&str, &str)], allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Params::parse(&pairs, allowed)
    }

    fn parameter(e: ApiError) -> String {
        e.problem().parameter.unwrap_or_default()
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        let e = params(&[("colour", "red")], &["page"]).unwrap_err();
        assert_eq!(parameter(e), "colour");
        let e = params(&[("page", "1"), ("page", "2")], &["page"]).unwrap_err();
        assert_eq!(parameter(e), "page");
    }

    #[test]
    fn pages_are_bounded() {
        let p = params(&[], &["page", "per_page"]).unwrap();
        let page = p.page(DEFAULT_PER_PAGE, MAX_PER_PAGE).unwrap();
        assert_eq!((page.page, page.per_page), (1, 20));
        for (k, v) in [("page", "0"), ("per_page", "101"), ("per_page", "x")] {
            let p = params(&[(k, v)], &["page", "per_page"]).unwrap();
            assert_eq!(parameter(p.page(20, 100).unwrap_err()), k);
        }
    }

    #[test]
    fn flags_and_formats() {
        let p = params(
            &[("full", "true"), ("format", "NDJSON")],
            &["full", "format"],
        )
        .unwrap();
        assert!(p.flag("full").unwrap());
        assert_eq!(p.format().unwrap(), Format::Ndjson);
        let p = params(&[("full", "yes")], &["full"]).unwrap();
        assert_eq!(parameter(p.flag("full").unwrap_err()), "full");
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
        let allowed = ["postcode", "proximity"];
        let p = params(&[("postcode", "21202"), ("proximity", "2000")], &allowed).unwrap();
        let near = p.near(g).unwrap().unwrap();
        assert_eq!(near.within_metres, Some(2000.0));
        assert!(near.centroid.is_some());
        let p = params(&[("proximity", "2000")], &allowed).unwrap();
        assert_eq!(parameter(p.near(g).unwrap_err()), "proximity");
        let p = params(&[("postcode", "21202"), ("proximity", "-1")], &allowed).unwrap();
        assert_eq!(parameter(p.near(g).unwrap_err()), "proximity");
        let p = params(&[("postcode", "nowhere")], &allowed).unwrap();
        assert_eq!(parameter(p.near(g).unwrap_err()), "postcode");
    }
}
