//! The columns a search reads for every candidate (`index::SegmentColumns`: points, area
//! boxes, open spans, facet values), the values it tests listings for, and facet counts.
//! Reading columns keeps these checks off the document store.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, Searcher};

use crate::error::Result;
use crate::index::{SearchIndex, SegmentColumns};
use crate::model::hours::{encoded_span_holds, minute_of_week};

/// A segment's columns as one search reads them: the segment's own (kept by the index),
/// and the local minute of the week the search asks about in each time zone.
pub struct Columns {
    segment: Arc<SegmentColumns>,
    /// Local minute of the week at the asked instant, by time-zone ordinal (lazily).
    minute_by_zone: HashMap<u64, Option<u32>>,
}

impl Deref for Columns {
    type Target = SegmentColumns;

    fn deref(&self) -> &SegmentColumns {
        &self.segment
    }
}

impl Columns {
    /// The columns of each of the searcher's segments, by segment ordinal.
    pub fn of(index: &SearchIndex, searcher: &Searcher) -> Result<Vec<Columns>> {
        Ok(index
            .segment_columns(searcher)?
            .into_iter()
            .map(Columns::new)
            .collect())
    }

    pub fn new(segment: Arc<SegmentColumns>) -> Columns {
        Columns {
            segment,
            minute_by_zone: HashMap::new(),
        }
    }

    /// Whether the listing is open at `at` by its own zone's clock; `false` when its hours
    /// are unknown.
    pub fn is_open_at(&mut self, doc: u32, at: DateTime<Utc>) -> bool {
        let Some(column) = self.segment.time_zone.as_ref() else {
            return false;
        };
        let Some(ord) = column.term_ords(doc).next() else {
            return false;
        };
        let minute = match self.minute_by_zone.get(&ord) {
            Some(m) => *m,
            None => {
                let m = self
                    .segment
                    .zone_name(doc)
                    .and_then(|name| name.parse::<Tz>().ok())
                    .map(|zone| minute_of_week(zone, at));
                self.minute_by_zone.insert(ord, m);
                m
            }
        };
        minute.is_some_and(|m| {
            self.segment
                .open_span
                .values_for_doc(doc)
                .any(|span| encoded_span_holds(span, m))
        })
    }

    fn string_column(&self, held: Held) -> Option<&StrColumn> {
        match held {
            Held::Category => self.segment.category.as_ref(),
            Held::Filter => self.segment.filter.as_ref(),
        }
    }
}

/// The string columns a listing's values can be tested in.
#[derive(Debug, Clone, Copy)]
pub enum Held {
    Category,
    /// `facet:value` terms, such as `fellowship:aa` or `meeting_type:business`.
    Filter,
}

/// One value of a string column, looked up once per segment, then tested per listing: a
/// search asks this of its own matches, where a query for the value would read it across
/// the whole index.
pub struct HeldValue {
    held: Held,
    /// The value's ordinal in each segment's column; `None` where no listing holds it.
    ords: Vec<Option<u64>>,
}

impl HeldValue {
    pub fn new(columns: &[Columns], held: Held, value: &str) -> HeldValue {
        let ords = columns
            .iter()
            .map(|c| {
                c.string_column(held)
                    .and_then(|column| column.dictionary().term_ord(value).ok().flatten())
            })
            .collect();
        HeldValue { held, ords }
    }

    /// Whether the listing at `address` holds the value.
    pub fn held_by(&self, columns: &[Columns], address: DocAddress) -> bool {
        let segment = address.segment_ord as usize;
        let (Some(Some(ord)), Some(c)) = (self.ords.get(segment), columns.get(segment)) else {
            return false;
        };
        c.string_column(self.held)
            .is_some_and(|column| column.term_ords(address.doc_id).any(|o| o == *ord))
    }
}

/// Counts of facet values over a whole result.
pub type Facets = BTreeMap<String, BTreeMap<String, usize>>;

/// Counts each asked facet's values over the candidates, reading term ordinals per segment
/// and naming them once at the end.
pub fn count_facets(columns: &[Columns], docs: &[DocAddress], asked: &[&'static str]) -> Facets {
    let mut out: Facets = asked
        .iter()
        .map(|f| (f.to_string(), BTreeMap::new()))
        .collect();
    if asked.is_empty() {
        return out;
    }
    let wants = |f: &str| asked.contains(&f);
    for (segment, c) in columns.iter().enumerate() {
        let sources: [(&str, Option<&StrColumn>); 3] = [
            (
                "category",
                c.category.as_ref().filter(|_| wants("category")),
            ),
            (
                "language",
                c.language.as_ref().filter(|_| wants("language")),
            ),
            ("filter", c.filter.as_ref()),
        ];
        for (source, column) in sources {
            let Some(column) = column else { continue };
            let mut by_ord = vec![0usize; column.num_terms()];
            for d in docs.iter().filter(|d| d.segment_ord as usize == segment) {
                for ord in column.term_ords(d.doc_id) {
                    by_ord[ord as usize] += 1;
                }
            }
            let mut name = String::new();
            for (ord, n) in by_ord.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                if column.ord_to_str(ord as u64, &mut name).ok() != Some(true) {
                    continue;
                }
                let (facet, value) = match source {
                    "filter" => match name.split_once(':') {
                        Some((f, v)) if wants(f) && v != "any" => (f.to_string(), v.to_string()),
                        _ => continue,
                    },
                    _ => (source.to_string(), name.clone()),
                };
                *out.entry(facet).or_default().entry(value).or_default() += n;
            }
        }
    }
    out
}
