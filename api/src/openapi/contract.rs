//! What every OpenAPI document we serve must hold for integrators' tools to accept it
//! (`openapi-spec-validator` in CI): a description on every response, an operation id
//! that is unique in the whole document, and the table of problem types
//! (`x-problem-types`). Applied once to the merged document.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::{OpenApi, RefOr};

/// Fills what the areas' annotations leave out.
pub fn complete(doc: &mut OpenApi) {
    doc.extensions
        .get_or_insert_with(Default::default)
        .insert("x-problem-types".into(), crate::problems::as_json());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, item) in doc.paths.paths.iter_mut() {
        for op in operations(item) {
            if let Some(id) = &op.operation_id {
                *seen.entry(id.clone()).or_default() += 1;
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for op in operations(item) {
            if let Some(id) = &op.operation_id
                && seen.get(id).copied().unwrap_or(0) > 1
            {
                op.operation_id = Some(unique_id(path, id));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(r) = response
                    && r.description.trim().is_empty()
                {
                    r.description = reason(status);
                }
            }
        }
    }
}

/// An operation id made unique by its path: `list` at `/hsds/services` is
/// `hsds_services_list`; path parameters are left out.
fn unique_id(path: &str, id: &str) -> String {
    let mut parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    parts.push(id);
    parts.join("_").replace(['.', '-'], "_")
}

/// The status's reason phrase ("OK", "Not Found"), or "Response" for a range ("4XX").
pub(super) fn reason(status: &str) -> String {
    status
        .parse::<u16>()
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Response")
        .to_string()
}

/// Every operation of a path (both passes of `complete` use it: the first only reads).
fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    operations_named(item).map(|(_, op)| op)
}

/// Every operation of a path with its method, in lower case as the document writes it.
pub fn operations_named(
    item: &mut PathItem,
) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_unique_by_their_path() {
        assert_eq!(unique_id("/hsds/services/{id}", "one"), "hsds_services_one");
        assert_eq!(
            unique_id("/hsds/taxonomy_terms", "list"),
            "hsds_taxonomy_terms_list"
        );
    }

    #[test]
    fn a_missing_description_is_the_status_reason() {
        assert_eq!(reason("200"), "OK");
        assert_eq!(reason("404"), "Not Found");
        assert_eq!(reason("4XX"), "Response");
    }

    #[test]
    fn the_served_document_has_every_description_and_unique_ids() {
        let doc: serde_json::Value = serde_json::from_str(crate::openapi::document()).unwrap();
        let types = doc["x-problem-types"].as_array().unwrap();
        assert_eq!(types.len(), crate::problems::TABLE.len());
        assert!(
            types
                .iter()
                .any(|t| t["type"].as_str().unwrap().ends_with("/consent-required"))
        );
        let mut ids = std::collections::HashSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                if let Some(id) = op["operationId"].as_str() {
                    assert!(ids.insert(id.to_string()), "{method} {path}: {id} twice");
                }
                for (status, r) in op["responses"].as_object().unwrap() {
                    let r = crate::openapi::resolved_response(&doc, r);
                    let d = r["description"].as_str().unwrap_or("");
                    assert!(!d.is_empty(), "{method} {path} {status}: no description");
                }
            }
        }
    }
}
