//! Closed sets of words that text fields answer or take, documented as enumerations:
//! fields whose Rust type is text (a label read from the store, a fixed answer) name one of
//! these with `#[schema(schema_with = …)]`, so integrators' tools see the set, not prose.

use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// A string schema that takes one of `words`.
pub fn one_of(words: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words.iter().copied()))
        .build()
}

/// As [`one_of`], or `null`.
pub fn one_of_or_null(words: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(
            [Type::String, Type::Null]
                .into_iter()
                .collect::<SchemaType>(),
        )
        .enum_values(Some(words.iter().copied()))
        .build()
}

/// How a disclosure was made: an answer to the recipient, or a webhook.
pub const DISCLOSURE_CHANNELS: [&str; 2] = ["api", "webhook"];
pub fn disclosure_channel() -> Object {
    one_of(&DISCLOSURE_CHANNELS)
}

/// Where a consent stands.
pub const CONSENT_STATES: [&str; 3] = ["active", "expired", "revoked"];
pub fn consent_state() -> Object {
    one_of(&CONSENT_STATES)
}

/// What a crisis phrasing was about.
pub const CRISIS_KINDS: [&str; 3] = ["suicide", "overdose", "danger"];
pub fn crisis_kind() -> Object {
    one_of(&CRISIS_KINDS)
}

/// Where a waitlist entry stands.
pub const ENTRY_STATUSES: [&str; 3] = ["waiting", "admitted", "removed"];
pub fn entry_status() -> Object {
    one_of(&ENTRY_STATUSES)
}

/// Whether a medication program has room for a bridge suggestion.
pub const BRIDGE_ROOM: [&str; 2] = ["available", "unknown"];
pub fn bridge_room() -> Object {
    one_of_or_null(&BRIDGE_ROOM)
}

/// Why a search result matched.
pub const MATCH_REASONS: [&str; 5] = ["service_area", "online", "text", "location", "filter"];
pub fn match_reason() -> Object {
    one_of(&MATCH_REASONS)
}

/// `/ready`'s words.
pub const READINESS: [&str; 2] = ["ready", "degraded"];
pub fn readiness() -> Object {
    one_of(&READINESS)
}
pub const BACKENDS: [&str; 2] = ["sqlite", "postgres"];
pub fn backend() -> Object {
    one_of(&BACKENDS)
}
pub const DATABASE_STATES: [&str; 2] = ["up", "away"];
pub fn database_state() -> Object {
    one_of(&DATABASE_STATES)
}

/// The forms of the accounting of disclosures.
pub const ACCOUNTING_FORMATS: [&str; 2] = ["json", "text"];
pub fn accounting_format() -> Object {
    let mut schema = one_of_or_null(&ACCOUNTING_FORMATS);
    schema.default = Some(ACCOUNTING_FORMATS[0].into());
    schema
}

/// What an audit entry was about.
pub const AUDIT_TARGETS: [&str; 4] = ["partner", "key", "webhook_endpoint", "service"];
pub fn audit_target() -> Object {
    one_of(&AUDIT_TARGETS)
}
