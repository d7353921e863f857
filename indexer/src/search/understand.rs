//! Query understanding: the everyday words people search with ("rehab", "food stamps",
//! "comida gratis") mapped to the categories they mean and to the words listings use.
//! The vocabulary is data, in `seed-data/synonyms.csv`.

use std::sync::OnceLock;

use serde::Serialize;

use crate::model::{Category, fellowship};

const SYNONYMS: &str = include_str!("../../../seed-data/synonyms.csv");
const CRISIS_TERMS: &str = include_str!("../../../seed-data/crisis-terms.csv");

/// One entry of the vocabulary.
#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    words: Vec<String>,
    categories: Vec<Category>,
    expand: Vec<String>,
}

#[derive(Debug)]
pub struct Vocabulary {
    /// Longest phrases first, so "aa meeting" wins over "aa".
    phrases: Vec<Phrase>,
    /// Words that signal a crisis, with the kind (suicide, overdose, danger).
    crisis: Vec<(Vec<String>, String)>,
}

/// What a query was understood to ask for.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Understanding {
    /// Categories the words express (listings in them may match without the words).
    pub categories: Vec<Category>,
    /// Words added to the search for the phrases recognised.
    pub expanded_terms: Vec<String>,
    /// The phrases recognised, as written in the vocabulary.
    pub phrases: Vec<String>,
    /// Set when the words signal a crisis: suicide, overdose or danger.
    pub crisis: Option<String>,
    /// The fellowship the words name ("aa meeting", "al-anon"): its meetings rank first.
    pub fellowship: Option<String>,
}

/// Lower-cased words of a text; apostrophes and hyphens stay inside words.
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Vocabulary {
    pub fn shipped() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            let mut v = Vocabulary::from_csv(SYNONYMS).expect("seed-data/synonyms.csv is valid");
            v.crisis = crisis_terms(CRISIS_TERMS).expect("seed-data/crisis-terms.csv is valid");
            v
        })
    }

    /// Reads `phrase,language,categories,expand` rows (`#` lines are comments).
    pub fn from_csv(text: &str) -> Result<Vocabulary, String> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut phrases = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("synonyms row {}: {e}", i + 2))?;
            let phrase = words(row.get(0).unwrap_or(""));
            if phrase.is_empty() {
                continue;
            }
            let categories = row
                .get(2)
                .unwrap_or("")
                .split_whitespace()
                .map(|s| {
                    s.parse::<Category>()
                        .map_err(|e| format!("synonyms row {}: {e}", i + 2))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let expand = row.get(3).map(words).unwrap_or_default();
            phrases.push(Phrase {
                words: phrase,
                categories,
                expand,
            });
        }
        phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        Ok(Vocabulary {
            phrases,
            crisis: Vec::new(),
        })
    }

    /// Finds the vocabulary's phrases in a query, longest first and without overlaps.
    pub fn understand(&self, text: &str) -> Understanding {
        let query = words(text);
        let mut taken = vec![false; query.len()];
        let mut out = Understanding {
            crisis: self
                .crisis
                .iter()
                .find(|(phrase, _)| query.windows(phrase.len()).any(|w| w == &phrase[..]))
                .map(|(_, kind)| kind.clone()),
            fellowship: fellowship::asked_in(text).map(|f| f.slug.to_string()),
            ..Understanding::default()
        };
        for phrase in &self.phrases {
            let n = phrase.words.len();
            if n > query.len() {
                continue;
            }
            for start in 0..=query.len() - n {
                if taken[start..start + n].iter().any(|t| *t)
                    || query[start..start + n] != phrase.words[..]
                {
                    continue;
                }
                taken[start..start + n].iter_mut().for_each(|t| *t = true);
                out.phrases.push(phrase.words.join(" "));
                for c in &phrase.categories {
                    if !out.categories.contains(c) {
                        out.categories.push(*c);
                    }
                }
                for w in &phrase.expand {
                    if !out.expanded_terms.contains(w) && !query.contains(w) {
                        out.expanded_terms.push(w.clone());
                    }
                }
            }
        }
        out
    }
}

/// Reads `phrase,language,kind` rows.
fn crisis_terms(text: &str) -> Result<Vec<(Vec<String>, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("crisis terms row {}: {e}", i + 2))?;
        let kind = row.get(2).unwrap_or("");
        if !["suicide", "overdose", "danger"].contains(&kind) {
            return Err(format!("crisis terms row {}: unknown kind {kind:?}", i + 2));
        }
        let phrase = words(row.get(0).unwrap_or(""));
        if !phrase.is_empty() {
            out.push((phrase, kind.to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# test vocabulary\nphrase,language,categories,expand\nrehab,en,substance-use-treatment,addiction treatment recovery\naa,en,support-groups,alcoholics anonymous\naa meeting,en,support-groups,alcoholics anonymous meeting group\nsober living,en,housing substance-use-treatment,recovery residence\ncomida gratis,es,food,food free meals pantry\n";

    #[test]
    fn phrases_map_to_categories_and_words() {
        let v = Vocabulary::from_csv(SAMPLE).unwrap();
        let u = v.understand("Rehab near 92701");
        assert_eq!(u.categories, vec![Category::SubstanceUseTreatment]);
        assert_eq!(u.expanded_terms, vec!["addiction", "treatment", "recovery"]);
        let u = v.understand("¿Dónde hay comida gratis?");
        assert_eq!(u.categories, vec![Category::Food]);
        assert!(u.expanded_terms.contains(&"pantry".to_string()));
    }

    #[test]
    fn the_longest_phrase_wins_and_words_are_used_once() {
        let v = Vocabulary::from_csv(SAMPLE).unwrap();
        let u = v.understand("AA meeting tonight");
        assert_eq!(u.phrases, vec!["aa meeting"]);
        let u = v.understand("sober living, then aa");
        assert_eq!(u.phrases, vec!["sober living", "aa"]);
        assert_eq!(
            u.categories,
            vec![
                Category::Housing,
                Category::SubstanceUseTreatment,
                Category::SupportGroups
            ]
        );
    }

    #[test]
    fn crisis_words_are_recognised_in_both_languages() {
        let v = Vocabulary::shipped();
        assert_eq!(
            v.understand("I want to die").crisis.as_deref(),
            Some("suicide")
        );
        assert_eq!(
            v.understand("my friend OD'd").crisis.as_deref(),
            Some("overdose")
        );
        assert_eq!(
            v.understand("friend is overdosing").crisis.as_deref(),
            Some("overdose")
        );
        assert_eq!(
            v.understand("Me quiero morir").crisis.as_deref(),
            Some("suicide")
        );
        assert_eq!(
            v.understand("sobredosis").crisis.as_deref(),
            Some("overdose")
        );
        assert_eq!(v.understand("emergency shelter tonight").crisis, None);
        assert_eq!(v.understand("food pantry").crisis, None);
    }

    #[test]
    fn unknown_categories_are_refused() {
        assert!(
            Vocabulary::from_csv("phrase,language,categories,expand\nx,en,bakery,\n")
                .unwrap_err()
                .contains("row 2")
        );
    }

    #[test]
    fn the_shipped_vocabulary_covers_every_category_in_both_languages() {
        let v = Vocabulary::shipped();
        assert!(v.phrases.len() >= 300, "{} phrases", v.phrases.len());
        for c in Category::ALL {
            assert!(
                v.phrases
                    .iter()
                    .filter(|p| p.categories.contains(&c))
                    .count()
                    >= 10,
                "few phrases for {c}"
            );
        }
        assert_eq!(
            v.understand("rehab").categories,
            vec![Category::SubstanceUseTreatment]
        );
        assert!(
            v.understand("comida gratis")
                .categories
                .contains(&Category::Food)
        );
    }
}
