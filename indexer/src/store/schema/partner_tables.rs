//! Partners of this Waypoint and what hangs off each: API keys, the organizations a
//! provider answers for, idempotency keys, the outbox of events to tell them, the audit
//! log, and the web page's sign-in sessions.

diesel::table! {
    partners (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        created_at -> Text,
        disabled_at -> Nullable<Text>,
    }
}

diesel::table! {
    partner_keys (id) {
        id -> Text,
        partner_id -> Text,
        key_hash -> Text,
        created_at -> Text,
        revoked_at -> Nullable<Text>,
    }
}

diesel::table! {
    partner_organizations (partner_id, organization_id) {
        partner_id -> Text,
        organization_id -> Text,
    }
}

diesel::table! {
    idempotency_keys (partner_id, key) {
        partner_id -> Text,
        key -> Text,
        fingerprint -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Text,
    }
}

diesel::table! {
    outbox_events (seq) {
        seq -> BigInt,
        id -> Text,
        partner_id -> Text,
        event_type -> Text,
        subject_id -> Nullable<Text>,
        payload -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    audit_events (seq) {
        seq -> BigInt,
        id -> Text,
        at -> Text,
        actor_partner_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        actor_name -> Text,
        action -> Text,
        target_kind -> Text,
        target_id -> Text,
        detail -> Text,
    }
}

diesel::table! {
    /// The web page's sign-in sessions (only the id's hash is kept).
    web_sessions (id_hash) {
        id_hash -> Text,
        partner_id -> Text,
        key_hash -> Text,
        created_at -> Text,
        last_seen_at -> Text,
    }
}
