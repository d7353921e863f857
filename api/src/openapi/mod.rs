//! The OpenAPI 3.1 document: the operations come from the routes as they are registered
//! (`routes::configure`, through `utoipa-actix-web`), so nothing is served undocumented;
//! this module adds what is not an operation: the title, tags and the key scheme, the
//! problems each operation can answer (`errors`), the examples, the webhooks, and the
//! table of limits (`crate::limits`) in the request bodies' schemas.

mod contract;
mod errors;
pub mod examples;
mod parameters;
mod webhooks;

use std::sync::OnceLock;

use actix_web::{App, HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Waypoint",
        description = "Community resource directory and closed-loop referral service for people in recovery from substance use.",
        license(name = "MIT")
    ),
    // Schemas no operation names as its body: the webhooks' payloads, and the pages of
    // `minimal=true` answers.
    components(schemas(
        crate::error::Problem,
        crate::events::payloads::ReferralCreated,
        crate::events::payloads::ReferralStatusChanged,
        crate::events::payloads::ReferralNoteAdded,
        crate::events::payloads::ReferralReminder,
        crate::events::payloads::ConsentRevoked,
        crate::events::payloads::WaitlistOverdue,
        crate::events::payloads::CapacityThreshold,
        waypoint_indexer::store::hsds::types::MinimalService,
        crate::routes::hsds::HsdsPage<waypoint_indexer::store::hsds::types::MinimalService>
    )),
    modifiers(&ApiKeyScheme),
    tags(
        (name = "search", description = "Plain-language, typo-tolerant, geographic search"),
        (name = "hsds", description = "Listings as Open Referral HSDS 3.1 records"),
        (name = "referrals", description = "Closed-loop referrals with 42 CFR Part 2 consent, status tracking and the disclosure ledger"),
        (name = "partners", description = "Partners (organizations using the API), their roles and API keys"),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks) to partner systems: endpoints, deliveries, retries"),
        (name = "capacity", description = "Treatment capacity reported by programs: beds, slots, appointments"),
        (name = "waitlists", description = "Per-program treatment waitlists in federal priority order, with interim-service and admission clocks"),
        (name = "coordination", description = "Capacity across programs and waitlist reports, for coordinators"),
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

/// A consent's recipient is read through `RecipientFields`, which refuses any other field;
/// utoipa cannot say so of an enum's variants, so each is closed here.
fn close_recipients(doc: &mut utoipa::openapi::OpenApi) {
    let Some(schemas) = doc.components.as_mut().map(|c| &mut c.schemas) else {
        return;
    };
    let Some(recipient) = schemas.get_mut("Recipient") else {
        return;
    };
    let mut value = serde_json::to_value(&*recipient).unwrap_or_default();
    for variant in value["oneOf"].as_array_mut().into_iter().flatten() {
        variant["additionalProperties"] = serde_json::Value::Bool(false);
    }
    if let Ok(closed) = serde_json::from_value(value) {
        *recipient = closed;
    }
}

/// The document as served and as committed in `openapi/openapi.json`, built once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let (_, mut doc) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(crate::routes::configure)
            .split_for_parts();
        let unfilled = errors::document(&mut doc);
        debug_assert!(
            unfilled.is_empty(),
            "error responses of no problem type: {unfilled:?}"
        );
        parameters::document(&mut doc);
        webhooks::document(&mut doc);
        examples::document(&mut doc);
        contract::complete(&mut doc);
        close_recipients(&mut doc);
        let unplaced = crate::limits::document(&mut doc);
        debug_assert!(unplaced.is_empty(), "limits with no field: {unplaced:?}");
        doc.to_pretty_json()
            .expect("the OpenAPI document serialises")
            + "
"
    })
}

/// Whether a schema of the document (as JSON) has the type `wanted`, alone or among others
/// (`"array"`, or `["array", "null"]`).
pub fn has_type(schema: &serde_json::Value, wanted: &str) -> bool {
    match &schema["type"] {
        serde_json::Value::String(t) => t == wanted,
        serde_json::Value::Array(ts) => ts.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// A response of the document (as JSON) with its `$ref` to a shared response followed.
pub fn resolved_response<'a>(
    doc: &'a serde_json::Value,
    response: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match response["$ref"].as_str() {
        Some(to) => {
            &doc["components"]["responses"][to.trim_start_matches("#/components/responses/")]
        }
        None => response,
    }
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(openapi_json);
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::has_type;
    use crate::limits::{Max, TABLE};

    fn document() -> Value {
        serde_json::from_str(super::document()).unwrap()
    }

    /// The schema a reference or an optional (`oneOf` with null) leads to.
    fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
        if let Some(r) = schema["$ref"].as_str() {
            let name = r.trim_start_matches("#/components/schemas/");
            return resolve(doc, &doc["components"]["schemas"][name]);
        }
        if let Some(alternatives) = schema["oneOf"].as_array() {
            return alternatives.iter().flat_map(|a| resolve(doc, a)).collect();
        }
        vec![schema]
    }

    /// Every string (other than an enumeration) and list reachable from `schema` has
    /// its limit; the ones that lack it are pushed to `missing` by their path.
    fn walk(doc: &Value, schema: &Value, at: &str, depth: usize, missing: &mut Vec<String>) {
        assert!(depth < 10, "schemas nest too deep at {at}");
        for s in resolve(doc, schema) {
            let closed = s.get("enum").is_some() || s.get("const").is_some();
            if has_type(s, "string") && !closed && s.get("maxLength").is_none() {
                missing.push(format!("{at} (maxLength)"));
            }
            if has_type(s, "array") {
                if s.get("maxItems").is_none() {
                    missing.push(format!("{at} (maxItems)"));
                }
                walk(doc, &s["items"], &format!("{at}[]"), depth + 1, missing);
            }
            if let Some(properties) = s["properties"].as_object() {
                for (name, p) in properties {
                    walk(doc, p, &format!("{at}.{name}"), depth + 1, missing);
                }
            }
        }
    }

    #[test]
    fn every_text_field_and_list_of_every_request_body_has_a_documented_limit() {
        let doc = document();
        let mut bodies = 0;
        let mut missing = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let schema = &op["requestBody"]["content"]["application/json"]["schema"];
                if schema.is_null() {
                    continue;
                }
                walk(
                    &doc,
                    schema,
                    &format!("{method} {path}: body"),
                    0,
                    &mut missing,
                );
                bodies += 1;
            }
        }
        assert!(bodies >= 13, "only {bodies} request bodies");
        assert!(missing.is_empty(), "no limit for: {missing:#?}");
    }

    /// The document states each row of the table as it is: the same constant that the
    /// check enforces (both read the row).
    #[test]
    fn the_document_carries_each_limit_of_the_table() {
        let doc = document();
        for limit in TABLE {
            let mut schemas = vec![&doc["components"]["schemas"][limit.body]];
            for part in limit.path.split('.') {
                let (field, each) = match part.strip_suffix("[]") {
                    Some(f) => (f, true),
                    None => (part, false),
                };
                schemas = schemas
                    .into_iter()
                    .flat_map(|s| resolve(&doc, s))
                    .map(|s| &s["properties"][field])
                    .filter(|s| !s.is_null())
                    .flat_map(|s| resolve(&doc, s))
                    .map(|s| if each { &s["items"] } else { s })
                    .collect();
            }
            let (keyword, max) = match limit.max {
                Max::Chars(n) => ("maxLength", n),
                Max::Items(n) => ("maxItems", n),
            };
            let stated: Vec<&Value> = schemas
                .iter()
                .flat_map(|s| resolve(&doc, s))
                .filter_map(|s| s.get(keyword))
                .collect();
            assert_eq!(
                stated,
                vec![&Value::from(max)],
                "{}.{}: {keyword}",
                limit.body,
                limit.path
            );
        }
    }
}
