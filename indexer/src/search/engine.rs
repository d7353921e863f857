//! Running a search on the index: text (typo-tolerant, stemmed, names first), filters,
//! and exact geography, with an exact total and stable paging.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

use super::columns::{Columns, Facets, Held, HeldValue, count_facets};
use super::every_match::{EveryMatch, scores_of};
use super::filters::OpenAt;
use super::grouping;
use super::hits::Hit;
use super::nearest::{Half, Nearest};
use super::ranking::{self, Tier};
use super::request::{Area, SearchRequest, Sort};
use super::understand::{Understanding, Vocabulary};
use crate::error::{IndexerError, Result};
use crate::index::{AreaTest, SearchIndex};
use crate::model::geography::Point;
use crate::model::hours::WeeklyHours;
use crate::model::national::{self, NationalLine};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every listing that matches, not just this page.
    pub total_items: usize,
    pub hits: Vec<Hit>,
    /// The query words as searched (lower-cased and stemmed).
    pub terms: Vec<String>,
    /// Words of the query (as written, lower-cased) that no listing where the search
    /// looked holds: they were left out rather than matched loosely.
    pub unmatched_terms: Vec<String>,
    /// When nothing is within the radius: how far the nearest match is, in km.
    pub nearest_km: Option<f64>,
    /// The everyday phrases recognised, what they add, and the categories they mean.
    pub understanding: Understanding,
    /// Counts of each asked facet's values over every match.
    pub facets: Facets,
}

/// Typo budget by word length, as Meilisearch does: none under 5 letters, one from 5,
/// two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Why a listing is a candidate, and where it ranks.
pub(super) struct Candidate {
    pub(super) address: DocAddress,
    pub(super) score: Score,
    pub(super) distance_km: Option<f64>,
    /// Found because one of its service areas holds the searched point.
    pub(super) by_area: bool,
    pub(super) area_span: f64,
    pub(super) tier: Tier,
    /// Order among meetings within a tier (`MeetingRank`), lower first.
    meeting: u8,
    /// Order within the tier and meeting rank, by the sort asked (`order_key`).
    order: f64,
    /// Minutes from the asked instant to its next start (0 when open then), for
    /// `sort=soonest`; `None` when its hours are unknown.
    pub(super) wait_minutes: Option<i64>,
    /// Open at the instant `open_now`/`open_at` asks about (true when neither is asked).
    pub(super) open: bool,
    /// People can only attend online.
    pub(super) online_only: bool,
}

impl Candidate {
    /// The order of results: tier, meetings' own order, the sort asked, then the index's
    /// order, so that equal candidates keep one order from page to page.
    fn ranks_before(&self, other: &Candidate) -> std::cmp::Ordering {
        self.tier
            .cmp(&other.tier)
            .then(self.meeting.cmp(&other.meeting))
            .then(self.order.total_cmp(&other.order))
            .then(self.address.cmp(&other.address))
    }
}

/// What a crisis answer needs to know of its crisis resources.
struct CrisisContext {
    kind: String,
    language: String,
    /// Crisis resources in the index, with their national line when they are one.
    resources: HashMap<DocAddress, Option<&'static NationalLine>>,
}

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.searcher()?;
        let text = request.text.as_deref().unwrap_or("");
        let understanding = Vocabulary::shipped().understand(text);
        let words = self
            .query_text(&searcher, request, &understanding)
            .map_err(fail)?;
        let query = self.search_query(request, &words, &understanding, Vec::new());
        let docs_of = |query: &dyn Query| {
            searcher
                .search(query, &tantivy::collector::DocSetCollector)
                .map_err(fail)
        };
        // The crisis resources among the matches, read within the search's own query:
        // near the place, not across the country.
        let crisis = match &understanding.crisis {
            Some(kind) => Some(self.crisis_context(
                &searcher,
                docs_of(&BooleanQuery::new(vec![
                    (Occur::Must, query.box_clone()),
                    (Occur::Must, self.crisis_services()),
                ]))?,
                kind,
                understanding.crisis_language.as_deref().unwrap_or("en"),
            )?),
            None => None,
        };
        let name_matches: HashSet<DocAddress> = match self.name_query(request, &words) {
            Some(q) => docs_of(&*q)?,
            None => HashSet::new(),
        };
        let stems: Vec<String> = words.words.iter().map(|(_, w)| w.term.clone()).collect();
        let relevance = request.sort == Sort::Relevance;
        // In a relevance order, tier and meeting rank come before the score. When names
        // holding every word could fill the page on their own, the matches are collected
        // unscored, and only those ranked up to where the page ends are scored once every
        // match is counted. Otherwise the page most likely ends among most of the matches,
        // and scoring them again after collecting them costs more than scoring them as
        // they are collected. Facets count each program's best member, which the whole
        // order decides, so with facets every match is scored as it is collected.
        let start = (request.page - 1).saturating_mul(request.per_page);
        let end = start.saturating_add(request.per_page);
        let score_page_only = relevance
            && request.filters.facets.is_empty()
            && name_matches.len() >= end.saturating_mul(2);
        let scored = order_reads_scores(request) && !score_page_only;
        let matched = searcher
            .search(&query, &EveryMatch { scored })
            .map_err(fail)?;
        let mut columns = Columns::of(self, &searcher)?;
        // The categories the words mean, in the order the phrases name them, read from the
        // matches' columns. Meetings rank among themselves (the fellowship the words name
        // first) only in a relevance order when the words signal no crisis.
        let in_intent: Vec<HeldValue> = understanding
            .categories
            .iter()
            .map(|c| HeldValue::new(&columns, Held::Category, c.slug()))
            .collect();
        let meetings = (relevance && understanding.crisis.is_none())
            .then(|| super::meeting_rank::MeetingRank::of(&columns, &understanding, &stems));
        let now = Utc::now();
        let open_at = match request.filters.open {
            Some(OpenAt::At(t)) => Some(t),
            Some(OpenAt::Now) => Some(now),
            None => None,
        };
        // Hours in results (and `sort=soonest`) are judged at the asked instant, else now.
        let hours_at = open_at.unwrap_or(now);
        // The service areas are tested only around a point.
        let areas = match &request.area {
            Some(Area::Radius { .. }) => self.service_areas(&searcher)?,
            _ => Vec::new(),
        };
        let mut area_test = match &request.area {
            Some(Area::Radius { centre, .. }) => Some(AreaTest::new(*centre)),
            _ => None,
        };
        let radius = match &request.area {
            Some(Area::Radius { radius_km, .. }) => Some(*radius_km),
            _ => None,
        };
        let has_text = !words.roles.meaningful.is_empty();
        let mut candidates = Vec::with_capacity(matched.len());
        for (score, address) in matched {
            // In a crisis: whether this is a crisis resource, and which national line.
            let resource = crisis
                .as_ref()
                .and_then(|c| Some((c, *c.resources.get(&address)?)));
            let crisis_tier =
                resource.map(|(c, national)| ranking::crisis_tier(national, &c.kind, &c.language));
            // In a crisis the national lines are listed whatever the place and filters.
            let national_line = matches!(resource, Some((_, Some(_))));
            let c = &mut columns[address.segment_ord as usize];
            // Judged per program once grouped: a meeting open now shows all its times.
            let open = national_line || open_at.is_none_or(|at| c.is_open_at(address.doc_id, at));
            let point = c.point(address.doc_id);
            // The size of the area (square degrees), which orders local crisis services: a
            // national line reaches further than a county one.
            let area_span = match crisis_tier {
                Some(_) => c.area_span(address.doc_id),
                None => 0.0,
            };
            // An online-only meeting is found near its group's town, but is not "nearby":
            // it has no distance, and a list sorted by distance (places) leaves it out.
            let online_only = c.online_only.first(address.doc_id) == Some(1);
            if online_only && request.sort == Sort::Distance && crisis_tier.is_none() {
                continue;
            }
            let (distance_km, by_area) = match &request.area {
                Some(Area::Radius { centre, radius_km }) => {
                    let d = point.map(|p| centre.km_to(p));
                    match d {
                        Some(d) if d <= *radius_km && online_only => (None, false),
                        Some(d) if d <= *radius_km => (Some(d), false),
                        _ if national_line => (None, true),
                        // Sorted by distance, the answer is places within the radius:
                        // services that only reach the point have no distance to sort by.
                        _ if request.sort == Sort::Distance && crisis_tier.is_none() => {
                            continue;
                        }
                        _ if area_test.as_mut().is_some_and(|test| {
                            let segment = address.segment_ord as usize;
                            test.holds(segment, &areas[segment], address.doc_id)
                        }) =>
                        {
                            (None, true)
                        }
                        _ => continue,
                    }
                }
                Some(Area::BoundingBox { .. }) if point.is_none() && !national_line => continue,
                _ => (None, false),
            };
            let wait_minutes = match request.sort {
                Sort::Soonest => c
                    .hours(address.doc_id)
                    .and_then(|h| wait_minutes(&h, hours_at)),
                _ => None,
            };
            let tier = match crisis_tier {
                Some(t) => t,
                None if relevance => ranking::tier(
                    name_matches.contains(&address),
                    in_intent.iter().position(|c| c.held_by(&columns, address)),
                ),
                None => ranking::REST,
            };
            let meeting = meetings.as_ref().map_or(0, |m| m.rank(&columns, address));
            let mut candidate = Candidate {
                address,
                score,
                distance_km,
                by_area,
                area_span,
                tier,
                meeting,
                order: 0.0,
                wait_minutes,
                open,
                online_only,
            };
            candidate.order = order_key(&candidate, request.sort, radius, has_text);
            candidates.push(candidate);
        }

        // One result per program: the same name at the same place is one group, open now
        // (or at `open_at`) when any of its times is.
        let keys: Vec<u64> = candidates
            .iter()
            .map(|c| {
                columns[c.address.segment_ord as usize]
                    .place_key
                    .first(c.address.doc_id)
                    .unwrap_or(c.address.doc_id as u64 ^ ((c.address.segment_ord as u64) << 32))
            })
            .collect();
        let members = grouping::Membership::of(&keys);
        if score_page_only {
            let ranks: Vec<(Tier, u8)> = candidates.iter().map(|c| (c.tier, c.meeting)).collect();
            let needed = grouping::needing_order(&members, &ranks, |i| candidates[i].open, end);
            let mut to_score: Vec<usize> = (0..candidates.len()).filter(|&i| needed[i]).collect();
            to_score.sort_unstable_by_key(|&i| candidates[i].address);
            let docs: Vec<DocAddress> = to_score.iter().map(|&i| candidates[i].address).collect();
            let scores = scores_of(&searcher, &*query, &docs).map_err(fail)?;
            for (i, score) in to_score.into_iter().zip(scores) {
                let c = &mut candidates[i];
                c.score = score;
                c.order = order_key(c, request.sort, radius, has_text);
            }
        }
        let groups = grouping::groups(
            &members,
            |i| candidates[i].open,
            |a, b| candidates[a].ranks_before(&candidates[b]),
            start,
            request.per_page,
        );
        let total_items = groups.best.len();
        let facets = if request.filters.facets.is_empty() {
            Facets::new()
        } else {
            let docs: Vec<DocAddress> =
                groups.best.iter().map(|&i| candidates[i].address).collect();
            count_facets(&columns, &docs, &request.filters.facets)
        };
        let hits = groups
            .page
            .iter()
            .map(|members| {
                let members: Vec<&Candidate> = members.iter().map(|&i| &candidates[i]).collect();
                self.grouped_hit(&searcher, &columns, &members, hours_at)
            })
            .collect::<Result<Vec<_>>>()?;
        let nearest_km = match (&request.area, total_items) {
            (Some(Area::Radius { centre, .. }), 0) => {
                self.nearest_match(&searcher, request, &understanding, *centre, open_at)?
            }
            _ => None,
        };
        Ok(SearchResults {
            total_items,
            hits,
            facets,
            terms: stems,
            unmatched_terms: words.unmatched,
            nearest_km,
            understanding,
        })
    }

    /// The crisis resources among the matches (`docs`), with their national line when
    /// they are one.
    fn crisis_context(
        &self,
        searcher: &Searcher,
        docs: HashSet<DocAddress>,
        kind: &str,
        language: &str,
    ) -> Result<CrisisContext> {
        let f = self.fields();
        let mut resources = HashMap::with_capacity(docs.len());
        for address in docs {
            let doc: TantivyDocument = searcher.doc(address).map_err(fail)?;
            let source = doc.get_first(f.source).and_then(|v| v.as_str());
            let national = match source {
                Some(s) if s == national::SOURCE => doc
                    .get_first(f.service_id)
                    .and_then(|v| v.as_str())
                    .and_then(national::line),
                _ => None,
            };
            resources.insert(address, national);
        }
        Ok(CrisisContext {
            kind: kind.to_string(),
            language: language.to_string(),
            resources,
        })
    }

    /// How far the nearest listing matching everything but the radius is, when none is
    /// within it (open at `open_at`, when the search asks). Read from the point outward
    /// (`Nearest`): the index is in place order, so the point's neighbours come first, and
    /// once a match is found only the runs of documents in the box reaching it are read.
    fn nearest_match(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        understanding: &Understanding,
        centre: Point,
        open_at: Option<DateTime<Utc>>,
    ) -> Result<Option<f64>> {
        let anywhere = SearchRequest {
            area: None,
            ..request.clone()
        };
        // The words as a search anywhere reads them: a word held nowhere near the place
        // was left out there, but widening the radius to the answer would keep it.
        let words = self
            .query_text(searcher, &anywhere, understanding)
            .map_err(fail)?;
        // Only listings open in that hour are tested to the minute.
        let open_in_hour = open_at.map(|at| self.open_in_hour(at));
        let columns = self.segment_columns(searcher)?;
        let nearest = Nearest::new(centre, open_at, self.place_orders());
        for half in Half::BOTH {
            // Beside the request's own clauses, not around them (`search_query`).
            let also = [
                Some(nearest.within(half)),
                open_in_hour.as_ref().map(|q| q.box_clone()),
            ]
            .into_iter()
            .flatten()
            .map(|q| (Occur::Must, q))
            .collect();
            let query = self.search_query(&anywhere, &words, understanding, also);
            nearest.scan(searcher, &*query, &columns).map_err(fail)?;
        }
        Ok(nearest.km().map(|d| (d * 10.0).round() / 10.0))
    }
}

/// Whether `order_key` reads the candidates' text scores for this request. Sorted by
/// distance from a point it does not: every candidate then has a distance (the radius' edge
/// for one reached through its area or only online), and crisis services rank by distance
/// or area.
fn order_reads_scores(request: &SearchRequest) -> bool {
    !(request.sort == Sort::Distance && matches!(request.area, Some(Area::Radius { .. })))
}

/// Where a candidate ranks within its tier (lower first), by the sort asked.
fn order_key(c: &Candidate, sort: Sort, radius: Option<f64>, has_text: bool) -> f64 {
    // Local crisis services: those placed near the point by distance, then those reaching
    // it through their area, the most local first (a county's crisis line before a
    // statewide warm line).
    if c.tier < ranking::NAME_MATCH {
        return match c.distance_km {
            Some(d) => d,
            None => 1e6 + c.area_span,
        };
    }
    // A service reaching the point through its area, or an online meeting, ranks as if at
    // the radius' edge.
    let distance = if c.by_area || c.online_only {
        radius
    } else {
        c.distance_km
    };
    match (sort, distance, radius) {
        (Sort::Soonest, ..) => match c.wait_minutes {
            Some(w) => w as f64 * 1e3 + distance.unwrap_or(0.0),
            None => f64::MAX / 2.0 - c.score as f64,
        },
        (Sort::Distance, Some(d), _) => d,
        // Relevance near a point: the text score, discounted with distance.
        (Sort::Relevance, Some(d), Some(r)) if has_text => -(c.score as f64) / (1.0 + d / r),
        (Sort::Relevance, Some(d), _) => d,
        _ => -(c.score as f64),
    }
}

pub(super) fn fail(e: tantivy::TantivyError) -> IndexerError {
    IndexerError::Index {
        path: std::path::PathBuf::from("search"),
        reason: e.to_string(),
    }
}

/// Minutes from `at` to the next start (0 when open at `at`); `None` when it never opens.
fn wait_minutes(hours: &WeeklyHours, at: DateTime<Utc>) -> Option<i64> {
    if hours.is_open_at(at) {
        return Some(0);
    }
    hours
        .next_opening(at)
        .map(|t| (t.with_timezone(&Utc) - at).num_minutes().max(0))
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
