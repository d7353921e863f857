//! Meeting Guide JSON feeds (code4recovery spec): one meeting is one support-group service
//! with its weekly hours, its meeting types and its fellowship as attributes; in person at
//! its (shared) place, and online at a virtual location of its own that carries its link.

mod feed;
mod meeting;
mod place;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{self, Scalar, Top, list};
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::{self, clean};

const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawMeeting {
    id: Scalar,
    name: Scalar,
    slug: Scalar,
    notes: Scalar,
    updated: Scalar,
    url: Scalar,
    website: Scalar,
    /// 0–6 (Sunday first), sometimes as text, sometimes a list of days.
    day: Option<serde_json::Value>,
    time: Scalar,
    end_time: Scalar,
    timezone: Scalar,
    conference_url: Scalar,
    conference_url_notes: Scalar,
    conference_phone: Scalar,
    conference_phone_notes: Scalar,
    attendance_option: Scalar,
    #[serde(deserialize_with = "list")]
    types: Vec<Scalar>,
    location: Scalar,
    location_id: Scalar,
    location_notes: Scalar,
    formatted_address: Scalar,
    address: Scalar,
    city: Scalar,
    state: Scalar,
    postal_code: Scalar,
    latitude: Scalar,
    longitude: Scalar,
    region: Scalar,
    group: Scalar,
}

impl RawMeeting {
    /// The formatted address, else the street.
    fn formatted(&self) -> &str {
        self.formatted_address
            .as_str()
            .or(self.address.as_str())
            .unwrap_or("")
    }

    /// Its street address, from the formatted address or from the separate fields.
    fn street(&self) -> Option<place::Street> {
        place::split_address(self.formatted())
            .or_else(|| {
                let street = self.address.as_str()?.to_string();
                let state = clean::state_code(self.state.as_str()?)?.to_string();
                Some((
                    street,
                    self.city.as_str()?.to_string(),
                    state,
                    self.postal_code
                        .as_str()
                        .and_then(clean::postal_code)
                        .unwrap_or_default(),
                ))
            })
            .filter(|a| !a.0.is_empty())
    }

    /// The state it is in, even when its address is only a town.
    fn state_code(&self) -> Option<&'static str> {
        place::state_of(self.formatted()).or_else(|| clean::state_code(self.state.as_str()?))
    }

    fn type_codes(&self) -> Vec<String> {
        self.types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect()
    }
}

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<model::ServiceRecord>> {
    let text = json::read_text(path)?;
    let items: Vec<&RawValue> = match json::parse_top(path, &text)? {
        Top::Array(items) => items,
        Top::Object(_) => {
            return Err(IndexerError::file(
                path,
                "a Meeting Guide feed is a JSON array of meetings",
            ));
        }
    };
    let mut meetings = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match serde_json::from_str::<RawMeeting>(item.get()) {
            Ok(m) => meetings.push((index, m)),
            Err(e) => ctx.issue(
                Some(index),
                None,
                "record",
                format!("not a meeting: {e}"),
                Severity::Skipped,
            ),
        }
    }
    // Real feeds repeat slugs for different meetings; those get a key that also names the
    // day, time and place, so both are kept and a reload still finds each.
    let mut slug_count: HashMap<String, usize> = HashMap::new();
    for (_, m) in &meetings {
        *slug_count.entry(slug(m)).or_default() += 1;
    }
    let feed = feed_of(ctx.source, &meetings);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(meetings.len());
    for (index, m) in meetings {
        let mut key = slug(&m);
        if slug_count[&key] > 1 {
            key = format!(
                "{key}|{}|{}|{}",
                day_codes(&m).join(","),
                m.time.as_str().unwrap_or(""),
                m.formatted_address.as_str().unwrap_or("")
            );
        }
        if !seen.insert(key.clone()) {
            ctx.issue(
                Some(index),
                Some(&key),
                "slug",
                "the same meeting appears twice; the first is kept",
                Severity::Skipped,
            );
            continue;
        }
        match meeting::build(m, index, key.clone(), &feed, ctx) {
            Ok(record) => out.push(record),
            Err((field, reason)) => {
                ctx.issue(Some(index), Some(&key), field, reason, Severity::Skipped)
            }
        }
    }
    Ok(out)
}

fn slug(m: &RawMeeting) -> String {
    m.slug
        .as_str()
        .or(m.id.as_str())
        .or(m.name.as_str())
        .unwrap_or("")
        .to_string()
}

fn day_codes(m: &RawMeeting) -> Vec<&'static str> {
    let one = |v: &serde_json::Value| -> Option<&'static str> {
        let n = match v {
            serde_json::Value::Number(n) => n.as_u64()?,
            serde_json::Value::String(s) => s.trim().parse().ok()?,
            _ => return None,
        };
        DAYS.get(n as usize).copied()
    };
    match &m.day {
        Some(serde_json::Value::Array(days)) => days.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// What the whole feed says: its most common state and the fellowship its name names.
fn feed_of(source: &str, meetings: &[(usize, RawMeeting)]) -> feed::Feed {
    let states: Vec<&str> = meetings
        .iter()
        .filter_map(|(_, m)| m.state_code())
        .collect();
    feed::Feed::new(source, &states)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_come_as_numbers_text_or_lists() {
        let m = |day: serde_json::Value| RawMeeting {
            day: Some(day),
            ..Default::default()
        };
        assert_eq!(day_codes(&m(serde_json::json!(0))), vec!["SU"]);
        assert_eq!(day_codes(&m(serde_json::json!("6"))), vec!["SA"]);
        assert_eq!(day_codes(&m(serde_json::json!([1, "3"]))), vec!["MO", "WE"]);
    }
}
