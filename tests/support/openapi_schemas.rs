//! Checks values against the schemas of Waypoint's own OpenAPI document, as the server
//! serves it: the document's examples, and the bodies webhooks deliver.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::Validator;
use serde_json::{Value, json};

/// The served document.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::from_str(waypoint_api::openapi::document()).expect("the document is JSON")
    })
}

/// A validator for `schema`, whose `#/components/…` references resolve in the document.
fn validator(schema: &Value) -> Arc<Validator> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Validator>>>> = OnceLock::new();
    let key = schema.to_string();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(&key) {
        return v.clone();
    }
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": document()["components"],
    });
    let v = Arc::new(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema {schema} does not build: {e}")),
    );
    cache.lock().unwrap().insert(key, v.clone());
    v
}

/// The violations of `instance` against `schema` (none when it is valid).
pub fn violations(schema: &Value, instance: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Fails the test unless a webhook's body is valid against the document's `webhooks`
/// entry for its event type.
pub fn assert_valid_webhook_body(body: &Value) {
    let event = body["type"].as_str().expect("a webhook body has a type");
    let schema = &document()["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert!(
        schema.is_object(),
        "the document describes no webhook {event}"
    );
    let errors = violations(schema, body);
    assert!(
        errors.is_empty(),
        "the {event} body does not match the document:\n{}\n{body:#}",
        errors.join("\n")
    );
}
