//! The benchmark's queries: what people type (plain words, lay terms, typos, Spanish),
//! around places drawn by population as the generated listings are, with the filters and
//! sorts people use. Deterministic: the same count and seed give the same queries.

use waypoint_indexer::generate::places::Places;
use waypoint_indexer::generate::rng::Rng;

/// One query, as `/v1/search` parameters, and what a plain PostgreSQL table can be asked
/// of it.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub params: Vec<(String, String)>,
    /// The words, when the query has any.
    pub text: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
    pub category: Option<&'static str>,
    pub free: bool,
    pub language: Option<&'static str>,
    pub by_distance: bool,
}

impl BenchQuery {
    /// The query string, as a browser would send it.
    pub fn query_string(&self) -> String {
        waypoint_indexer::params::query_string(&self.params)
    }
}

/// What people type: needs in plain words, lay terms and Spanish, and misspellings.
const WORDS: &[&str] = &[
    "food pantry",
    "pantry",
    "need food",
    "free meals",
    "comida",
    "rehab",
    "detox",
    "sober living",
    "recovery housing",
    "aa meeting",
    "na meeting",
    "al-anon",
    "suboxone",
    "methadone clinic",
    "mental health counseling",
    "therapy",
    "depression support",
    "shelter",
    "housing assistance",
    "rent help",
    "job training",
    "employment",
    "resume help",
    "free clinic",
    "dental",
    "peer support",
    "outpatient treatment",
    "vivienda",
    // Misspellings a phone keyboard makes.
    "rehabb",
    "mental helth",
    "counceling",
    "methadon",
    "shelterr",
    "employmnet",
];

const CATEGORIES: &[&str] = &[
    "food",
    "housing",
    "healthcare",
    "mental-health",
    "substance-use-treatment",
    "employment",
    "support-groups",
];

const RADII_KM: &[f64] = &[5.0, 10.0, 15.0, 25.0, 50.0];

/// `count` queries from `seed`.
pub fn queries(count: usize, seed: u64) -> Vec<BenchQuery> {
    let places = Places::shipped();
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let city = places.city(&mut rng);
            let radius_km = RADII_KM[rng.below(RADII_KM.len() as u64) as usize];
            let mut q = BenchQuery {
                params: Vec::new(),
                text: None,
                lat: city.latitude,
                lon: city.longitude,
                radius_km,
                category: None,
                free: false,
                language: None,
                by_distance: false,
            };
            // Four in five say something; the rest browse a category.
            if i % 5 == 4 {
                q.category = Some(CATEGORIES[rng.below(CATEGORIES.len() as u64) as usize]);
            } else {
                q.text = Some(WORDS[rng.below(WORDS.len() as u64) as usize].to_string());
            }
            // Places as people give them: a city by name for one in four, else a point.
            let by_name = i % 4 == 1;
            if let Some(text) = &q.text {
                q.params.push(("q".into(), text.clone()));
            }
            if let Some(c) = q.category {
                q.params.push(("category".into(), c.into()));
            }
            if by_name {
                q.params
                    .push(("near".into(), format!("{}, {}", city.name, city.state)));
            } else {
                q.params
                    .push(("lat".into(), format!("{:.4}", city.latitude)));
                q.params
                    .push(("lon".into(), format!("{:.4}", city.longitude)));
            }
            q.params.push(("radius_km".into(), format!("{radius_km}")));
            // Filters and sorts, each on a share of the queries.
            match i % 10 {
                1 => {
                    q.free = true;
                    q.params.push(("free".into(), "true".into()));
                }
                3 => {
                    q.language = Some("es");
                    q.params.push(("language".into(), "es".into()));
                }
                5 | 8 => q.params.push(("open_now".into(), "true".into())),
                _ => {}
            }
            if i % 3 == 2 {
                q.by_distance = true;
                q.params.push(("sort".into(), "distance".into()));
            }
            q
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_queries_with_every_kind_present() {
        let a = queries(320, 7);
        let b = queries(320, 7);
        let strings = |qs: &[BenchQuery]| qs.iter().map(|q| q.query_string()).collect::<Vec<_>>();
        assert_eq!(strings(&a), strings(&b));
        assert_ne!(strings(&a), strings(&queries(320, 8)));
        let has = |key: &str| {
            a.iter()
                .filter(|q| q.params.iter().any(|(k, _)| k == key))
                .count()
        };
        for key in [
            "q", "category", "near", "lat", "free", "language", "open_now", "sort",
        ] {
            assert!(has(key) >= 30, "{key}: {}", has(key));
        }
    }
}
