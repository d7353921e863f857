//! A search's answer: an HSDS-style page of results, with facets and what the search
//! understood of the request (phrases, intent, place, crisis, words that matched nothing).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::search::{Area, SearchRequest};

use super::WithCapacity;
use super::item::{SearchItem, item};

#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    /// Items on this page.
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<SearchItem>,
    /// Counts per value of each facet asked for, over every match (not just this page).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = Object, example = json!({"category": {"food": 12, "housing": 3}}))]
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
    pub query: UnderstoodQuery,
    /// True when programs' capacity could not be read (the database is away): every
    /// result's `capacity` is then unknown, not unreported. Sent only then.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub capacity_unknown: bool,
}

/// What the search understood of the request.
#[derive(Serialize, ToSchema)]
pub struct UnderstoodQuery {
    pub text: Option<String>,
    /// The words searched for, as the index stores them (lower-cased, stemmed).
    pub terms: Vec<String>,
    /// Everyday phrases recognised in `q` ("rehab", "comida gratis").
    pub phrases: Vec<String>,
    /// Words the recognised phrases added to the search.
    pub expanded_terms: Vec<String>,
    /// Categories `q` was understood to mean; their listings rank first.
    pub intent: Vec<String>,
    /// The fellowship `q` names ("aa meeting", "al-anon"): its meetings rank first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fellowship: Option<String>,
    /// Categories the results were filtered to (`category`).
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceRef>,
    /// Present when the words signal a crisis: crisis lines are then listed first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis: Option<Crisis>,
    /// Words of `q` that no listing where the search looked holds: they were left out
    /// rather than matched loosely.
    pub unmatched_terms: Vec<String>,
    /// When nothing is within the radius: how far the nearest match is, in km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_km: Option<f64>,
    /// What to tell the person when the answer is thin: which words matched nothing, and
    /// how far the nearest match is when none is within the radius.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Crisis {
    /// `suicide`, `overdose` or `danger`.
    #[schema(schema_with = crate::keywords::crisis_kind)]
    pub kind: String,
    /// The language the crisis was asked in (ISO 639-1): the message and the first lines
    /// are in it.
    pub language: String,
    /// What to tell the person now, before any listing.
    pub message: &'static str,
}

/// Said with every crisis answer, whatever the listings, in the query's language.
fn crisis_message(language: &str) -> &'static str {
    match language {
        "es" => {
            "Si alguien está en peligro o no respira, llame al 911 ahora. En una crisis suicida, de salud mental o de consumo de sustancias, llame al 988 y marque 2 para español, o envíe AYUDA por mensaje de texto al 988 (988 Lifeline): gratis, confidencial, las 24 horas."
        }
        _ => {
            "If someone is in danger or not breathing, call 911 now. For a suicidal, mental health or substance use crisis, call or text 988 (the 988 Suicide & Crisis Lifeline), free, 24/7, in English and Spanish."
        }
    }
}

/// What a thin answer's notice tells, before it is written for a reader: the API's
/// sentence below, the web page's in its language.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeFacts {
    /// Words no listing holds that belong to a recognised phrase: what the phrase means
    /// (`intent`) was searched instead.
    pub meant: Vec<String>,
    pub intent: Vec<String>,
    /// Words no listing holds, left out of the search.
    pub dropped: Vec<String>,
    /// Set when nothing matched.
    pub nothing: Option<Nothing>,
}

/// Where nothing matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Nothing {
    /// Not within the radius; the nearest match is this far, when there is one.
    Within {
        radius_km: f64,
        nearest_km: Option<f64>,
    },
    Anywhere,
}

impl UnderstoodQuery {
    /// What to tell the person about an answer of `total` matches, if it is thin.
    pub fn notice_facts(&self, total: usize) -> Option<NoticeFacts> {
        let in_phrase = |w: &String| {
            !self.intent.is_empty() && self.phrases.iter().any(|p| p.split(' ').any(|x| x == w))
        };
        let (meant, dropped): (Vec<String>, Vec<String>) =
            self.unmatched_terms.iter().cloned().partition(in_phrase);
        let nothing = (total == 0).then_some(match self.radius_km {
            Some(radius_km) => Nothing::Within {
                radius_km,
                nearest_km: self.nearest_km,
            },
            None => Nothing::Anywhere,
        });
        let facts = NoticeFacts {
            meant,
            intent: self.intent.clone(),
            dropped,
            nothing,
        };
        (!facts.meant.is_empty() || !facts.dropped.is_empty() || facts.nothing.is_some())
            .then_some(facts)
    }
}

/// The API's sentence: which words matched nothing (those of a recognised phrase still
/// brought what the phrase means), and the nearest match when none is within the radius.
fn notice(facts: &NoticeFacts) -> String {
    let quoted = |words: &[String]| {
        words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !facts.meant.is_empty() {
        parts.push(format!(
            "No listing here says {}; listed instead: what it means ({}).",
            quoted(&facts.meant),
            facts.intent.join(", ")
        ));
    }
    if !facts.dropped.is_empty() {
        parts.push(format!(
            "No listing here matches {}; {} left out of the search.",
            quoted(&facts.dropped),
            if facts.dropped.len() == 1 {
                "it was"
            } else {
                "they were"
            }
        ));
    }
    match facts.nothing {
        Some(Nothing::Within {
            radius_km: r,
            nearest_km: Some(n),
        }) => parts.push(format!(
            "Nothing within {r} km matches; the nearest match is {n} km away: widen radius_km to see it."
        )),
        Some(Nothing::Within {
            radius_km: r,
            nearest_km: None,
        }) => parts.push(format!("Nothing within {r} km matches, nor anywhere else.")),
        Some(Nothing::Anywhere) => parts.push("Nothing matches.".to_string()),
        None => {}
    }
    parts.join(" ")
}

#[derive(Serialize, ToSchema)]
pub struct PlaceRef {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// The page for a search's results.
pub fn page(request: &SearchRequest, found: WithCapacity) -> SearchPage {
    let WithCapacity {
        results,
        capacities,
        capacity_known,
    } = found;
    let total_pages = results.total_items.div_ceil(request.per_page);
    let intent: Vec<String> = results
        .understanding
        .categories
        .iter()
        .map(|c| c.slug().to_string())
        .collect();
    let radius_km = match request.area {
        Some(Area::Radius { radius_km, .. }) => Some(radius_km),
        _ => None,
    };
    let has_text = request.text.is_some();
    let contents: Vec<SearchItem> = results
        .hits
        .into_iter()
        .map(|h| {
            // One program can be listed at several places: each shows its capacity.
            let capacity = capacities.get(&h.service_id).cloned();
            item(h, has_text, capacity)
        })
        .collect();
    let mut page = SearchPage {
        total_items: results.total_items,
        total_pages,
        page_number: request.page,
        size: contents.len(),
        first_page: request.page == 1,
        last_page: request.page >= total_pages,
        empty: contents.is_empty(),
        contents,
        capacity_unknown: !capacity_known,
        facets: results.facets,
        query: UnderstoodQuery {
            text: request.text.clone(),
            terms: results.terms,
            phrases: results.understanding.phrases.clone(),
            expanded_terms: results.understanding.expanded_terms,
            intent,
            categories: request
                .categories
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
            fellowship: results.understanding.fellowship.clone(),
            crisis: results.understanding.crisis.clone().map(|kind| {
                let language = results
                    .understanding
                    .crisis_language
                    .clone()
                    .unwrap_or_else(|| "en".to_string());
                Crisis {
                    kind,
                    message: crisis_message(&language),
                    language,
                }
            }),
            notice: None,
            unmatched_terms: results.unmatched_terms,
            nearest_km: results.nearest_km,
            place: request.place.as_ref().map(|p| PlaceRef {
                label: p.label.clone(),
                latitude: p.latitude,
                longitude: p.longitude,
            }),
            radius_km,
        },
    };
    let facts = page.query.notice_facts(page.total_items);
    page.query.notice = facts.as_ref().map(notice);
    page
}
