//! Offline place lookup: a US ZIP code, "City, ST" or a city name alone to a point, from the
//! gazetteer in `seed-data/gazetteer/`. No online geocoder is used.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::model::geography::Point;
use crate::model::{clean, fold::fold};

const ZIP_CODES: &str = include_str!("../../../seed-data/gazetteer/us-zip-codes.csv");
const CITIES: &str = include_str!("../../../seed-data/gazetteer/us-cities.csv");

/// A place the gazetteer found, with the label to show back to the person searching.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

impl Place {
    pub fn point(&self) -> Point {
        Point::lat_lon(self.latitude, self.longitude)
    }
}

/// Why a place was not found.
#[derive(Debug, Clone, PartialEq)]
pub enum LocateError {
    Unknown,
    /// A city name alone that several US cities bear: "Springfield, IL", "Springfield, MO"…,
    /// largest first.
    Ambiguous(Vec<String>),
}

#[derive(Debug, Clone)]
struct City {
    name: String,
    state: &'static str,
    latitude: f64,
    longitude: f64,
    /// From the city list (the city's own centre); 0 for a city known only by its ZIP codes.
    population: u64,
}

impl City {
    fn label(&self) -> String {
        format!("{}, {}", self.name, self.state)
    }

    fn place(&self) -> Place {
        Place {
            label: self.label(),
            latitude: self.latitude,
            longitude: self.longitude,
        }
    }
}

pub struct Gazetteer {
    zips: HashMap<&'static str, (f64, f64, &'static str, &'static str)>,
    /// "saint louis|MO" → the city: its centre from the city list, else the centroid of
    /// its ZIP codes' centroids.
    cities: HashMap<String, City>,
    /// "springfield" → keys of `cities` bearing that name.
    by_name: HashMap<String, Vec<String>>,
}

/// The key a city name is matched by: folded ("San José" = "san jose"), apostrophes
/// dropped, other punctuation as spaces, and "St", "Ste", "Ft", "Mt" written out.
pub fn place_key(name: &str) -> String {
    let folded: String = fold(name)
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʻ' | '`'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            "ft" => "fort",
            "mt" => "mount",
            other => other,
        })
        .collect();
    words.join(" ")
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.starts_with('#')).skip(1)
}

impl Gazetteer {
    /// The shipped gazetteer, loaded once.
    pub fn shipped() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_csv(ZIP_CODES, CITIES))
    }

    /// `zips`: `zip,city,state,latitude,longitude`; `cities`:
    /// `name,state,latitude,longitude,population` (names hold no comma).
    fn from_csv(zips_text: &'static str, cities_text: &'static str) -> Gazetteer {
        let mut zips = HashMap::new();
        let mut sums: HashMap<String, (f64, f64, usize, &'static str, &'static str)> =
            HashMap::new();
        for line in data_lines(zips_text) {
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
                .entry(format!("{}|{state}", place_key(city)))
                .or_insert((0.0, 0.0, 0, city, state));
            e.0 += lat;
            e.1 += lon;
            e.2 += 1;
        }
        let mut cities: HashMap<String, City> = sums
            .into_iter()
            .map(|(k, (la, lo, n, name, state))| {
                let city = City {
                    name: name.to_string(),
                    state,
                    latitude: la / n as f64,
                    longitude: lo / n as f64,
                    population: 0,
                };
                (k, city)
            })
            .collect();
        for line in data_lines(cities_text) {
            let c: Vec<&str> = line.split(',').collect();
            let [name, state, lat, lon, population] = c[..] else {
                continue;
            };
            let (Ok(latitude), Ok(longitude), Ok(population), Some(state)) = (
                lat.parse::<f64>(),
                lon.parse::<f64>(),
                population.parse::<u64>(),
                clean::state_code(state),
            ) else {
                continue;
            };
            let key = format!("{}|{state}", place_key(name));
            // Two places of one name in one state: the larger is meant.
            if cities.get(&key).is_some_and(|c| c.population >= population) {
                continue;
            }
            let city = City {
                name: name.to_string(),
                state,
                latitude,
                longitude,
                population,
            };
            cities.insert(key, city);
        }
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for key in cities.keys() {
            let name = key.split('|').next().unwrap_or_default().to_string();
            by_name.entry(name).or_default().push(key.clone());
        }
        for keys in by_name.values_mut() {
            keys.sort_by(|a, b| {
                let (ca, cb) = (&cities[a], &cities[b]);
                cb.population.cmp(&ca.population).then(a.cmp(b))
            });
        }
        Gazetteer {
            zips,
            cities,
            by_name,
        }
    }

    /// [`Gazetteer::resolve`], without saying why a place was not found.
    pub fn locate(&self, text: &str) -> Option<Place> {
        self.resolve(text).ok()
    }

    /// Resolves "92701", "92701-1234", "Santa Ana, CA", "santa ana ca", "Santa Ana,
    /// California", "San José, CA", or a city name alone ("Sacramento") when one city bears
    /// it (see [`Gazetteer::resolve_name`]). A city is placed at its centre when the city
    /// list has it, else at the average of its ZIP codes' centroids.
    pub fn resolve(&self, text: &str) -> Result<Place, LocateError> {
        let text = text.trim();
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 5 && (text.len() == 5 || text[5..].starts_with('-')) {
            let (lat, lon, city, state) =
                self.zips.get(digits.as_str()).ok_or(LocateError::Unknown)?;
            return Ok(Place {
                label: format!("{city}, {state} {digits}"),
                latitude: *lat,
                longitude: *lon,
            });
        }
        if let Some((city, state)) = split_city_state(text)
            && let Some(c) = self.cities.get(&format!("{}|{state}", place_key(&city)))
        {
            return Ok(c.place());
        }
        self.resolve_name(text)
    }

    /// A city name without its state. Strict: the name must be unambiguous among the cities
    /// of the city list (US cities of 15,000 people or more), or, when none of those bears
    /// it, among the cities of the ZIP code list. Otherwise the candidates are listed.
    pub fn resolve_name(&self, name: &str) -> Result<Place, LocateError> {
        let keys = self
            .by_name
            .get(&place_key(name))
            .ok_or(LocateError::Unknown)?;
        let listed: Vec<&City> = keys
            .iter()
            .map(|k| &self.cities[k])
            .filter(|c| c.population > 0)
            .collect();
        let candidates = if listed.is_empty() {
            keys.iter().map(|k| &self.cities[k]).collect()
        } else {
            listed
        };
        match candidates[..] {
            [] => Err(LocateError::Unknown),
            [one] => Ok(one.place()),
            _ => Err(LocateError::Ambiguous(
                candidates.iter().map(|c| c.label()).collect(),
            )),
        }
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
        assert_eq!(g.locate("SANTA ANA,california").unwrap(), a);
        assert!((a.latitude - 33.74).abs() < 0.1, "{a:?}");
        let ny = g.locate("Buffalo New York").unwrap();
        assert_eq!(ny.label, "Buffalo, NY");
        assert_eq!(
            g.locate("San José, CA").unwrap(),
            g.locate("san jose ca").unwrap()
        );
        assert_eq!(
            g.locate("St. Louis, MO").unwrap(),
            g.locate("Saint Louis MO").unwrap()
        );
        assert_eq!(g.locate("New York, NY").unwrap().label, "New York, NY");
        assert!(g.locate("Atlantis, ZZ").is_none());
        assert!(g.locate("Nowhere Town, CA").is_none());
    }

    /// Downtown reference points: Sacramento's State Capitol, San José's and Los Angeles's
    /// City Halls, Baltimore's City Hall.
    #[test]
    fn cities_resolve_to_their_centre_not_their_zip_codes_average() {
        let g = Gazetteer::shipped();
        for (text, downtown) in [
            ("Sacramento, CA", (38.5767, -121.4934)),
            ("San Jose, CA", (37.3377, -121.8863)),
            ("Los Angeles, CA", (34.0537, -118.2428)),
            ("Baltimore, MD", (39.2904, -76.6122)),
        ] {
            let p = g.locate(text).unwrap();
            let km = p.point().km_to(Point::lat_lon(downtown.0, downtown.1));
            assert!(km < 2.0, "{text}: {km:.1} km from downtown");
        }
    }

    #[test]
    fn towns_off_the_city_list_fall_back_to_their_zip_codes() {
        let g = Gazetteer::shipped();
        // Sacramento, KY (a few hundred people) has one ZIP code and is not on the list.
        let ky = g.locate("Sacramento, KY").unwrap();
        assert_eq!(ky.label, "Sacramento, KY");
        let zip: Vec<&str> = ZIP_CODES
            .lines()
            .filter(|l| l.contains(",Sacramento,KY,"))
            .collect();
        assert_eq!(zip.len(), 1);
        assert!(
            zip[0].contains(&format!("{}", ky.latitude)),
            "{zip:?} {ky:?}"
        );
    }

    #[test]
    fn a_city_alone_resolves_only_when_one_city_bears_the_name() {
        let g = Gazetteer::shipped();
        assert_eq!(g.resolve("Sacramento").unwrap().label, "Sacramento, CA");
        assert_eq!(g.resolve("  baltimore ").unwrap().label, "Baltimore, MD");
        assert_eq!(g.resolve("San José").unwrap().label, "San Jose, CA");
        let Err(LocateError::Ambiguous(c)) = g.resolve("Springfield") else {
            panic!("Springfield is several cities");
        };
        assert!(c.len() >= 5, "{c:?}");
        assert!(c.contains(&"Springfield, IL".to_string()), "{c:?}");
        assert!(c.contains(&"Springfield, MO".to_string()), "{c:?}");
        // Largest first.
        assert_eq!(c[0], "Springfield, MO", "{c:?}");
        assert_eq!(g.resolve("Atlantis"), Err(LocateError::Unknown));
        // With its state, an ambiguous name is one place.
        assert_eq!(
            g.resolve("Springfield, IL").unwrap().label,
            "Springfield, IL"
        );
    }

    #[test]
    fn keys_fold_accents_punctuation_and_abbreviations() {
        assert_eq!(place_key("San José"), "san jose");
        assert_eq!(place_key("St. Louis"), "saint louis");
        assert_eq!(place_key("Winston-Salem"), "winston salem");
        assert_eq!(place_key("O'Fallon"), "ofallon");
        assert_eq!(place_key("Hawai‘i Kai"), "hawaii kai");
        assert_eq!(place_key("Ft Myers"), "fort myers");
    }
}
