//! HSDS 3.1 reads for the `/hsds` endpoints: filtered pages are counted and sliced in SQL,
//! and the related rows of a page are fetched with one query per table, not per record.

mod compile;
mod from_rows;
mod organizations;
mod service_at_locations;
mod services;
mod taxonomies;
pub mod types;
mod values;

pub use organizations::{OrganizationFilter, organization, organizations};
pub use service_at_locations::{Near, SalFilter, service_at_location, service_at_locations};
pub use services::{minimal_services, service, services};
pub use taxonomies::{TermFilter, taxonomies, taxonomy, taxonomy_term, taxonomy_terms};

diesel::define_sql_function! {
    /// Lower-cases text, the same way on both backends (for case-insensitive `search`).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    #[sql_name = "lower"]
    fn lower_nullable(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

use super::CHUNK;

/// Which slice of the matching records to read: pages are counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

/// One page of records, and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_items: i64,
}

/// How much of each record to send: the one-to-one fields (lists), or compiled with the
/// related records (single records, `full=true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    List,
    Full,
}

/// Filters on services, shared by the services, organizations and service-at-location
/// lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceFilter {
    /// Words to find in the name or description (SQL LIKE, case-insensitive).
    pub search: Option<String>,
    pub taxonomy_term_id: Option<String>,
    pub taxonomy_id: Option<String>,
    pub organization_id: Option<String>,
    /// RFC 3339 UTC timestamp (`YYYY-MM-DDTHH:MM:SSZ`): services changed at or after it.
    pub modified_after: Option<String>,
}

/// A LIKE pattern matching `text` anywhere, lower-cased, with `\` escaping the LIKE
/// wildcards the text itself contains.
pub fn like_pattern(text: &str) -> String {
    escaped_pattern(&text.trim().to_lowercase())
}

/// [`like_pattern`] with accents folded too, for the `*_folded` columns (names and
/// descriptions of services and organizations), so "clinica" and "clínica" find each other.
pub fn folded_like_pattern(text: &str) -> String {
    escaped_pattern(&crate::model::fold::fold(text.trim()))
}

fn escaped_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// Applies a `ServiceFilter` to a boxed query whose source includes `services`.
macro_rules! filter_services {
    ($query:expr, $filter:expr) => {{
        use $crate::store::hsds::folded_like_pattern;
        use $crate::store::schema::{attributes, organizations, services, taxonomy_terms};
        let f: &$crate::store::hsds::ServiceFilter = $filter;
        let mut q = $query;
        if let Some(text) = &f.search {
            let p = folded_like_pattern(text);
            q = q.filter(
                services::name_folded
                    .like(p.clone())
                    .escape('\\')
                    .or(services::description_folded.like(p.clone()).escape('\\'))
                    .assume_not_null()
                    .or(services::organization_id.eq_any(
                        organizations::table
                            .select(organizations::id)
                            .filter(organizations::name_folded.like(p).escape('\\')),
                    )),
            );
        }
        if let Some(term) = &f.taxonomy_term_id {
            q = q.filter(
                services::key.eq_any(
                    attributes::table
                        .select(attributes::service_key)
                        .filter(attributes::taxonomy_term_id.eq(term.clone())),
                ),
            );
        }
        if let Some(taxonomy) = &f.taxonomy_id {
            q = q.filter(
                services::key.eq_any(
                    attributes::table
                        .inner_join(taxonomy_terms::table)
                        .select(attributes::service_key)
                        .filter(taxonomy_terms::taxonomy_id.eq(taxonomy.clone())),
                ),
            );
        }
        if let Some(org) = &f.organization_id {
            q = q.filter(services::organization_id.eq(org.clone()));
        }
        if let Some(after) = &f.modified_after {
            q = q.filter(services::updated_at.ge(after.clone()));
        }
        q
    }};
}
pub(crate) use filter_services;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_anywhere_and_escape_wildcards() {
        assert_eq!(like_pattern(" Food Pantry "), "%food pantry%");
        assert_eq!(like_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
        assert_eq!(folded_like_pattern(" CLÍNICA "), "%clinica%");
        assert_eq!(folded_like_pattern("niño_"), "%nino\\_%");
    }

    #[test]
    fn pages_start_at_one() {
        let p = PageRequest {
            page: 3,
            per_page: 20,
        };
        assert_eq!(p.offset(), 40);
    }
}
