//! The OpenAPI document is the contract for query strings: a query parameter that the
//! document does not list for the operation is refused with a 400 problem naming it, on
//! every endpoint (handlers that parse their own parameters check their values; this
//! checks their names), so a misspelt filter never silently widens an answer.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

use crate::error::ApiError;

/// One operation of the document: its method, path template and query parameter names.
struct Operation {
    method: String,
    path: ResourceDef,
    /// Templates with fewer variable segments are tried first (`/v1/partners/me` before
    /// `/v1/partners/{id}`).
    variables: usize,
    query: BTreeSet<String>,
}

fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let doc: serde_json::Value =
            serde_json::from_str(&crate::openapi::document()).unwrap_or_default();
        let mut found = Vec::new();
        for (template, methods) in doc["paths"].as_object().into_iter().flatten() {
            for (method, operation) in methods.as_object().into_iter().flatten() {
                let query = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| p["name"].as_str().map(str::to_string))
                    .collect();
                found.push(Operation {
                    method: method.to_uppercase(),
                    path: ResourceDef::new(template.as_str()),
                    variables: template.matches('{').count(),
                    query,
                });
            }
        }
        found.sort_by_key(|o| o.variables);
        found
    })
}

/// The first query parameter of `query` that the operation at `method` `path` does not
/// take; `None` when all are known or the path is not an operation of the document.
pub fn unknown_parameter(method: &str, path: &str, query: &str) -> Option<String> {
    if query.is_empty() {
        return None;
    }
    let operation = operations()
        .iter()
        .find(|o| o.method == method && o.path.is_match(path))?;
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query).ok()?;
    pairs
        .into_inner()
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| !operation.query.contains(name))
}

pub async fn refuse_unknown_parameters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // The decoded path, as routing matches it.
    let path = req.match_info().as_str().to_string();
    if let Some(name) = unknown_parameter(req.method().as_str(), &path, req.query_string()) {
        let e = ApiError::invalid(
            name.clone(),
            format!("this endpoint takes no parameter `{name}`"),
        );
        return Ok(req.into_response(e.error_response()));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_against_the_document() {
        assert_eq!(
            unknown_parameter("GET", "/v1/referrals", "status=accepted&foo=bar"),
            Some("foo".into())
        );
        assert_eq!(
            unknown_parameter("GET", "/v1/referrals", "status=accepted"),
            None
        );
        // An operation without parameters takes none.
        assert_eq!(
            unknown_parameter("GET", "/v1/partners/me", "x=1"),
            Some("x".into())
        );
        assert_eq!(
            unknown_parameter("GET", "/v1/search", "q=food&category=food&category=housing"),
            None
        );
        // Paths outside the document (Swagger UI's assets) are left to their handlers.
        assert_eq!(unknown_parameter("GET", "/docs/index.html", "url=x"), None);
    }
}
