//! The problems each operation can answer, written into its responses from the table of
//! problem types (`crate::problems`): for each error status, the `type`s it can carry
//! (`x-problem-types`: a list, not a closed enumeration of the schema, so a client built
//! today still reads a type added later), an example of each, and the headers that come
//! with them (`Retry-After`, `WWW-Authenticate`). The test server holds every answer to
//! this list (`routes::contract_check`).

use std::collections::BTreeMap;

use serde_json::json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr, Response};

use crate::problems::{Row, Scope, TABLE, TYPE_BASE};

/// The probes, which rate limits never hold back, and the paths answered without the
/// store (`/ready` answers from memory, but answers `unavailable` while the store is away).
const PROBES: [&str; 2] = ["/health", "/ready"];
const WITHOUT_STORE: [&str; 4] = ["/health", "/openapi.json", "/hsds", "/hsds/"];

/// What an operation is, as the scopes of the table ask it.
pub struct Described<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub keyed: bool,
    pub has_body: bool,
    /// Error statuses its own annotation lists.
    pub declared: Vec<u16>,
}

impl Described<'_> {
    /// Whether the operation can answer problems of `scope`.
    pub fn answers(&self, scope: Scope) -> bool {
        match scope {
            Scope::Every => true,
            Scope::Limited => !PROBES.contains(&self.path),
            Scope::Stored => !WITHOUT_STORE.contains(&self.path),
            Scope::Keyed => self.keyed,
            Scope::Named => self.path.contains('{'),
            Scope::WithBody => self.has_body,
            Scope::Declared => false,
            Scope::Only(operations) => operations
                .iter()
                .any(|o| *o == format!("{} {}", self.method.to_uppercase(), self.path)),
            Scope::Undocumented => false,
        }
    }

    /// The problem kinds it can answer, by status.
    pub fn problems(&self) -> BTreeMap<u16, Vec<&'static Row>> {
        let mut by_status: BTreeMap<u16, Vec<&'static Row>> = BTreeMap::new();
        for row in &TABLE {
            let declared = row.scope == Scope::Declared && self.declared.contains(&row.status);
            if declared || self.answers(row.scope) {
                by_status.entry(row.status).or_default().push(row);
            }
        }
        by_status
    }
}

/// Writes every operation's problems into its responses. Returns the error responses an
/// annotation declares that no kind of the table can fill (`METHOD /path STATUS`): the
/// table's scopes must then name the operation.
pub fn document(doc: &mut OpenApi) -> Vec<String> {
    let mut unfilled = Vec::new();
    // Responses of one kind are shared (`#/components/responses/RateLimited`), so the
    // document says each once; a status of several kinds is written where it is answered.
    let mut shared: BTreeMap<String, RefOr<Response>> = BTreeMap::new();
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in super::contract::operations_named(item) {
            let described = describe(method, path, op);
            let problems = described.problems();
            for status in &described.declared {
                if !problems.contains_key(status) && is_problem(op, *status) {
                    unfilled.push(format!("{} {path} {status}", method.to_uppercase()));
                }
            }
            for (status, rows) in problems {
                if !is_problem(op, status) {
                    // A status the operation answers with its own body (`/ready`'s 503).
                    continue;
                }
                let key = status.to_string();
                let described_as = match op.responses.responses.get(&key) {
                    Some(RefOr::T(r)) if r.description != super::contract::reason(&key) => {
                        r.description.clone()
                    }
                    _ => String::new(),
                };
                let answer = match rows.as_slice() {
                    [one] => {
                        let name = component_name(one.slug);
                        shared
                            .entry(name.clone())
                            .or_insert_with(|| RefOr::T(response(status, &rows, "")));
                        let mut reference =
                            utoipa::openapi::Ref::new(format!("#/components/responses/{name}"));
                        reference.description = described_as;
                        RefOr::Ref(reference)
                    }
                    _ => RefOr::T(response(status, &rows, &described_as)),
                };
                op.responses.responses.insert(key, answer);
            }
        }
    }
    doc.components
        .get_or_insert_with(Default::default)
        .responses
        .extend(shared);
    unfilled
}

/// `rate-limited` → `RateLimited`.
fn component_name(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn describe<'a>(method: &'a str, path: &'a str, op: &Operation) -> Described<'a> {
    Described {
        method,
        path,
        keyed: op.security.as_ref().is_some_and(|s| !s.is_empty()),
        has_body: op.request_body.is_some(),
        declared: op
            .responses
            .responses
            .keys()
            .filter_map(|s| s.parse::<u16>().ok())
            .filter(|s| *s >= 400)
            .collect(),
    }
}

/// Whether the operation's response for `status` is a problem (or not written yet).
fn is_problem(op: &Operation, status: u16) -> bool {
    match op.responses.responses.get(&status.to_string()) {
        Some(RefOr::T(r)) => r.content.is_empty() || r.content.contains_key(PROBLEM_JSON),
        _ => true,
    }
}

const PROBLEM_JSON: &str = "application/problem+json";

/// The response for one status: the problem schema narrowed to these kinds, one example
/// each, and the status's headers. Keeps an annotation's own description.
fn response(status: u16, rows: &[&Row], described_as: &str) -> Response {
    let types: Vec<String> = rows
        .iter()
        .map(|r| format!("{TYPE_BASE}{}", r.slug))
        .collect();
    let description = if described_as.trim().is_empty() {
        rows.iter()
            .map(|r| format!("`{}`: {}", r.slug, r.when))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        described_as.to_string()
    };
    let examples: serde_json::Map<String, serde_json::Value> = rows
        .iter()
        .map(|r| {
            (
                r.slug.to_string(),
                json!({
                    "summary": r.title,
                    "value": {
                        "type": format!("{TYPE_BASE}{}", r.slug),
                        "title": r.title,
                        "status": status,
                        "detail": r.example,
                    }
                }),
            )
        })
        .collect();
    let mut value = json!({
        "description": description,
        "content": {
            PROBLEM_JSON: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "examples": examples,
            }
        },
        "x-problem-types": types,
    });
    let header =
        |description: &str| json!({"description": description, "schema": {"type": "string"}});
    let headers = match status {
        401 => Some(json!({"WWW-Authenticate": header("`Bearer`")})),
        429 | 503 => Some(json!({"Retry-After": header("Seconds to wait before trying again")})),
        _ => None,
    };
    if let Some(h) = headers {
        value["headers"] = h;
    }
    serde_json::from_value(value).expect("a problem response is a valid Response object")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op<'a>(method: &'a str, path: &'a str, keyed: bool, has_body: bool) -> Described<'a> {
        Described {
            method,
            path,
            keyed,
            has_body,
            declared: vec![],
        }
    }

    fn slugs(d: &Described, status: u16) -> Vec<&'static str> {
        d.problems()
            .get(&status)
            .map(|rows| rows.iter().map(|r| r.slug).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_referral_can_be_refused_for_each_reason_of_the_table() {
        let create = op("post", "/v1/referrals", true, true);
        assert_eq!(
            slugs(&create, 422),
            [
                "unknown-service",
                "no-receiving-partner",
                "consent-required",
                "consent-invalid",
                "idempotency-key-reused"
            ]
        );
        assert_eq!(slugs(&create, 409), ["idempotency-key-in-flight"]);
        assert_eq!(slugs(&create, 413), ["payload-too-large"]);
        assert_eq!(slugs(&create, 401), ["unauthorized"]);
        assert!(slugs(&create, 404).is_empty(), "its path names nothing");
    }

    #[test]
    fn probes_are_not_limited_and_need_no_store() {
        let health = op("get", "/health", false, false);
        assert!(slugs(&health, 429).is_empty());
        assert!(slugs(&health, 503).is_empty());
        assert!(slugs(&health, 401).is_empty());
        assert_eq!(slugs(&health, 500), ["internal"]);
        let search = op("get", "/v1/search", true, false);
        assert_eq!(slugs(&search, 429), ["rate-limited"]);
        assert!(slugs(&search, 413).is_empty());
    }

    #[test]
    fn forbidden_is_listed_only_where_the_operation_declares_it() {
        let mut me = op("get", "/v1/partners/me", true, false);
        assert!(slugs(&me, 403).is_empty());
        me.declared = vec![403];
        assert_eq!(slugs(&me, 403), ["forbidden"]);
    }

    #[test]
    fn shared_responses_are_named_after_their_slug() {
        assert_eq!(component_name("rate-limited"), "RateLimited");
        assert_eq!(component_name("internal"), "Internal");
    }

    #[test]
    fn a_rate_limited_answer_documents_retry_after() {
        let rows: Vec<&Row> = TABLE.iter().filter(|r| r.status == 429).collect();
        let r = serde_json::to_value(response(429, &rows, "")).unwrap();
        assert!(r["headers"]["Retry-After"]["description"].is_string());
        assert_eq!(r["x-problem-types"][0], format!("{TYPE_BASE}rate-limited"));
        assert_eq!(
            r["content"][PROBLEM_JSON]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
        assert!(r["description"].as_str().unwrap().contains("rate-limited"));
    }

    #[test]
    fn every_error_response_of_the_served_document_names_its_problem_types() {
        let doc: serde_json::Value = serde_json::from_str(crate::openapi::document()).unwrap();
        let mut operations = Vec::new();
        let mut errors = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                operations.push(format!("{} {path}", method.to_uppercase()));
                for (status, r) in op["responses"].as_object().unwrap() {
                    let r = crate::openapi::resolved_response(&doc, r);
                    if r["content"].get(PROBLEM_JSON).is_none() {
                        continue;
                    }
                    let types = &r["x-problem-types"];
                    assert!(
                        types.as_array().is_some_and(|t| !t.is_empty()),
                        "{method} {path} {status}: no problem type"
                    );
                    errors += 1;
                }
                assert!(
                    op["responses"]["500"].is_object(),
                    "{method} {path}: no 500"
                );
            }
        }
        assert!(errors > 300, "only {errors} error responses");
        for row in &TABLE {
            if let Scope::Only(named) = row.scope {
                for o in named {
                    assert!(
                        operations.contains(&o.to_string()),
                        "{}: {o} is no operation",
                        row.slug
                    );
                }
            }
        }
    }
}
