//! Reading the store back: records as the model has them (`records`), the listings the
//! search index is built from (`listings`), the change sequence it follows (`changes`),
//! and counts for `stats` (`counts`). The rows a read needs are loaded per table for a
//! whole set of owners (`children`), never per record.

mod changes;
pub mod children;
mod counts;
mod listings;
mod records;

pub use changes::{changes_since, last_change, sources};
pub use counts::{SourceCounts, StoreCounts, counts, listing_count};
pub use listings::{Listing, listings, listings_of};
pub use records::{StoredRecord, records, service_ids};

use super::CHUNK;
