//! Collectors of a search's matches: every match with its score, sized by the matches
//! (tantivy's `TopDocs` sized for "all of them" reserves room for the whole index on every
//! search); the distance to the nearest; and a test for any match at all.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

use super::columns::Columns;
use crate::index::SegmentColumns;
use crate::model::geography::Point;

/// Every match of a query, in no particular order; with its score when `scored` (an order
/// that never reads the score collects faster without: no scorer of the text is asked).
pub(super) struct EveryMatch {
    pub scored: bool,
}

pub(super) struct SegmentMatches {
    segment: SegmentOrdinal,
    matches: Vec<(Score, DocAddress)>,
}

impl Collector for EveryMatch {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches
            .push((score, DocAddress::new(self.segment, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.matches
    }
}

/// The distance in km from `centre` to the nearest match that is placed (within
/// `within_km` when given, and open at `open_at` when given), read from each match's
/// columns as it is collected.
pub(super) struct NearestMatch {
    /// The searcher's columns, by segment ordinal.
    pub columns: Vec<Arc<SegmentColumns>>,
    pub centre: Point,
    pub within_km: Option<f64>,
    pub open_at: Option<DateTime<Utc>>,
}

pub(super) struct SegmentNearest {
    columns: Columns,
    centre: Point,
    within_km: f64,
    open_at: Option<DateTime<Utc>>,
    nearest: Option<f64>,
}

impl Collector for NearestMatch {
    type Fruit = Option<f64>;
    type Child = SegmentNearest;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentNearest> {
        let columns = self.columns.get(segment as usize).ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no columns for segment {segment}"))
        })?;
        Ok(SegmentNearest {
            columns: Columns::new(columns.clone()),
            centre: self.centre,
            within_km: self.within_km.unwrap_or(f64::INFINITY),
            open_at: self.open_at,
            nearest: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Option<f64>>) -> tantivy::Result<Option<f64>> {
        Ok(fruits.into_iter().flatten().min_by(f64::total_cmp))
    }
}

impl SegmentCollector for SegmentNearest {
    type Fruit = Option<f64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(point) = self.columns.point(doc) else {
            return;
        };
        let km = self.centre.km_to(point);
        if km > self.within_km || self.nearest.is_some_and(|n| n <= km) {
            return;
        }
        if self
            .open_at
            .is_some_and(|at| !self.columns.is_open_at(doc, at))
        {
            return;
        }
        self.nearest = Some(km);
    }

    fn harvest(self) -> Option<f64> {
        self.nearest
    }
}

/// The scores of `docs` (in ascending order) under `query`, read by seeking its scorer to
/// each: a match's score is the one collecting it scored would have given.
pub(super) fn scores_of(
    searcher: &Searcher,
    query: &dyn Query,
    docs: &[DocAddress],
) -> tantivy::Result<Vec<Score>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut scores = Vec::with_capacity(docs.len());
    let mut segment: Option<(SegmentOrdinal, Box<dyn Scorer>)> = None;
    for address in docs {
        let scorer = match &mut segment {
            Some((ordinal, scorer)) if *ordinal == address.segment_ord => scorer,
            _ => {
                let reader = searcher.segment_reader(address.segment_ord);
                let scorer = weight.scorer(reader, 1.0)?;
                &mut segment.insert((address.segment_ord, scorer)).1
            }
        };
        let at = match scorer.doc() < address.doc_id {
            true => scorer.seek(address.doc_id),
            false => scorer.doc(),
        };
        scores.push(if at == address.doc_id {
            scorer.score()
        } else {
            0.0
        });
    }
    Ok(scores)
}

/// Whether anything matches `query`: stops at the first live match, where a count reads
/// every one (a common word near a big city matches thousands).
pub(super) fn any_match(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<bool> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                return Ok(true);
            }
            doc = scorer.advance();
        }
    }
    Ok(false)
}
