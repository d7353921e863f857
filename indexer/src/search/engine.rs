//! Running a search on the index: text (typo-tolerant, stemmed, names first), filters,
//! and exact geography, with an exact total and stable paging.

use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Score, TantivyDocument, Term};

use chrono::{DateTime, Utc};

use super::columns::{Columns, Facets, count_facets};
use super::filters::OpenAt;
use super::geo::{bounding_box, haversine_km};
use super::request::{Area, SearchRequest, Sort};
use super::understand::{Understanding, Vocabulary};
use crate::error::{IndexerError, Result};
use crate::index::{Details, SearchIndex, TEXT_TOKENIZER};
use crate::model::Category;
use crate::model::hours::WeeklyHours;

/// One service at a location, as a search returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub service_id: String,
    pub organization_id: String,
    pub location_id: String,
    pub name: String,
    pub organization_name: String,
    pub description: Option<String>,
    pub status: String,
    pub categories: Vec<String>,
    pub languages: Vec<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// Distance from the searched point, when a point was given and the listing has one.
    pub distance_km: Option<f64>,
    /// True when the listing was found through a service area holding the point.
    pub by_service_area: bool,
    pub score: f32,
    pub details: Details,
    /// The IANA zone its hours are in, when its hours are known.
    pub time_zone: Option<String>,
    /// Whether it is open at the asked instant (or now); `None` when hours are unknown.
    pub open_now: Option<bool>,
    /// When it next opens after that instant, in its zone (RFC 3339).
    pub next_opening: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every listing that matches, not just this page.
    pub total_items: usize,
    pub hits: Vec<Hit>,
    /// The query words as searched (lower-cased and stemmed).
    pub terms: Vec<String>,
    /// The everyday phrases recognised, what they add, and the categories they mean.
    pub understanding: Understanding,
    /// Counts of each asked facet's values over every match.
    pub facets: Facets,
}

/// The HSDS status of a service that is running.
const ACTIVE: &str = "active";

/// The taxonomy term code that marks crisis lines (988, 911, local crisis lines).
const CRISIS_LINE: &str = "crisis-line";

/// Typo budget by word length, as Meilisearch does: none under 5 letters, one from 5,
/// two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

struct Candidate {
    address: DocAddress,
    score: Score,
    distance_km: Option<f64>,
    /// Found because one of its service areas holds the searched point.
    by_area: bool,
    area_span: f64,
}

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let fail = |e: tantivy::TantivyError| IndexerError::Index {
            path: std::path::PathBuf::from("search"),
            reason: e.to_string(),
        };
        let searcher = self.searcher()?;
        let text = request.text.as_deref().unwrap_or("");
        let understanding = Vocabulary::shipped().understand(text);
        let terms = self.query_words(text);
        let expansion = self.query_words(&understanding.expanded_terms.join(" "));
        let query = self.build_query(request, &terms, &expansion, &understanding);
        // Listings of a category the words mean come first; in a crisis, crisis lines
        // come before everything.
        let docs_of = |query: Box<dyn Query>| {
            searcher
                .search(&query, &tantivy::collector::DocSetCollector)
                .map_err(fail)
        };
        let in_intent: std::collections::HashSet<DocAddress> =
            if understanding.categories.is_empty() {
                Default::default()
            } else {
                docs_of(self.any_category(&understanding.categories))?
            };
        let in_crisis: std::collections::HashSet<DocAddress> = if understanding.crisis.is_some() {
            docs_of(exact(self.fields().term_code, CRISIS_LINE))?
        } else {
            Default::default()
        };
        let meetings =
            super::meeting_rank::MeetingRank::of(self, &searcher, &understanding, &terms)?;
        let everything = (searcher.num_docs() as usize).max(1);
        let matched = searcher
            .search(&query, &TopDocs::with_limit(everything).order_by_score())
            .map_err(fail)?;

        // Exact geography on the candidates the index's boxes let through: inside the
        // radius by distance, or inside one of the service's areas.
        let mut columns = Columns::of(&searcher).map_err(fail)?;
        let now = Utc::now();
        let open_at = match request.filters.open {
            Some(OpenAt::At(t)) => Some(t),
            Some(OpenAt::Now) => Some(now),
            None => None,
        };
        let mut candidates = Vec::with_capacity(matched.len());
        for (score, address) in matched {
            let c = &mut columns[address.segment_ord as usize];
            if let Some(at) = open_at
                && !c.is_open_at(address.doc_id, at)
            {
                continue;
            }
            let point = c
                .latitude
                .first(address.doc_id)
                .zip(c.longitude.first(address.doc_id));
            let area_box: Option<Vec<f64>> =
                c.area.iter().map(|col| col.first(address.doc_id)).collect();
            // The size of the area (square degrees): a national line reaches further than a
            // county one.
            let area_span = area_box.map_or(0.0, |b| (b[2] - b[0]) * (b[3] - b[1]));
            let (distance_km, by_area) = match &request.area {
                Some(Area::Radius { centre, radius_km }) => {
                    let d = point.map(|p| haversine_km(*centre, p));
                    match d {
                        Some(d) if d <= *radius_km => (Some(d), false),
                        _ if area_span > 0.0 && self.area_holds(&searcher, address, *centre)? => {
                            (None, true)
                        }
                        _ => continue,
                    }
                }
                _ => (None, false),
            };
            candidates.push(Candidate {
                address,
                score,
                distance_km,
                by_area,
                area_span,
            });
        }

        let radius = match &request.area {
            Some(Area::Radius { radius_km, .. }) => Some(*radius_km),
            _ => None,
        };
        let has_text = !terms.is_empty();
        let relevance = request.sort == Sort::Relevance;
        let key = |c: &Candidate| -> f64 {
            // National crisis lines first, then area-wide ones, then local ones.
            if relevance && c.distance_km.is_none() && in_crisis.contains(&c.address) {
                return -1e12 - c.area_span * 1e3 - c.score as f64;
            }
            // A service reaching the point through its area ranks as if at the radius' edge.
            let distance = if c.by_area { radius } else { c.distance_km };
            match (request.sort, distance, radius) {
                (Sort::Distance, Some(d), _) => d,
                // Relevance near a point: the text score, discounted with distance.
                (Sort::Relevance, Some(d), Some(r)) if has_text => {
                    -(c.score as f64) / (1.0 + d / r)
                }
                (Sort::Relevance, Some(d), _) => d,
                _ => -(c.score as f64),
            }
        };
        let tier = |c: &Candidate| {
            u8::from(
                request.sort == Sort::Relevance
                    && !in_intent.is_empty()
                    && !in_intent.contains(&c.address),
            )
        };
        candidates.sort_by(|a, b| {
            tier(a)
                .cmp(&tier(b))
                .then_with(|| {
                    // Crisis lines first stays first: meetings rank among themselves only
                    // when the words signal no crisis.
                    if relevance && understanding.crisis.is_none() {
                        meetings.rank(&a.address).cmp(&meetings.rank(&b.address))
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .then(key(a).total_cmp(&key(b)))
                .then(a.address.cmp(&b.address))
        });

        let total_items = candidates.len();
        let facets = if request.filters.facets.is_empty() {
            Facets::new()
        } else {
            let docs: Vec<DocAddress> = candidates.iter().map(|c| c.address).collect();
            count_facets(&columns, &docs, &request.filters.facets)
        };
        // Hours in results are judged at the asked instant, else now.
        let hours_at = open_at.unwrap_or(now);
        let start = (request.page - 1).saturating_mul(request.per_page);
        let hits = candidates
            .iter()
            .skip(start)
            .take(request.per_page)
            .map(|c| {
                let doc: TantivyDocument = searcher.doc(c.address).map_err(fail)?;
                let hours = columns[c.address.segment_ord as usize].hours(c.address.doc_id);
                Ok(self.hit(&doc, c, hours, hours_at))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            total_items,
            hits,
            facets,
            terms,
            understanding,
        })
    }

    /// Whether one of the document's service areas holds the point.
    fn area_holds(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        point: (f64, f64),
    ) -> Result<bool> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| IndexerError::Index {
            path: std::path::PathBuf::from("search"),
            reason: e.to_string(),
        })?;
        Ok(doc
            .get_all(self.fields().area)
            .filter_map(|v| v.as_str())
            .any(|extent| super::area::contains(extent, point)))
    }

    /// The query's words as the index stores them (lower-cased, stemmed).
    fn query_words(&self, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.tantivy().tokenizers().get(TEXT_TOKENIZER) else {
            return Vec::new();
        };
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        words
    }

    /// Listings in any of these categories.
    fn any_category(&self, categories: &[Category]) -> Box<dyn Query> {
        let f = self.fields();
        Box::new(BooleanQuery::new(
            categories
                .iter()
                .map(|c| (Occur::Should, exact(f.category, c.slug())))
                .collect(),
        ))
    }

    fn build_query(
        &self,
        request: &SearchRequest,
        words: &[String],
        expansion: &[String],
        understanding: &Understanding,
    ) -> Box<dyn Query> {
        let intent = &understanding.categories;
        let f = self.fields();
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
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
        let bbox = match &request.area {
            Some(Area::Radius { centre, radius_km }) => Some(bounding_box(*centre, *radius_km)),
            Some(Area::BoundingBox {
                min_lat,
                min_lon,
                max_lat,
                max_lon,
            }) => Some((*min_lat, *min_lon, *max_lat, *max_lon)),
            None => None,
        };
        if let Some((min_lat, min_lon, max_lat, max_lon)) = bbox {
            let near: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Must, range(f.latitude, min_lat, max_lat)),
                (Occur::Must, range(f.longitude, min_lon, max_lon)),
            ];
            let mut place = vec![(
                Occur::Should,
                Box::new(BooleanQuery::new(near)) as Box<dyn Query>,
            )];
            if let Some(Area::Radius {
                centre: (lat, lon), ..
            }) = &request.area
            {
                // Services whose area's box holds the point (statewide lines, online
                // meetings for a region), wherever their office is.
                let holds: Vec<(Occur, Box<dyn Query>)> = vec![
                    (Occur::Must, range(f.area_min_lat, -90.0, *lat)),
                    (Occur::Must, range(f.area_max_lat, *lat, 90.0)),
                    (Occur::Must, range(f.area_min_lon, -180.0, *lon)),
                    (Occur::Must, range(f.area_max_lon, *lon, 180.0)),
                ];
                place.push((Occur::Should, Box::new(BooleanQuery::new(holds))));
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(place))));
        }
        must.extend(self.filter_queries(request));
        if request.day.is_some()
            || request.starts_after.is_some()
            || request.starts_before.is_some()
        {
            must.push((Occur::Must, self.weekly_query(request)));
        }
        if !words.is_empty() {
            let mut text = vec![(Occur::Should, self.text_query(words, 1.0, true))];
            if !expansion.is_empty() {
                // Expansion words come from our own vocabulary, spelled right: matching
                // them exactly spares a typo automaton per word and field.
                text.push((Occur::Should, self.text_query(expansion, 0.4, false)));
            }
            if !intent.is_empty() {
                // Listings of the meant category match even when their text has none of
                // the words.
                text.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(self.any_category(intent), 2.0)),
                ));
            }
            if understanding.crisis.is_some() {
                // Crisis lines match a crisis query whatever its words.
                text.push((Occur::Should, exact(f.term_code, CRISIS_LINE)));
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(text))));
        }
        if must.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(must))
    }

    /// Any of the words in any text field: exact matches score by BM25 and count most in
    /// the name; with `typos`, typos (and the last word as a prefix) still match, for less.
    fn text_query(&self, words: &[String], weight: f32, typos: bool) -> Box<dyn Query> {
        let f = self.fields();
        let fields = [
            (f.name, 3.0),
            (f.organization_name, 1.5),
            (f.terms, 1.5),
            (f.description, 1.0),
            (f.city, 0.5),
        ]
        .map(|(field, boost)| (field, boost * weight));
        let per_word = words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                let last = i + 1 == words.len();
                let budget = typo_budget(word);
                let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                for (field, boost) in fields {
                    let term = Term::from_field_text(field, word);
                    alternatives.push(Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                        boost,
                    )));
                    let fuzzy = if last {
                        FuzzyTermQuery::new_prefix(term, budget, true)
                    } else {
                        FuzzyTermQuery::new(term, budget, true)
                    };
                    if typos && (budget > 0 || last) {
                        alternatives.push(Box::new(BoostQuery::new(Box::new(fuzzy), boost * 0.3)));
                    }
                }
                (
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(alternatives, 0.1))
                        as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(per_word))
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        c: &Candidate,
        hours: Option<WeeklyHours>,
        at: DateTime<Utc>,
    ) -> Hit {
        let f = self.fields();
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field: Field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        let number = |field: Field| doc.get_first(field).and_then(|v| v.as_f64());
        Hit {
            id: text(f.id).unwrap_or_default(),
            service_id: text(f.service_id).unwrap_or_default(),
            organization_id: text(f.organization_id).unwrap_or_default(),
            location_id: text(f.location_id).unwrap_or_default(),
            name: text(f.name).unwrap_or_default(),
            organization_name: text(f.organization_name).unwrap_or_default(),
            description: text(f.description),
            status: text(f.status).unwrap_or_default(),
            categories: all(f.category),
            languages: all(f.language),
            latitude: number(f.latitude),
            longitude: number(f.longitude),
            postal_code: text(f.postal_code),
            city: text(f.city),
            state: text(f.state),
            distance_km: c.distance_km.map(|d| (d * 1000.0).round() / 1000.0),
            by_service_area: c.by_area,
            score: c.score,
            details: text(f.details)
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or_default(),
            // A 24/7 line with no known zone is indexed in UTC; that zone means nothing to
            // the person reading the result.
            time_zone: hours
                .as_ref()
                .filter(|h| h.zone != chrono_tz::Tz::UTC)
                .map(|h| h.zone.name().to_string()),
            open_now: hours.as_ref().map(|h| h.is_open_at(at)),
            next_opening: hours
                .as_ref()
                .and_then(|h| h.next_opening(at))
                .map(|t| t.to_rfc3339()),
        }
    }
}

pub(super) fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn range(field: Field, min: f64, max: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, min)),
        Bound::Included(Term::from_field_f64(field, max)),
    ))
}

#[cfg(test)]
mod tests {
    use super::typo_budget;

    #[test]
    fn typo_budget_grows_with_word_length() {
        assert_eq!(typo_budget("meal"), 0);
        assert_eq!(typo_budget("rehab"), 1);
        assert_eq!(typo_budget("shelters"), 1);
        assert_eq!(typo_budget("treatment"), 2);
    }
}
