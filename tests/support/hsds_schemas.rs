//! Checks responses against the HSDS 3.1 JSON schemas in `../shared/standards/hsds-3.1`.
//! Without that folder the check prints `SKIPPED` once and passes, so the rest of each
//! test still runs on a bare checkout.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

/// Where the HSDS 3.1 schemas are, when they are beside the checkout.
fn schema_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/standards/hsds-3.1/schema");
    dir.is_dir().then_some(dir)
}

/// Resolves `$ref`s between the schema files ("metadata.json") from the folder, offline.
struct LocalSchemas(PathBuf);

impl Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().trim_start_matches('/').to_string();
        let text = std::fs::read_to_string(self.0.join(&name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(name: &str) -> Option<Arc<Validator>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Validator>>>> = OnceLock::new();
    let Some(dir) = schema_dir() else {
        static SAID: OnceLock<()> = OnceLock::new();
        SAID.get_or_init(|| {
            println!("SKIPPED: HSDS schema validation (../shared/standards/hsds-3.1 is not beside this checkout)")
        });
        return None;
    };
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(name) {
        return Some(v.clone());
    }
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let schema: Value = serde_json::from_str(&text).unwrap();
    let v = Arc::new(
        jsonschema::options()
            .with_base_uri(format!("file:///{name}"))
            .with_retriever(LocalSchemas(dir))
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("schema {name} does not build: {e}")),
    );
    cache.lock().unwrap().insert(name.to_string(), v.clone());
    Some(v)
}

/// Fails the test, naming every violation, unless `instance` is valid against the schema
/// file `name` (relative to the schema folder, e.g. `compiled/service.json`).
pub fn assert_valid(name: &str, instance: &Value) {
    let Some(v) = validator(name) else { return };
    let errors: Vec<String> = v
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    let id = instance.get("id").cloned().unwrap_or_default();
    assert!(
        errors.is_empty(),
        "{id} is not a valid {name}:\n{}",
        errors.join("\n")
    );
}

/// An HSDS page: the page fields with the right types and counts, and every item valid
/// against `item_schema`.
pub fn assert_valid_page(item_schema: &str, page: &Value) {
    for field in ["total_items", "total_pages", "page_number", "size"] {
        assert!(page[field].is_u64(), "{field} in {page}");
    }
    for field in ["first_page", "last_page", "empty"] {
        assert!(page[field].is_boolean(), "{field} in {page}");
    }
    let contents = page["contents"].as_array().expect("contents is an array");
    assert_eq!(page["size"].as_u64().unwrap() as usize, contents.len());
    assert_eq!(page["empty"].as_bool().unwrap(), contents.is_empty());
    for item in contents {
        assert_valid(item_schema, item);
    }
}

/// The check itself must be able to fail, or every test above proves nothing.
#[test]
fn the_schema_check_catches_invalid_records() {
    if validator("compiled/service.json").is_none() {
        return;
    }
    let valid = serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "Testy McTestface Pantry", "status": "active"});
    assert_valid("compiled/service.json", &valid);
    for invalid in [
        serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "No status"}),
        serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "Null", "status": "active", "description": null}),
        serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "Bad", "status": "open"}),
        serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "Bad", "status": "active", "url": "not a uri"}),
    ] {
        let caught = std::panic::catch_unwind(|| assert_valid("compiled/service.json", &invalid));
        assert!(caught.is_err(), "accepted {invalid}");
    }
    // References between schema files resolve offline.
    let term = serde_json::json!({"id": "00000000-0000-4000-8000-000000000000", "name": "Food", "description": "Food", "taxonomy_detail": {"id": "00000000-0000-4000-8000-000000000001", "name": "Example"}});
    let caught = std::panic::catch_unwind(|| assert_valid("taxonomy_term.json", &term));
    assert!(
        caught.is_err(),
        "taxonomy_detail without its required description was accepted"
    );
}
