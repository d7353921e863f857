//! One segment's fast-field columns, as a search reads them for each candidate: points and
//! area boxes for exact geography, weekly open spans for hours, program keys for grouping,
//! and the values facets count. Opened once per segment (`SearchIndex::segment_columns`).

use tantivy::SegmentReader;
use tantivy::columnar::{Column, ColumnIndex, StrColumn};

use crate::model::geography::{Point, grid};
use crate::model::hours::WeeklyHours;

pub struct SegmentColumns {
    /// min_lat, min_lon, max_lat, max_lon of the service's areas.
    area: [Column<f64>; 4],
    /// Listings of one program at one place share it.
    pub place_key: Column<u64>,
    /// The order the index is sorted by (`grid::place_order`; `u64::MAX` for an unplaced
    /// listing, so every document has a value), which also gives each listing's point.
    pub place_order: Column<u64>,
    /// 1 for a listing people can only attend online.
    pub online_only: Column<u64>,
    pub time_zone: Option<StrColumn>,
    pub open_span: Column<u64>,
    pub category: Option<StrColumn>,
    pub language: Option<StrColumn>,
    pub filter: Option<StrColumn>,
}

impl SegmentColumns {
    pub(super) fn read(segment: &SegmentReader) -> tantivy::Result<SegmentColumns> {
        let fast = segment.fast_fields();
        Ok(SegmentColumns {
            area: [
                fast.f64("area_min_lat")?,
                fast.f64("area_min_lon")?,
                fast.f64("area_max_lat")?,
                fast.f64("area_max_lon")?,
            ],
            place_key: fast.u64("place_key")?,
            place_order: fast.u64(super::PLACE_ORDER)?,
            online_only: fast.u64("online_only")?,
            time_zone: fast.str("time_zone")?,
            open_span: fast.u64("open_span")?,
            category: fast.str("category")?,
            language: fast.str("language")?,
            filter: fast.str("filter")?,
        })
    }

    /// The size of the box around the listing's service areas, in square degrees; 0
    /// when it has none.
    pub fn area_span(&self, doc: u32) -> f64 {
        let [min_lat, min_lon, max_lat, max_lon] = &self.area;
        match (
            min_lat.first(doc),
            min_lon.first(doc),
            max_lat.first(doc),
            max_lon.first(doc),
        ) {
            (Some(a), Some(b), Some(c), Some(d)) => (c - a) * (d - b),
            _ => 0.0,
        }
    }

    /// The listing's point, when it is placed: from its place order, one value of a
    /// column every search already holds, where the two coordinate columns each cost a
    /// rank in their optional index and a value (4–16 % of a large result set's search at
    /// p50: BENCHMARKS.md, eleventh session).
    pub fn point(&self, doc: u32) -> Option<Point> {
        let order = match self.place_order.index {
            // Every document has one: its value is at its own row.
            ColumnIndex::Full => self.place_order.values.get_val(doc),
            _ => self.place_order.first(doc)?,
        };
        grid::point_of(order)
    }

    /// The name of the listing's time zone, when its hours are known.
    pub fn zone_name(&self, doc: u32) -> Option<String> {
        let column = self.time_zone.as_ref()?;
        let ord = column.term_ords(doc).next()?;
        let mut name = String::new();
        column.ord_to_str(ord, &mut name).ok()?;
        Some(name)
    }

    /// The listing's weekly hours, when known.
    pub fn hours(&self, doc: u32) -> Option<WeeklyHours> {
        let zone = self.zone_name(doc)?;
        WeeklyHours::decode(&zone, self.open_span.values_for_doc(doc))
    }
}
