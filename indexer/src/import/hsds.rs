//! HSDS 3.1 input shapes, lenient as real exports need, and their normalisation into the
//! model. The JSON and CSV importers both build these raw records.

use serde::Deserialize;

use super::json::{Scalar, list};
use super::validate;
use super::{ImportContext, Severity};
use crate::model::{self, clean, from_text, ids};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawService {
    pub id: Scalar,
    pub organization_id: Scalar,
    pub name: Scalar,
    pub alternate_name: Scalar,
    pub description: Scalar,
    pub url: Scalar,
    pub email: Scalar,
    pub status: Scalar,
    pub interpretation_services: Scalar,
    pub application_process: Scalar,
    pub fees_description: Scalar,
    pub eligibility_description: Scalar,
    pub minimum_age: Scalar,
    pub maximum_age: Scalar,
    pub alert: Scalar,
    pub organization: Option<RawOrganization>,
    #[serde(deserialize_with = "list")]
    pub phones: Vec<RawPhone>,
    #[serde(deserialize_with = "list")]
    pub schedules: Vec<RawSchedule>,
    #[serde(deserialize_with = "list")]
    pub service_areas: Vec<RawServiceArea>,
    #[serde(deserialize_with = "list")]
    pub languages: Vec<RawLanguage>,
    #[serde(deserialize_with = "list")]
    pub cost_options: Vec<RawCostOption>,
    #[serde(deserialize_with = "list")]
    pub capacities: Vec<RawCapacity>,
    #[serde(deserialize_with = "list")]
    pub attributes: Vec<RawAttribute>,
    #[serde(deserialize_with = "list")]
    pub service_at_locations: Vec<RawServiceAtLocation>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawOrganization {
    pub id: Scalar,
    pub name: Scalar,
    pub alternate_name: Scalar,
    pub description: Scalar,
    pub email: Scalar,
    pub website: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawPhone {
    pub id: Scalar,
    pub number: Scalar,
    pub extension: Scalar,
    #[serde(rename = "type")]
    pub phone_type: Scalar,
    pub description: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawSchedule {
    pub id: Scalar,
    pub valid_from: Scalar,
    pub valid_to: Scalar,
    pub dtstart: Scalar,
    pub until: Scalar,
    pub freq: Scalar,
    pub interval: Scalar,
    pub byday: Scalar,
    pub bymonthday: Scalar,
    pub opens_at: Scalar,
    pub closes_at: Scalar,
    pub description: Scalar,
    pub attending_type: Scalar,
    pub notes: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawServiceArea {
    pub id: Scalar,
    pub name: Scalar,
    pub description: Scalar,
    /// GeoJSON, as a string or as an embedded object.
    pub extent: Option<serde_json::Value>,
    pub extent_type: Scalar,
    pub uri: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawLanguage {
    pub id: Scalar,
    pub name: Scalar,
    pub code: Scalar,
    pub note: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawCostOption {
    pub id: Scalar,
    pub valid_from: Scalar,
    pub valid_to: Scalar,
    pub option: Scalar,
    pub currency: Scalar,
    pub amount: Scalar,
    pub amount_description: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawUnit {
    pub id: Scalar,
    pub name: Scalar,
    pub scheme: Scalar,
    pub identifier: Scalar,
    pub uri: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawCapacity {
    pub id: Scalar,
    pub unit: Option<RawUnit>,
    pub available: Scalar,
    pub maximum: Scalar,
    pub description: Scalar,
    pub updated: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawTaxonomyTerm {
    pub id: Scalar,
    pub code: Scalar,
    pub name: Scalar,
    pub description: Scalar,
    pub parent_id: Scalar,
    pub taxonomy: Scalar,
    pub language: Scalar,
    pub term_uri: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawAttribute {
    pub id: Scalar,
    pub link_type: Scalar,
    pub taxonomy_term: Option<RawTaxonomyTerm>,
    pub value: Scalar,
    pub label: Scalar,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawServiceAtLocation {
    pub id: Scalar,
    pub description: Scalar,
    pub location: Option<RawLocation>,
    #[serde(deserialize_with = "list")]
    pub phones: Vec<RawPhone>,
    #[serde(deserialize_with = "list")]
    pub schedules: Vec<RawSchedule>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawLocation {
    pub id: Scalar,
    pub location_type: Scalar,
    pub organization_id: Scalar,
    pub name: Scalar,
    pub alternate_name: Scalar,
    pub description: Scalar,
    pub transportation: Scalar,
    pub latitude: Scalar,
    pub longitude: Scalar,
    pub url: Scalar,
    #[serde(deserialize_with = "list")]
    pub addresses: Vec<RawAddress>,
    #[serde(deserialize_with = "list")]
    pub phones: Vec<RawPhone>,
    #[serde(deserialize_with = "list")]
    pub schedules: Vec<RawSchedule>,
    #[serde(deserialize_with = "list")]
    pub languages: Vec<RawLanguage>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawAddress {
    pub id: Scalar,
    pub attention: Scalar,
    pub address_1: Scalar,
    pub address_2: Scalar,
    pub city: Scalar,
    pub region: Scalar,
    pub state_province: Scalar,
    pub postal_code: Scalar,
    pub country: Scalar,
    pub address_type: Scalar,
}

fn txt(s: &Scalar) -> Option<String> {
    s.as_str().and_then(clean::text)
}

fn plain(s: &Scalar) -> Option<String> {
    s.as_str().map(str::to_string)
}

fn num(s: &Scalar) -> Option<f64> {
    s.as_str()?.parse().ok().filter(|x: &f64| x.is_finite())
}

/// Normalises one raw service. `Err` carries the field and reason the record is skipped.
pub fn normalize(
    raw: RawService,
    index: usize,
    ctx: &mut ImportContext,
) -> Result<model::ServiceRecord, validate::FieldError> {
    let source = ctx.source;
    let key = raw
        .id
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("#{index}"));
    let name = txt(&raw.name).ok_or(("name", "missing or empty".to_string()))?;
    let id = ids::keep_or_derive(source, "service", &key);
    let child = |kind: &str, raw_id: &Scalar, n: usize| match raw_id.as_str() {
        Some(v) => ids::keep_or_derive(source, kind, v),
        None => ids::derive(source, kind, &format!("{key}/{kind}/{n}")),
    };

    let raw_org = raw.organization.clone().unwrap_or_default();
    let org_key = raw_org
        .id
        .as_str()
        .or(raw.organization_id.as_str())
        .map(str::to_string);
    let organization = model::Organization {
        id: match &org_key {
            Some(k) => ids::keep_or_derive(source, "organization", k),
            // No organization given: the service stands for its own provider.
            None => ids::derive(source, "organization", &key),
        },
        name: txt(&raw_org.name).unwrap_or_else(|| name.clone()),
        alternate_name: txt(&raw_org.alternate_name),
        description: txt(&raw_org.description),
        email: plain(&raw_org.email),
        website: plain(&raw_org.website),
    };

    let mut warnings = Vec::new();
    let mut service_at_locations = Vec::new();
    for (n, sal) in raw.service_at_locations.iter().enumerate() {
        let Some(loc) = &sal.location else {
            warnings.push((
                "service_at_locations",
                format!("entry {n} has no location; left out"),
            ));
            continue;
        };
        let location = location(loc, &organization.id, &key, n, ctx, &mut warnings)?;
        let mut location = location;
        // Phones and hours given on the service-at-location belong to that place.
        location.phones.extend(
            sal.phones
                .iter()
                .enumerate()
                .filter_map(|(i, p)| phone(p, source, &format!("{key}/sal{n}"), i)),
        );
        location
            .schedules
            .extend(sal.schedules.iter().enumerate().map(|(i, s)| {
                schedule(
                    s,
                    source,
                    &format!("{key}/sal{n}"),
                    i,
                    location.time_zone.as_deref(),
                )
            }));
        service_at_locations.push(model::ServiceAtLocation {
            id: match sal.id.as_str() {
                Some(v) => ids::keep_or_derive(source, "service_at_location", v),
                None => ids::derive(
                    source,
                    "service_at_location",
                    &format!("{}|{}", id, location.id),
                ),
            },
            description: txt(&sal.description),
            location,
        });
    }
    let time_zone = service_at_locations
        .iter()
        .find_map(|s| s.location.time_zone.clone());
    let service_areas: Vec<model::ServiceArea> = raw
        .service_areas
        .iter()
        .enumerate()
        .map(|(i, a)| model::ServiceArea {
            id: child("service_area", &a.id, i),
            name: txt(&a.name),
            description: txt(&a.description),
            extent: a.extent.as_ref().and_then(|e| match e {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }),
            extent_type: plain(&a.extent_type),
            uri: plain(&a.uri),
        })
        .collect();
    warnings.extend(
        service_areas
            .iter()
            .enumerate()
            .filter_map(|(i, a)| validate::extent(i, a)),
    );

    let attributes: Vec<model::Attribute> = raw
        .attributes
        .iter()
        .enumerate()
        .filter_map(|(n, a)| {
            let term = a.taxonomy_term.as_ref()?;
            let term_name = txt(&term.name).or_else(|| plain(&term.code))?;
            let taxonomy = plain(&term.taxonomy);
            let term_key = term.id.as_str().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "{}:{}",
                    taxonomy.as_deref().unwrap_or(""),
                    plain(&term.code).unwrap_or_else(|| term_name.clone())
                )
            });
            Some(model::Attribute {
                id: child("attribute", &a.id, n),
                link_type: plain(&a.link_type),
                taxonomy_term: model::TaxonomyTerm {
                    id: ids::keep_or_derive("taxonomy", "taxonomy_term", &term_key),
                    code: plain(&term.code),
                    description: txt(&term.description).unwrap_or_else(|| term_name.clone()),
                    name: term_name,
                    parent_id: term
                        .parent_id
                        .as_str()
                        .map(|p| ids::keep_or_derive("taxonomy", "taxonomy_term", p)),
                    taxonomy,
                    language: plain(&term.language),
                    term_uri: plain(&term.term_uri),
                },
                value: plain(&a.value),
                label: txt(&a.label),
            })
        })
        .collect();
    let categories = ctx.categories.categorise(attributes.iter().map(|a| {
        let t = &a.taxonomy_term;
        (t.taxonomy.as_deref(), t.code.as_deref(), t.name.as_str())
    }));

    let service = model::Service {
        name,
        alternate_name: txt(&raw.alternate_name),
        description: txt(&raw.description),
        url: plain(&raw.url),
        email: plain(&raw.email),
        status: status(raw.status.as_str()),
        interpretation_services: txt(&raw.interpretation_services),
        application_process: txt(&raw.application_process),
        fees_description: txt(&raw.fees_description),
        eligibility_description: txt(&raw.eligibility_description),
        minimum_age: num(&raw.minimum_age),
        maximum_age: num(&raw.maximum_age),
        alert: txt(&raw.alert),
        categories,
        phones: raw
            .phones
            .iter()
            .enumerate()
            .filter_map(|(i, p)| phone(p, source, &key, i))
            .collect(),
        schedules: raw
            .schedules
            .iter()
            .enumerate()
            .map(|(i, s)| schedule(s, source, &key, i, time_zone.as_deref()))
            .collect(),
        service_areas,
        languages: from_text::coded_languages(
            raw.languages
                .iter()
                .enumerate()
                .map(|(i, l)| language(l, source, &key, i))
                .collect(),
            txt(&raw.interpretation_services).as_deref(),
            |owner, code| ids::derive(source, "language", &format!("{owner}/{code}")),
        ),
        cost_options: raw
            .cost_options
            .iter()
            .enumerate()
            .map(|(i, c)| model::CostOption {
                id: child("cost_option", &c.id, i),
                valid_from: plain(&c.valid_from),
                valid_to: plain(&c.valid_to),
                option: txt(&c.option),
                currency: plain(&c.currency),
                amount: num(&c.amount),
                amount_description: txt(&c.amount_description),
            })
            .collect(),
        capacities: raw
            .capacities
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let unit = c.unit.as_ref()?;
                let unit_name = txt(&unit.name)?;
                Some(model::ServiceCapacity {
                    id: child("service_capacity", &c.id, i),
                    unit: model::Unit {
                        id: match unit.id.as_str() {
                            Some(u) => ids::keep_or_derive("units", "unit", u),
                            None => ids::shared("unit", &unit_name.to_lowercase()),
                        },
                        name: unit_name,
                        scheme: plain(&unit.scheme),
                        identifier: plain(&unit.identifier),
                        uri: plain(&unit.uri),
                    },
                    available: num(&c.available)?,
                    maximum: num(&c.maximum),
                    description: txt(&c.description),
                    updated: plain(&c.updated)?,
                })
            })
            .collect(),
        attributes,
        id,
    };
    for (field, reason) in warnings {
        ctx.issue(Some(index), Some(&key), field, reason, Severity::Warning);
    }
    Ok(model::ServiceRecord {
        fingerprint: String::new(),
        source_key: key,
        service,
        organization,
        service_at_locations,
    })
}

/// HSDS statuses; anything else is read as active, the HSDS default.
fn status(raw: Option<&str>) -> String {
    match raw.map(|s| s.trim().to_ascii_lowercase()) {
        Some(s)
            if ["active", "inactive", "defunct", "temporarily closed"].contains(&s.as_str()) =>
        {
            s
        }
        Some(s) if s == "temporarily_closed" => "temporarily closed".into(),
        _ => "active".into(),
    }
}

fn location(
    loc: &RawLocation,
    organization_id: &str,
    key: &str,
    n: usize,
    ctx: &ImportContext,
    warnings: &mut Vec<validate::FieldError>,
) -> Result<model::Location, validate::FieldError> {
    let source = ctx.source;
    let loc_key = loc
        .id
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{key}/location/{n}"));
    let checked = validate::coordinates(loc.latitude.as_str(), loc.longitude.as_str())?;
    if let Some(w) = checked.warning {
        warnings.push(w);
    }
    let mut addresses = Vec::new();
    for (i, a) in loc.addresses.iter().enumerate() {
        match address(a, source, &loc_key, i) {
            Ok(a) => addresses.push(a),
            Err(w) => warnings.push(w),
        }
    }
    let time_zone = addresses
        .iter()
        .find_map(|a| clean::state_time_zone(&a.state_province))
        .map(str::to_string);
    let location_type = match loc.location_type.as_str().map(str::to_ascii_lowercase) {
        Some(t) if ["physical", "postal", "virtual"].contains(&t.as_str()) => t,
        _ if checked.point.is_none() && addresses.is_empty() => "virtual".into(),
        _ => "physical".into(),
    };
    Ok(model::Location {
        id: ids::keep_or_derive(source, "location", &loc_key),
        organization_id: Some(match loc.organization_id.as_str() {
            Some(o) => ids::keep_or_derive(source, "organization", o),
            None => organization_id.to_string(),
        }),
        location_type,
        name: txt(&loc.name),
        alternate_name: txt(&loc.alternate_name),
        description: txt(&loc.description),
        transportation: txt(&loc.transportation),
        latitude: checked.point.map(|p| p.0),
        longitude: checked.point.map(|p| p.1),
        url: plain(&loc.url),
        phones: loc
            .phones
            .iter()
            .enumerate()
            .filter_map(|(i, p)| phone(p, source, &loc_key, i))
            .collect(),
        schedules: loc
            .schedules
            .iter()
            .enumerate()
            .map(|(i, s)| schedule(s, source, &loc_key, i, time_zone.as_deref()))
            .collect(),
        languages: from_text::coded_languages(
            loc.languages
                .iter()
                .enumerate()
                .map(|(i, l)| language(l, source, &loc_key, i))
                .collect(),
            None,
            |owner, code| ids::derive(source, "language", &format!("{owner}/{code}")),
        ),
        time_zone,
        addresses,
    })
}

fn address(
    a: &RawAddress,
    source: &str,
    owner: &str,
    i: usize,
) -> Result<model::Address, validate::FieldError> {
    let address_1 = txt(&a.address_1).ok_or((
        "address_1",
        "address without a street line; left out".to_string(),
    ))?;
    let state_raw = plain(&a.state_province).unwrap_or_default();
    // "Maryland" becomes "MD"; a region we do not know is kept as given.
    let state = clean::state_code(&state_raw)
        .map(str::to_string)
        .unwrap_or(state_raw);
    Ok(model::Address {
        id: match a.id.as_str() {
            Some(v) => ids::keep_or_derive(source, "address", v),
            None => ids::derive(source, "address", &format!("{owner}/{i}")),
        },
        attention: txt(&a.attention),
        address_1,
        address_2: txt(&a.address_2),
        city: txt(&a.city).unwrap_or_default(),
        region: txt(&a.region),
        state_province: state,
        postal_code: a
            .postal_code
            .as_str()
            .and_then(clean::postal_code)
            .unwrap_or_default(),
        country: match plain(&a.country).map(|c| c.to_ascii_uppercase()) {
            Some(c) if c == "USA" || c == "UNITED STATES" => "US".into(),
            Some(c) => c,
            None => "US".into(),
        },
        address_type: plain(&a.address_type).unwrap_or_else(|| "physical".into()),
    })
}

fn phone(p: &RawPhone, source: &str, owner: &str, i: usize) -> Option<model::Phone> {
    Some(model::Phone {
        number: plain(&p.number)?,
        id: match p.id.as_str() {
            Some(v) => ids::keep_or_derive(source, "phone", v),
            None => ids::derive(source, "phone", &format!("{owner}/{i}")),
        },
        extension: plain(&p.extension),
        phone_type: plain(&p.phone_type),
        description: txt(&p.description),
    })
}

fn language(l: &RawLanguage, source: &str, owner: &str, i: usize) -> model::Language {
    model::Language {
        id: match l.id.as_str() {
            Some(v) => ids::keep_or_derive(source, "language", v),
            None => ids::derive(source, "language", &format!("{owner}/{i}")),
        },
        name: txt(&l.name),
        code: plain(&l.code).map(|c| c.to_ascii_lowercase()),
        note: txt(&l.note),
    }
}

fn schedule(
    s: &RawSchedule,
    source: &str,
    owner: &str,
    i: usize,
    time_zone: Option<&str>,
) -> model::Schedule {
    model::Schedule {
        id: match s.id.as_str() {
            Some(v) => ids::keep_or_derive(source, "schedule", v),
            None => ids::derive(source, "schedule", &format!("{owner}/{i}")),
        },
        valid_from: plain(&s.valid_from),
        valid_to: plain(&s.valid_to),
        dtstart: plain(&s.dtstart),
        until: plain(&s.until),
        freq: plain(&s.freq).map(|f| f.to_ascii_uppercase()),
        interval: s.interval.as_str().and_then(|v| v.parse().ok()),
        byday: plain(&s.byday).map(|d| d.to_ascii_uppercase().replace(' ', "")),
        bymonthday: plain(&s.bymonthday),
        opens_at: s.opens_at.as_str().and_then(clean::clock_time),
        closes_at: s.closes_at.as_str().and_then(clean::clock_time),
        time_zone: time_zone.map(str::to_string),
        description: txt(&s.description),
        attending_type: plain(&s.attending_type),
        notes: txt(&s.notes),
    }
}
