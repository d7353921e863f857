//! The one table of how long each text field a request stores may be, and how many items
//! each list may hold. Every request body is checked against it before it is parsed
//! (`routes::body`), and the OpenAPI document states the same rows as `maxLength` and
//! `maxItems` (`document`), so what is documented is what is enforced.

use std::collections::BTreeMap;

use serde_json::Value;
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

use crate::error::ApiError;

// Text, in characters (Unicode scalar values, not bytes).
/// Ids of services, consents, referrals, partners and organizations.
pub const ID: usize = 200;
/// A partner's own id for a client.
pub const REFERENCE: usize = 200;
/// A person's, program's or organization's name; a service delivered.
pub const NAME: usize = 200;
/// `YYYY-MM-DD`.
pub const DATE: usize = 10;
/// An RFC 3339 time, with room for fractions and offsets.
pub const TIME: usize = 64;
/// E.164 is 15 digits; this leaves room for `+`, spaces, dashes and an extension.
pub const PHONE: usize = 32;
/// RFC 5321's longest forward path.
pub const EMAIL: usize = 254;
/// A postal address on one line.
pub const ADDRESS: usize = 500;
/// A BCP 47 language tag (RFC 5646 advises 35).
pub const LANGUAGE: usize = 35;
/// A short code or word: a contact preference, a finer status, an event type.
pub const LABEL: usize = 100;
/// A unit of capacity (`bed`, `slot`).
pub const UNIT: usize = 50;
/// A sentence or two: a consent's purpose, revocation or ending event, a unit's description.
pub const SENTENCE: usize = 500;
/// Why: a referral's reason, a status change's reason, a consent's information.
pub const REASON: usize = 2000;
/// A free-text note.
pub const NOTE: usize = 4000;
/// A webhook URL (what browsers and proxies commonly take).
pub const URL: usize = 2048;

// Lists, in items.
pub const CONTACT_PREFERENCES: usize = 10;
pub const SERVICES_DELIVERED: usize = 50;
pub const RECIPIENTS: usize = 50;
/// Twelve elements exist; repeats are allowed and dropped.
pub const ELEMENTS: usize = 24;
/// Seven event types exist; repeats are allowed and dropped.
pub const EVENT_TYPES: usize = 20;
pub const ORGANIZATION_IDS: usize = 100;
pub const CAPACITY_UNITS: usize = 20;
/// Eight kinds exist; repeats are allowed and dropped.
pub const INTERIM_KINDS: usize = 20;

/// The most a field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    Chars(usize),
    Items(usize),
}

/// One row: in the request body documented as schema `body`, the field at `path`
/// (`client.phone`; `recipients[].partner_id` for a field of each item of a list).
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub body: &'static str,
    pub path: &'static str,
    pub max: Max,
}

const fn chars(body: &'static str, path: &'static str, max: usize) -> Limit {
    Limit {
        body,
        path,
        max: Max::Chars(max),
    }
}

const fn items(body: &'static str, path: &'static str, max: usize) -> Limit {
    Limit {
        body,
        path,
        max: Max::Items(max),
    }
}

/// The table. A field a request body stores that has no row here fails a test.
pub const TABLE: &[Limit] = &[
    // POST /v1/referrals
    chars("CreateReferral", "service_at_location_id", ID),
    chars("CreateReferral", "service_id", ID),
    chars("CreateReferral", "client.reference", REFERENCE),
    chars("CreateReferral", "client.name", NAME),
    chars("CreateReferral", "client.date_of_birth", DATE),
    chars("CreateReferral", "client.phone", PHONE),
    chars("CreateReferral", "client.email", EMAIL),
    chars("CreateReferral", "client.address", ADDRESS),
    chars("CreateReferral", "client.preferred_language", LANGUAGE),
    items(
        "CreateReferral",
        "client.contact_preferences",
        CONTACT_PREFERENCES,
    ),
    chars("CreateReferral", "client.contact_preferences[]", LABEL),
    chars("CreateReferral", "reason", REASON),
    chars("CreateReferral", "consent_id", ID),
    chars("CreateReferral", "appointment.starts_at", TIME),
    chars("CreateReferral", "appointment.notes", NOTE),
    // POST /v1/referrals/{id}/notes and /status
    chars("NewNote", "text", NOTE),
    chars("StatusChange", "reason", REASON),
    chars("StatusChange", "business_status", LABEL),
    items(
        "StatusChange",
        "outcome.services_delivered",
        SERVICES_DELIVERED,
    ),
    chars("StatusChange", "outcome.services_delivered[]", NAME),
    // POST /v1/consents (42 CFR 2.31 elements)
    chars("ConsentRequest", "client_reference", REFERENCE),
    chars("ConsentRequest", "disclosing_party", NAME),
    items("ConsentRequest", "recipients", RECIPIENTS),
    chars("ConsentRequest", "recipients[].partner_id", ID),
    chars("ConsentRequest", "information", REASON),
    items("ConsentRequest", "elements", ELEMENTS),
    chars("ConsentRequest", "purpose", SENTENCE),
    chars("ConsentRequest", "expires_at", TIME),
    chars("ConsentRequest", "expiry_event", SENTENCE),
    chars("ConsentRequest", "signed_at", TIME),
    chars("ConsentRequest", "revocation", SENTENCE),
    // POST /v1/partners
    chars("CreatePartner", "name", NAME),
    items("CreatePartner", "organization_ids", ORGANIZATION_IDS),
    chars("CreatePartner", "organization_ids[]", ID),
    // POST /v1/webhooks
    chars("NewEndpointRequest", "url", URL),
    items("NewEndpointRequest", "event_types", EVENT_TYPES),
    chars("NewEndpointRequest", "event_types[]", LABEL),
    // PUT /v1/services/{id}/capacity
    chars("CapacityReport", "status", LABEL),
    items("CapacityReport", "capacities", CAPACITY_UNITS),
    chars("CapacityReport", "capacities[].unit", UNIT),
    chars("CapacityReport", "capacities[].description", SENTENCE),
    chars("CapacityReport", "notes", NOTE),
    // /v1/waitlists/{service_id}/entries…
    chars("NewEntryBody", "client.reference", REFERENCE),
    chars("NewEntryBody", "client.name", NAME),
    chars("NewEntryBody", "client.date_of_birth", DATE),
    chars("NewEntryBody", "client.phone", PHONE),
    chars("NewEntryBody", "client.preferred_language", LANGUAGE),
    chars("NewEntryBody", "referral_id", ID),
    chars("NewEntryBody", "consent_id", ID),
    chars("NewEntryBody", "requested_at", TIME),
    chars("EntryPatch", "phone", PHONE),
    chars("EntryPatch", "preferred_language", LANGUAGE),
    chars("EntryPatch", "consent_id", ID),
    chars("ContactAttemptBody", "note", NOTE),
    chars("InterimServiceBody", "what", NAME),
    chars("InterimServiceBody", "service_at_location_id", ID),
    chars("InterimServiceBody", "started_at", TIME),
    items("InterimServiceBody", "kinds", INTERIM_KINDS),
    chars("AdmitBody", "unit", UNIT),
    chars("RemoveBody", "note", NOTE),
];

/// Refuses text longer than `max` characters, naming the field and the limit.
pub fn text(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    let length = value.chars().count();
    if length > max {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` may be at most {max} characters long; it is {length}"),
        ));
    }
    Ok(())
}

/// Refuses a list of more than `max` items, naming the field and the limit.
pub fn list(field: &str, length: usize, max: usize) -> Result<(), ApiError> {
    if length > max {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` may hold at most {max} items; it has {length}"),
        ));
    }
    Ok(())
}

/// Checks a request body, as sent, against the rows for its schema. A field that is
/// absent or of another type is left to the parse that follows, which names it.
pub fn check(body: &str, json: &Value) -> Result<(), ApiError> {
    for limit in TABLE.iter().filter(|l| l.body == body) {
        check_at(json, &steps(limit.path), String::new(), limit.max)?;
    }
    Ok(())
}

/// One step of a row's path: into a field, or into each item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'a> {
    Field(&'a str),
    EachItem,
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        match part.strip_suffix("[]") {
            Some(field) => steps.extend([Step::Field(field), Step::EachItem]),
            None => steps.push(Step::Field(part)),
        }
    }
    steps
}

fn check_at(value: &Value, steps: &[Step], at: String, max: Max) -> Result<(), ApiError> {
    match (steps.split_first(), value) {
        (None, Value::String(s)) => match max {
            Max::Chars(n) => text(&at, s, n),
            Max::Items(_) => Ok(()),
        },
        (None, Value::Array(a)) => match max {
            Max::Items(n) => list(&at, a.len(), n),
            Max::Chars(_) => Ok(()),
        },
        (Some((Step::Field(name), rest)), Value::Object(fields)) => match fields.get(*name) {
            Some(inner) => {
                let at = if at.is_empty() {
                    (*name).to_string()
                } else {
                    format!("{at}.{name}")
                };
                check_at(inner, rest, at, max)
            }
            None => Ok(()),
        },
        (Some((Step::EachItem, rest)), Value::Array(a)) => {
            for (i, item) in a.iter().enumerate() {
                check_at(item, rest, format!("{at}[{i}]"), max)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Writes every row into the document (`maxLength`, `maxItems` on the field's schema);
/// returns the rows it found no field for, which a test keeps empty.
pub fn document(doc: &mut OpenApi) -> Vec<Limit> {
    let Some(schemas) = doc.components.as_mut().map(|c| &mut c.schemas) else {
        return TABLE.to_vec();
    };
    TABLE
        .iter()
        .filter(|limit| !apply(schemas, limit))
        .copied()
        .collect()
}

/// Where a walk through one schema ended.
enum Reached<'a> {
    Set,
    Missing,
    /// At a reference to another component, with the steps still to take there.
    Elsewhere(String, &'a [Step<'a>]),
}

fn apply(schemas: &mut BTreeMap<String, RefOr<Schema>>, limit: &Limit) -> bool {
    let steps = steps(limit.path);
    let mut component = limit.body.to_string();
    let mut rest: &[Step] = &steps;
    // A cycle of references cannot hold a row: give up after a few hops.
    for _ in 0..8 {
        let Some(schema) = schemas.get_mut(&component) else {
            return false;
        };
        match walk(schema, rest, limit.max) {
            Reached::Set => return true,
            Reached::Missing => return false,
            Reached::Elsewhere(next, remaining) => {
                component = next;
                rest = remaining;
            }
        }
    }
    false
}

fn walk<'a>(schema: &mut RefOr<Schema>, steps: &'a [Step<'a>], max: Max) -> Reached<'a> {
    let schema = match schema {
        RefOr::Ref(r) => {
            let name = r.ref_location.trim_start_matches("#/components/schemas/");
            return Reached::Elsewhere(name.to_string(), steps);
        }
        RefOr::T(s) => s,
    };
    if let Schema::OneOf(one_of) = schema {
        // `Option<T>` and untagged enums: the first alternative that has the field.
        for alternative in &mut one_of.items {
            match walk(alternative, steps, max) {
                Reached::Missing => continue,
                reached => return reached,
            }
        }
        return Reached::Missing;
    }
    match (steps.split_first(), schema, max) {
        (None, Schema::Object(o), Max::Chars(n)) => {
            o.max_length = Some(n);
            Reached::Set
        }
        (None, Schema::Array(a), Max::Items(n)) => {
            a.max_items = Some(n);
            Reached::Set
        }
        (Some((Step::Field(name), rest)), Schema::Object(o), _) => {
            match o.properties.get_mut(*name) {
                Some(field) => walk(field, rest, max),
                None => Reached::Missing,
            }
        }
        (Some((Step::EachItem, rest)), Schema::Array(a), _) => match &mut a.items {
            ArrayItems::RefOrSchema(item) => walk(item, rest, max),
            ArrayItems::False => Reached::Missing,
        },
        _ => Reached::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(body: &str, json: Value) -> (String, String) {
        match check(body, &json).unwrap_err() {
            ApiError::InvalidParameter {
                parameter, detail, ..
            } => (parameter, detail),
            other => panic!("not a parameter problem: {other:?}"),
        }
    }

    #[test]
    fn text_counts_characters_not_bytes() {
        assert!(text("name", &"é".repeat(NAME), NAME).is_ok());
        assert!(text("name", &"é".repeat(NAME + 1), NAME).is_err());
        assert!(text("phone", &"🙂".repeat(PHONE), PHONE).is_ok());
    }

    #[test]
    fn a_field_over_its_limit_is_named_with_the_limit() {
        let (parameter, detail) = refused(
            "CreateReferral",
            json!({"client": {"phone": "5".repeat(PHONE + 1)}}),
        );
        assert_eq!(parameter, "client.phone");
        assert!(detail.contains("at most 32 characters"), "{detail}");
        assert!(
            check(
                "CreateReferral",
                &json!({"client": {"phone": "5".repeat(PHONE)}})
            )
            .is_ok()
        );
    }

    #[test]
    fn lists_and_fields_of_their_items_are_named_by_index() {
        let many = vec![json!({"class": "treating-providers"}); RECIPIENTS + 1];
        let (parameter, detail) = refused("ConsentRequest", json!({ "recipients": many }));
        assert_eq!(parameter, "recipients");
        assert!(detail.contains("at most 50 items"), "{detail}");
        let (parameter, _) = refused(
            "ConsentRequest",
            json!({"recipients": [{"partner_id": "p"}, {"partner_id": "p".repeat(ID + 1)}]}),
        );
        assert_eq!(parameter, "recipients[1].partner_id");
    }

    #[test]
    fn absent_fields_and_other_types_are_left_to_the_parse() {
        assert!(check("CreateReferral", &json!({})).is_ok());
        assert!(check("CreateReferral", &json!({"client": 7, "reason": ["x"]})).is_ok());
        assert!(check("NoSuchBody", &json!({"anything": "x".repeat(99_999)})).is_ok());
    }

    #[test]
    fn every_row_is_for_one_field_once() {
        let mut seen: Vec<(&str, &str)> = TABLE.iter().map(|l| (l.body, l.path)).collect();
        seen.sort();
        let before = seen.len();
        seen.dedup();
        assert_eq!(seen.len(), before, "a field has two rows");
    }
}
