//! The service areas of indexed listings, parsed once per index segment and kept in memory,
//! so that a search tests a point against an area without reading or parsing GeoJSON for
//! each candidate.
//!
//! Why in memory rather than a binary form in the index: tantivy cuts the values of a bytes
//! column at 64 KiB, less than a detailed state outline, and a stored field would cost a
//! document-store read per candidate. Segments never change once written, so a segment's
//! areas are parsed the first time a search needs them and kept until it is merged away.

use std::collections::HashMap;

use tantivy::schema::{Field, Value};
use tantivy::{DocId, SegmentReader, TantivyDocument};

use crate::model::geography::{Extent, Point};

/// The areas of one segment's documents: each distinct set once, and each document's by
/// position (a search looks up thousands of candidates).
#[derive(Debug)]
pub struct SegmentAreas {
    /// By document id: the position of its areas in `distinct`, or `NONE`.
    by_doc: Vec<u32>,
    distinct: Vec<Extent>,
}

const NONE: u32 = u32::MAX;

impl SegmentAreas {
    /// The position of the document's areas among the segment's distinct ones, when it
    /// has any.
    fn of(&self, doc: DocId) -> Option<usize> {
        match self.by_doc.get(doc as usize) {
            Some(&i) if i != NONE => Some(i as usize),
            _ => None,
        }
    }

    /// Reads the stored extents of the segment's documents whose areas have a box, each
    /// distinct set parsed once (a service's areas repeat in each of its listings, and a
    /// state's in each of its statewide services).
    pub(super) fn read(segment: &SegmentReader, area: Field) -> tantivy::Result<SegmentAreas> {
        let boxed = segment.fast_fields().f64("area_min_lat")?;
        // Documents are read in order, so one cached block is all it takes.
        let store = segment.get_store_reader(1)?;
        let mut position: HashMap<String, u32> = HashMap::new();
        let mut out = SegmentAreas {
            by_doc: vec![NONE; segment.max_doc() as usize],
            distinct: Vec::new(),
        };
        for doc in segment.doc_ids_alive() {
            if boxed.first(doc).is_none() {
                continue;
            }
            let stored: TantivyDocument = store.get(doc)?;
            let texts: Vec<&str> = stored.get_all(area).filter_map(|v| v.as_str()).collect();
            let key = texts.join("\u{1e}");
            let at = match position.get(&key) {
                Some(&at) => at,
                None => {
                    let extents = texts.iter().filter_map(|t| Extent::from_geojson(t).ok());
                    let at = match Extent::union_of(extents) {
                        Some(extent) => {
                            out.distinct.push(extent);
                            (out.distinct.len() - 1) as u32
                        }
                        None => NONE,
                    };
                    position.insert(key, at);
                    at
                }
            };
            out.by_doc[doc as usize] = at;
        }
        Ok(out)
    }
}

/// Whether areas hold one point, each distinct area tested once: the listings of a county
/// or a state share their area, and a search near a city meets hundreds of them.
pub struct AreaTest {
    point: Point,
    /// By segment ordinal, then by the area's position in the segment.
    held: Vec<Vec<Option<bool>>>,
}

impl AreaTest {
    pub fn new(point: Point) -> AreaTest {
        AreaTest {
            point,
            held: Vec::new(),
        }
    }

    /// Whether one of the document's service areas holds the point (a border counts).
    pub fn holds(&mut self, segment: usize, areas: &SegmentAreas, doc: DocId) -> bool {
        let Some(at) = areas.of(doc) else {
            return false;
        };
        if self.held.len() <= segment {
            self.held.resize_with(segment + 1, Vec::new);
        }
        let held = &mut self.held[segment];
        if held.is_empty() {
            held.resize(areas.distinct.len(), None);
        }
        *held[at].get_or_insert_with(|| areas.distinct[at].holds(self.point))
    }
}
