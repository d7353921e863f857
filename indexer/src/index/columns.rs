//! One segment's fast-field columns, as a search reads them for each candidate: points and
//! area boxes for exact geography, weekly open spans for hours, program keys for grouping,
//! and the values facets count. Opened once per segment (`SearchIndex::segment_columns`).

use tantivy::SegmentReader;
use tantivy::columnar::{Column, StrColumn};

use crate::model::geography::Point;
use crate::model::hours::WeeklyHours;

pub struct SegmentColumns {
    latitude: Column<f64>,
    longitude: Column<f64>,
    /// min_lat, min_lon, max_lat, max_lon of the service's areas.
    area: [Column<f64>; 4],
    /// Listings of one program at one place share it.
    pub place_key: Column<u64>,
    /// The order the index is sorted by (`grid::place_order`); unplaced listings last.
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
            latitude: fast.f64("latitude")?,
            longitude: fast.f64("longitude")?,
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

    /// The listing's point, when it is placed.
    pub fn point(&self, doc: u32) -> Option<Point> {
        let lat = self.latitude.first(doc)?;
        Some(Point::lat_lon(lat, self.longitude.first(doc)?))
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
