//! Every table of the database as diesel sees it, listings and the API's alike; one
//! description serves both backends, since the migrations give both the same columns and
//! compatible types.
//!
//! The store owns the whole schema and every migration (`migrations/{sqlite,postgres}`,
//! applied by `Store::open`), not only the listing tables, because one database has one
//! migration history: diesel keeps one table of applied versions and runs the pending
//! ones in version order, and the listings' and the API's migrations interleave in that
//! order (the folded search text came after the waitlists), so one list is the only place
//! that says how a database is built. `Store::open` brings it up to date before anything
//! reads it, and the tables it creates are described here, beside it: the API imports
//! them from here and declares none of its own.

mod capacity_tables;
mod listing_tables;
mod partner_tables;
mod referral_tables;
mod webhook_tables;

pub use capacity_tables::*;
pub use listing_tables::*;
pub use partner_tables::*;
pub use referral_tables::*;
pub use webhook_tables::*;

diesel::joinable!(services -> organizations (organization_id));
// The rows hanging off services and locations join them by key (`services::key`), which
// is not the tables' diesel primary key (their HSDS id is): those joins name their `on`.
diesel::joinable!(attributes -> taxonomy_terms (taxonomy_term_id));
diesel::joinable!(service_capacities -> units (unit_id));

diesel::joinable!(partner_keys -> partners (partner_id));
diesel::joinable!(partner_organizations -> partners (partner_id));
diesel::joinable!(referral_receivers -> referrals (referral_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::allow_tables_to_appear_in_same_query!(
    // Listings.
    sources,
    organizations,
    services,
    service_categories,
    locations,
    location_points,
    addresses,
    service_at_locations,
    phones,
    schedules,
    service_areas,
    languages,
    taxonomies,
    taxonomy_terms,
    attributes,
    cost_options,
    units,
    service_capacities,
    listing_changes,
    // Partners.
    partners,
    partner_keys,
    partner_organizations,
    idempotency_keys,
    outbox_events,
    audit_events,
    web_sessions,
    // Referrals.
    consents,
    referrals,
    referral_receivers,
    referral_events,
    referral_notes,
    disclosures,
    // Capacity and waitlists.
    capacity_current,
    capacity_history,
    waitlist_entries,
    waitlist_contact_attempts,
    waitlist_interim_services,
    waitlist_admissions,
    // Webhooks.
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
);
