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

diesel::table! {
    consents (id) {
        id -> Text,
        partner_id -> Text,
        client_reference -> Text,
        disclosing_party -> Text,
        recipients -> Text,
        information -> Text,
        purpose -> Text,
        expires_at -> Nullable<Text>,
        expiry_event -> Nullable<Text>,
        signed_at -> Text,
        revocation -> Text,
        created_at -> Text,
        revoked_at -> Nullable<Text>,
        elements -> Nullable<Text>,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        referrer_id -> Text,
        service_id -> Text,
        service_at_location_id -> Nullable<Text>,
        organization_id -> Text,
        consent_id -> Nullable<Text>,
        consent_required -> Bool,
        client_reference -> Text,
        client -> Text,
        reason -> Text,
        priority -> Text,
        appointment -> Nullable<Text>,
        status -> Text,
        business_status -> Nullable<Text>,
        status_reason_code -> Nullable<Text>,
        status_reason -> Nullable<Text>,
        outcome -> Nullable<Text>,
        created_at -> Text,
        updated_at -> Text,
        received_at -> Nullable<Text>,
        closed_loop_at -> Nullable<Text>,
        reminders_sent -> Integer,
    }
}

diesel::table! {
    referral_receivers (referral_id, partner_id) {
        referral_id -> Text,
        partner_id -> Text,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Text,
        referral_id -> Text,
        at -> Text,
        actor_partner_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    referral_notes (id) {
        id -> Text,
        referral_id -> Text,
        author_partner_id -> Text,
        text -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    disclosures (id) {
        id -> Text,
        discloser_id -> Text,
        recipient_id -> Text,
        client_reference -> Text,
        referral_id -> Nullable<Text>,
        consent_id -> Nullable<Text>,
        channel -> Text,
        information -> Text,
        disclosed_at -> Text,
        waitlist_entry_id -> Nullable<Text>,
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

diesel::joinable!(referral_receivers -> referrals (referral_id));
diesel::joinable!(partner_keys -> partners (partner_id));
diesel::joinable!(partner_organizations -> partners (partner_id));
diesel::allow_tables_to_appear_in_same_query!(
    partners,
    partner_keys,
    partner_organizations,
    outbox_events,
    consents,
    referrals,
    referral_receivers,
    referral_events,
    referral_notes,
    disclosures,
    idempotency_keys,
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
