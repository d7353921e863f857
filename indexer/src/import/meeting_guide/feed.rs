//! What a whole Meeting Guide feed tells about its meetings: the area it serves (its
//! online meetings are offered to people searching there), the state most of its
//! meetings are in, and the fellowship its name names.

use std::collections::HashMap;

use crate::model::fellowship::{self, Fellowship};

/// Degrees added around the served box (about 5 km), so meetings at its edge are inside.
const PAD_DEGREES: f64 = 0.05;
/// Half the side of the box around one meeting's own town when the feed has too few
/// placed meetings to tell its area (about 25 km).
const TOWN_DEGREES: f64 = 0.25;
/// A feed needs this many placed meetings to tell its area.
const MIN_POINTS: usize = 3;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    /// (min_lat, min_lon, max_lat, max_lon) around the feed's in-person meetings.
    pub served: Option<(f64, f64, f64, f64)>,
    pub state: Option<String>,
    pub fellowship: Option<&'static Fellowship>,
}

impl Feed {
    /// `points`: where the feed's meetings with a street address are; `states`: the state
    /// of each meeting that names one.
    pub fn new(source: &str, points: &[(f64, f64)], states: &[&str]) -> Feed {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for s in states {
            *count.entry(s).or_default() += 1;
        }
        let state = count
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.to_string());
        Feed {
            served: served_box(points),
            state,
            fellowship: fellowship::of_source(source),
        }
    }

    /// The area an online meeting is offered in: the feed's, else a box around the
    /// meeting's own town (the point the feed gives for it), as a GeoJSON polygon.
    pub fn area_for(&self, town: Option<(f64, f64)>) -> Option<String> {
        let (min_lat, min_lon, max_lat, max_lon) = self.served.or_else(|| {
            town.map(|(lat, lon)| {
                (
                    lat - TOWN_DEGREES,
                    lon - TOWN_DEGREES,
                    lat + TOWN_DEGREES,
                    lon + TOWN_DEGREES,
                )
            })
        })?;
        Some(
            serde_json::json!({
                "type": "Polygon",
                "coordinates": [[
                    [min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat],
                    [min_lon, max_lat], [min_lon, min_lat]
                ]]
            })
            .to_string(),
        )
    }
}

/// The box holding the feed's meetings, leaving out the farthest 2% on each side (a
/// Massachusetts feed listing a meeting in Virginia still serves Massachusetts), padded.
pub fn served_box(points: &[(f64, f64)]) -> Option<(f64, f64, f64, f64)> {
    if points.len() < MIN_POINTS {
        return None;
    }
    let cut = points.len() * 2 / 100;
    let range = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[cut], v[v.len() - 1 - cut])
    };
    let (min_lat, max_lat) = range(points.iter().map(|p| p.0).collect());
    let (min_lon, max_lon) = range(points.iter().map(|p| p.1).collect());
    Some((
        min_lat - PAD_DEGREES,
        min_lon - PAD_DEGREES,
        max_lat + PAD_DEGREES,
        max_lon + PAD_DEGREES,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::area;

    #[test]
    fn the_served_box_leaves_out_far_outliers() {
        // 99 meetings around Boston and one in Virginia Beach.
        let mut points: Vec<(f64, f64)> = (0..99)
            .map(|i| (42.0 + i as f64 * 0.01, -71.5 + i as f64 * 0.01))
            .collect();
        points.push((36.86, -76.05));
        let (min_lat, min_lon, max_lat, max_lon) = served_box(&points).unwrap();
        assert!(min_lat > 41.9 && max_lat < 43.1, "{min_lat} {max_lat}");
        assert!(min_lon > -71.6 && max_lon < -70.4, "{min_lon} {max_lon}");
        assert_eq!(served_box(&points[..2]), None);
    }

    #[test]
    fn online_meetings_are_offered_in_the_feed_s_area_else_their_town() {
        let feed = Feed::new(
            "aa-southeastern-pa",
            &[(39.95, -75.16), (40.1, -75.3), (39.9, -75.4)],
            &["PA", "PA", "NJ"],
        );
        assert_eq!(feed.state.as_deref(), Some("PA"));
        assert_eq!(feed.fellowship.map(|f| f.slug), Some("aa"));
        let extent = feed.area_for(None).unwrap();
        assert!(area::contains(&extent, (39.95, -75.16)));
        assert!(!area::contains(&extent, (40.44, -79.99)), "Pittsburgh");
        let lone = Feed::new("meetings", &[], &[]);
        assert_eq!(lone.area_for(None), None);
        let town = lone.area_for(Some((39.95, -75.16))).unwrap();
        assert!(area::contains(&town, (40.0, -75.2)));
    }
}
