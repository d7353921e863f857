//! Offline place lookup: a US ZIP code or "City, ST" to a point, from the gazetteer in
//! `seed-data/gazetteer/`. No online geocoder is used.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::model::clean;

const ZIP_CODES: &str = include_str!("../../../seed-data/gazetteer/us-zip-codes.csv");

/// A place the gazetteer found, with the label to show back to the person searching.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

pub struct Gazetteer {
    zips: HashMap<&'static str, (f64, f64, &'static str, &'static str)>,
    /// "santa ana|CA" → centroid of the city's ZIP centroids.
    cities: HashMap<String, (f64, f64, &'static str, &'static str)>,
}

impl Gazetteer {
    /// The shipped gazetteer, loaded once.
    pub fn shipped() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_csv(ZIP_CODES))
    }

    fn from_csv(text: &'static str) -> Gazetteer {
        let mut zips = HashMap::new();
        let mut sums: HashMap<String, (f64, f64, usize, &'static str, &'static str)> =
            HashMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut c = line.split(',');
            let (Some(zip), Some(city), Some(state), Some(lat), Some(lon)) =
                (c.next(), c.next(), c.next(), c.next(), c.next())
            else {
                continue;
            };
            let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                continue;
            };
            zips.insert(zip, (lat, lon, city, state));
            let e = sums
                .entry(format!("{}|{state}", city.to_lowercase()))
                .or_insert((0.0, 0.0, 0, city, state));
            e.0 += lat;
            e.1 += lon;
            e.2 += 1;
        }
        let cities = sums
            .into_iter()
            .map(|(k, (la, lo, n, city, st))| (k, (la / n as f64, lo / n as f64, city, st)))
            .collect();
        Gazetteer { zips, cities }
    }

    /// Resolves "92701", "92701-1234", "Santa Ana, CA", "santa ana ca" or "Santa Ana,
    /// California". `None` when the place is not known.
    pub fn locate(&self, text: &str) -> Option<Place> {
        let text = text.trim();
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 5 && (text.len() == 5 || text[5..].starts_with('-')) {
            let (lat, lon, city, state) = self.zips.get(digits.as_str())?;
            return Some(Place {
                label: format!("{city}, {state} {digits}"),
                latitude: *lat,
                longitude: *lon,
            });
        }
        let (city, state) = split_city_state(text)?;
        let (lat, lon, city, state) = self
            .cities
            .get(&format!("{}|{state}", city.to_lowercase()))?;
        Some(Place {
            label: format!("{city}, {state}"),
            latitude: *lat,
            longitude: *lon,
        })
    }
}

/// "Santa Ana, CA" → ("Santa Ana", "CA"); the state may be a name or a code, the comma
/// may be missing.
fn split_city_state(text: &str) -> Option<(String, &'static str)> {
    if let Some((city, state)) = text.rsplit_once(',') {
        return Some((city.trim().to_string(), clean::state_code(state)?));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // The state is the last word or, for names like "New York", the last two or three.
    for n in 1..=3.min(words.len().saturating_sub(1)) {
        let (city, state) = words.split_at(words.len() - n);
        if let Some(code) = clean::state_code(&state.join(" ")) {
            return Some((city.join(" "), code));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_codes_resolve_to_their_centroid() {
        let g = Gazetteer::shipped();
        let p = g.locate("92701").unwrap();
        assert_eq!(p.label, "Santa Ana, CA 92701");
        assert!((p.latitude - 33.747).abs() < 0.01 && (p.longitude + 117.862).abs() < 0.01);
        assert_eq!(g.locate("21201-1234").unwrap().label, "Baltimore, MD 21201");
        assert!(g.locate("00000").is_none());
        assert!(g.locate("9270").is_none());
    }

    #[test]
    fn city_and_state_in_several_spellings() {
        let g = Gazetteer::shipped();
        let a = g.locate("Santa Ana, CA").unwrap();
        assert_eq!(a.label, "Santa Ana, CA");
        assert_eq!(g.locate("santa ana ca").unwrap(), a);
        assert_eq!(g.locate("Santa Ana, California").unwrap(), a);
        assert!((a.latitude - 33.74).abs() < 0.1, "{a:?}");
        let ny = g.locate("Buffalo New York").unwrap();
        assert_eq!(ny.label, "Buffalo, NY");
        assert!(g.locate("Atlantis, ZZ").is_none());
        assert!(g.locate("Nowhere Town, CA").is_none());
    }
}
