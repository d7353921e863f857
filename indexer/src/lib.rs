//! Waypoint's listing side: the HSDS-shaped model, the importers for the feeds the field
//! publishes, the relational store (SQLite or PostgreSQL) and the tantivy search index.

pub mod config;
pub mod error;
pub mod generate;
pub mod import;
pub mod index;
pub mod loader;
pub mod memory;
pub mod model;
pub mod national;
pub mod params;
pub mod redact;
pub mod search;
pub mod stats;
pub mod store;
pub mod testing;

pub use error::{IndexerError, Result};
