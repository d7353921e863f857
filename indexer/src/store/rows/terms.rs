//! Taxonomies and their terms (shared by every source) and the attributes that tag a
//! service with a term.

use diesel::prelude::*;

use super::{Owner, ServiceRow};
use crate::model::{self, ids};
use crate::store::schema::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = taxonomies, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_default_value = false)]
pub struct TaxonomyRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    pub version: Option<String>,
}

impl TaxonomyRow {
    /// A taxonomy known only by the name feeds give their terms' `taxonomy`.
    pub fn named(name: &str) -> Self {
        TaxonomyRow {
            id: ids::shared("taxonomy", name),
            name: name.to_string(),
            description: format!("{name} taxonomy, as used by the loaded feeds"),
            uri: None,
            version: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = taxonomy_terms, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(treat_none_as_default_value = false)]
pub struct TaxonomyTermRow {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
    /// The taxonomy's name, as the feed gave it.
    pub taxonomy: Option<String>,
    /// The id of the taxonomy of that name (`TaxonomyRow::named`).
    pub taxonomy_id: Option<String>,
    pub language: Option<String>,
    pub term_uri: Option<String>,
}

impl From<&model::TaxonomyTerm> for TaxonomyTermRow {
    fn from(t: &model::TaxonomyTerm) -> Self {
        TaxonomyTermRow {
            id: t.id.clone(),
            code: t.code.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            parent_id: t.parent_id.clone(),
            taxonomy: t.taxonomy.clone(),
            taxonomy_id: t.taxonomy.as_deref().map(|n| ids::shared("taxonomy", n)),
            language: t.language.clone(),
            term_uri: t.term_uri.clone(),
        }
    }
}

impl From<TaxonomyTermRow> for model::TaxonomyTerm {
    fn from(t: TaxonomyTermRow) -> Self {
        model::TaxonomyTerm {
            id: t.id,
            code: t.code,
            name: t.name,
            description: t.description,
            parent_id: t.parent_id,
            taxonomy: t.taxonomy,
            language: t.language,
            term_uri: t.term_uri,
        }
    }
}

/// A service tagged with a term. Waypoint links attributes to services only.
#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = attributes, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct AttributeRow {
    pub id: String,
    pub service_id: String,
    pub service_key: i64,
    pub link_id: String,
    pub link_type: Option<String>,
    pub link_entity: String,
    pub taxonomy_term_id: String,
    pub value: Option<String>,
    pub label: Option<String>,
}

impl AttributeRow {
    pub fn new(a: &model::Attribute, service: Owner) -> Self {
        AttributeRow {
            id: a.id.clone(),
            service_id: service.id.to_string(),
            service_key: service.key,
            link_id: service.id.to_string(),
            link_type: a.link_type.clone(),
            link_entity: "service".to_string(),
            taxonomy_term_id: a.taxonomy_term.id.clone(),
            value: a.value.clone(),
            label: a.label.clone(),
        }
    }
}

impl From<(AttributeRow, TaxonomyTermRow)> for model::Attribute {
    fn from((a, term): (AttributeRow, TaxonomyTermRow)) -> Self {
        model::Attribute {
            id: a.id,
            link_type: a.link_type,
            taxonomy_term: term.into(),
            value: a.value,
            label: a.label,
        }
    }
}
