//! The API's own tables (partners, keys, outbox, referrals…) as diesel sees them; the
//! migrations give both backends the same columns.

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
    partner_organizations (partner_id, organization_id) {
        partner_id -> Text,
        organization_id -> Text,
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

diesel::joinable!(partner_keys -> partners (partner_id));
diesel::joinable!(partner_organizations -> partners (partner_id));
diesel::allow_tables_to_appear_in_same_query!(
    partners,
    partner_keys,
    partner_organizations,
    outbox_events
);

diesel::table! {
    capacity_current (service_id) {
        service_id -> Text,
        status -> Text,
        capacities -> Text,
        notes -> Nullable<Text>,
        updated_at -> Text,
        updated_by -> Text,
        near_full -> Bool,
    }
}

diesel::table! {
    capacity_history (id) {
        id -> Text,
        service_id -> Text,
        status -> Text,
        capacities -> Text,
        notes -> Nullable<Text>,
        updated_at -> Text,
        updated_by -> Text,
    }
}
