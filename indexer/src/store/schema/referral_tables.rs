//! Referrals and what they rest on: consents, receivers, the status history, notes, and
//! the ledger of disclosures made under them.

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
