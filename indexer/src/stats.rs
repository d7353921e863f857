//! What is loaded: counts per table, per source and per category, the services per source
//! that carry no category (with their most common codes), and whether the search index
//! agrees with the store.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::index::SearchIndex;
use crate::store::Store;
use crate::store::read::{self, StoreCounts};
use crate::store::uncategorised::{self, Uncategorised};

#[derive(Debug, Serialize)]
pub struct Stats {
    pub backend: &'static str,
    #[serde(flatten)]
    pub store: StoreCounts,
    /// Per source: services with none of the seven categories, and their commonest codes.
    pub uncategorised: BTreeMap<String, Uncategorised>,
    pub index: IndexStats,
}

#[derive(Debug, Serialize)]
pub struct IndexStats {
    pub documents: u64,
    /// True when the index holds one document per listed service at location (a virtual
    /// location of a service that also has a place is not listed on its own).
    pub agrees_with_store: bool,
}

pub fn stats(store: &Store, index_dir: &Path) -> Result<Stats> {
    let mut conn = store.connect()?;
    let counts = read::counts(&mut conn)?;
    let documents = SearchIndex::open(index_dir)?.num_docs()?;
    let expected = read::listing_count(&mut conn)? as u64;
    Ok(Stats {
        backend: store.backend().name(),
        store: counts,
        uncategorised: uncategorised::uncategorised(&mut conn)?,
        index: IndexStats {
            documents,
            agrees_with_store: documents == expected,
        },
    })
}
