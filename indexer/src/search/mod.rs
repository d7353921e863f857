//! The query side of the search index: understanding a request (places, distances,
//! filters) and running it.

pub mod columns;
pub mod engine;
mod every_match;
pub mod filter_query;
pub mod filters;
pub mod gazetteer;
pub mod grouping;
pub mod hits;
mod meeting_rank;
mod nearest;
pub mod params;
mod placed_within;
pub mod query;
pub mod ranking;
pub mod request;
mod sparse_union;
pub mod text;
pub mod understand;

pub use engine::SearchResults;
pub use hits::Hit;
pub use request::{Area, ParamError, SearchParams, SearchRequest, Sort};
