//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::{HttpResponse, get, web};
use utoipa::OpenApi;

use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::routes::hsds::{
    self, organizations, root, service_at_locations, services, taxonomies, taxonomy_terms,
};
use crate::routes::{consents, disclosures, health, partners, referrals, search, webhooks};
use waypoint_indexer::store::hsds::types as hsds_types;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Waypoint",
        description = "Community resource directory and closed-loop referral service for people in recovery from substance use.",
        license(name = "MIT")
    ),
    paths(
        health::health,
        health::ready,
        search::search,
        root::api_info,
        root::api_info_no_slash,
        services::list,
        services::one,
        organizations::list,
        organizations::one,
        service_at_locations::list,
        service_at_locations::one,
        taxonomies::list,
        taxonomies::one,
        taxonomy_terms::list,
        taxonomy_terms::one,
        openapi_json,
        partners::me::me,
        partners::admin::create_partner,
        partners::admin::list_partners,
        partners::admin::read_partner,
        partners::admin::disable_partner,
        partners::admin::issue_key,
        partners::admin::revoke_key,
        consents::create,
        consents::read,
        consents::revoke,
        referrals::create::create,
        referrals::list::list,
        referrals::read::read,
        referrals::status::change_status,
        referrals::events::events,
        referrals::notes::add_note,
        referrals::notes::list_notes,
        disclosures::list,
        disclosures::accounting,
        webhooks::create,
        webhooks::list,
        webhooks::get_one,
        webhooks::remove,
        webhooks::rotate_secret,
        webhooks::deliveries,
        webhooks::retry
    ),
    components(schemas(crate::error::Problem, health::Health, health::Readiness, search::SearchPage, crate::partners::Partner, crate::auth::Role, crate::partners::KeyInfo, crate::partners::IssuedKey,
        crate::partners::admin::CreatePartner, crate::partners::admin::CreatedPartner, crate::partners::admin::PartnerDetail,
        crate::consent::ConsentRequest, crate::consent::Consent, crate::consent::Recipient, crate::consent::model::RecipientClass, consents::ConsentView,
        crate::referrals::model::CreateReferral, crate::referrals::model::Client, crate::referrals::model::Appointment, crate::referrals::model::Priority,
        crate::referrals::model::Referral, crate::referrals::model::StatusReason, crate::referrals::model::Outcome, crate::referrals::model::Enrollment,
        crate::referrals::model::StatusChange, crate::referrals::model::ReferralEvent, crate::referrals::model::Note, crate::referrals::model::NewNote,
        crate::referrals::transitions::Status, crate::referrals::transitions::ReasonCode,
        crate::referrals::actions::list::ReferralPage, crate::referrals::actions::list::ReferralSummary, crate::referrals::actions::list::PartnerName,
        crate::disclosures::Disclosure, crate::disclosures::accounting::Accounting, crate::disclosures::accounting::AccountedDisclosure, crate::disclosures::accounting::RecipientSummary,
        crate::consent::Element, crate::referrals::model::ClientView, crate::referrals::model::ReferralDetails,
        root::ApiInfo,
        hsds_types::MinimalService,
        hsds::HsdsPage<hsds_types::MinimalService>,
        crate::webhooks::Endpoint, crate::webhooks::CreatedEndpoint, crate::webhooks::model::NewEndpointRequest, crate::webhooks::Delivery, crate::webhooks::Attempt, crate::webhooks::model::DeliveryStatus)),
    modifiers(&ApiKeyScheme),
    tags(
        (name = "search", description = "Plain-language, typo-tolerant, geographic search"),
        (name = "hsds", description = "Listings as Open Referral HSDS 3.1 records"),
        (name = "referrals", description = "Closed-loop referrals with 42 CFR Part 2 consent, status tracking and the disclosure ledger"),
        (name = "partners", description = "Partners (organizations using the API), their roles and API keys"),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks) to partner systems: endpoints, deliveries, retries"),
        (name = "operations", description = "Liveness, readiness and the API description")
    )
)]
pub struct ApiDoc;

/// `Authorization: Bearer KEY` with a partner's API key.
struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A partner's API key (`wp_…`)"))
                    .build(),
            ),
        );
    }
}

/// The document as served and as committed in `openapi/openapi.json`.
pub fn document() -> String {
    let mut doc = ApiDoc::openapi();
    // Each area describes its own endpoints; they are merged here.
    doc.merge(crate::routes::capacity::CapacityApi::openapi());
    doc.merge(crate::routes::waitlists::WaitlistsApi::openapi());
    doc.merge(crate::routes::bridge::BridgeApi::openapi());
    doc.merge(crate::routes::coordination::CoordinationApi::openapi());
    crate::openapi_contract::complete(&mut doc);
    doc.to_pretty_json()
        .expect("the OpenAPI document serialises")
        + "\n"
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi_json);
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}
