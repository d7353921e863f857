//! HSDS 3.x JSON: an array of compiled services, one compiled service, or an HSDS API
//! page (`{"contents": [...]}`).

use std::path::Path;

use serde_json::value::RawValue;

use super::hsds::{self, RawService};
use super::json::{self, Top};
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::ServiceRecord;

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<ServiceRecord>> {
    let text = json::read_text(path)?;
    let items: Vec<&RawValue> = match json::parse_top(path, &text)? {
        Top::Array(items) => items,
        Top::Object(map) => match map.get("contents") {
            Some(contents) => serde_json::from_str(contents.get()).map_err(|e| {
                IndexerError::file(path, format!("\"contents\" is not an array of services: {e}"))
            })?,
            None => vec![serde_json::from_str(&text).map_err(|e| IndexerError::file(path, e.to_string()))?],
        },
    };
    Ok(records(&items, ctx))
}

/// Parses each item on its own, so one malformed record is skipped, not fatal.
fn records(items: &[&RawValue], ctx: &mut ImportContext) -> Vec<ServiceRecord> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let raw: RawService = match serde_json::from_str(item.get()) {
            Ok(raw) => raw,
            Err(e) => {
                ctx.issue(Some(index), None, "record", format!("not an HSDS service: {e}"), Severity::Skipped);
                continue;
            }
        };
        let key = raw.id.as_str().map(str::to_string);
        match hsds::normalize(raw, index, ctx) {
            Ok(record) => out.push(record),
            Err((field, reason)) => ctx.issue(Some(index), key.as_deref(), field, reason, Severity::Skipped),
        }
    }
    out
}
