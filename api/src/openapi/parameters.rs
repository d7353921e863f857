//! Query parameters whose values are a closed set kept as data in the indexer (categories,
//! facets, and the filters of `seed-data/filters.csv`, fellowships and meeting types):
//! the document lists each set as an enumeration, read from the same data the search
//! checks values against, so the two cannot differ. Also states that the period bounds
//! take a date or a date-time, and puts enumerations' defaults where validators look.

use serde_json::{Value, json};
use strum::VariantArray;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::{OpenApi, RefOr};
use waypoint_indexer::model::category::Category;
use waypoint_indexer::model::filters::FilterMap;
use waypoint_indexer::search::filters::FACETS;

/// The values a parameter takes, where they are a closed set.
fn values_of(parameter: &str) -> Option<Vec<String>> {
    let words: Vec<String> = match parameter {
        "category" => Category::VARIANTS
            .iter()
            .map(|c| c.slug().to_string())
            .collect(),
        "facets" => FACETS.iter().map(|f| f.to_string()).collect(),
        "attendance" | "gender" | "accepts" | "moud" | "fellowship" | "meeting_type" => {
            FilterMap::shipped()
                .values(parameter)
                .into_iter()
                .map(str::to_string)
                .collect()
        }
        _ => return None,
    };
    (!words.is_empty()).then_some(words)
}

/// Query parameters that take a date (`2026-11-01`) or an RFC 3339 date-time. Each is read
/// as typed (`waypoint_indexer::params::text`), so blank is as if absent.
const DATES: [&str; 3] = ["modified_after", "from", "to"];

/// The schema of a `DATES` parameter: the formats (utoipa's `schema_with` would drop the
/// parameter's description, so the schema is set here).
fn date_or_date_time() -> Value {
    json!({"anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "maxLength": 0},
    ]})
}

/// Writes the enumerations into every query parameter that takes one of these sets, and
/// the formats into those that take a date.
pub fn document(doc: &mut OpenApi) {
    for (_, item) in doc.paths.paths.iter_mut() {
        for (_, op) in super::contract::operations_named(item) {
            for parameter in op.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else {
                    continue;
                };
                if parameter.parameter_in != ParameterIn::Query {
                    continue;
                }
                let Some(RefOr::T(schema)) = &parameter.schema else {
                    continue;
                };
                let mut value = serde_json::to_value(schema).unwrap_or_default();
                hoist_default(&mut value);
                if let Some(words) = values_of(&parameter.name) {
                    narrow(&mut value, &words);
                }
                if DATES.contains(&parameter.name.as_str()) && value["type"] == json!("string") {
                    value = date_or_date_time();
                }
                if let Ok(narrowed) = serde_json::from_value(value) {
                    parameter.schema = Some(RefOr::T(narrowed));
                }
            }
        }
    }
}

/// utoipa writes the default of an enumeration-typed parameter as a member of its `allOf`
/// typed `object` (`{"allOf": [{"$ref": …}, {"type": "object", "default": "json"}]}`),
/// which says the value must be an object: the default is moved to the schema itself.
fn hoist_default(schema: &mut Value) {
    let Some(members) = schema.get_mut("allOf").and_then(Value::as_array_mut) else {
        return;
    };
    let Some(at) = members.iter().position(|m| {
        m.as_object().is_some_and(|o| {
            o.len() == 2 && o.contains_key("default") && o.get("type") == Some(&json!("object"))
        })
    }) else {
        return;
    };
    let default = members.remove(at)["default"].take();
    // An enumeration written in place, alone in the `allOf`, becomes the schema itself:
    // generators read an `allOf` of an inline schema as an object (openapi-python-client
    // made `sort` a model and sent `{}`), while one of a `$ref` is read as the reference.
    if members.len() == 1
        && members[0].get("$ref").is_none()
        && let Value::Object(inline) = members.remove(0)
        && let Some(outer) = schema.as_object_mut()
    {
        outer.remove("allOf");
        for (key, value) in inline {
            outer.entry(key).or_insert(value);
        }
    }
    schema["default"] = default;
}

/// Sets `enum` on a string schema, or on the items of a list of strings.
fn narrow(schema: &mut Value, words: &[String]) {
    if super::has_type(schema, "array") {
        narrow(&mut schema["items"], words);
    } else if super::has_type(schema, "string") {
        schema["enum"] = json!(words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_single_values_take_the_set() {
        let words = vec!["in_person".to_string(), "online".to_string()];
        let mut single = json!({"type": "string"});
        narrow(&mut single, &words);
        assert_eq!(single["enum"], json!(["in_person", "online"]));
        let mut list = json!({"type": "array", "items": {"type": "string"}});
        narrow(&mut list, &words);
        assert_eq!(list["items"]["enum"], json!(["in_person", "online"]));
        let mut number = json!({"type": "integer"});
        narrow(&mut number, &words);
        assert!(number.get("enum").is_none());
    }

    #[test]
    fn an_enumerations_default_is_the_schemas_own() {
        let mut schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Format"},
            {"type": "object", "default": "json"}
        ]});
        hoist_default(&mut schema);
        assert_eq!(schema["default"], "json");
        assert_eq!(schema["allOf"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn an_enumeration_written_in_place_is_the_schema_with_its_default() {
        let mut schema = json!({"allOf": [
            {"type": "string", "enum": ["relevance", "distance"]},
            {"type": "object", "default": "relevance"}
        ]});
        hoist_default(&mut schema);
        assert_eq!(
            schema,
            json!({"type": "string", "enum": ["relevance", "distance"], "default": "relevance"})
        );
    }

    #[test]
    fn period_bounds_take_a_date_or_a_date_time_and_keep_their_description() {
        let doc: Value = serde_json::from_str(crate::openapi::document()).unwrap();
        for (path, name) in [
            ("/hsds/services", "modified_after"),
            ("/hsds/service_at_locations", "modified_after"),
            ("/v1/disclosures/accounting", "from"),
            ("/v1/disclosures/accounting", "to"),
            ("/v1/reports/waitlist", "from"),
            ("/v1/reports/waitlist", "to"),
        ] {
            let parameter = doc["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .unwrap()
                .clone();
            assert_eq!(parameter["schema"], date_or_date_time(), "{path} {name}");
            assert!(parameter["description"].is_string(), "{path} {name}");
        }
    }

    #[test]
    fn search_documents_each_closed_set_from_the_data() {
        let doc: Value = serde_json::from_str(crate::openapi::document()).unwrap();
        let params = doc["paths"]["/v1/search"]["get"]["parameters"]
            .as_array()
            .unwrap();
        let schema = |name: &str| {
            params
                .iter()
                .find(|p| p["name"] == name)
                .map(|p| p["schema"].clone())
                .unwrap()
        };
        assert!(
            schema("category")["items"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("substance-use-treatment"))
        );
        let attendance = schema("attendance")["enum"].as_array().unwrap().clone();
        for word in ["in_person", "online", "hybrid"] {
            assert!(attendance.contains(&json!(word)), "{attendance:?}");
        }
        assert!(
            schema("gender")["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("female"))
        );
        assert!(
            schema("fellowship")["items"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("aa"))
        );
    }
}
