//! Services that carry none of the seven categories, per source, and the taxonomy codes
//! they carry most: what `waypoint-indexer stats` reports so that a feed's gaps show.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;

use super::DbConnection;
use super::schema::{attributes, service_categories, services, taxonomy_terms};
use crate::error::Result;
use crate::with_conn;

/// Codes listed per source.
pub const TOP_CODES: usize = 10;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Uncategorised {
    pub services: i64,
    /// The codes the uncategorised services carry most, with how many of them carry each.
    pub top_codes: Vec<CodeCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CodeCount {
    pub code: String,
    pub name: String,
    pub services: i64,
}

/// Per source: its uncategorised services and their most common codes.
pub fn uncategorised(conn: &mut DbConnection) -> Result<BTreeMap<String, Uncategorised>> {
    let rows: Vec<(String, String)> = with_conn!(&mut *conn, |c| services::table
        .select((services::id, services::source))
        .filter(
            services::key.ne_all(service_categories::table.select(service_categories::service_key)),
        )
        .load(c))?;
    let source_of: HashMap<&str, &str> = rows
        .iter()
        .map(|(id, source)| (id.as_str(), source.as_str()))
        .collect();
    let terms: Vec<(String, Option<String>, String)> = with_conn!(&mut *conn, |c| {
        attributes::table
            .inner_join(taxonomy_terms::table)
            .select((
                attributes::service_id,
                taxonomy_terms::code,
                taxonomy_terms::name,
            ))
            .filter(
                attributes::service_key
                    .ne_all(service_categories::table.select(service_categories::service_key)),
            )
            .load(c)
    })?;
    Ok(summarise(&source_of, &terms))
}

/// Counts, per source, the services and each code's services (a service once per code).
fn summarise(
    source_of: &HashMap<&str, &str>,
    terms: &[(String, Option<String>, String)],
) -> BTreeMap<String, Uncategorised> {
    let mut out: BTreeMap<String, Uncategorised> = BTreeMap::new();
    for source in source_of.values() {
        out.entry(source.to_string()).or_default().services += 1;
    }
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut counts: HashMap<(&str, &str, &str), i64> = HashMap::new();
    for (service, code, name) in terms {
        let (Some(source), Some(code)) = (source_of.get(service.as_str()), code.as_deref()) else {
            continue;
        };
        if seen.insert((service, code)) {
            *counts.entry((source, code, name)).or_default() += 1;
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((source, code, name), n) in counts {
        let u = out.entry(source.to_string()).or_default();
        if u.top_codes.len() < TOP_CODES {
            u.top_codes.push(CodeCount {
                code: code.to_string(),
                name: name.to_string(),
                services: n,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_service_once_per_code_most_common_first() {
        let source_of: HashMap<&str, &str> =
            [("s1", "feed"), ("s2", "feed"), ("s3", "other")].into();
        let t = |s: &str, c: &str, n: &str| (s.to_string(), Some(c.to_string()), n.to_string());
        let terms = vec![
            t("s1", "111-01", "Legal Aid"),
            t("s1", "111-01", "Legal Aid"),
            t("s2", "111-01", "Legal Aid"),
            t("s2", "107-05", "Tax Preparation"),
            t("s3", "105-02", "Transportation"),
            t("categorised", "102", "Food"),
        ];
        let got = summarise(&source_of, &terms);
        assert_eq!(got["feed"].services, 2);
        assert_eq!(
            got["feed"].top_codes,
            vec![
                CodeCount {
                    code: "111-01".into(),
                    name: "Legal Aid".into(),
                    services: 2
                },
                CodeCount {
                    code: "107-05".into(),
                    name: "Tax Preparation".into(),
                    services: 1
                },
            ]
        );
        assert_eq!(got["other"].services, 1);
    }
}
