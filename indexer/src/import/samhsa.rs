//! SAMHSA treatment locator responses (`{"rows": [...]}`): one facility is one treatment
//! service at one location; its service codes become attributes and languages.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{self, Scalar, Top, list};
use super::validate;
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::{self, category::Scheme, clean, ids};

const LANGUAGES: &str = include_str!("../../../seed-data/languages.csv");

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFacility {
    frid: Scalar,
    name1: Scalar,
    name2: Scalar,
    street1: Scalar,
    street2: Scalar,
    city: Scalar,
    state: Scalar,
    zip: Scalar,
    phone: Scalar,
    intake1: Scalar,
    hotline1: Scalar,
    website: Scalar,
    latitude: Scalar,
    longitude: Scalar,
    #[serde(rename = "typeFacility")]
    type_facility: Scalar,
    #[serde(deserialize_with = "list")]
    services: Vec<RawServiceCode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawServiceCode {
    f1: Scalar,
    f2: Scalar,
    f3: Scalar,
}

/// ISO 639-1 code for a language name, from `seed-data/languages.csv`.
pub fn language_code(name: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        LANGUAGES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| l.split_once(',').map(|(n, c)| (n.to_ascii_lowercase(), c)))
            .collect()
    })
    .get(&name.trim().to_ascii_lowercase())
    .copied()
}

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<model::ServiceRecord>> {
    let text = json::read_text(path)?;
    let rows: Vec<&RawValue> = match json::parse_top(path, &text)? {
        Top::Object(map) => match map.get("rows") {
            Some(rows) => serde_json::from_str(rows.get())
                .map_err(|e| IndexerError::file(path, format!("\"rows\" is not an array: {e}")))?,
            None => {
                return Err(IndexerError::file(
                    path,
                    "a SAMHSA locator response has a \"rows\" array",
                ));
            }
        },
        Top::Array(rows) => rows,
    };
    let mut out = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let raw: RawFacility = match serde_json::from_str(row.get()) {
            Ok(r) => r,
            Err(e) => {
                ctx.issue(
                    Some(index),
                    None,
                    "record",
                    format!("not a locator row: {e}"),
                    Severity::Skipped,
                );
                continue;
            }
        };
        let key = raw.frid.as_str().map(str::to_string).unwrap_or_else(|| {
            format!(
                "{}|{}",
                raw.name1.as_str().unwrap_or(""),
                raw.street1.as_str().unwrap_or("")
            )
        });
        match facility(raw, index, &key, ctx) {
            Ok(r) => out.push(r),
            Err((field, reason)) => {
                ctx.issue(Some(index), Some(&key), field, reason, Severity::Skipped)
            }
        }
    }
    Ok(out)
}

fn facility(
    f: RawFacility,
    index: usize,
    key: &str,
    ctx: &mut ImportContext,
) -> Result<model::ServiceRecord, validate::FieldError> {
    let source = ctx.source;
    let name1 = f
        .name1
        .as_str()
        .and_then(clean::text)
        .ok_or(("name1", "missing or empty".to_string()))?;
    let name2 = f.name2.as_str().and_then(clean::text);
    let point = ctx.checked_point(index, key, f.latitude.as_str(), f.longitude.as_str())?;
    if f.latitude.as_str().is_none() && f.longitude.as_str().is_none() {
        ctx.issue(
            Some(index),
            Some(key),
            "latitude",
            "no coordinates; the facility cannot be found by distance",
            Severity::Warning,
        );
    }
    let state = f.state.as_str().map(|s| {
        clean::state_code(s)
            .map(str::to_string)
            .unwrap_or_else(|| s.to_string())
    });
    let time_zone = state
        .as_deref()
        .and_then(clean::state_time_zone)
        .map(str::to_string);
    let organization = model::Organization {
        id: ids::derive(source, "organization", &name1),
        name: name1.clone(),
        alternate_name: None,
        description: None,
        email: None,
        website: f.website.as_str().map(str::to_string),
    };
    let type_code = f.type_facility.as_str().unwrap_or("").to_string();
    let mut attributes = Vec::new();
    let mut languages = vec![("en".to_string(), "English".to_string())];
    let term_attr = |code: &str, name: &str, value: Option<String>, n: usize| model::Attribute {
        id: ids::derive(source, "attribute", &format!("{key}/{code}/{n}")),
        link_type: Some("service".into()),
        taxonomy_term: model::TaxonomyTerm {
            id: ids::shared("taxonomy_term", &format!("SAMHSA:{code}")),
            code: Some(code.to_string()),
            name: name.to_string(),
            description: name.to_string(),
            parent_id: None,
            taxonomy: Some("SAMHSA".into()),
            language: None,
            term_uri: None,
        },
        value,
        label: None,
    };
    if !type_code.is_empty() {
        let name = match type_code.as_str() {
            "SA" => "Substance use treatment facility",
            "MH" => "Mental health treatment facility",
            other => other,
        };
        attributes.push(term_attr(&type_code, name, None, 0));
    }
    for s in &f.services {
        let (Some(code), Some(items)) = (s.f2.as_str(), s.f3.as_str()) else {
            continue;
        };
        let label = s.f1.as_str().map(str::trim).unwrap_or(code);
        for (n, item) in items
            .split(';')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .enumerate()
        {
            if let Some(iso) = language_code(item).filter(|_| code == "OL") {
                languages.push((iso.to_string(), item.to_string()));
            }
            attributes.push(term_attr(code, label, Some(item.to_string()), n));
        }
    }
    languages.dedup_by(|a, b| a.0 == b.0);
    let categories = ctx
        .categories
        .lookup(Scheme::Samhsa, &type_code)
        .into_iter()
        .collect::<Vec<_>>();
    let phones = [
        ("Main", &f.phone),
        ("Intake", &f.intake1),
        ("Hotline", &f.hotline1),
    ]
    .into_iter()
    .filter_map(|(label, number)| {
        Some(model::Phone {
            id: ids::derive(source, "phone", &format!("{key}/{label}")),
            number: number.as_str()?.to_string(),
            extension: None,
            phone_type: Some("voice".into()),
            description: Some(label.to_string()),
        })
    })
    .collect();
    let address = match (f.street1.as_str(), f.city.as_str(), &state) {
        (Some(street), Some(city), Some(state)) => vec![model::Address {
            id: ids::derive(source, "address", key),
            attention: None,
            address_1: street.to_string(),
            address_2: f.street2.as_str().map(str::to_string),
            city: city.to_string(),
            region: None,
            state_province: state.clone(),
            postal_code: f
                .zip
                .as_str()
                .and_then(clean::postal_code)
                .unwrap_or_default(),
            country: "US".into(),
            address_type: "physical".into(),
        }],
        _ => Vec::new(),
    };
    let name = match &name2 {
        Some(n2) => format!("{name1}, {n2}"),
        None => name1.clone(),
    };
    let location = model::Location {
        id: ids::derive(source, "location", key),
        organization_id: Some(organization.id.clone()),
        location_type: "physical".into(),
        name: Some(name.clone()),
        alternate_name: None,
        description: None,
        transportation: None,
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        url: None,
        time_zone,
        addresses: address,
        phones: Vec::new(),
        schedules: Vec::new(),
        languages: Vec::new(),
    };
    Ok(model::ServiceRecord {
        fingerprint: String::new(),
        source_key: key.to_string(),
        service: model::Service {
            id: ids::derive(source, "facility", key),
            name,
            alternate_name: name2,
            description: None,
            url: f.website.as_str().map(str::to_string),
            email: None,
            status: "active".into(),
            interpretation_services: None,
            application_process: None,
            fees_description: None,
            eligibility_description: None,
            minimum_age: None,
            maximum_age: None,
            alert: None,
            categories,
            phones,
            schedules: Vec::new(),
            service_areas: Vec::new(),
            languages: languages
                .into_iter()
                .map(|(code, name)| model::Language {
                    id: ids::derive(source, "language", &format!("{key}/{code}")),
                    name: Some(name),
                    code: Some(code),
                    note: None,
                })
                .collect(),
            cost_options: Vec::new(),
            capacities: Vec::new(),
            attributes,
        },
        organization,
        service_at_locations: vec![model::ServiceAtLocation {
            id: ids::derive(source, "service_at_location", key),
            description: None,
            location,
        }],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_names_have_codes() {
        assert_eq!(super::language_code("Spanish"), Some("es"));
        assert_eq!(super::language_code(" german "), Some("de"));
        assert_eq!(super::language_code("Klingon"), None);
    }
}
