//! Examples for the document: one realistic value per schema (fictional people and
//! organizations, captured from a run of the whole API on the seed data and trimmed), set
//! on every request body and success response that has none, so `/docs/` can be used to
//! try the referral flow by hand. A test validates each against its schema.

use std::sync::OnceLock;

use serde_json::{Map, Value};
use utoipa::openapi::content::Content;
use utoipa::openapi::{OpenApi, RefOr};

/// Schema name → example.
fn all() -> &'static Map<String, Value> {
    static ALL: OnceLock<Map<String, Value>> = OnceLock::new();
    ALL.get_or_init(|| {
        serde_json::from_str(include_str!("examples.json")).expect("examples.json is an object")
    })
}

/// The example of the schema `name` (`null` if there is none).
pub fn of_schema(name: &str) -> Value {
    all().get(name).cloned().unwrap_or(Value::Null)
}

/// Sets the example of every request body and success response from its schema. Returns
/// the media types left without one (`METHOD /path body|STATUS`).
pub fn document(doc: &mut OpenApi) -> Vec<String> {
    let mut missing = Vec::new();
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in super::contract::operations_named(item) {
            let at = format!("{} {path}", method.to_uppercase());
            if let Some(RefOr::T(body)) = &mut op.request_body {
                for content in body.content.values_mut().filter_map(|c| match c {
                    RefOr::T(c) => Some(c),
                    RefOr::Ref(_) => None,
                }) {
                    if !fill(content) {
                        missing.push(format!("{at} body"));
                    }
                }
            }
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                if !status.starts_with('2') {
                    continue;
                }
                let mut json_example = Value::Null;
                for (media, content) in response.content.iter_mut() {
                    // The document's own operation has no schema to exemplify.
                    if let RefOr::T(content) = content
                        && content.schema.is_some()
                        && is_json(media)
                    {
                        if !fill(content) {
                            missing.push(format!("{at} {status}"));
                        }
                        json_example = content.example.clone().unwrap_or_default();
                    }
                }
                // Text answers (NDJSON, the printable accounting) are the JSON one written
                // as text.
                for (media, content) in response.content.iter_mut() {
                    if let RefOr::T(content) = content
                        && !is_json(media)
                        && content.example.is_none()
                    {
                        content.example = as_text(media, &json_example).map(Value::String);
                        if content.example.is_none() {
                            missing.push(format!("{at} {status} {media}"));
                        }
                    }
                }
            }
        }
    }
    missing
}

fn is_json(media: &str) -> bool {
    media == "application/json"
}

/// The example of a text answer from its JSON twin: a page's records one per line for
/// NDJSON, the printable accounting for `text/plain`; `/metrics` has no twin, and shows a
/// scrape of a server that answered one search.
fn as_text(media: &str, json: &Value) -> Option<String> {
    match media {
        "application/x-ndjson" => {
            let lines: Vec<String> = json["contents"]
                .as_array()?
                .iter()
                .map(Value::to_string)
                .collect();
            Some(lines.join("\n") + "\n")
        }
        "text/plain" => {
            let accounting = serde_json::from_value(json.clone()).ok()?;
            Some(crate::disclosures::accounting::as_text(&accounting))
        }
        crate::metrics::CONTENT_TYPE => Some(crate::metrics::example()),
        _ => None,
    }
}

/// Gives `content` the example of its schema, unless it has one. Whether it has one now.
fn fill(content: &mut Content) -> bool {
    if content.example.is_some() || !content.examples.is_empty() {
        return true;
    }
    let schema = serde_json::to_value(&content.schema).unwrap_or_default();
    let example = example_of(&schema);
    if example.is_null() {
        return false;
    }
    content.example = Some(example);
    true
}

/// A schema's example: a named schema's, a list of one, or an optional's.
fn example_of(schema: &Value) -> Value {
    if let Some(name) = schema["$ref"].as_str() {
        return of_schema(name.trim_start_matches("#/components/schemas/"));
    }
    if schema["type"] == "array" {
        let item = example_of(&schema["items"]);
        return if item.is_null() {
            Value::Null
        } else {
            Value::Array(vec![item])
        };
    }
    if let Some(alternatives) = schema["oneOf"].as_array() {
        return alternatives
            .iter()
            .map(example_of)
            .find(|e| !e.is_null())
            .unwrap_or(Value::Null);
    }
    Value::Null
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_and_optionals_take_the_example_of_what_they_hold() {
        let name = all().keys().next().expect("some example").clone();
        let one = of_schema(&name);
        let reference = json!({"$ref": format!("#/components/schemas/{name}")});
        assert_eq!(example_of(&reference), one);
        assert_eq!(
            example_of(&json!({"type": "array", "items": reference})),
            json!([one])
        );
        assert_eq!(
            example_of(&json!({"oneOf": [reference, {"type": "null"}]})),
            one
        );
        assert!(example_of(&json!({"$ref": "#/components/schemas/NoSuch"})).is_null());
    }

    #[test]
    fn every_request_body_and_success_response_has_an_example() {
        let doc: Value = serde_json::from_str(crate::openapi::document()).unwrap();
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for (ct, media) in op["requestBody"]["content"]
                    .as_object()
                    .into_iter()
                    .flatten()
                {
                    assert!(media.get("example").is_some(), "{method} {path} body {ct}");
                    seen += 1;
                }
                for (status, r) in op["responses"].as_object().unwrap() {
                    if !status.starts_with('2') || path == "/openapi.json" {
                        continue;
                    }
                    for (ct, media) in r["content"].as_object().into_iter().flatten() {
                        assert!(
                            media.get("example").is_some(),
                            "{method} {path} {status} {ct}"
                        );
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen >= 65, "only {seen} media types");
    }
}
