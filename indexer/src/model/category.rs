//! Waypoint's seven top-level categories and the data-driven mapping from source codes
//! (taxonomy terms, Meeting Guide, SAMHSA facility types) to them.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use serde::Serialize;

use super::Keyword;
use crate::error::IndexerError;

/// The mapping shipped in `seed-data/categories.csv`, compiled in so every binary agrees.
const DEFAULT_MAPPING: &str = include_str!("../../../seed-data/categories.csv");

/// One of the seven categories; its slug (`mental-health`) is how URLs, JSON and the
/// store name it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Category {
    Housing,
    Employment,
    Healthcare,
    MentalHealth,
    SubstanceUseTreatment,
    Food,
    SupportGroups,
}

impl Category {
    pub fn slug(self) -> &'static str {
        self.into()
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::parse(s).ok_or_else(|| format!("unknown category {s:?}"))
    }
}

/// The code schemes the mapping knows. A term's taxonomy name picks its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
pub enum Scheme {
    /// Open Eligibility codes such as `106-01-02`, matched on the longest dashed prefix.
    OpenEligibility,
    /// Meeting Guide meeting type codes; `*` means every meeting.
    MeetingGuide,
    /// SAMHSA locator `typeFacility` codes (SA, MH).
    Samhsa,
    /// Term names of any other taxonomy, matched whole and case-insensitively.
    TermName,
}

impl Scheme {
    /// The scheme whose codes a taxonomy (by its name) uses.
    pub fn for_taxonomy(taxonomy: Option<&str>) -> Scheme {
        match taxonomy.map(|t| t.trim().to_ascii_lowercase()) {
            Some(t) if t == "open eligibility" || t == "open-eligibility" => {
                Scheme::OpenEligibility
            }
            Some(t) if t == "meeting guide" => Scheme::MeetingGuide,
            Some(t) if t == "samhsa" => Scheme::Samhsa,
            _ => Scheme::TermName,
        }
    }
}

/// Source code → categories table, loaded from CSV (`scheme,code,category,note`): a code
/// may have several rows; `none` records that it serves none of the seven.
#[derive(Debug, Clone)]
pub struct CategoryMap {
    entries: HashMap<(Scheme, String), Vec<Category>>,
}

impl CategoryMap {
    /// The mapping shipped with Waypoint.
    pub fn shipped() -> CategoryMap {
        CategoryMap::from_csv(DEFAULT_MAPPING).expect("seed-data/categories.csv is valid")
    }

    pub fn from_csv(text: &str) -> Result<CategoryMap, IndexerError> {
        let mut entries = HashMap::new();
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| IndexerError::Config(format!("category mapping: {e}")))?;
            let bad = |what: &str| {
                IndexerError::Config(format!("category mapping row {}: {what}", i + 2))
            };
            let scheme = Scheme::parse(row.get(0).unwrap_or("")).ok_or_else(|| bad("scheme"))?;
            let code = row
                .get(1)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| bad("code"))?;
            let category = match row.get(2).unwrap_or("") {
                "none" => None,
                other => Some(other.parse().map_err(|e: String| bad(&e))?),
            };
            let code = match scheme {
                Scheme::TermName => code.to_lowercase(),
                _ => code.to_string(),
            };
            let categories: &mut Vec<Category> = entries.entry((scheme, code)).or_default();
            if let Some(c) = category.filter(|c| !categories.contains(c)) {
                categories.push(c);
            }
        }
        Ok(CategoryMap { entries })
    }

    /// The first category of one code in one scheme, if the mapping gives it one.
    pub fn lookup(&self, scheme: Scheme, code: &str) -> Option<Category> {
        self.decision(scheme, code)?.first().copied()
    }

    /// The categories the mapping decides for one code (empty: decided none), or `None`
    /// when it has no row for the code.
    pub fn decision(&self, scheme: Scheme, code: &str) -> Option<&[Category]> {
        let code = code.trim();
        let found = match scheme {
            // Longest dashed prefix wins: 106-01-02 is under 106-01 before 106.
            Scheme::OpenEligibility => {
                let mut prefix = code;
                loop {
                    if let Some(c) = self.entries.get(&(scheme, prefix.to_string())) {
                        break Some(c);
                    }
                    prefix = &prefix[..prefix.rfind('-')?];
                }
            }
            Scheme::TermName => self.entries.get(&(scheme, code.to_lowercase())),
            _ => self
                .entries
                .get(&(scheme, code.to_string()))
                .or_else(|| self.entries.get(&(scheme, "*".to_string()))),
        };
        found.map(Vec::as_slice)
    }

    /// The categories of a term given its taxonomy, code and name.
    pub fn for_term(&self, taxonomy: Option<&str>, code: Option<&str>, name: &str) -> &[Category] {
        let scheme = Scheme::for_taxonomy(taxonomy);
        let found = match (scheme, code) {
            (Scheme::TermName, Some(code)) => self
                .decision(Scheme::OpenEligibility, code)
                .filter(|_| looks_like_open_eligibility(code))
                .or_else(|| self.decision(Scheme::TermName, name))
                .or_else(|| self.decision(Scheme::TermName, code)),
            (Scheme::TermName, None) => self.decision(Scheme::TermName, name),
            (scheme, Some(code)) => self.decision(scheme, code),
            (_, None) => None,
        };
        found.unwrap_or_default()
    }

    /// Categories of a set of terms, sorted and without repeats.
    pub fn categorise<'a>(
        &self,
        terms: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>, &'a str)>,
    ) -> Vec<Category> {
        let set: BTreeSet<Category> = terms
            .into_iter()
            .flat_map(|(taxonomy, code, name)| self.for_term(taxonomy, code, name))
            .copied()
            .collect();
        set.into_iter().collect()
    }
}

/// `103`, `106-01-02`: digits in dashed groups, the shape of Open Eligibility codes.
fn looks_like_open_eligibility(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('-')
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_open_eligibility_prefix_wins() {
        let map = CategoryMap::shipped();
        let oe = Scheme::OpenEligibility;
        assert_eq!(map.lookup(oe, "106"), Some(Category::Healthcare));
        assert_eq!(map.lookup(oe, "106-06-04"), Some(Category::Healthcare));
        assert_eq!(
            map.lookup(oe, "106-01-02-01"),
            Some(Category::SubstanceUseTreatment)
        );
        assert_eq!(map.lookup(oe, "106-07"), Some(Category::MentalHealth));
        assert_eq!(map.lookup(oe, "102-04"), Some(Category::Food));
        assert_eq!(map.lookup(oe, "103-09"), Some(Category::Housing));
        assert_eq!(map.lookup(oe, "110-01-01"), Some(Category::Employment));
        // A prefix must end at a dash: 1060 is not under 106.
        assert_eq!(map.lookup(oe, "1060"), None);
        assert_eq!(map.lookup(oe, "111-01"), None);
    }

    #[test]
    fn every_format_has_a_mapping() {
        let map = CategoryMap::shipped();
        assert_eq!(
            map.for_term(Some("Open Eligibility"), Some("food-pantry"), "Food Pantry"),
            [Category::Food]
        );
        assert_eq!(
            map.for_term(Some("Open Eligibility"), Some("addiction-recovery"), "x"),
            [Category::SubstanceUseTreatment]
        );
        assert_eq!(
            map.for_term(Some("Meeting Guide"), Some("O"), "Open"),
            [Category::SupportGroups]
        );
        assert_eq!(
            map.for_term(Some("SAMHSA"), Some("MH"), "Mental health"),
            [Category::MentalHealth]
        );
        // An unknown taxonomy falls back on the term's name.
        assert_eq!(
            map.for_term(Some("Local"), Some("X1"), "Food Pantry"),
            [Category::Food]
        );
    }

    #[test]
    fn categorise_sorts_and_dedups() {
        let map = CategoryMap::shipped();
        let oe = Some("Open Eligibility");
        let cats = map.categorise([
            (oe, Some("106-07"), "Mental Health"),
            (oe, Some("102-04"), "Food Pantry"),
            (oe, Some("106-13"), "Psychiatric Emergency Services"),
            (oe, Some("112-02"), "Adults"),
        ]);
        assert_eq!(cats, vec![Category::MentalHealth, Category::Food]);
    }

    #[test]
    fn terms_that_serve_a_category_from_another_branch() {
        let map = CategoryMap::shipped();
        let oe = Some("Open Eligibility");
        use Category::*;
        assert_eq!(
            map.for_term(oe, Some("107-01-04"), "Help Pay for Housing"),
            [Housing]
        );
        assert_eq!(
            map.for_term(oe, Some("101-02-06"), "Help Pay for Utilities"),
            [Housing]
        );
        assert_eq!(
            map.for_term(oe, Some("108-09-09"), "Support Groups"),
            [SupportGroups]
        );
        assert_eq!(
            map.for_term(oe, Some("108-06-05"), "Help Find Work"),
            [Employment]
        );
        assert_eq!(
            map.for_term(oe, Some("106-09-01"), "Counseling"),
            [Healthcare, MentalHealth]
        );
        assert_eq!(
            map.for_term(oe, Some("132-06"), "Co-occurring"),
            [MentalHealth, SubstanceUseTreatment]
        );
        // Decided none: a shorter prefix gives no category to it.
        assert!(
            map.for_term(oe, Some("110-02-02"), "Retirement Benefits")
                .is_empty()
        );
        assert_eq!(
            map.decision(Scheme::OpenEligibility, "110-02-02"),
            Some(&[][..])
        );
        assert!(
            map.for_term(oe, Some("111-01"), "Advocacy & Legal Aid")
                .is_empty()
        );
        assert!(
            map.for_term(oe, Some("107-05"), "Tax Preparation")
                .is_empty()
        );
        assert!(
            map.for_term(oe, Some("105-02-01"), "Transportation for Healthcare")
                .is_empty()
        );
    }

    #[test]
    fn a_code_may_have_several_rows_or_none() {
        let map = CategoryMap::from_csv(
            "scheme,code,category,note\nopen-eligibility,1,food,x\nopen-eligibility,1,housing,x\n\
             open-eligibility,1-2,none,x\n",
        )
        .unwrap();
        assert_eq!(
            map.decision(Scheme::OpenEligibility, "1-3"),
            Some(&[Category::Food, Category::Housing][..])
        );
        assert_eq!(
            map.decision(Scheme::OpenEligibility, "1-2-9"),
            Some(&[][..])
        );
        assert_eq!(map.decision(Scheme::OpenEligibility, "2"), None);
    }

    #[test]
    fn a_bad_mapping_is_refused_with_its_row() {
        let err = CategoryMap::from_csv("scheme,code,category,note\nopen-eligibility,1,bakery,x\n")
            .unwrap_err();
        assert!(err.to_string().contains("row 2"), "{err}");
    }
}
