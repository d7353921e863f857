//! The query side of the search index: understanding a query (places, distances) and,
//! in later steps, running it.

pub mod gazetteer;
pub mod geo;
