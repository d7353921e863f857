//! Values of the search filters (attendance, free, accepts, age, gender, moud, wheelchair,
//! fellowship, meeting_type) derived from what importers store: taxonomy terms and their
//! values, cost options, schedules' attending types, ages, and fees written as text. The
//! mapping is data, in `seed-data/filters.csv`, plus one rule per fellowship
//! (`seed-data/fellowships.csv`) and per Meeting Guide type
//! (`seed-data/meeting-guide-types.csv`, by the type's name).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::{fellowship, meeting_types};

const FILTERS: &str = include_str!("../../../seed-data/filters.csv");

/// The filters the mapping feeds, in the order the API lists them.
pub const NAMES: [&str; 9] = [
    "attendance",
    "free",
    "accepts",
    "age",
    "gender",
    "moud",
    "wheelchair",
    "fellowship",
    "meeting_type",
];
/// Ages are indexed year by year, up to this one.
pub const MAX_AGE: u32 = 120;

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    filter: String,
    value: String,
    scheme: String,
    code: String,
    /// Lower-cased.
    text: String,
}

#[derive(Debug)]
pub struct FilterMap {
    rules: Vec<Rule>,
}

/// A taxonomy term a service carries, with the attribute's value.
#[derive(Debug, Clone, Copy)]
pub struct TermRef<'a> {
    pub taxonomy: Option<&'a str>,
    pub code: Option<&'a str>,
    pub value: Option<&'a str>,
}

/// A cost option: option text, amount, amount description.
pub type CostRef<'a> = (Option<&'a str>, Option<f64>, Option<&'a str>);

/// What the filters are derived from, for one service at one location.
#[derive(Debug, Clone, Default)]
pub struct FilterInputs<'a> {
    pub terms: Vec<TermRef<'a>>,
    pub cost_options: Vec<CostRef<'a>>,
    pub attending_types: Vec<&'a str>,
    pub location_type: &'a str,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    /// The service's fees as text: free when it says so ("None.", "No fee").
    pub fees_description: Option<&'a str>,
}

/// The filter values a listing has: index terms `name:value` ("accepts:medicaid",
/// "gender:any", "age:any", "free:true") and, when ages are restricted, every year allowed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterValues {
    pub terms: Vec<String>,
    pub ages: Vec<u32>,
}

impl FilterMap {
    pub fn shipped() -> &'static FilterMap {
        static MAP: OnceLock<FilterMap> = OnceLock::new();
        MAP.get_or_init(|| {
            let mut map = FilterMap::from_csv(FILTERS).expect("seed-data/filters.csv is valid");
            map.rules.extend(generated_rules());
            map
        })
    }

    pub fn from_csv(text: &str) -> Result<FilterMap, String> {
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut rules = Vec::new();
        for (n, row) in csv::Reader::from_reader(body.as_bytes())
            .records()
            .enumerate()
        {
            let row = row.map_err(|e| format!("row {}: {e}", n + 1))?;
            let col = |i: usize| row.get(i).unwrap_or("").trim().to_string();
            let rule = Rule {
                filter: col(0),
                value: col(1),
                scheme: col(2),
                code: col(3),
                text: col(4).to_lowercase(),
            };
            if !NAMES.contains(&rule.filter.as_str()) {
                return Err(format!("row {}: unknown filter {:?}", n + 1, rule.filter));
            }
            if rule.filter == "age" && age_range(&rule.value).is_none() {
                return Err(format!(
                    "row {}: age {:?} is not min-max",
                    n + 1,
                    rule.value
                ));
            }
            rules.push(rule);
        }
        Ok(FilterMap { rules })
    }

    /// The values a filter takes (`accepts` → medicaid, medicare, …).
    pub fn values(&self, filter: &str) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .rules
            .iter()
            .filter(|r| r.filter == filter)
            .map(|r| r.value.as_str())
            .collect();
        set.into_iter().collect()
    }

    fn term_matches(&self, rule: &Rule, term: &TermRef) -> bool {
        term.taxonomy
            .is_some_and(|t| t.eq_ignore_ascii_case(&rule.scheme))
            && (rule.code == "*" || term.code == Some(rule.code.as_str()))
            && (rule.text.is_empty()
                || term
                    .value
                    .is_some_and(|v| v.trim().to_lowercase() == rule.text))
    }

    /// Filter values for one listing.
    pub fn derive(&self, input: &FilterInputs) -> FilterValues {
        let mut found: BTreeSet<(String, String)> = BTreeSet::new();
        let hit = |found: &mut BTreeSet<(String, String)>, r: &Rule| {
            found.insert((r.filter.clone(), r.value.clone()));
        };
        for rule in &self.rules {
            match rule.scheme.as_str() {
                "cost_option" => {}
                "attending_type" => {
                    if input
                        .attending_types
                        .iter()
                        .any(|a| a.trim().to_lowercase() == rule.text)
                    {
                        hit(&mut found, rule)
                    }
                }
                "location_type" => {}
                _ => {
                    if input.terms.iter().any(|t| self.term_matches(rule, t)) {
                        hit(&mut found, rule)
                    }
                }
            }
        }
        // Cost options: what each names it accepts; free when one says so, or costs
        // nothing without naming a way to pay ("No cost with Medicaid" is not free).
        for (option, amount, description) in &input.cost_options {
            let text =
                format!("{} {}", option.unwrap_or(""), description.unwrap_or("")).to_lowercase();
            let named = |filter: &str| -> Vec<&Rule> {
                self.rules
                    .iter()
                    .filter(|r| r.scheme == "cost_option" && r.filter == filter)
                    .filter(|r| text.contains(&r.text))
                    .collect()
            };
            let accepts = named("accepts");
            let free_words = named("free");
            if accepts.is_empty() && (!free_words.is_empty() || *amount == Some(0.0)) {
                found.insert(("free".into(), "true".into()));
            }
            for r in accepts {
                hit(&mut found, r)
            }
        }
        if input
            .fees_description
            .is_some_and(super::from_text::fees_say_free)
        {
            found.insert(("free".into(), "true".into()));
        }
        if !found.iter().any(|(f, _)| f == "attendance") {
            for rule in self.rules.iter().filter(|r| r.scheme == "location_type") {
                if input.location_type.eq_ignore_ascii_case(&rule.text) {
                    found.insert((rule.filter.clone(), rule.value.clone()));
                }
            }
        }
        if found.contains(&("attendance".into(), "hybrid".into())) {
            found.insert(("attendance".into(), "in_person".into()));
            found.insert(("attendance".into(), "online".into()));
        }
        let mut ages: BTreeSet<u32> = BTreeSet::new();
        if input.minimum_age.is_some() || input.maximum_age.is_some() {
            let lo = input.minimum_age.unwrap_or(0.0).max(0.0).ceil() as u32;
            let hi = input
                .maximum_age
                .unwrap_or(MAX_AGE as f64)
                .min(MAX_AGE as f64) as u32;
            ages.extend(lo..=hi);
        } else {
            for (_, range) in found.iter().filter(|(f, _)| f == "age") {
                if let Some((lo, hi)) = age_range(range) {
                    ages.extend(lo..=hi.min(MAX_AGE));
                }
            }
        }
        let restricted_gender = found.iter().any(|(f, _)| f == "gender");
        // A meeting that names no gender is a mixed meeting, not a women's or men's one:
        // `gender=female` finds women's meetings, not every meeting.
        let meeting = input.terms.iter().any(|t| {
            t.taxonomy.is_some_and(|x| {
                x.eq_ignore_ascii_case(meeting_types::TAXONOMY)
                    || x.eq_ignore_ascii_case(fellowship::TAXONOMY)
            })
        });
        let mut terms: Vec<String> = found
            .into_iter()
            .filter(|(f, _)| f != "age")
            .map(|(f, v)| format!("{f}:{v}"))
            .collect();
        if !restricted_gender && !meeting {
            terms.push("gender:any".into());
        }
        let restricted_age =
            input.minimum_age.is_some() || input.maximum_age.is_some() || !ages.is_empty();
        if !restricted_age {
            terms.push("age:any".into());
        }
        terms.sort();
        FilterValues {
            terms,
            ages: ages.into_iter().collect(),
        }
    }
}

/// One rule per fellowship and per Meeting Guide type: `fellowship:aa`,
/// `meeting_type:women`.
fn generated_rules() -> Vec<Rule> {
    let fellowships = fellowship::all().iter().map(|f| Rule {
        filter: "fellowship".into(),
        value: f.slug.into(),
        scheme: fellowship::TAXONOMY.into(),
        code: f.slug.into(),
        text: String::new(),
    });
    let types = meeting_types::all().iter().map(|t| Rule {
        filter: "meeting_type".into(),
        value: meeting_types::slug(t.name),
        scheme: meeting_types::TAXONOMY.into(),
        code: t.code.into(),
        text: String::new(),
    });
    fellowships.chain(types).collect()
}

/// The values of one filter among a listing's filter terms ("moud:methadone" →
/// "methadone"), in order.
pub fn values_of(terms: &[String], filter: &str) -> Vec<String> {
    terms
        .iter()
        .filter_map(|t| t.strip_prefix(filter)?.strip_prefix(':'))
        .map(str::to_string)
        .collect()
}

/// "18-64" → (18, 64).
fn age_range(value: &str) -> Option<(u32, u32)> {
    let (lo, hi) = value.split_once('-')?;
    let (lo, hi) = (lo.trim().parse().ok()?, hi.trim().parse().ok()?);
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term<'a>(taxonomy: &'a str, code: &'a str, value: Option<&'a str>) -> TermRef<'a> {
        TermRef {
            taxonomy: Some(taxonomy),
            code: Some(code),
            value,
        }
    }

    fn derive(input: FilterInputs) -> FilterValues {
        FilterMap::shipped().derive(&input)
    }

    #[test]
    fn samhsa_service_items_map_to_payment_and_medication() {
        let v = derive(FilterInputs {
            terms: vec![
                term("SAMHSA", "PAY", Some("Medicaid")),
                term(
                    "SAMHSA",
                    "PAY",
                    Some("State-financed health insurance plan other than Medicaid"),
                ),
                term(
                    "SAMHSA",
                    "PHR",
                    Some("Buprenorphine with naloxone  (Suboxone®)"),
                ),
                term("SAMHSA", "AGE", Some("Adults")),
                term("SAMHSA", "GN", Some("Female")),
            ],
            location_type: "physical",
            ..Default::default()
        });
        for t in [
            "accepts:medicaid",
            "accepts:state_insurance",
            "moud:buprenorphine",
            "gender:female",
            "attendance:in_person",
        ] {
            assert!(v.terms.contains(&t.to_string()), "{t}: {v:?}");
        }
        assert!(!v.terms.contains(&"gender:any".to_string()));
        assert_eq!((v.ages[0], *v.ages.last().unwrap()), (18, 64));
    }

    #[test]
    fn free_means_no_cost_without_naming_a_way_to_pay() {
        let free = derive(FilterInputs {
            cost_options: vec![(Some("Free"), Some(0.0), None)],
            ..Default::default()
        });
        assert!(free.terms.contains(&"free:true".to_string()));
        let medicaid = derive(FilterInputs {
            cost_options: vec![(
                Some("Maryland Medicaid and most private insurance"),
                Some(0.0),
                Some("No cost with Medicaid; copays depend on private plans."),
            )],
            ..Default::default()
        });
        assert!(!medicaid.terms.contains(&"free:true".to_string()));
        assert!(medicaid.terms.contains(&"accepts:medicaid".to_string()));
        assert!(
            medicaid
                .terms
                .contains(&"accepts:private_insurance".to_string())
        );
        let sliding = derive(FilterInputs {
            cost_options: vec![(
                Some("Sliding fee scale for people without insurance"),
                Some(25.0),
                None,
            )],
            ..Default::default()
        });
        assert!(sliding.terms.contains(&"accepts:sliding_fee".to_string()));
        assert!(sliding.terms.contains(&"accepts:uninsured".to_string()));
    }

    #[test]
    fn meetings_are_free_and_say_how_to_attend() {
        let v = derive(FilterInputs {
            terms: vec![
                term("Meeting Guide", "X", None),
                term("Meeting Guide", "W", None),
            ],
            attending_types: vec!["hybrid"],
            location_type: "physical",
            ..Default::default()
        });
        for t in [
            "free:true",
            "wheelchair:true",
            "gender:female",
            "attendance:hybrid",
            "attendance:online",
            "attendance:in_person",
            "age:any",
            "meeting_type:women",
            "meeting_type:wheelchair-access",
        ] {
            assert!(v.terms.contains(&t.to_string()), "{t}: {v:?}");
        }
        // A mixed meeting is for everyone, but not what `gender=female` looks for.
        let mixed = derive(FilterInputs {
            terms: vec![
                term("Meeting Guide", "O", None),
                term("Fellowship", "aa", None),
            ],
            location_type: "physical",
            ..Default::default()
        });
        assert!(
            !mixed.terms.iter().any(|t| t.starts_with("gender:")),
            "{mixed:?}"
        );
        assert!(mixed.terms.contains(&"fellowship:aa".to_string()));
        assert!(mixed.terms.contains(&"meeting_type:open".to_string()));
        assert_eq!(values_of(&mixed.terms, "fellowship"), vec!["aa"]);
        let online = derive(FilterInputs {
            location_type: "virtual",
            ..Default::default()
        });
        assert_eq!(
            online.terms,
            vec!["age:any", "attendance:online", "gender:any"]
        );
    }

    #[test]
    fn stated_ages_win_over_age_groups() {
        let v = derive(FilterInputs {
            terms: vec![term("Open Eligibility", "112-04", None)],
            minimum_age: Some(18.0),
            ..Default::default()
        });
        assert_eq!((v.ages[0], *v.ages.last().unwrap()), (18, MAX_AGE));
        let teens = derive(FilterInputs {
            terms: vec![term("Open Eligibility", "112-04", None)],
            ..Default::default()
        });
        assert_eq!(teens.ages, (13..=19).collect::<Vec<_>>());
        assert!(!teens.terms.contains(&"age:any".to_string()));
    }

    #[test]
    fn every_filter_has_values() {
        let map = FilterMap::shipped();
        for name in NAMES {
            assert!(!map.values(name).is_empty(), "{name}");
        }
        assert!(map.values("moud").contains(&"methadone"));
        assert!(map.values("fellowship").contains(&"al-anon"));
        assert!(map.values("meeting_type").contains(&"women"));
        assert!(FilterMap::from_csv("filter,value,scheme,code,text\ncolour,blue,x,y,\n").is_err());
    }

    #[test]
    fn fees_written_as_text_free_only_when_they_say_so() {
        let with_fees = |text| {
            derive(FilterInputs {
                fees_description: Some(text),
                ..Default::default()
            })
            .terms
            .contains(&"free:true".to_string())
        };
        assert!(with_fees("None."));
        assert!(with_fees("No fees."));
        assert!(!with_fees("Medicaid, sliding scale"));
        assert!(!with_fees(
            "None if eligible. MCHP Premium is $45-$57 per family."
        ));
    }
}
