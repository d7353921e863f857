//! The service areas of indexed listings, parsed once per index segment and kept in memory,
//! so that a search tests a point against an area without reading or parsing GeoJSON for
//! each candidate.
//!
//! Why in memory rather than a binary form in the index: tantivy cuts the values of a bytes
//! column at 64 KiB, less than a detailed state outline, and a stored field would cost a
//! document-store read per candidate. Segments never change once written, so a segment's
//! areas are parsed the first time a search needs them and kept until it is merged away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::{Field, Value};
use tantivy::{DocId, Searcher, SegmentReader, TantivyDocument};

use crate::model::geography::{Extent, Point};

/// The areas of one segment's documents that have any.
#[derive(Debug, Default)]
pub struct SegmentAreas(HashMap<DocId, Arc<Extent>>);

impl SegmentAreas {
    /// Whether one of the document's service areas holds the point (a border counts).
    pub fn holds(&self, doc: DocId, point: Point) -> bool {
        self.0.get(&doc).is_some_and(|extent| extent.holds(point))
    }

    /// Reads the stored extents of the segment's documents whose areas have a box, each
    /// distinct set parsed once (a service's areas repeat in each of its listings).
    fn read(segment: &SegmentReader, area: Field) -> tantivy::Result<SegmentAreas> {
        let boxed = segment.fast_fields().f64("area_min_lat")?;
        // Documents are read in order, so one cached block is all it takes.
        let store = segment.get_store_reader(1)?;
        let mut parsed: HashMap<String, Option<Arc<Extent>>> = HashMap::new();
        let mut out = HashMap::new();
        for doc in segment.doc_ids_alive() {
            if boxed.first(doc).is_none() {
                continue;
            }
            let stored: TantivyDocument = store.get(doc)?;
            let texts: Vec<&str> = stored.get_all(area).filter_map(|v| v.as_str()).collect();
            let extent = parsed
                .entry(texts.join("\u{1e}"))
                .or_insert_with(|| {
                    let extents = texts.iter().filter_map(|t| Extent::from_geojson(t).ok());
                    Extent::union_of(extents).map(Arc::new)
                })
                .clone();
            if let Some(extent) = extent {
                out.insert(doc, extent);
            }
        }
        Ok(SegmentAreas(out))
    }
}

/// Each segment's areas, by segment.
#[derive(Default)]
pub(super) struct AreaCache(Mutex<HashMap<SegmentId, Arc<SegmentAreas>>>);

impl AreaCache {
    /// The areas of the searcher's segments, by segment ordinal: those of segments seen
    /// before from memory, the others read now; segments merged away are forgotten.
    pub(super) fn of(
        &self,
        searcher: &Searcher,
        area: Field,
    ) -> tantivy::Result<Vec<Arc<SegmentAreas>>> {
        let segments = searcher.segment_readers();
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|id, _| segments.iter().any(|s| s.segment_id() == *id));
        segments
            .iter()
            .map(|segment| {
                if let Some(areas) = cache.get(&segment.segment_id()) {
                    return Ok(areas.clone());
                }
                let areas = Arc::new(SegmentAreas::read(segment, area)?);
                cache.insert(segment.segment_id(), areas.clone());
                Ok(areas)
            })
            .collect()
    }
}
