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

diesel::table! {
    waitlist_entries (id) {
        id -> Text,
        service_id -> Text,
        client_reference -> Text,
        client -> Text,
        pregnant -> Bool,
        injects_drugs -> Bool,
        referral_id -> Nullable<Text>,
        consent_id -> Nullable<Text>,
        requested_at -> Text,
        created_by -> Text,
        status -> Text,
        interim_started_at -> Nullable<Text>,
        admitted_at -> Nullable<Text>,
        admitted_unit -> Nullable<Text>,
        removed_at -> Nullable<Text>,
        removal_reason -> Nullable<Text>,
        removal_note -> Nullable<Text>,
        interim_overdue_sent -> Bool,
        admission_overdue_sent -> Bool,
        updated_at -> Text,
    }
}

diesel::table! {
    waitlist_contact_attempts (id) {
        id -> Text,
        entry_id -> Text,
        outcome -> Text,
        note -> Nullable<Text>,
        attempted_at -> Text,
        recorded_by -> Text,
    }
}

diesel::table! {
    waitlist_interim_services (id) {
        id -> Text,
        entry_id -> Text,
        what -> Text,
        service_at_location_id -> Nullable<Text>,
        started_at -> Text,
        recorded_by -> Text,
    }
}
