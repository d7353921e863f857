//! Meeting Guide JSON feeds (code4recovery spec): one meeting is one support-group service
//! at one location, with its weekly hours and its meeting types as attributes.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{self, Scalar, Top, list};
use super::validate;
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::{self, category::Scheme, clean, ids};

const TYPES: &str = include_str!("../../../seed-data/meeting-guide-types.csv");
const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawMeeting {
    id: Scalar,
    name: Scalar,
    slug: Scalar,
    notes: Scalar,
    updated: Scalar,
    url: Scalar,
    website: Scalar,
    /// 0–6 (Sunday first), sometimes as text, sometimes a list of days.
    day: Option<serde_json::Value>,
    time: Scalar,
    end_time: Scalar,
    timezone: Scalar,
    conference_url: Scalar,
    conference_phone: Scalar,
    attendance_option: Scalar,
    #[serde(deserialize_with = "list")]
    types: Vec<Scalar>,
    location: Scalar,
    location_id: Scalar,
    location_notes: Scalar,
    formatted_address: Scalar,
    address: Scalar,
    city: Scalar,
    state: Scalar,
    postal_code: Scalar,
    latitude: Scalar,
    longitude: Scalar,
    region: Scalar,
    group: Scalar,
}

struct MeetingType {
    name: &'static str,
    language: Option<&'static str>,
}

fn meeting_types() -> &'static HashMap<&'static str, MeetingType> {
    static MAP: OnceLock<HashMap<&'static str, MeetingType>> = OnceLock::new();
    MAP.get_or_init(|| {
        TYPES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| {
                let mut c = l.splitn(3, ',');
                let (code, name) = (c.next()?, c.next()?);
                let language = c.next().filter(|s| !s.is_empty());
                Some((code, MeetingType { name, language }))
            })
            .collect()
    })
}

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<model::ServiceRecord>> {
    let text = json::read_text(path)?;
    let items: Vec<&RawValue> = match json::parse_top(path, &text)? {
        Top::Array(items) => items,
        Top::Object(_) => {
            return Err(IndexerError::file(
                path,
                "a Meeting Guide feed is a JSON array of meetings",
            ));
        }
    };
    let mut meetings = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match serde_json::from_str::<RawMeeting>(item.get()) {
            Ok(m) => meetings.push((index, m)),
            Err(e) => ctx.issue(
                Some(index),
                None,
                "record",
                format!("not a meeting: {e}"),
                Severity::Skipped,
            ),
        }
    }
    // Real feeds repeat slugs for different meetings; those get a key that also names the
    // day, time and place, so both are kept and a reload still finds each.
    let mut slug_count: HashMap<String, usize> = HashMap::new();
    for (_, m) in &meetings {
        *slug_count.entry(slug(m)).or_default() += 1;
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(meetings.len());
    for (index, m) in meetings {
        let mut key = slug(&m);
        if slug_count[&key] > 1 {
            key = format!(
                "{key}|{}|{}|{}",
                day_codes(&m).join(","),
                m.time.as_str().unwrap_or(""),
                m.formatted_address.as_str().unwrap_or("")
            );
        }
        if !seen.insert(key.clone()) {
            ctx.issue(
                Some(index),
                Some(&key),
                "slug",
                "the same meeting appears twice; the first is kept",
                Severity::Skipped,
            );
            continue;
        }
        match meeting(m, index, key.clone(), ctx) {
            Ok(record) => out.push(record),
            Err((field, reason)) => {
                ctx.issue(Some(index), Some(&key), field, reason, Severity::Skipped)
            }
        }
    }
    Ok(out)
}

fn slug(m: &RawMeeting) -> String {
    m.slug
        .as_str()
        .or(m.id.as_str())
        .or(m.name.as_str())
        .unwrap_or("")
        .to_string()
}

fn day_codes(m: &RawMeeting) -> Vec<&'static str> {
    let one = |v: &serde_json::Value| -> Option<&'static str> {
        let n = match v {
            serde_json::Value::Number(n) => n.as_u64()?,
            serde_json::Value::String(s) => s.trim().parse().ok()?,
            _ => return None,
        };
        DAYS.get(n as usize).copied()
    };
    match &m.day {
        Some(serde_json::Value::Array(days)) => days.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// "1937 West MacDade Blvd, Woodlyn, PA 19094, USA" → street, city, state, ZIP.
fn split_address(formatted: &str) -> Option<(String, String, String, String)> {
    let mut parts: Vec<&str> = formatted
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts
        .last()
        .is_some_and(|c| ["USA", "US", "United States"].contains(c))
    {
        parts.pop();
    }
    if parts.len() < 3 {
        return None;
    }
    let state_zip = parts.pop()?;
    let city = parts.pop()?.to_string();
    let (state, zip) = match state_zip.rsplit_once(' ') {
        Some((s, z)) if z.chars().next().is_some_and(|c| c.is_ascii_digit()) => (s, z),
        _ => (state_zip, ""),
    };
    let state = clean::state_code(state)?.to_string();
    Some((
        parts.join(", "),
        city,
        state,
        clean::postal_code(zip).unwrap_or_default(),
    ))
}

fn meeting(
    m: RawMeeting,
    index: usize,
    key: String,
    ctx: &mut ImportContext,
) -> Result<model::ServiceRecord, validate::FieldError> {
    let source = ctx.source;
    let name = m
        .name
        .as_str()
        .and_then(clean::text)
        .ok_or(("name", "missing or empty".to_string()))?;
    let point = ctx.checked_point(index, &key, m.latitude.as_str(), m.longitude.as_str())?;
    let codes: Vec<String> = m
        .types
        .iter()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    let has = |c: &str| codes.iter().any(|x| x == c);
    let conference = m.conference_url.as_str().is_some() || m.conference_phone.as_str().is_some();
    let attendance = match m.attendance_option.as_str() {
        Some(a @ ("in_person" | "online" | "hybrid" | "inactive")) => a.to_string(),
        _ if conference && has("TC") => "online".into(),
        _ if conference => "hybrid".into(),
        _ if has("ONL") => "online".into(),
        _ => "in_person".into(),
    };
    let status = if attendance == "inactive" {
        "inactive"
    } else if has("TC") && attendance != "online" && attendance != "hybrid" {
        "temporarily closed"
    } else {
        "active"
    };

    let formatted = m
        .formatted_address
        .as_str()
        .or(m.address.as_str())
        .unwrap_or("");
    let address = split_address(formatted).or_else(|| {
        let street = m.address.as_str()?.to_string();
        let state = clean::state_code(m.state.as_str()?)?.to_string();
        Some((
            street,
            m.city.as_str()?.to_string(),
            state,
            m.postal_code
                .as_str()
                .and_then(clean::postal_code)
                .unwrap_or_default(),
        ))
    });
    let time_zone = m.timezone.as_str().map(str::to_string).or_else(|| {
        address
            .as_ref()
            .and_then(|a| clean::state_time_zone(&a.2))
            .map(str::to_string)
    });
    let location_key = m
        .location_id
        .as_str()
        .map(|id| format!("id:{id}"))
        .or_else(|| (!formatted.is_empty()).then(|| format!("address:{formatted}")))
        .unwrap_or_else(|| format!("meeting:{key}"));
    let location_id = ids::derive(source, "location", &location_key);
    let group = m.group.as_str().and_then(clean::text);
    let organization = model::Organization {
        id: ids::derive(source, "organization", group.as_deref().unwrap_or(&key)),
        name: group.clone().unwrap_or_else(|| name.clone()),
        alternate_name: None,
        description: None,
        email: None,
        website: m.website.as_str().map(str::to_string),
    };
    let location = model::Location {
        id: location_id.clone(),
        organization_id: Some(organization.id.clone()),
        location_type: if attendance == "online" && point.is_none() {
            "virtual"
        } else {
            "physical"
        }
        .into(),
        name: m.location.as_str().and_then(clean::text),
        alternate_name: None,
        description: m.location_notes.as_str().and_then(clean::text),
        transportation: None,
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        url: m.conference_url.as_str().map(str::to_string),
        time_zone: time_zone.clone(),
        addresses: address
            .into_iter()
            .filter(|a| !a.0.is_empty())
            .map(|(street, city, state, zip)| model::Address {
                id: ids::derive(source, "address", &location_key),
                attention: None,
                address_1: street,
                address_2: None,
                city,
                region: m.region.as_str().map(str::to_string),
                state_province: state,
                postal_code: zip,
                country: "US".into(),
                address_type: "physical".into(),
            })
            .collect(),
        phones: Vec::new(),
        schedules: Vec::new(),
        languages: Vec::new(),
    };

    let days = day_codes(&m);
    let schedules = if days.is_empty() {
        Vec::new()
    } else {
        vec![model::Schedule {
            id: ids::derive(source, "schedule", &key),
            freq: Some("WEEKLY".into()),
            byday: Some(days.join(",")),
            opens_at: m.time.as_str().and_then(clean::clock_time),
            closes_at: m.end_time.as_str().and_then(clean::clock_time),
            time_zone,
            attending_type: Some(attendance.clone()),
            ..Default::default()
        }]
    };
    let types = meeting_types();
    let attributes: Vec<model::Attribute> = codes
        .iter()
        .map(|code| {
            let term_name = types
                .get(code.as_str())
                .map(|t| t.name.to_string())
                .unwrap_or_else(|| code.clone());
            model::Attribute {
                id: ids::derive(source, "attribute", &format!("{key}/{code}")),
                link_type: Some("service".into()),
                taxonomy_term: model::TaxonomyTerm {
                    id: ids::shared("taxonomy_term", &format!("Meeting Guide:{code}")),
                    code: Some(code.clone()),
                    description: term_name.clone(),
                    name: term_name,
                    parent_id: None,
                    taxonomy: Some("Meeting Guide".into()),
                    language: None,
                    term_uri: None,
                },
                value: None,
                label: None,
            }
        })
        .collect();
    let mut language_codes: Vec<&str> = codes
        .iter()
        .filter_map(|c| types.get(c.as_str())?.language)
        .collect();
    if language_codes.is_empty() {
        // A meeting's language is English unless a language type says otherwise.
        language_codes.push("en");
    }
    let languages = language_codes
        .iter()
        .map(|code| model::Language {
            id: ids::derive(source, "language", &format!("{key}/{code}")),
            name: None,
            code: Some(code.to_string()),
            note: None,
        })
        .collect();
    let mut categories = ctx.categories.categorise(attributes.iter().map(|a| {
        (
            a.taxonomy_term.taxonomy.as_deref(),
            a.taxonomy_term.code.as_deref(),
            a.taxonomy_term.name.as_str(),
        )
    }));
    if let Some(c) = ctx
        .categories
        .lookup(Scheme::MeetingGuide, "*")
        .filter(|c| !categories.contains(c))
    {
        categories.push(c);
        categories.sort();
    }
    let service_id = ids::derive(source, "meeting", &key);
    Ok(model::ServiceRecord {
        fingerprint: String::new(),
        service: model::Service {
            id: service_id.clone(),
            name,
            alternate_name: None,
            description: m.notes.as_str().and_then(clean::text),
            url: m.url.as_str().or(m.website.as_str()).map(str::to_string),
            email: None,
            status: status.into(),
            interpretation_services: None,
            application_process: None,
            fees_description: None,
            eligibility_description: None,
            minimum_age: None,
            maximum_age: None,
            alert: None,
            categories,
            phones: m
                .conference_phone
                .as_str()
                .map(|n| model::Phone {
                    id: ids::derive(source, "phone", &key),
                    number: n.to_string(),
                    extension: None,
                    phone_type: Some("voice".into()),
                    description: Some("Join by phone".into()),
                })
                .into_iter()
                .collect(),
            schedules,
            service_areas: Vec::new(),
            languages,
            cost_options: Vec::new(),
            capacities: Vec::new(),
            attributes,
        },
        organization,
        service_at_locations: vec![model::ServiceAtLocation {
            id: ids::derive(source, "service_at_location", &key),
            description: None,
            location,
        }],
        source_key: key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_addresses_split() {
        assert_eq!(
            split_address("1937 West MacDade Boulevard, Woodlyn, PA 19094, USA"),
            Some((
                "1937 West MacDade Boulevard".into(),
                "Woodlyn".into(),
                "PA".into(),
                "19094".into()
            ))
        );
        assert_eq!(
            split_address("Suite 2, 10 Main St, Santa Ana, California 92701"),
            Some((
                "Suite 2, 10 Main St".into(),
                "Santa Ana".into(),
                "CA".into(),
                "92701".into()
            ))
        );
        assert_eq!(split_address("Philadelphia, PA, USA"), None);
    }

    #[test]
    fn every_type_code_is_named_once() {
        let types = meeting_types();
        assert_eq!(types["S"].language, Some("es"));
        assert_eq!(types["X"].name, "Wheelchair Access");
        let codes = TYPES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .count();
        assert_eq!(
            codes,
            types.len(),
            "a type code is listed twice in meeting-guide-types.csv"
        );
    }
}
