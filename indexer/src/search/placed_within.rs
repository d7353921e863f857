//! Listings placed within a box, read as runs of neighbouring documents: the index is
//! sorted by place order (`grid::place_order`), so the box's stretches of that curve are
//! runs of documents, found by halving the order's column, with no postings to read.

use std::ops::{Range, RangeInclusive};

use tantivy::columnar::Column;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError};

use crate::index::PlaceOrders;
use crate::model::geography::{Rect, grid};

/// Matches listings whose place order lies in the stretches of a box (some outside the
/// box, for the exact test to drop), each scoring `score`.
#[derive(Debug, Clone)]
pub struct PlacedWithin {
    spans: Vec<RangeInclusive<u64>>,
    score: Score,
    orders: PlaceOrders,
}

impl PlacedWithin {
    pub fn new(area: Rect, score: Score, orders: PlaceOrders) -> PlacedWithin {
        PlacedWithin {
            spans: grid::place_order_spans(area),
            score,
            orders,
        }
    }
}

impl Query for PlacedWithin {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for PlacedWithin {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let column = self.orders.of(reader)?;
        let runs = Runs::of_spans(&column, &self.spans, 0..column.num_docs());
        Ok(Box::new(ConstScorer::new(runs, self.score * boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is not placed within the box"
            )));
        }
        Ok(Explanation::new("PlacedWithin", scorer.score()))
    }
}

/// The documents of a segment whose place order (`column`) lies in `span`: the index is
/// sorted by it, unplaced listings last.
fn docs_in(column: &Column<u64>, span: &RangeInclusive<u64>) -> Range<DocId> {
    let start = first_at_least(column, *span.start());
    let end = match span.end().checked_add(1) {
        Some(after) => first_at_least(column, after),
        None => column.num_docs(),
    };
    start..end.max(start)
}

/// The first document of a segment whose place order (`column`) is at least `value`,
/// found by halving.
pub(super) fn first_at_least(column: &Column<u64>, value: u64) -> DocId {
    let order = |doc: DocId| column.first(doc).unwrap_or(u64::MAX);
    let (mut low, mut high) = (0, column.num_docs());
    while low < high {
        let middle = low + (high - low) / 2;
        if order(middle) < value {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// The documents of some runs, in order; the runs are in order and apart.
pub(super) struct Runs {
    runs: Vec<Range<DocId>>,
    /// The run `doc` is in.
    at: usize,
    doc: DocId,
}

impl Runs {
    pub(super) fn new(mut runs: Vec<Range<DocId>>) -> Runs {
        runs.retain(|run| !run.is_empty());
        let doc = runs.first().map_or(TERMINATED, |r| r.start);
        Runs { runs, at: 0, doc }
    }

    /// The documents of a segment within `stretch` whose place order (`column`) lies in
    /// one of `spans` (in order, apart).
    pub(super) fn of_spans(
        column: &Column<u64>,
        spans: &[RangeInclusive<u64>],
        stretch: Range<DocId>,
    ) -> Runs {
        Runs::new(
            spans
                .iter()
                .map(|span| {
                    let run = docs_in(column, span);
                    run.start.max(stretch.start)..run.end.min(stretch.end)
                })
                .collect(),
        )
    }
}

impl DocSet for Runs {
    fn advance(&mut self) -> DocId {
        self.seek(self.doc.saturating_add(1))
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc {
            return self.doc;
        }
        while self.runs.get(self.at).is_some_and(|r| r.end <= target) {
            self.at += 1;
        }
        self.doc = self
            .runs
            .get(self.at)
            .map_or(TERMINATED, |r| r.start.max(target));
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.runs.iter().map(|r| r.end - r.start).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(mut runs: Runs) -> Vec<DocId> {
        let mut out = Vec::new();
        while runs.doc() != TERMINATED {
            out.push(runs.doc());
            runs.advance();
        }
        out
    }

    #[test]
    fn runs_give_their_documents_in_order_and_seek_within_and_between_them() {
        let runs = || Runs::new(vec![2..4, 7..8, 10..13]);
        assert_eq!(all(runs()), vec![2, 3, 7, 10, 11, 12]);
        assert_eq!(runs().size_hint(), 6);
        let mut r = runs();
        assert_eq!(r.seek(3), 3);
        assert_eq!(r.seek(5), 7);
        assert_eq!(r.seek(11), 11);
        assert_eq!(r.advance(), 12);
        assert_eq!(r.advance(), TERMINATED);
        assert_eq!(r.seek(40), TERMINATED);
        assert_eq!(all(Runs::new(Vec::new())), Vec::<DocId>::new());
        // An empty run holds nothing, first or not.
        assert_eq!(all(Runs::new(vec![5..5, 7..9, 9..9])), vec![7, 8]);
    }
}
