//! The document's `webhooks`: for each event type, the request Waypoint sends to a
//! partner's endpoint (Standard Webhooks headers and the `{type, timestamp, data}` body,
//! thin or detailed) and what its answer means. The payload schemas are the types the
//! events are written with (`crate::events::payloads`).

use serde_json::{Value, json};
use utoipa::openapi::{OpenApi, Paths};

use crate::capacity::THRESHOLD_EVENT;
use crate::events;
use crate::waitlists::store::OVERDUE_EVENT;

/// One event type: its name, what it means, its thin payload's schema, and what a
/// detailed payload adds (`(member, schema)`).
struct Event {
    name: &'static str,
    summary: &'static str,
    payload: &'static str,
    detail: &'static [(&'static str, &'static str)],
}

const REFERRAL: (&str, &str) = ("referral", "Referral");

const EVENTS: [Event; 7] = [
    Event {
        name: events::REFERRAL_CREATED,
        summary: "A referral was made (sent to the referrer and each receiving partner)",
        payload: "ReferralCreated",
        detail: &[REFERRAL],
    },
    Event {
        name: events::REFERRAL_STATUS_CHANGED,
        summary: "A referral's status changed",
        payload: "ReferralStatusChanged",
        detail: &[REFERRAL],
    },
    Event {
        name: events::REFERRAL_NOTE_ADDED,
        summary: "A party added a note to a referral",
        payload: "ReferralNoteAdded",
        detail: &[REFERRAL, ("note", "Note")],
    },
    Event {
        name: events::REFERRAL_REMINDER,
        summary: "A referral is still waiting for an answer",
        payload: "ReferralReminder",
        detail: &[REFERRAL],
    },
    Event {
        name: events::CONSENT_REVOKED,
        summary: "A consent that referrals to this partner used was revoked",
        payload: "ConsentRevoked",
        detail: &[],
    },
    Event {
        name: THRESHOLD_EVENT,
        summary: "A program's capacity crossed its near-full line",
        payload: "CapacityThreshold",
        detail: &[],
    },
    Event {
        name: OVERDUE_EVENT,
        summary: "A waiting person's interim-services or admission clock ran out",
        payload: "WaitlistOverdue",
        detail: &[("waitlist_entry", "Entry")],
    },
];

/// Sets the document's `webhooks`.
pub fn document(doc: &mut OpenApi) {
    let mut paths = serde_json::Map::new();
    for event in &EVENTS {
        paths.insert(event.name.to_string(), json!({ "post": operation(event) }));
    }
    let paths: Paths =
        serde_json::from_value(Value::Object(paths)).expect("the webhooks are valid Paths");
    doc.webhooks = Some(paths);
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn operation(event: &Event) -> Value {
    let header = |name: &str, description: &str, example: &str| {
        json!({
            "name": name, "in": "header", "required": true, "description": description,
            "schema": {"type": "string"}, "example": example,
        })
    };
    let mut detail = serde_json::Map::new();
    for (member, schema) in event.detail {
        detail.insert(member.to_string(), schema_ref(schema));
    }
    let data = if detail.is_empty() {
        schema_ref(event.payload)
    } else {
        json!({
            "allOf": [schema_ref(event.payload), {"type": "object", "properties": detail}],
            "description": format!(
                "Thin: the event's ids and status. Detailed (an endpoint created with `\"detail\": true`) also carries {}, as that partner may see it when the attempt is sent: client details only under a consent in force then.",
                event.detail.iter().map(|(m, _)| format!("`{m}`")).collect::<Vec<_>>().join(" and ")
            ),
        })
    };
    let example_data = crate::openapi::examples::of_schema(event.payload);
    json!({
        "operationId": format!("webhook_{}", event.name.replace('.', "_")),
        "summary": event.summary,
        "description": "Signed as Standard Webhooks: verify `webhook-signature` (HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed by the base64-decoded secret after `whsec_`) and reject old timestamps. The same event keeps its `webhook-id` on every attempt, so receivers can drop repeats.",
        "tags": ["webhooks"],
        "parameters": [
            header("webhook-id", "The event's id, the same on every attempt", "evt_5f1b0c8e2d6a4f7e9b3c1a2d4e6f8a0b"),
            header("webhook-timestamp", "Unix seconds when this attempt was signed", "1764412800"),
            header("webhook-signature", "`v1,` + base64 signature; during a secret's rotation two, space-separated", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
        ],
        "requestBody": {
            "required": true,
            "content": {"application/json": {
                "schema": {
                    "type": "object",
                    "required": ["type", "timestamp", "data"],
                    "properties": {
                        "type": {"type": "string", "const": event.name},
                        "timestamp": {"type": "string", "format": "date-time", "description": "When the event happened"},
                        "data": data,
                    },
                },
                "example": {"type": event.name, "timestamp": "2026-11-29T14:05:00.000000Z", "data": example_data},
            }},
        },
        "responses": {
            "2XX": {"description": "Received: the delivery is done"},
            "410": {"description": "Gone: the endpoint is disabled and nothing more is sent to it"},
            "default": {"description": "Anything else (or no answer within 10 s) is retried for about three days; `Retry-After` on 429 and 503 is honoured"},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_an_endpoint_can_subscribe_to_is_described() {
        let described: Vec<&str> = EVENTS.iter().map(|e| e.name).collect();
        assert_eq!(described, crate::webhooks::model::EVENT_TYPES);
    }

    #[test]
    fn each_payload_schema_is_in_the_document_with_an_example() {
        let doc: Value = serde_json::from_str(crate::openapi::document()).unwrap();
        for event in &EVENTS {
            assert!(
                doc["components"]["schemas"][event.payload].is_object(),
                "{} is no component",
                event.payload
            );
            let example = &doc["webhooks"][event.name]["post"]["requestBody"]["content"]["application/json"]
                ["example"];
            assert_eq!(example["type"], event.name);
            assert!(
                example["data"].is_object(),
                "{}: no example data",
                event.name
            );
        }
    }

    #[test]
    fn a_detailed_payload_adds_its_members_to_the_thin_one() {
        let note = operation(&EVENTS[2]);
        let schema = &note["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema["properties"]["type"]["const"], "referral.note_added");
        let data = &schema["properties"]["data"]["allOf"];
        assert_eq!(data[0]["$ref"], "#/components/schemas/ReferralNoteAdded");
        assert_eq!(
            data[1]["properties"]["note"]["$ref"],
            "#/components/schemas/Note"
        );
        let names: Vec<&str> = note["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["webhook-id", "webhook-timestamp", "webhook-signature"]
        );
    }
}
