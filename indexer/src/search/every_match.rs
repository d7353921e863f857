//! Collectors of a search's matches: every match with its score, sized by the matches
//! (tantivy's `TopDocs` sized for "all of them" reserves room for the whole index on every
//! search); the scores of chosen matches; and a test for any match at all.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

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
