//! The nearest match to a point, read from the place outward. The index is in place order
//! (`grid::place_order`), so once a match is found, every listing nearer than it lies in
//! the runs of documents of the box around the point that reaches it. A clause of the
//! query (`Nearest::within`) confines the matches to those runs, and narrows them as
//! nearer matches are found. The search reads from the point's own place in the order to
//! the end first (its neighbours come early), then what came before it.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyError};

use super::columns::Columns;
use super::placed_within::{Runs, first_at_least};
use crate::index::{PlaceOrders, SegmentColumns};
use crate::model::geography::{Point, grid};

/// The runs narrow again once the nearest match is this share of the distance they were
/// made for: making them costs a few halvings of the order's column per stretch of curve.
const NARROW_BELOW: f64 = 0.7;

/// Which part of each segment's place order a search reads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Half {
    /// From the point's own place in the order to the last placed listing.
    FromPoint,
    /// Up to the point's own place in the order.
    BeforePoint,
}

impl Half {
    /// In the order they are read: the point's neighbours first.
    pub(super) const BOTH: [Half; 2] = [Half::FromPoint, Half::BeforePoint];
}

/// The search for the nearest match to a point: the best distance so far, shared by its
/// clauses and its scans.
pub(super) struct Nearest {
    centre: Point,
    open_at: Option<DateTime<Utc>>,
    /// The nearest match so far, in km (as `f64` bits).
    best: Arc<AtomicU64>,
    orders: PlaceOrders,
}

impl Nearest {
    /// Looks for matches placed near `centre` (open at `open_at`, to the minute, when
    /// given).
    pub(super) fn new(
        centre: Point,
        open_at: Option<DateTime<Utc>>,
        orders: PlaceOrders,
    ) -> Nearest {
        Nearest {
            centre,
            open_at,
            best: Arc::new(AtomicU64::new(f64::INFINITY.to_bits())),
            orders,
        }
    }

    /// The clause confining a search to `half` of the order, and to the box reaching the
    /// nearest match so far.
    pub(super) fn within(&self, half: Half) -> Box<dyn Query> {
        Box::new(NearerThanBest {
            centre: self.centre,
            half,
            best: self.best.clone(),
            orders: self.orders.clone(),
        })
    }

    /// Reads every match of `query` (which holds a `within` clause), keeping the nearest.
    pub(super) fn scan(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        columns: &[Arc<SegmentColumns>],
    ) -> tantivy::Result<()> {
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
            let segment = columns.get(ordinal).ok_or_else(|| {
                TantivyError::InternalError(format!("no columns for segment {ordinal}"))
            })?;
            let mut columns = Columns::new(segment.clone());
            let alive = reader.alive_bitset();
            let mut scorer = weight.scorer(reader, 1.0)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    self.consider(&mut columns, doc);
                }
                doc = scorer.advance();
            }
        }
        Ok(())
    }

    /// The distance in km to the nearest match read, if any.
    pub(super) fn km(&self) -> Option<f64> {
        let best = self.best();
        best.is_finite().then_some(best)
    }

    fn best(&self) -> f64 {
        f64::from_bits(self.best.load(Ordering::Relaxed))
    }

    /// Makes `doc` the nearest so far when it is placed nearer (and open, when asked).
    fn consider(&self, columns: &mut Columns, doc: DocId) {
        let Some(point) = columns.point(doc) else {
            return;
        };
        let km = self.centre.km_to(point);
        if km >= self.best() || self.open_at.is_some_and(|at| !columns.is_open_at(doc, at)) {
            return;
        }
        self.best.store(km.to_bits(), Ordering::Relaxed);
    }
}

/// Listings of one half of the place order placed in the box around a point that reaches
/// the nearest match so far.
#[derive(Debug, Clone)]
struct NearerThanBest {
    centre: Point,
    half: Half,
    best: Arc<AtomicU64>,
    orders: PlaceOrders,
}

impl Query for NearerThanBest {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for NearerThanBest {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let order = self.orders.of(reader)?;
        let pivot = first_at_least(&order, grid::place_order(self.centre));
        // Unplaced listings are last in the order (`u64::MAX`): none is ever the nearest.
        let stretch = match self.half {
            Half::FromPoint => pivot..first_at_least(&order, u64::MAX),
            Half::BeforePoint => 0..pivot,
        };
        Ok(Box::new(Within::new(
            order,
            self.centre,
            stretch,
            self.best.clone(),
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is not nearer than the nearest match so far"
            )));
        }
        Ok(Explanation::new("NearerThanBest", 0.0))
    }
}

/// The documents of a stretch of a segment placed in the box reaching the best distance
/// so far, as runs of the place order; they narrow as the best does. It leads the
/// intersection it is in (each seek is a step along its runs), so the search reads only
/// what those runs hold, and ends with them: a clause seeked by it instead would first
/// read on to its own next match, however far.
struct Within {
    order: Column<u64>,
    centre: Point,
    stretch: Range<DocId>,
    best: Arc<AtomicU64>,
    /// The distance the runs were made for.
    km: f64,
    runs: Runs,
}

impl Within {
    fn new(
        order: Column<u64>,
        centre: Point,
        stretch: Range<DocId>,
        best: Arc<AtomicU64>,
    ) -> Within {
        let km = f64::from_bits(best.load(Ordering::Relaxed));
        let runs = Within::runs(&order, centre, &stretch, km);
        Within {
            order,
            centre,
            stretch,
            best,
            km,
            runs,
        }
    }

    /// The runs of the box reaching `km`, within the stretch; the whole stretch when `km`
    /// is infinite.
    fn runs(order: &Column<u64>, centre: Point, stretch: &Range<DocId>, km: f64) -> Runs {
        match km.is_finite() {
            true => {
                let spans = grid::place_order_spans(centre.box_around(km));
                Runs::of_spans(order, &spans, stretch.clone())
            }
            false => Runs::new(vec![stretch.clone()]),
        }
    }
}

impl DocSet for Within {
    fn advance(&mut self) -> DocId {
        self.seek(self.runs.doc().saturating_add(1))
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let best = f64::from_bits(self.best.load(Ordering::Relaxed));
        if best < self.km * NARROW_BELOW {
            // The narrower runs start again from their first: back to where these were.
            let at = self.runs.doc();
            self.runs = Within::runs(&self.order, self.centre, &self.stretch, best);
            self.km = best;
            self.runs.seek(at);
        }
        self.runs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.runs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.runs.size_hint()
    }

    /// The cheapest to lead: see the type's comment.
    fn cost(&self) -> u64 {
        0
    }
}

impl Scorer for Within {
    fn score(&mut self) -> Score {
        0.0
    }
}
