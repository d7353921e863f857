//! The listing tables: HSDS records as the indexer loads them, shared by every source.

diesel::table! {
    sources (name) {
        name -> Text,
        format -> Text,
        paths -> Text,
        loaded_at -> Text,
        records_loaded -> Integer,
        records_skipped -> Integer,
        content_hash -> Nullable<Text>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        source -> Text,
        name -> Text,
        alternate_name -> Nullable<Text>,
        description -> Nullable<Text>,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
        content_hash -> Text,
        name_folded -> Nullable<Text>,
        description_folded -> Nullable<Text>,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        key -> BigInt,
        source -> Text,
        source_key -> Text,
        organization_id -> Text,
        name -> Text,
        alternate_name -> Nullable<Text>,
        description -> Nullable<Text>,
        url -> Nullable<Text>,
        email -> Nullable<Text>,
        status -> Text,
        interpretation_services -> Nullable<Text>,
        application_process -> Nullable<Text>,
        fees_description -> Nullable<Text>,
        eligibility_description -> Nullable<Text>,
        minimum_age -> Nullable<Double>,
        maximum_age -> Nullable<Double>,
        alert -> Nullable<Text>,
        content_hash -> Text,
        updated_at -> Text,
        name_folded -> Nullable<Text>,
        description_folded -> Nullable<Text>,
    }
}

diesel::table! {
    service_categories (service_key, category) {
        service_id -> Text,
        service_key -> BigInt,
        category -> Text,
    }
}

diesel::table! {
    locations (id) {
        id -> Text,
        key -> BigInt,
        source -> Text,
        organization_id -> Nullable<Text>,
        location_type -> Text,
        name -> Nullable<Text>,
        alternate_name -> Nullable<Text>,
        description -> Nullable<Text>,
        transportation -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        url -> Nullable<Text>,
        time_zone -> Nullable<Text>,
        content_hash -> Text,
    }
}

diesel::table! {
    location_points (location_key) {
        location_id -> Text,
        location_key -> BigInt,
        latitude -> Double,
        longitude -> Double,
        cell_key -> BigInt,
    }
}

diesel::table! {
    addresses (id) {
        id -> Text,
        location_id -> Text,
        location_key -> BigInt,
        attention -> Nullable<Text>,
        address_1 -> Text,
        address_2 -> Nullable<Text>,
        city -> Text,
        region -> Nullable<Text>,
        state_province -> Text,
        postal_code -> Text,
        country -> Text,
        address_type -> Text,
    }
}

diesel::table! {
    service_at_locations (id) {
        id -> Text,
        service_id -> Text,
        service_key -> BigInt,
        location_id -> Text,
        location_key -> BigInt,
        description -> Nullable<Text>,
    }
}

diesel::table! {
    phones (id) {
        id -> Text,
        service_id -> Nullable<Text>,
        service_key -> Nullable<BigInt>,
        location_id -> Nullable<Text>,
        location_key -> Nullable<BigInt>,
        number -> Text,
        extension -> Nullable<Text>,
        phone_type -> Nullable<Text>,
        description -> Nullable<Text>,
    }
}

diesel::table! {
    schedules (id) {
        id -> Text,
        service_id -> Nullable<Text>,
        service_key -> Nullable<BigInt>,
        location_id -> Nullable<Text>,
        location_key -> Nullable<BigInt>,
        valid_from -> Nullable<Text>,
        valid_to -> Nullable<Text>,
        dtstart -> Nullable<Text>,
        until -> Nullable<Text>,
        freq -> Nullable<Text>,
        interval -> Nullable<Integer>,
        byday -> Nullable<Text>,
        bymonthday -> Nullable<Text>,
        opens_at -> Nullable<Text>,
        closes_at -> Nullable<Text>,
        time_zone -> Nullable<Text>,
        description -> Nullable<Text>,
        attending_type -> Nullable<Text>,
        notes -> Nullable<Text>,
    }
}

diesel::table! {
    service_areas (id) {
        id -> Text,
        service_id -> Text,
        service_key -> BigInt,
        name -> Nullable<Text>,
        description -> Nullable<Text>,
        extent -> Nullable<Text>,
        extent_type -> Nullable<Text>,
        uri -> Nullable<Text>,
        min_latitude -> Nullable<Double>,
        min_longitude -> Nullable<Double>,
        max_latitude -> Nullable<Double>,
        max_longitude -> Nullable<Double>,
    }
}

diesel::table! {
    languages (id) {
        id -> Text,
        service_id -> Nullable<Text>,
        service_key -> Nullable<BigInt>,
        location_id -> Nullable<Text>,
        location_key -> Nullable<BigInt>,
        name -> Nullable<Text>,
        code -> Nullable<Text>,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    taxonomies (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        uri -> Nullable<Text>,
        version -> Nullable<Text>,
    }
}

diesel::table! {
    taxonomy_terms (id) {
        id -> Text,
        code -> Nullable<Text>,
        name -> Text,
        description -> Text,
        parent_id -> Nullable<Text>,
        taxonomy -> Nullable<Text>,
        taxonomy_id -> Nullable<Text>,
        language -> Nullable<Text>,
        term_uri -> Nullable<Text>,
    }
}

diesel::table! {
    attributes (id) {
        id -> Text,
        service_id -> Text,
        service_key -> BigInt,
        link_id -> Text,
        link_type -> Nullable<Text>,
        link_entity -> Text,
        taxonomy_term_id -> Text,
        value -> Nullable<Text>,
        label -> Nullable<Text>,
    }
}

diesel::table! {
    cost_options (id) {
        id -> Text,
        service_id -> Text,
        service_key -> BigInt,
        valid_from -> Nullable<Text>,
        valid_to -> Nullable<Text>,
        option -> Nullable<Text>,
        currency -> Nullable<Text>,
        amount -> Nullable<Double>,
        amount_description -> Nullable<Text>,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        name -> Text,
        scheme -> Nullable<Text>,
        identifier -> Nullable<Text>,
        uri -> Nullable<Text>,
    }
}

diesel::table! {
    service_capacities (id) {
        id -> Text,
        service_id -> Text,
        service_key -> BigInt,
        unit_id -> Text,
        available -> Double,
        maximum -> Nullable<Double>,
        description -> Nullable<Text>,
        updated -> Text,
    }
}

diesel::table! {
    listing_changes (seq) {
        seq -> BigInt,
        service_id -> Text,
        change -> Text,
        changed_at -> Text,
    }
}
