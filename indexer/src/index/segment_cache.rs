//! Values read from a segment once and kept while the segment lives: segments never change
//! once written, so what a search reads of one (its columns, its service areas) is read
//! the first time it is needed and forgotten when the segment is merged away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

pub(super) struct SegmentCache<T>(Mutex<HashMap<SegmentId, Arc<T>>>);

impl<T> Default for SegmentCache<T> {
    fn default() -> Self {
        SegmentCache(Mutex::new(HashMap::new()))
    }
}

impl<T> SegmentCache<T> {
    /// How many of the searcher's segments have no value kept yet.
    pub(super) fn missing(&self, searcher: &Searcher) -> usize {
        let cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        searcher
            .segment_readers()
            .iter()
            .filter(|s| !cache.contains_key(&s.segment_id()))
            .count()
    }

    /// The value of one segment: from memory when seen before, else `read` now.
    pub(super) fn of_segment(
        &self,
        segment: &SegmentReader,
        read: impl Fn(&SegmentReader) -> tantivy::Result<T>,
    ) -> tantivy::Result<Arc<T>> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = cache.get(&segment.segment_id()) {
            return Ok(value.clone());
        }
        let value = Arc::new(read(segment)?);
        cache.insert(segment.segment_id(), value.clone());
        Ok(value)
    }

    /// The value of each of the searcher's segments, by segment ordinal: those of segments
    /// seen before from memory, the others `read` now; segments merged away are forgotten.
    pub(super) fn of(
        &self,
        searcher: &Searcher,
        read: impl Fn(&SegmentReader) -> tantivy::Result<T>,
    ) -> tantivy::Result<Vec<Arc<T>>> {
        let segments = searcher.segment_readers();
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|id, _| segments.iter().any(|s| s.segment_id() == *id));
        segments
            .iter()
            .map(|segment| {
                if let Some(value) = cache.get(&segment.segment_id()) {
                    return Ok(value.clone());
                }
                let value = Arc::new(read(segment)?);
                cache.insert(segment.segment_id(), value.clone());
                Ok(value)
            })
            .collect()
    }
}
