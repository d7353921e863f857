//! A collector of every match with its score, sized by the matches: tantivy's `TopDocs`
//! sized for "all of them" reserves room for the whole index on every search.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Every match of a query, in no particular order.
pub(super) struct EveryMatch;

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
        true
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
