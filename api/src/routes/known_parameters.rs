//! The OpenAPI document is the contract for query strings: a query parameter that the
//! document does not list for the operation, or one given twice that the document does
//! not make a list, is refused with a 400 problem naming it, on every endpoint (handlers
//! that parse their own parameters check their values; this checks their names), so a
//! misspelt filter never silently widens an answer and `q=food&q=rehab` never silently
//! drops a word.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

use crate::error::ApiError;

/// One operation of the document: its method, path template, query parameter names, and
/// the answers it documents.
pub struct Operation {
    pub method: String,
    pub template: String,
    path: PathTemplate,
    /// Templates with fewer variable segments are tried first (`/v1/partners/me` before
    /// `/v1/partners/{id}`).
    variables: usize,
    query: BTreeSet<String>,
    /// Parameters the document makes lists (`category=food&category=housing`).
    repeatable: BTreeSet<String>,
    /// Status (`200`, `4XX`, `default`) → the problem `type`s it may carry, for the
    /// statuses documented as problems.
    pub answers: BTreeMap<String, Option<BTreeSet<String>>>,
}

fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let doc: serde_json::Value =
            serde_json::from_str(crate::openapi::document()).unwrap_or_default();
        let mut found = Vec::new();
        for (template, methods) in doc["paths"].as_object().into_iter().flatten() {
            for (method, operation) in methods.as_object().into_iter().flatten() {
                let params: Vec<&serde_json::Value> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .collect();
                let names = |list: bool| {
                    params
                        .iter()
                        .filter(|p| !list || crate::openapi::has_type(&p["schema"], "array"))
                        .filter_map(|p| p["name"].as_str().map(str::to_string))
                        .collect()
                };
                let answers = operation["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, r)| (status.clone(), problem_types(&doc, r)))
                    .collect();
                found.push(Operation {
                    method: method.to_uppercase(),
                    template: template.clone(),
                    path: PathTemplate::new(template),
                    variables: template.matches('{').count(),
                    query: names(false),
                    repeatable: names(true),
                    answers,
                });
            }
        }
        found.sort_by_key(|o| o.variables);
        found
    })
}

/// The problem `type`s a documented response may carry (its `x-problem-types`), if it is
/// a problem response.
fn problem_types(
    doc: &serde_json::Value,
    response: &serde_json::Value,
) -> Option<BTreeSet<String>> {
    let response = crate::openapi::resolved_response(doc, response);
    let types = response["x-problem-types"].as_array()?;
    Some(
        types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
    )
}

/// An OpenAPI path template, matched segment by segment: a `{variable}` segment matches
/// any one non-empty segment, any other only itself. Every request is matched against
/// every operation's template, so this is plain comparison rather than a pattern engine
/// (actix's `ResourceDef` ran a regular expression per template: a third of the HTTP
/// workers' time under load).
struct PathTemplate {
    /// `None` for a variable segment.
    segments: Vec<Option<String>>,
}

impl PathTemplate {
    fn new(template: &str) -> PathTemplate {
        let segments = template
            .split('/')
            .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_string()))
            .collect();
        PathTemplate { segments }
    }

    fn is_match(&self, path: &str) -> bool {
        let mut parts = path.split('/');
        self.segments
            .iter()
            .all(|segment| match (segment, parts.next()) {
                (Some(literal), Some(part)) => literal == part,
                (None, Some(part)) => !part.is_empty(),
                (_, None) => false,
            })
            && parts.next().is_none()
    }
}

/// The document's operations at a concrete (decoded) path. As OpenAPI matches paths, the
/// most concrete template wins: those with the fewest variables among the matching ones
/// (`/v1/partners/me` takes only what its own entry lists, though `/v1/partners/{id}`
/// would match it too).
fn operations_at(path: &str) -> Vec<&'static Operation> {
    let mut matching = operations().iter().filter(|o| o.path.is_match(path));
    // Sorted by their variables: the first match has the fewest.
    let Some(first) = matching.next() else {
        return Vec::new();
    };
    std::iter::once(first)
        .chain(matching.take_while(|o| o.variables == first.variables))
        .collect()
}

/// The document's operation for `method` at a concrete (decoded) path: `DELETE
/// /v1/partners/me` is no operation (the `me` entry takes only GET), not `DELETE
/// /v1/partners/{id}`.
pub fn operation_at(method: &str, path: &str) -> Option<&'static Operation> {
    operation_among(&operations_at(path), method)
}

fn operation_among(operations: &[&'static Operation], method: &str) -> Option<&'static Operation> {
    operations.iter().find(|o| o.method == method).copied()
}

/// The methods the document serves at a concrete path (empty when it serves none there).
pub fn methods_at(path: &str) -> Vec<String> {
    methods_among(&operations_at(path))
}

fn methods_among(operations: &[&'static Operation]) -> Vec<String> {
    let mut methods: Vec<String> = operations.iter().map(|o| o.method.clone()).collect();
    methods.sort();
    methods.dedup();
    methods
}

/// The first query parameter of `query` that the operation at `method` `path` refuses,
/// with why: one it does not take, or one given twice that is not a list. `None` when
/// all are fine or the path is not an operation of the document. (The middleware asks
/// `refused_by` of the operation it has already found.)
#[cfg(test)]
fn refused_parameter(method: &str, path: &str, query: &str) -> Option<(String, String)> {
    refused_by(operation_at(method, path)?, query)
}

/// The first query parameter of `query` that `operation` refuses, with why.
fn refused_by(operation: &Operation, query: &str) -> Option<(String, String)> {
    if query.is_empty() {
        return None;
    }
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query).ok()?;
    let mut seen = BTreeSet::new();
    for (name, _) in pairs.into_inner() {
        if !operation.query.contains(&name) {
            let why = format!("this endpoint takes no parameter `{name}`");
            return Some((name, why));
        }
        if !seen.insert(name.clone()) && !operation.repeatable.contains(&name) {
            let why = format!("`{name}` is given more than once; it takes one value");
            return Some((name, why));
        }
    }
    None
}

pub async fn refuse_unknown_parameters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // The decoded path, as routing matches it.
    let path = req.match_info().as_str().to_string();
    // A method the document does not give for this path is a 405, even where routing
    // would hand it to a templated neighbour (`DELETE /v1/partners/me` is not
    // `DELETE /v1/partners/{id}` with the id `me`).
    let at_path = operations_at(&path);
    let operation = operation_among(&at_path, req.method().as_str());
    if !at_path.is_empty() && operation.is_none() {
        let allow = methods_among(&at_path);
        let res = crate::routes::method_not_allowed(req.request(), allow).error_response();
        return Ok(req.into_response(res));
    }
    if let Some((name, why)) = operation.and_then(|o| refused_by(o, req.query_string())) {
        let e = ApiError::invalid(name, why);
        return Ok(req.into_response(e.error_response()));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_against_the_document() {
        let refused = |method, path, query| refused_parameter(method, path, query).map(|r| r.0);
        assert_eq!(
            refused("GET", "/v1/referrals", "status=accepted&foo=bar"),
            Some("foo".into())
        );
        assert_eq!(refused("GET", "/v1/referrals", "status=accepted"), None);
        // An operation without parameters takes none.
        assert_eq!(refused("GET", "/v1/partners/me", "x=1"), Some("x".into()));
        assert_eq!(
            refused("GET", "/v1/search", "q=food&category=food&category=housing"),
            None
        );
        // Paths outside the document (Swagger UI's assets) are left to their handlers.
        assert_eq!(refused("GET", "/docs/index.html", "url=x"), None);
    }

    #[test]
    fn a_template_matches_one_non_empty_segment_per_variable() {
        let template = PathTemplate::new("/v1/waitlists/{id}/entries/{entry}/admit");
        assert!(template.is_match("/v1/waitlists/w-1/entries/e 2/admit"));
        assert!(!template.is_match("/v1/waitlists/w-1/entries//admit"));
        assert!(!template.is_match("/v1/waitlists/w-1/entries/e-2/admit/"));
        assert!(!template.is_match("/v1/waitlists/w-1/entries/e-2"));
        assert!(!template.is_match("/v1/waitlists/w-1/entries/e-2/admitted"));
        let plain = PathTemplate::new("/v1/search");
        assert!(plain.is_match("/v1/search"));
        assert!(!plain.is_match("/v1/search/"));
        assert!(!plain.is_match("/v1"));
    }

    #[test]
    fn a_concrete_path_takes_only_its_own_methods() {
        assert_eq!(methods_at("/v1/partners/me"), vec!["GET"]);
        assert_eq!(methods_at("/v1/partners/p-1"), vec!["DELETE", "GET"]);
        assert!(methods_at("/nowhere").is_empty());
    }

    #[test]
    fn only_lists_may_be_repeated() {
        let (name, why) = refused_parameter("GET", "/v1/search", "q=food&q=rehab").unwrap();
        assert_eq!(name, "q");
        assert!(why.contains("more than once"), "{why}");
        assert_eq!(
            refused_parameter("GET", "/v1/search", "accepts=medicaid&accepts=medicare"),
            None
        );
        assert!(refused_parameter("GET", "/hsds/services", "page=1&page=2").is_some());
    }
}
