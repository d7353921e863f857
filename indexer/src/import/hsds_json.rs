//! HSDS 3.x JSON: an array of compiled services, one compiled service, or an HSDS API
//! page (`{"contents": [...]}`).

use std::path::Path;

use serde_json::value::RawValue;

use super::hsds::{self, RawService};
use super::json::{self, Top};
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::{ServiceRecord, fingerprint};

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<ServiceRecord>> {
    let text = json::read_text(path)?;
    let items: Vec<&RawValue> = match json::parse_top(path, &text)? {
        Top::Array(items) => items,
        Top::Object(map) => match map.get("contents") {
            Some(contents) => serde_json::from_str(contents.get()).map_err(|e| {
                IndexerError::file(
                    path,
                    format!("\"contents\" is not an array of services: {e}"),
                )
            })?,
            None => vec![
                serde_json::from_str(&text).map_err(|e| IndexerError::file(path, e.to_string()))?,
            ],
        },
    };
    Ok(records(&items, ctx))
}

/// Parses each item on its own, so one malformed record is skipped, not fatal; items are
/// spread over the machine's cores.
fn records(items: &[&RawValue], ctx: &mut ImportContext) -> Vec<ServiceRecord> {
    let indexed: Vec<(usize, &RawValue)> = items.iter().copied().enumerate().collect();
    let results = fingerprint::parallel_map(&indexed, |&(index, item)| {
        let mut local = ImportContext {
            source: ctx.source,
            file: ctx.file.clone(),
            categories: ctx.categories,
            issues: Vec::new(),
        };
        let record = match serde_json::from_str::<RawService>(item.get()) {
            Err(e) => {
                local.issue(
                    Some(index),
                    None,
                    "record",
                    format!("not an HSDS service: {e}"),
                    Severity::Skipped,
                );
                None
            }
            Ok(raw) => {
                let key = raw.id.as_str().map(str::to_string);
                match hsds::normalize(raw, index, &mut local) {
                    Ok(record) => Some(record),
                    Err((field, reason)) => {
                        local.issue(
                            Some(index),
                            key.as_deref(),
                            field,
                            reason,
                            Severity::Skipped,
                        );
                        None
                    }
                }
            }
        };
        (record, local.issues)
    });
    let mut out = Vec::with_capacity(items.len());
    for (record, mut issues) in results {
        ctx.issues.append(&mut issues);
        out.extend(record);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::import::{Format, Severity, read_source};
    use crate::model::CategoryMap;

    #[test]
    fn an_extent_that_is_not_an_area_is_kept_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("services.json");
        let feed = serde_json::json!([{
            "id": "s1",
            "name": "County crisis line",
            "organization": {"id": "o1", "name": "County"},
            "service_areas": [
                {"id": "a1", "name": "County", "extent": {"type": "Point", "coordinates": [1, 2]}},
                {"id": "a2", "name": "Downtown", "extent": "downtown", "extent_type": "text"}
            ]
        }]);
        std::fs::write(&path, feed.to_string()).unwrap();
        let parsed = read_source(
            "t",
            &[path],
            Some(Format::HsdsJson),
            &CategoryMap::shipped(),
        )
        .unwrap();
        let areas = &parsed.records[0].service.service_areas;
        assert_eq!(areas.len(), 2);
        assert!(areas[0].extent.as_deref().unwrap().contains("Point"));
        assert_eq!(parsed.issues.len(), 1, "{:?}", parsed.issues);
        let issue = &parsed.issues[0];
        assert_eq!(
            (issue.field.as_str(), issue.severity),
            ("service_areas", Severity::Warning)
        );
        assert!(
            issue.reason.contains("area 0") && issue.reason.contains("Point"),
            "{}",
            issue.reason
        );
    }
}
