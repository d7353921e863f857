//! A search's results as it returns them: one `Hit` per program at one place, built from
//! the index's stored document, with the times of every listing it stands for.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::schema::{Field, Value};
use tantivy::{Searcher, TantivyDocument};

use super::columns::Columns;
use super::engine::{Candidate, fail};
use crate::error::Result;
use crate::index::{Details, SearchIndex};
use crate::model::hours::WeeklyHours;

/// One service at a location, as a search returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub service_id: String,
    /// The services of every listing this result stands for (one program at one place):
    /// this one's first.
    pub service_ids: Vec<String>,
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
    /// True for a listing people can only attend online (found near its group's town).
    pub online_only: bool,
    pub score: f32,
    pub details: Details,
    /// The IANA zone its hours are in, when its hours are known.
    pub time_zone: Option<String>,
    /// Whether it is open at the asked instant (or now); `None` when hours are unknown.
    pub open_now: Option<bool>,
    /// When it next opens after that instant, in its zone (RFC 3339).
    pub next_opening: Option<String>,
}

impl SearchIndex {
    /// One result for a group of listings of one program: the first (best ranked) with
    /// every member's times, its soonest opening, and open when any member is.
    pub(super) fn grouped_hit(
        &self,
        searcher: &Searcher,
        columns: &[Columns],
        members: &[&Candidate],
        at: DateTime<Utc>,
    ) -> Result<Hit> {
        let mut merged: Option<Hit> = None;
        for c in members {
            let doc: TantivyDocument = searcher.doc(c.address).map_err(fail)?;
            let hours = columns[c.address.segment_ord as usize].hours(c.address.doc_id);
            let mut hit = self.hit(&doc, c, hours, at);
            if members.len() > 1 {
                for entry in &mut hit.details.schedule {
                    entry.service_id = Some(hit.service_id.clone());
                    entry.join = hit.details.join.clone();
                }
            }
            match &mut merged {
                None => merged = Some(hit),
                Some(first) => {
                    first.details.schedule.append(&mut hit.details.schedule);
                    first.open_now = match (first.open_now, hit.open_now) {
                        (Some(a), Some(b)) => Some(a || b),
                        (a, b) => a.or(b),
                    };
                    first.next_opening = match (first.next_opening.take(), hit.next_opening) {
                        (Some(a), Some(b)) => Some(earlier(a, b)),
                        (a, b) => a.or(b),
                    };
                    first.service_ids.push(hit.service_id);
                }
            }
        }
        Ok(merged.expect("a group has a member"))
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
            service_ids: text(f.service_id).into_iter().collect(),
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
            online_only: c.online_only,
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

/// The earlier of two RFC 3339 instants (written in different zones).
fn earlier(a: String, b: String) -> String {
    match (
        DateTime::parse_from_rfc3339(&a),
        DateTime::parse_from_rfc3339(&b),
    ) {
        (Ok(x), Ok(y)) if y < x => b,
        _ => a,
    }
}
