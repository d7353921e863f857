//! The webhook tables as diesel sees them (migration `2026-11-23-400001_webhooks`).

use crate::schema::{outbox_events, partners};

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        partner_id -> Text,
        url -> Text,
        event_types -> Text,
        detail -> Bool,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Text>,
        created_at -> Text,
        disabled_at -> Nullable<Text>,
        disabled_reason -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        endpoint_id -> Text,
        event_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Text>,
        lease_token -> Nullable<Text>,
        leased_until -> Nullable<Text>,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Text,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    outbox_events
);
// One pair at a time: `outbox_events` and `partners` are already paired in `crate::schema`.
diesel::allow_tables_to_appear_in_same_query!(webhook_endpoints, partners);
diesel::allow_tables_to_appear_in_same_query!(webhook_deliveries, partners);
diesel::allow_tables_to_appear_in_same_query!(webhook_attempts, partners);
