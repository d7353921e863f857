//! A union of queries whose scorer moves by seeking each part. tantivy's own union (behind
//! every `BooleanQuery` with SHOULD clauses and `DisjunctionMaxQuery`) fills a window of
//! 4,096 documents on each seek: cheap when it drives a search, but where the place has
//! already narrowed the candidates to listings scattered through a national index, each
//! candidate made it read every posting of its window, and a search cost what the whole
//! country's postings did. Scores are those of the queries it replaces.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError};

/// Matches what any of its parts matches.
#[derive(Debug)]
pub struct SparseUnion {
    parts: Vec<Box<dyn Query>>,
    /// `None`: the parts' scores summed (as SHOULD clauses are); `Some(t)`: the best part's
    /// score plus `t` times the others' (as `DisjunctionMaxQuery` scores).
    tie_breaker: Option<Score>,
}

impl Clone for SparseUnion {
    fn clone(&self) -> SparseUnion {
        SparseUnion {
            parts: self.parts.iter().map(|p| p.box_clone()).collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl SparseUnion {
    /// Scored as a `BooleanQuery` of SHOULD clauses: the matching parts' sum.
    pub fn sum(parts: Vec<Box<dyn Query>>) -> SparseUnion {
        SparseUnion {
            parts,
            tie_breaker: None,
        }
    }

    /// Scored as `DisjunctionMaxQuery::with_tie_breaker`.
    pub fn max_with_tie_breaker(parts: Vec<Box<dyn Query>>, tie_breaker: Score) -> SparseUnion {
        SparseUnion {
            parts,
            tie_breaker: Some(tie_breaker),
        }
    }
}

impl Query for SparseUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let parts = self
            .parts
            .iter()
            .map(|p| p.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SparseUnionWeight {
            parts,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for p in &self.parts {
            p.query_terms(visitor);
        }
    }
}

struct SparseUnionWeight {
    parts: Vec<Box<dyn Weight>>,
    tie_breaker: Option<Score>,
}

impl Weight for SparseUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // Parts that match nothing in this segment (a word no listing's city holds) are
        // left out, and a union left with one part is that part: its documents and scores
        // are the union's, without a step through the union for every candidate.
        let mut parts = Vec::with_capacity(self.parts.len());
        for weight in &self.parts {
            let part = weight.scorer(reader, boost)?;
            if part.doc() != TERMINATED {
                parts.push(part);
            }
        }
        if parts.len() <= 1 {
            return Ok(parts
                .pop()
                .unwrap_or_else(|| Box::new(tantivy::query::EmptyScorer)));
        }
        Ok(Box::new(SparseUnionScorer::new(parts, self.tie_breaker)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("SparseUnion", scorer.score()))
    }
}

struct SparseUnionScorer {
    /// The parts not yet exhausted, and where each stands (kept here: asking a part
    /// through its trait object on every step cost more than the step).
    parts: Vec<Box<dyn Scorer>>,
    at: Vec<DocId>,
    doc: DocId,
    tie_breaker: Option<Score>,
}

impl SparseUnionScorer {
    fn new(parts: Vec<Box<dyn Scorer>>, tie_breaker: Option<Score>) -> SparseUnionScorer {
        let at = parts.iter().map(|p| p.doc()).collect();
        let mut scorer = SparseUnionScorer {
            parts,
            at,
            doc: TERMINATED,
            tie_breaker,
        };
        scorer.settle();
        scorer
    }

    /// Drops the exhausted parts and moves to the lowest document of the others.
    fn settle(&mut self) {
        self.drop_exhausted();
        self.doc = self.at.iter().copied().min().unwrap_or(TERMINATED);
    }

    fn drop_exhausted(&mut self) {
        let mut i = 0;
        while i < self.at.len() {
            if self.at[i] == TERMINATED {
                self.at.swap_remove(i);
                self.parts.swap_remove(i);
            } else {
                i += 1;
            }
        }
    }

    /// Moves each part `step` says to move, and the union to the lowest document of all,
    /// in one pass (this runs for every candidate); exhausted parts are dropped after.
    #[inline]
    fn step(
        &mut self,
        mut step: impl FnMut(&mut Box<dyn Scorer>, DocId) -> Option<DocId>,
    ) -> DocId {
        let (mut lowest, mut exhausted) = (TERMINATED, false);
        for (part, at) in self.parts.iter_mut().zip(self.at.iter_mut()) {
            if let Some(moved) = step(part, *at) {
                *at = moved;
                exhausted |= moved == TERMINATED;
            }
            lowest = lowest.min(*at);
        }
        if exhausted {
            self.drop_exhausted();
        }
        self.doc = lowest;
        lowest
    }
}

impl DocSet for SparseUnionScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        self.step(|part, at| (at == current).then(|| part.advance()))
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.step(|part, at| (at < target).then(|| part.seek(target)))
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|p| p.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.parts.iter().map(|p| p.cost()).sum()
    }
}

impl Scorer for SparseUnionScorer {
    fn score(&mut self) -> Score {
        let current = self.doc;
        let (mut sum, mut max) = (0.0, 0.0);
        for (part, at) in self.parts.iter_mut().zip(&self.at) {
            if *at == current {
                let s = part.score();
                sum += s;
                max = Score::max(max, s);
            }
        }
        match self.tie_breaker {
            None => sum,
            Some(t) => max + (sum - max) * t,
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, Term, doc};

    use super::*;

    /// The same documents in the same order with the same scores as tantivy's queries.
    #[test]
    fn matches_and_scores_as_the_queries_it_replaces() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for text in [
            "food pantry",
            "pantry",
            "food bank food",
            "shelter",
            "food",
            "clinic pantry food",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(body, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let top = |q: &dyn Query| {
            let mut hits: Vec<(u32, u32)> = searcher
                .search(q, &TopDocs::with_limit(10).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(s, a)| (a.doc_id, (s * 1e4).round() as u32))
                .collect();
            hits.sort();
            hits
        };
        let words = || vec![term("food"), term("pantry"), term("clinic")];
        let should = BooleanQuery::new(words().into_iter().map(|q| (Occur::Should, q)).collect());
        assert_eq!(top(&SparseUnion::sum(words())), top(&should));
        let dismax = DisjunctionMaxQuery::with_tie_breaker(words(), 0.1);
        assert_eq!(
            top(&SparseUnion::max_with_tie_breaker(words(), 0.1)),
            top(&dismax)
        );
        // Inside an intersection, where it is sought rather than walked.
        let both = |u: Box<dyn Query>| {
            BooleanQuery::new(vec![(Occur::Must, term("food")), (Occur::Must, u)])
        };
        let ours = both(Box::new(SparseUnion::sum(vec![
            term("pantry"),
            term("bank"),
        ])));
        let theirs = both(Box::new(BooleanQuery::new(vec![
            (Occur::Should, term("pantry")),
            (Occur::Should, term("bank")),
        ])));
        assert_eq!(top(&ours), top(&theirs));
        assert_eq!(top(&ours).len(), 3);
        assert!(top(&SparseUnion::sum(Vec::new())).is_empty());
        // One part, or one part that matches anything: that part's documents and scores.
        assert_eq!(
            top(&SparseUnion::sum(vec![term("food")])),
            top(&*term("food"))
        );
        assert_eq!(
            top(&SparseUnion::max_with_tie_breaker(
                vec![term("absent"), term("pantry"), term("nowhere")],
                0.1
            )),
            top(&*term("pantry"))
        );
        assert!(top(&SparseUnion::sum(vec![term("absent"), term("nowhere")])).is_empty());
    }
}
