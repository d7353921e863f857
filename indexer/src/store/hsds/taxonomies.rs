//! `/hsds/taxonomies` and `/hsds/taxonomy_terms`: the vocabularies listings are tagged with.

use diesel::prelude::*;

use super::types::{Taxonomy, TaxonomyTerm};
use super::{Page, PageRequest, like_pattern, lower, lower_nullable};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::rows::{TaxonomyRow, TaxonomyTermRow};
use crate::store::schema::{taxonomies, taxonomy_terms};
use crate::with_conn;

macro_rules! filter_taxonomies {
    ($query:expr, $search:expr) => {{
        let mut q = $query;
        if let Some(text) = $search {
            q = q.filter(
                lower(taxonomies::name)
                    .like(like_pattern(text))
                    .escape('\\'),
            );
        }
        q
    }};
}

/// A page of taxonomies in id order, optionally those whose name holds `search`.
pub fn taxonomies(
    conn: &mut DbConnection,
    search: Option<&str>,
    page: PageRequest,
) -> Result<Page<Taxonomy>> {
    let total_items: i64 = with_conn!(&mut *conn, |c| filter_taxonomies!(
        taxonomies::table.into_boxed(),
        search
    )
    .count()
    .get_result(c))?;
    let rows: Vec<TaxonomyRow> = with_conn!(&mut *conn, |c| filter_taxonomies!(
        taxonomies::table.into_boxed(),
        search
    )
    .select(TaxonomyRow::as_select())
    .order(taxonomies::id)
    .limit(page.per_page)
    .offset(page.offset())
    .load(c))?;
    Ok(Page {
        items: rows.into_iter().map(Taxonomy::from).collect(),
        total_items,
    })
}

pub fn taxonomy(conn: &mut DbConnection, id: &str) -> Result<Option<Taxonomy>> {
    let row: Option<TaxonomyRow> = with_conn!(&mut *conn, |c| taxonomies::table
        .filter(taxonomies::id.eq(id))
        .select(TaxonomyRow::as_select())
        .first(c)
        .optional())?;
    Ok(row.map(Taxonomy::from))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermFilter {
    /// Words to find in the term's name, code or description.
    pub search: Option<String>,
    pub taxonomy_id: Option<String>,
    pub parent_id: Option<String>,
    /// Only terms without a parent (the top of each taxonomy).
    pub top_only: bool,
}

macro_rules! filter_terms {
    ($query:expr, $filter:expr) => {{
        let f: &TermFilter = $filter;
        let mut q = $query;
        if let Some(text) = &f.search {
            let p = like_pattern(text);
            q = q.filter(
                lower(taxonomy_terms::name)
                    .like(p.clone())
                    .escape('\\')
                    .or(lower_nullable(taxonomy_terms::code)
                        .like(p.clone())
                        .escape('\\')
                        .assume_not_null())
                    .or(lower(taxonomy_terms::description).like(p).escape('\\')),
            );
        }
        if let Some(t) = &f.taxonomy_id {
            q = q.filter(taxonomy_terms::taxonomy_id.eq(t.clone()));
        }
        if let Some(p) = &f.parent_id {
            q = q.filter(taxonomy_terms::parent_id.eq(p.clone()));
        }
        if f.top_only {
            q = q.filter(taxonomy_terms::parent_id.is_null());
        }
        q
    }};
}

/// A page of taxonomy terms in id order.
pub fn taxonomy_terms(
    conn: &mut DbConnection,
    filter: &TermFilter,
    page: PageRequest,
) -> Result<Page<TaxonomyTerm>> {
    let total_items: i64 = with_conn!(&mut *conn, |c| filter_terms!(
        taxonomy_terms::table.into_boxed(),
        filter
    )
    .count()
    .get_result(c))?;
    let rows: Vec<TaxonomyTermRow> = with_conn!(&mut *conn, |c| filter_terms!(
        taxonomy_terms::table.into_boxed(),
        filter
    )
    .select(TaxonomyTermRow::as_select())
    .order(taxonomy_terms::id)
    .limit(page.per_page)
    .offset(page.offset())
    .load(c))?;
    Ok(Page {
        items: rows.into_iter().map(TaxonomyTerm::from).collect(),
        total_items,
    })
}

/// One taxonomy term with its taxonomy (`taxonomy_detail`), or `None`.
pub fn taxonomy_term(conn: &mut DbConnection, id: &str) -> Result<Option<TaxonomyTerm>> {
    let row: Option<TaxonomyTermRow> = with_conn!(&mut *conn, |c| taxonomy_terms::table
        .filter(taxonomy_terms::id.eq(id))
        .select(TaxonomyTermRow::as_select())
        .first(c)
        .optional())?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut term = TaxonomyTerm::from(row);
    if let Some(taxonomy_id) = term.taxonomy_id.clone() {
        term.taxonomy_detail = taxonomy(conn, &taxonomy_id)?;
    }
    Ok(Some(term))
}
