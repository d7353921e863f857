//! Programs' room: capacity reports (now and their history) and the waitlists kept
//! against them.

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
        updated_by_role -> Nullable<Text>,
        kind -> Text,
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
        prenatal_referral_at -> Nullable<Text>,
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
        kinds -> Text,
        recorded_at -> Nullable<Text>,
    }
}

diesel::table! {
    waitlist_admissions (entry_id) {
        entry_id -> Text,
        service_id -> Text,
        admitted_at -> Text,
        admitted_by -> Text,
        admitted_by_role -> Text,
        basis -> Text,
        capacity_status -> Text,
        unknown_reason -> Nullable<Text>,
        open_units -> Nullable<BigInt>,
        reported_at -> Nullable<Text>,
        unit -> Nullable<Text>,
        confirmed_by_program -> Bool,
    }
}
