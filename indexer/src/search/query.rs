//! The index queries a search runs: the request's constraints (categories, place,
//! filters, weekly times), the text (required words, phrases and the categories they
//! mean, crisis lines), and the side queries that explain an answer (words that matched
//! nothing, names holding every word).

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::engine::typo_budget;
use super::placed_within::PlacedWithin;
use super::request::{Area, SearchRequest};
use super::sparse_union::SparseUnion;
use super::text::{self, QueryWord, WordRoles};
use super::understand::Understanding;
use crate::index::{SearchIndex, TEXT_TOKENIZER};
use crate::model::Category;
use crate::model::crisis::CRISIS_LINE;
use crate::model::geography::grid;
use crate::model::national;

/// The HSDS status of a service that is running.
const ACTIVE: &str = "active";

pub(super) type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// The words of a query, read once: every word with its role, the words of the phrases'
/// expansions, and the words that matched nothing where the search looks.
#[derive(Debug, Clone, Default)]
pub struct QueryText {
    /// Each word as the index stores it, with the word it came from.
    pub words: Vec<(String, QueryWord)>,
    pub roles: WordRoles,
    pub expansion: Vec<QueryWord>,
    /// Words (as written, lower-cased) that no listing where the search looks holds. A
    /// phrase's word among them still brings the category the phrase means.
    pub unmatched: Vec<String>,
}

impl QueryText {
    /// Words with a role and a match somewhere.
    fn matched(&self, words: &[QueryWord]) -> Vec<QueryWord> {
        words
            .iter()
            .filter(|w| {
                !self
                    .words
                    .iter()
                    .any(|(raw, q)| q == *w && self.unmatched.contains(raw))
            })
            .cloned()
            .collect()
    }
}

impl SearchIndex {
    /// The query's words as the index stores them (lower-cased, stemmed), each with the
    /// lower-cased word it came from; `known` tells whether the index holds it as written
    /// (looked up in `searcher`; without one, the words are our own vocabulary, spelled
    /// right, and taken as known).
    pub(super) fn read_words(
        &self,
        searcher: Option<&Searcher>,
        text: &str,
    ) -> Vec<(String, QueryWord)> {
        let Some(mut analyzer) = self.tantivy().tokenizers().get(TEXT_TOKENIZER) else {
            return Vec::new();
        };
        let fields = text::weighted_fields(&self.fields());
        let raw_words = super::understand::words(text);
        let mut out = Vec::new();
        for raw in &raw_words {
            let mut stream = analyzer.token_stream(raw);
            while stream.advance() {
                let term = stream.token().text.clone();
                let known = searcher.is_none_or(|searcher| {
                    fields.iter().any(|(field, _)| {
                        searcher
                            .doc_freq(&Term::from_field_text(*field, &term))
                            .is_ok_and(|n| n > 0)
                    })
                });
                out.push((
                    raw.clone(),
                    QueryWord {
                        term,
                        last: false,
                        known,
                        typos: Vec::new(),
                    },
                ));
            }
        }
        if let Some(last) = out.last_mut() {
            last.1.last = true;
        }
        out
    }

    /// The words the index holds within each unknown word's typo budget (beginning so, for
    /// the last word), per text field.
    fn read_typos(
        &self,
        searcher: &Searcher,
        words: &mut [(String, QueryWord)],
    ) -> tantivy::Result<()> {
        let fields = text::weighted_fields(&self.fields()).map(|(field, _)| field);
        for (_, word) in words.iter_mut().filter(|(_, w)| !w.known) {
            let budget = typo_budget(&word.term);
            if budget == 0 && !word.last {
                continue;
            }
            word.typos = text::typos_of(searcher, &fields, &word.term, budget, word.last)?;
        }
        Ok(())
    }

    /// Reads the query's text: roles, expansions and the words matching nothing under the
    /// request's constraints.
    pub(super) fn query_text(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        understanding: &Understanding,
    ) -> tantivy::Result<QueryText> {
        let text = request.text.as_deref().unwrap_or("");
        let mut words = self.read_words(Some(searcher), text);
        self.read_typos(searcher, &mut words)?;
        let phrase_words: Vec<String> = understanding
            .phrases
            .iter()
            .flat_map(|p| super::understand::words(p))
            .collect();
        let roles = text::roles(&words, &phrase_words);
        // Our own vocabulary, spelled right: matched exactly, never as a prefix.
        let expansion = self
            .read_words(None, &understanding.expanded_terms.join(" "))
            .into_iter()
            .map(|(_, w)| QueryWord { last: false, ..w })
            .collect();
        let fields = text::weighted_fields(&self.fields());
        let scope = self.constraints(request);
        let in_scope = |q: Box<dyn Query>| -> tantivy::Result<bool> {
            let mut clauses: Clauses = scope.iter().map(|(o, c)| (*o, c.box_clone())).collect();
            clauses.push((Occur::Must, q));
            super::every_match::any_match(searcher, &BooleanQuery::new(clauses))
        };
        let mut unmatched = Vec::new();
        // A crisis phrasing is understood whole: its words are not listings' words.
        let words_to_check = if understanding.crisis.is_some() {
            &[][..]
        } else {
            &words[..]
        };
        for (raw, word) in words_to_check {
            if text::is_stop_word(raw) || unmatched.contains(raw) {
                continue;
            }
            if !in_scope(text::word_query(word, &fields, 1.0))? {
                unmatched.push(raw.clone());
            }
        }
        Ok(QueryText {
            words,
            roles,
            expansion,
            unmatched,
        })
    }

    /// Everything a listing must satisfy besides the text: categories, organization,
    /// language, the caller's service list, status, place, filters and weekly times.
    pub(super) fn constraints(&self, request: &SearchRequest) -> Clauses {
        let f = self.fields();
        let mut must: Clauses = Vec::new();
        if !request.categories.is_empty() {
            must.push((Occur::Must, self.any_category(&request.categories)));
        }
        if let Some(org) = &request.organization_id {
            must.push((Occur::Must, exact(f.organization_id, org)));
        }
        if let Some(language) = &request.language {
            must.push((Occur::Must, exact(f.language, language)));
        }
        if let Some(ids) = &request.service_ids {
            let terms = ids.iter().map(|id| Term::from_field_text(f.service_id, id));
            must.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if request.only_active {
            must.push((Occur::Must, exact(f.status, ACTIVE)));
        }
        if let Some(place) = self.place_query(request) {
            must.push((Occur::Must, place));
        }
        must.extend(self.filter_queries(request));
        if request.day.is_some()
            || request.starts_after.is_some()
            || request.starts_before.is_some()
        {
            must.push((Occur::Must, self.weekly_query(request)));
        }
        must
    }

    /// Listings placed in the box around the area, or whose service area's box holds the
    /// searched point (statewide lines, online meetings for a region). The runs of
    /// documents placed near (the index is in place order) and the grid's cells of areas
    /// lead, so a search reads the listings near its place, not every listing's point;
    /// around a point the engine measures the exact distance and tests the exact area, so
    /// only a box is checked here to the degree.
    fn place_query(&self, request: &SearchRequest) -> Option<Box<dyn Query>> {
        let f = self.fields();
        // A place scores a constant, as the box's ranges did before the grid: 2 for a
        // listing placed near, 4 for one whose area may hold the point.
        let cells = |terms: Vec<String>, score: f32| any_term(f.cell, &terms, score);
        let place: Box<dyn Query> = match &request.area {
            Some(Area::Radius { centre, radius_km }) => Box::new(SparseUnion::sum(vec![
                Box::new(PlacedWithin::new(
                    centre.box_around(*radius_km),
                    2.0,
                    self.place_orders(),
                )),
                cells(grid::area_terms_holding(*centre), 4.0),
            ])),
            Some(Area::BoundingBox(b)) => {
                // y is latitude, x longitude.
                let (min, max) = (b.min(), b.max());
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        Box::new(PlacedWithin::new(*b, 0.0, self.place_orders())),
                    ),
                    (Occur::Must, range(f.latitude, min.y, max.y)),
                    (Occur::Must, range(f.longitude, min.x, max.x)),
                ]))
            }
            None => return None,
        };
        Some(place)
    }

    /// The whole search: the constraints and the text; in a crisis, the national lines
    /// whatever the constraints.
    /// `also` are further clauses, put beside the request's own rather than around the
    /// whole: tantivy aligns a nested intersection on its first match before the outer
    /// clauses narrow it, which for a rare combination is a pass over the whole index.
    pub(super) fn search_query(
        &self,
        request: &SearchRequest,
        text: &QueryText,
        understanding: &Understanding,
        also: Clauses,
    ) -> Box<dyn Query> {
        let mut must = self.constraints(request);
        must.extend(also);
        // A text of stop words alone ("near me") asks for nothing more than the rest.
        let says_something = !text.roles.meaningful.is_empty()
            || !understanding.categories.is_empty()
            || understanding.crisis.is_some();
        if request.text.is_some() && says_something {
            must.push((Occur::Must, self.text_query(text, understanding)));
        }
        if !says_something {
            // A browse lists what is near, not the national lines reaching everywhere:
            // words bring them ("988", "hotline", a crisis).
            must.push((Occur::MustNot, self.national_lines()));
            must.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        let main: Box<dyn Query> = if must.is_empty() {
            Box::new(tantivy::query::AllQuery)
        } else {
            Box::new(BooleanQuery::new(must))
        };
        if understanding.crisis.is_none() {
            return main;
        }
        Box::new(SparseUnion::sum(vec![main, self.national_lines()]))
    }

    /// What a listing's text must hold, and what scores it.
    fn text_query(&self, text: &QueryText, understanding: &Understanding) -> Box<dyn Query> {
        let fields = text::weighted_fields(&self.fields());
        let required = text.matched(&text.roles.required);
        // A phrase is found in a listing's text only whole: with one of its words held
        // nowhere, only the category it means is left ("food pantry" where no listing
        // says "pantry" must not bring meetings that mention food).
        let phrase = if text.matched(&text.roles.phrase).len() == text.roles.phrase.len() {
            text.roles.phrase.clone()
        } else {
            Vec::new()
        };
        let intent = &understanding.categories;
        // Each word's postings are read once per listing. A listing admitted through the
        // words holds every one of them, so the words score twice where they admit (as
        // much as admitting them and scoring them again would) instead of being read again.
        const ADMITTED_AND_SCORED: f32 = 2.0;
        let mut admit: Vec<Box<dyn Query>> = Vec::new();
        // The phrases: listings of the category they mean, or holding their words.
        let mut phrase_part: Vec<Box<dyn Query>> = Vec::new();
        if !intent.is_empty() {
            phrase_part.push(Box::new(BoostQuery::new(self.any_category(intent), 2.0)));
        }
        if !phrase.is_empty() {
            phrase_part.push(text::all_words(&phrase, &fields, ADMITTED_AND_SCORED));
        }
        let phrase_part: Option<Box<dyn Query>> =
            (!phrase_part.is_empty()).then(|| Box::new(SparseUnion::sum(phrase_part)) as _);
        if understanding.crisis.is_some() {
            // In a crisis, listings are crisis services, and what the phrases ask for
            // (naloxone, detox); words like "end" or "life" must not bring in hospices.
            admit.push(exact(self.fields().term_code, CRISIS_LINE));
            if let Some(p) = phrase_part {
                admit.push(p);
            }
        } else {
            let mut all: Clauses = Vec::new();
            if !required.is_empty() {
                all.push((
                    Occur::Must,
                    text::all_words(&required, &fields, ADMITTED_AND_SCORED),
                ));
            }
            if let Some(p) = phrase_part {
                all.push((Occur::Must, p));
            }
            if !all.is_empty() {
                admit.push(Box::new(BooleanQuery::new(all)));
            }
        }
        if admit.is_empty() {
            // Every word matched nothing: nothing matches, rather than everything.
            return Box::new(EmptyQuery);
        }
        // Scoring besides what admits: the required words in a crisis (where they do not
        // admit), each; a phrase's words score only together, where they admit ("free
        // clinic" gives a library named "Free" nothing); the expansions, for less.
        let mut scoring: Vec<Box<dyn Query>> = Vec::new();
        if understanding.crisis.is_some() && !required.is_empty() {
            scoring.push(text::any_word(&required, &fields, 1.0));
        }
        if !text.expansion.is_empty() {
            scoring.push(text::any_word(&text.expansion, &fields, 0.4));
        }
        let mut clauses: Clauses = vec![(Occur::Must, Box::new(SparseUnion::sum(admit)))];
        if !scoring.is_empty() {
            clauses.push((Occur::Should, Box::new(SparseUnion::sum(scoring))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Listings whose name holds every word of the query searched as text, within the
    /// constraints; `None` when the query has no such word.
    pub(super) fn name_query(
        &self,
        request: &SearchRequest,
        text: &QueryText,
    ) -> Option<Box<dyn Query>> {
        // The words searched as text: a phrase one of whose words is held nowhere was
        // searched by its category alone ("aa meeting" where no listing says "aa" must not
        // put every name with "meeting" first).
        let mut words = text.matched(&text.roles.required);
        if text.matched(&text.roles.phrase).len() == text.roles.phrase.len() {
            words.extend(text.roles.phrase.iter().cloned());
        }
        if words.is_empty() {
            return None;
        }
        let mut must = self.constraints(request);
        must.push((
            Occur::Must,
            text::all_words(&words, &[(self.fields().name, 1.0)], 1.0),
        ));
        Some(Box::new(BooleanQuery::new(must)))
    }

    /// The national lines.
    pub(super) fn national_lines(&self) -> Box<dyn Query> {
        exact(self.fields().source, national::SOURCE)
    }

    /// Crisis services: the national lines and every listing marked a crisis line.
    pub(super) fn crisis_services(&self) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, self.national_lines()),
            (Occur::Should, exact(self.fields().term_code, CRISIS_LINE)),
        ]))
    }

    /// Listings in any of these categories.
    pub(super) fn any_category(&self, categories: &[Category]) -> Box<dyn Query> {
        let f = self.fields();
        Box::new(SparseUnion::sum(
            categories
                .iter()
                .map(|c| exact(f.category, c.slug()))
                .collect(),
        ))
    }
}

pub(super) fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Listings holding any of `terms`, all scoring `score`. A union of term queries: for the
/// few terms of a place or an hour it is far cheaper to set up than a `TermSetQuery`,
/// which builds a term automaton (with a megabyte of scratch space) on every search.
pub(super) fn any_term(field: Field, terms: &[String], score: f32) -> Box<dyn Query> {
    let union = SparseUnion::sum(terms.iter().map(|t| exact(field, t)).collect());
    Box::new(ConstScoreQuery::new(Box::new(union), score))
}

fn range(field: Field, min: f64, max: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, min)),
        Bound::Included(Term::from_field_f64(field, max)),
    ))
}
