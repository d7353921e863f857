//! Waypoint's listing side: the HSDS-shaped model, the importers for the feeds the field
//! publishes, the relational store (SQLite or PostgreSQL) and the tantivy search index.

pub mod error;
pub mod import;
pub mod model;

pub use error::{IndexerError, Result};
pub mod store;
