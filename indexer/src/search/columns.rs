//! Per-segment fast-field columns read for every candidate of a search: points and area
//! boxes for exact geography, weekly open spans for the hours filter, and the values facets
//! count. Reading columns keeps these checks off the document store.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, Searcher, SegmentReader};

use crate::model::geography::Point;
use crate::model::hours::{WeeklyHours, encoded_span_holds, minute_of_week};

pub struct Columns {
    latitude: Column<f64>,
    longitude: Column<f64>,
    /// min_lat, min_lon, max_lat, max_lon of the service's areas.
    area: [Column<f64>; 4],
    /// Listings of one program at one place share it.
    pub place_key: Column<u64>,
    /// 1 for a listing people can only attend online.
    pub online_only: Column<u64>,
    time_zone: Option<StrColumn>,
    open_span: Column<u64>,
    category: Option<StrColumn>,
    language: Option<StrColumn>,
    filter: Option<StrColumn>,
    /// Local minute of the week at the asked instant, by time-zone ordinal (lazily).
    minute_by_zone: HashMap<u64, Option<u32>>,
}

impl Columns {
    pub fn of(searcher: &Searcher) -> tantivy::Result<Vec<Columns>> {
        searcher
            .segment_readers()
            .iter()
            .map(Columns::of_segment)
            .collect()
    }

    /// One segment's columns (a collector is handed segments one at a time).
    pub fn of_segment(segment: &SegmentReader) -> tantivy::Result<Columns> {
        let fast = segment.fast_fields();
        Ok(Columns {
            latitude: fast.f64("latitude")?,
            longitude: fast.f64("longitude")?,
            area: [
                fast.f64("area_min_lat")?,
                fast.f64("area_min_lon")?,
                fast.f64("area_max_lat")?,
                fast.f64("area_max_lon")?,
            ],
            place_key: fast.u64("place_key")?,
            online_only: fast.u64("online_only")?,
            time_zone: fast.str("time_zone")?,
            open_span: fast.u64("open_span")?,
            category: fast.str("category")?,
            language: fast.str("language")?,
            filter: fast.str("filter")?,
            minute_by_zone: HashMap::new(),
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

    fn zone_name(&self, doc: u32) -> Option<(u64, String)> {
        let column = self.time_zone.as_ref()?;
        let ord = column.term_ords(doc).next()?;
        let mut name = String::new();
        column.ord_to_str(ord, &mut name).ok()?;
        Some((ord, name))
    }

    /// Whether the listing is open at `at` by its own zone's clock; `false` when its hours
    /// are unknown.
    pub fn is_open_at(&mut self, doc: u32, at: DateTime<Utc>) -> bool {
        let Some(column) = self.time_zone.as_ref() else {
            return false;
        };
        let Some(ord) = column.term_ords(doc).next() else {
            return false;
        };
        let minute = match self.minute_by_zone.get(&ord) {
            Some(m) => *m,
            None => {
                let m = self
                    .zone_name(doc)
                    .and_then(|(_, name)| name.parse::<Tz>().ok())
                    .map(|zone| minute_of_week(zone, at));
                self.minute_by_zone.insert(ord, m);
                m
            }
        };
        minute.is_some_and(|m| {
            self.open_span
                .values_for_doc(doc)
                .any(|span| encoded_span_holds(span, m))
        })
    }

    fn string_column(&self, held: Held) -> Option<&StrColumn> {
        match held {
            Held::Category => self.category.as_ref(),
            Held::Filter => self.filter.as_ref(),
        }
    }

    /// The listing's weekly hours, when known.
    pub fn hours(&self, doc: u32) -> Option<WeeklyHours> {
        let (_, zone) = self.zone_name(doc)?;
        WeeklyHours::decode(&zone, self.open_span.values_for_doc(doc))
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
