//! One Meeting Guide meeting as an HSDS service: in person at its place (shared with the
//! other meetings there, and carrying no conference link), online at a virtual location
//! of its own whose `url` is its conference link, its dial-in as a service phone, and an
//! online-only meeting at the point its feed gives for it.

use super::super::validate;
use super::super::{ImportContext, Severity};
use super::feed::Feed;
use super::{RawMeeting, day_codes, place};
use crate::model::{self, category::Scheme, clean, fellowship, ids, join, meeting_types};

/// What a meeting's `virtual` location is called.
const ONLINE: &str = "Online";

pub(super) fn build(
    m: RawMeeting,
    index: usize,
    key: String,
    feed: &Feed,
    ctx: &mut ImportContext,
) -> Result<model::ServiceRecord, validate::FieldError> {
    let source = ctx.source;
    let name = m
        .name
        .as_str()
        .and_then(clean::text)
        .ok_or(("name", "missing or empty".to_string()))?;
    let point = ctx.checked_point(index, &key, m.latitude.as_str(), m.longitude.as_str())?;
    let mut codes = m.type_codes();
    // District and group business meetings rarely carry the type; their names say it.
    if !codes.iter().any(|c| c == "BUS") && name.to_lowercase().contains("business meeting") {
        codes.push("BUS".into());
    }
    let has = |c: &str| codes.iter().any(|x| x == c);
    let conference_url = m.conference_url.as_str().map(str::to_string);
    let dial = m.conference_phone.as_str().and_then(join::parse_dial);
    if m.conference_phone.as_str().is_some() && dial.is_none() {
        ctx.issue(
            Some(index),
            Some(&key),
            "conference_phone",
            "not a number to dial; left out",
            Severity::Warning,
        );
    }
    let conference = conference_url.is_some() || dial.is_some();
    let street = m.street();
    let attendance = place::attendance(
        m.attendance_option.as_str(),
        conference,
        street.is_some(),
        &codes,
    );
    let status = if attendance == "inactive" {
        "inactive"
    } else if has("TC") && attendance != "online" && attendance != "hybrid" {
        "temporarily closed"
    } else {
        "active"
    };
    let online_only = attendance == "online";
    let time_zone = place::time_zone(m.timezone.as_str(), m.state_code(), feed.state.as_deref());
    let group = m.group.as_str().and_then(clean::text);
    let organization = model::Organization {
        id: ids::derive(source, "organization", group.as_deref().unwrap_or(&key)),
        name: group.clone().unwrap_or_else(|| name.clone()),
        alternate_name: None,
        description: None,
        email: None,
        website: m.website.as_str().map(str::to_string),
    };

    let mut locations = Vec::new();
    if !online_only && (street.is_some() || point.is_some()) {
        locations.push(physical(
            &m,
            &key,
            source,
            point,
            street,
            &organization,
            &time_zone,
        ));
    }
    if conference || locations.is_empty() {
        locations.push(model::Location {
            id: ids::derive(source, "location", &format!("virtual:{key}")),
            organization_id: Some(organization.id.clone()),
            location_type: "virtual".into(),
            name: Some(ONLINE.into()),
            alternate_name: None,
            description: m.conference_url_notes.as_str().and_then(clean::text),
            transportation: None,
            // An online-only meeting keeps the point its feed gives (its group's town): it
            // is found near there, though it has no distance (`search`).
            latitude: point.filter(|_| online_only).map(|p| p.0),
            longitude: point.filter(|_| online_only).map(|p| p.1),
            url: conference_url,
            time_zone: time_zone.clone(),
            addresses: Vec::new(),
            phones: Vec::new(),
            schedules: Vec::new(),
            languages: Vec::new(),
        });
    }

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
            attending_type: Some(attendance.to_string()),
            ..Default::default()
        }]
    };
    let mut attributes: Vec<model::Attribute> = codes
        .iter()
        .map(|code| {
            let term_name = meeting_types::by_code(code)
                .map(|t| t.name.to_string())
                .unwrap_or_else(|| code.clone());
            attribute(source, &key, meeting_types::TAXONOMY, code, term_name)
        })
        .collect();
    let names: Vec<&str> = [Some(name.as_str()), group.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if let Some(f) = fellowship::of_meeting(&names, feed.fellowship, &codes) {
        attributes.push(attribute(
            source,
            &key,
            fellowship::TAXONOMY,
            f.slug,
            f.name.to_string(),
        ));
    }
    let mut language_codes: Vec<&str> = codes
        .iter()
        .filter_map(|c| meeting_types::by_code(c)?.language)
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
    let phones = dial
        .map(|d| model::Phone {
            id: ids::derive(source, "phone", &key),
            description: Some(join::describe(&d, m.conference_phone_notes.as_str())),
            number: d.number,
            extension: None,
            phone_type: Some("voice".into()),
        })
        .into_iter()
        .collect();
    // The first place keeps the meeting's own service-at-location id; a hybrid meeting's
    // online place is the second.
    let service_at_locations = locations
        .into_iter()
        .enumerate()
        .map(|(i, location)| model::ServiceAtLocation {
            id: ids::derive(
                source,
                "service_at_location",
                &if i == 0 {
                    key.clone()
                } else {
                    format!("{key}/online")
                },
            ),
            description: None,
            location,
        })
        .collect();
    Ok(model::ServiceRecord {
        fingerprint: String::new(),
        service: model::Service {
            id: ids::derive(source, "meeting", &key),
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
            phones,
            schedules,
            service_areas: Vec::new(),
            languages,
            cost_options: Vec::new(),
            capacities: Vec::new(),
            attributes,
        },
        organization,
        service_at_locations,
        source_key: key,
    })
}

/// The meeting's place, shared with every meeting there (by the feed's location id, else
/// its address): no conference link here, since each meeting has its own.
fn physical(
    m: &RawMeeting,
    key: &str,
    source: &str,
    point: Option<(f64, f64)>,
    street: Option<place::Street>,
    organization: &model::Organization,
    time_zone: &Option<String>,
) -> model::Location {
    let formatted = m.formatted();
    let location_key = m
        .location_id
        .as_str()
        .map(|id| format!("id:{id}"))
        .or_else(|| (!formatted.is_empty()).then(|| format!("address:{formatted}")))
        .unwrap_or_else(|| format!("meeting:{key}"));
    model::Location {
        id: ids::derive(source, "location", &location_key),
        organization_id: Some(organization.id.clone()),
        location_type: "physical".into(),
        name: m.location.as_str().and_then(clean::text),
        alternate_name: None,
        description: m.location_notes.as_str().and_then(clean::text),
        transportation: None,
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        url: None,
        time_zone: time_zone.clone(),
        addresses: street
            .into_iter()
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
    }
}

/// A taxonomy term the meeting carries (a meeting type or its fellowship).
fn attribute(
    source: &str,
    key: &str,
    taxonomy: &str,
    code: &str,
    name: String,
) -> model::Attribute {
    let term_key = if taxonomy == meeting_types::TAXONOMY {
        format!("{key}/{code}")
    } else {
        format!("{key}/{taxonomy}:{code}")
    };
    model::Attribute {
        id: ids::derive(source, "attribute", &term_key),
        link_type: Some("service".into()),
        taxonomy_term: model::TaxonomyTerm {
            id: ids::shared("taxonomy_term", &format!("{taxonomy}:{code}")),
            code: Some(code.to_string()),
            description: name.clone(),
            name,
            parent_id: None,
            taxonomy: Some(taxonomy.into()),
            language: None,
            term_uri: None,
        },
        value: None,
        label: None,
    }
}
