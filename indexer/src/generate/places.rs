//! Where generated services are: US cities drawn by population from the gazetteer, a point
//! within a few kilometres of the city's centre, the nearest of the city's ZIP codes, a
//! fictional street address and the state's area code.

use std::collections::HashMap;

use super::rng::Rng;
use crate::search::gazetteer::place_key;

const CITIES: &str = include_str!("../../../seed-data/gazetteer/us-cities.csv");
const ZIP_CODES: &str = include_str!("../../../seed-data/gazetteer/us-zip-codes.csv");
const STATES: &str = include_str!("../../../seed-data/us-states.csv");

/// Street names common all over the country; with a random house number the addresses are
/// plausible and fictional.
const STREETS: [&str; 40] = [
    "Main St",
    "Church St",
    "Maple Ave",
    "Oak St",
    "Park Ave",
    "Elm St",
    "Chestnut St",
    "Walnut St",
    "Lincoln Ave",
    "Washington St",
    "Mill Rd",
    "Center St",
    "Franklin St",
    "Highland Ave",
    "Spring St",
    "Prospect Ave",
    "Pine St",
    "Cedar St",
    "Jefferson Ave",
    "Market St",
    "Broad St",
    "Water St",
    "High St",
    "Union St",
    "Grand Ave",
    "Lake St",
    "River Rd",
    "Hillside Ave",
    "Sunset Blvd",
    "Martin Luther King Jr Blvd",
    "College Ave",
    "Adams St",
    "Madison Ave",
    "Jackson St",
    "Court St",
    "Railroad Ave",
    "Liberty St",
    "Front St",
    "Green St",
    "Central Ave",
];

/// One area code per state, its largest city's: phone numbers are in the fictional
/// 555-0100 to 555-0199 range, so only the area code says where they are.
const AREA_CODES: [(&str, &str); 56] = [
    ("AL", "205"),
    ("AK", "907"),
    ("AZ", "602"),
    ("AR", "501"),
    ("CA", "213"),
    ("CO", "303"),
    ("CT", "203"),
    ("DE", "302"),
    ("DC", "202"),
    ("FL", "305"),
    ("GA", "404"),
    ("HI", "808"),
    ("ID", "208"),
    ("IL", "312"),
    ("IN", "317"),
    ("IA", "515"),
    ("KS", "316"),
    ("KY", "502"),
    ("LA", "504"),
    ("ME", "207"),
    ("MD", "410"),
    ("MA", "617"),
    ("MI", "313"),
    ("MN", "612"),
    ("MS", "601"),
    ("MO", "314"),
    ("MT", "406"),
    ("NE", "402"),
    ("NV", "702"),
    ("NH", "603"),
    ("NJ", "201"),
    ("NM", "505"),
    ("NY", "212"),
    ("NC", "704"),
    ("ND", "701"),
    ("OH", "614"),
    ("OK", "405"),
    ("OR", "503"),
    ("PA", "215"),
    ("RI", "401"),
    ("SC", "803"),
    ("SD", "605"),
    ("TN", "615"),
    ("TX", "214"),
    ("UT", "801"),
    ("VT", "802"),
    ("VA", "804"),
    ("WA", "206"),
    ("WV", "304"),
    ("WI", "414"),
    ("WY", "307"),
    ("PR", "787"),
    ("GU", "671"),
    ("VI", "340"),
    ("AS", "684"),
    ("MP", "670"),
];

/// States where Spanish is offered more often (a large share of Spanish speakers).
const SPANISH_STATES: [&str; 11] = [
    "CA", "TX", "FL", "NM", "AZ", "NV", "NY", "NJ", "IL", "CO", "PR",
];

pub struct City {
    pub name: &'static str,
    pub state: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// Indexes into `Places::zips`: the city's own ZIP codes, else the nearest ones.
    zips: Vec<usize>,
}

struct Zip {
    code: &'static str,
    latitude: f64,
    longitude: f64,
}

/// A box (west, south, east, north) in degrees.
pub type Bounds = (f64, f64, f64, f64);

pub struct Places {
    cities: Vec<City>,
    /// Running total of population up to and including each city.
    cumulative: Vec<u64>,
    zips: Vec<Zip>,
    state_names: HashMap<&'static str, &'static str>,
    /// Each state's box: its ZIP codes' centroids, and a margin.
    state_bounds: HashMap<&'static str, Bounds>,
}

/// A generated service's place.
#[derive(Debug, Clone)]
pub struct Site {
    pub city: &'static str,
    pub state: &'static str,
    pub state_name: &'static str,
    pub postal_code: &'static str,
    pub street: String,
    /// The street's name alone ("Maple Ave"), for names such as "Maple Ave Food Cupboard".
    pub street_name: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// The city's centre.
    pub centre: (f64, f64),
    pub area_code: &'static str,
    pub spanish_state: bool,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split(',').collect())
}

fn squared_distance(lat: f64, lon: f64, to_lat: f64, to_lon: f64, lon_scale: f64) -> f64 {
    let dy = lat - to_lat;
    let dx = (lon - to_lon) * lon_scale;
    dy * dy + dx * dx
}

/// The cosine of an angle in degrees (|x| ≤ 90), as a polynomial: only additions and
/// multiplications, which IEEE 754 rounds the same everywhere, where the platform's `cos`
/// may differ in the last bit from one C library to another. Taylor series to x¹⁶: off by
/// less than 1e-9 up to Alaska's latitudes.
pub fn cos_degrees(degrees: f64) -> f64 {
    let x = degrees * (std::f64::consts::PI / 180.0);
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=8u32 {
        let k = f64::from(2 * n);
        term = -term * x2 / ((k - 1.0) * k);
        sum += term;
    }
    sum
}

/// A coordinate as written: six decimals (about 10 cm).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl Places {
    pub fn shipped() -> Places {
        let zips: Vec<(Zip, &'static str, &'static str)> = data_lines(ZIP_CODES)
            .filter_map(|c| {
                let (code, city, state) = (*c.first()?, *c.get(1)?, *c.get(2)?);
                let latitude = c.get(3)?.parse().ok()?;
                let longitude = c.get(4)?.parse().ok()?;
                Some((
                    Zip {
                        code,
                        latitude,
                        longitude,
                    },
                    city,
                    state,
                ))
            })
            .collect();
        let mut by_city: HashMap<(String, &str), Vec<usize>> = HashMap::new();
        let mut by_state: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut state_bounds: HashMap<&'static str, Bounds> = HashMap::new();
        for (i, (zip, city, state)) in zips.iter().enumerate() {
            by_city
                .entry((place_key(city), *state))
                .or_default()
                .push(i);
            by_state.entry(*state).or_default().push(i);
            let b = state_bounds.entry(*state).or_insert((
                zip.longitude,
                zip.latitude,
                zip.longitude,
                zip.latitude,
            ));
            *b = (
                b.0.min(zip.longitude),
                b.1.min(zip.latitude),
                b.2.max(zip.longitude),
                b.3.max(zip.latitude),
            );
        }
        for b in state_bounds.values_mut() {
            *b = (
                round6(b.0 - 0.1),
                round6(b.1 - 0.1),
                round6(b.2 + 0.1),
                round6(b.3 + 0.1),
            );
        }
        let mut cities = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        let mut seen = std::collections::HashSet::new();
        for c in data_lines(CITIES) {
            let (Some(name), Some(state), Some(lat), Some(lon), Some(population)) =
                (c.first(), c.get(1), c.get(2), c.get(3), c.get(4))
            else {
                continue;
            };
            let (Ok(latitude), Ok(longitude), Ok(population)) = (
                lat.parse::<f64>(),
                lon.parse::<f64>(),
                population.parse::<u64>(),
            ) else {
                continue;
            };
            // "New York" and "New York City" are one place.
            if !seen.insert((*state, *lat, *lon)) {
                continue;
            }
            let own = by_city
                .get(&(place_key(name), *state))
                .cloned()
                .unwrap_or_default();
            let zips_of_city = if own.is_empty() {
                let scale = cos_degrees(latitude);
                let mut near = by_state.get(state).cloned().unwrap_or_default();
                let distance = |z: usize| {
                    let zip = &zips[z].0;
                    squared_distance(zip.latitude, zip.longitude, latitude, longitude, scale)
                };
                near.sort_by(|&a, &b| distance(a).total_cmp(&distance(b)).then(a.cmp(&b)));
                near.truncate(3);
                near
            } else {
                own
            };
            if zips_of_city.is_empty() {
                continue;
            }
            total += population;
            cumulative.push(total);
            cities.push(City {
                name,
                state,
                latitude,
                longitude,
                zips: zips_of_city,
            });
        }
        let state_names = data_lines(STATES)
            .filter_map(|c| Some((*c.first()?, *c.get(1)?)))
            .collect();
        Places {
            cities,
            cumulative,
            zips: zips.into_iter().map(|z| z.0).collect(),
            state_names,
            state_bounds,
        }
    }

    /// A city drawn by population: a city of 200,000 people is drawn ten times as often as
    /// one of 20,000.
    pub fn city(&self, rng: &mut Rng) -> &City {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let at = rng.below(total);
        let i = self.cumulative.partition_point(|&c| c <= at);
        &self.cities[i.min(self.cities.len() - 1)]
    }

    /// A site in `city`, within `km` of its centre (uniform over the disc).
    pub fn site(&self, city: &City, km: f64, rng: &mut Rng) -> Site {
        let (dx, dy) = loop {
            let (x, y) = (rng.unit() * 2.0 - 1.0, rng.unit() * 2.0 - 1.0);
            if x * x + y * y <= 1.0 {
                break (x, y);
            }
        };
        let scale = cos_degrees(city.latitude);
        let latitude = round6(city.latitude + dy * km / 111.0);
        let longitude = round6(city.longitude + dx * km / (111.32 * scale));
        let zip = city
            .zips
            .iter()
            .map(|&i| &self.zips[i])
            .min_by(|a, b| {
                squared_distance(a.latitude, a.longitude, latitude, longitude, scale).total_cmp(
                    &squared_distance(b.latitude, b.longitude, latitude, longitude, scale),
                )
            })
            .map(|z| z.code)
            .unwrap_or_default();
        let street_name = rng.pick(&STREETS);
        let number = rng.between(1, 98) * 100 + rng.between(0, 99);
        Site {
            city: city.name,
            state: city.state,
            state_name: self
                .state_names
                .get(city.state)
                .copied()
                .unwrap_or(city.state),
            postal_code: zip,
            street: format!("{number} {street_name}"),
            street_name,
            latitude,
            longitude,
            centre: (city.latitude, city.longitude),
            area_code: AREA_CODES
                .iter()
                .find(|(s, _)| *s == city.state)
                .map_or("555", |(_, code)| *code),
            spanish_state: SPANISH_STATES.contains(&city.state),
        }
    }

    /// The state's box, from its ZIP codes.
    pub fn state_bounds(&self, state: &str) -> Option<Bounds> {
        self.state_bounds.get(state).copied()
    }
}

/// A county-sized box (about 60 km across) around a point.
pub fn county_bounds(latitude: f64, longitude: f64) -> Bounds {
    let half_lat = 0.27;
    let half_lon = 0.27 / cos_degrees(latitude);
    (
        round6(longitude - half_lon),
        round6(latitude - half_lat),
        round6(longitude + half_lon),
        round6(latitude + half_lat),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cosine_is_close_to_the_platforms() {
        for d in [0.0f64, 18.5, 33.7, 45.0, 61.2, 71.3, -14.3] {
            let expected = d.to_radians().cos();
            assert!((cos_degrees(d) - expected).abs() < 1e-9, "{d}");
        }
    }

    #[test]
    fn sites_are_near_their_city_with_its_zip_code() {
        let places = Places::shipped();
        assert!(places.cities.len() > 3000, "{}", places.cities.len());
        let mut rng = Rng::new(7);
        for _ in 0..200 {
            let city = places.city(&mut rng);
            let site = places.site(city, 3.0, &mut rng);
            assert_eq!(site.postal_code.len(), 5, "{site:?}");
            assert!((site.latitude - city.latitude).abs() < 0.03, "{site:?}");
            assert!(places.state_bounds(site.state).is_some(), "{site:?}");
        }
    }
}
