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
    /// As written in the vocabulary, lower-cased (accents kept, to show back).
    label: String,
    words: Vec<String>,
    categories: Vec<Category>,
    expand: Vec<String>,
}

#[derive(Debug)]
pub struct Vocabulary {
    /// Longest phrases first, so "aa meeting" wins over "aa".
    phrases: Vec<Phrase>,
    /// Word patterns that signal a crisis, in file order.
    crisis: Vec<CrisisPattern>,
}

/// A crisis phrasing as a word pattern (see `seed-data/crisis-terms.csv`).
#[derive(Debug, Clone, PartialEq)]
struct CrisisPattern {
    slots: Vec<Slot>,
    /// ISO 639-1 code of the language the phrasing is in.
    language: String,
    /// suicide, overdose or danger.
    kind: String,
}

/// One position of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// One word among these; an alternative ending in `*` matches words starting with it.
    Word {
        alternatives: Vec<String>,
        optional: bool,
    },
    /// Up to this many words of any kind (`..` in the file).
    Gap(usize),
}

/// How many words `..` may skip.
const GAP_WORDS: usize = 3;

impl Slot {
    fn parse(token: &str) -> Result<Slot, String> {
        if token == ".." {
            return Ok(Slot::Gap(GAP_WORDS));
        }
        let (body, optional) = match token.strip_suffix('?') {
            Some(b) => (b, true),
            None => (token, false),
        };
        let alternatives: Vec<String> = body
            .split('|')
            .map(|a| crate::model::fold::fold(a.trim()))
            .filter(|a| !a.is_empty() && a != "*")
            .collect();
        if alternatives.is_empty() {
            return Err(format!("{token:?} has no word"));
        }
        Ok(Slot::Word {
            alternatives,
            optional,
        })
    }

    fn takes(alternatives: &[String], word: &str) -> bool {
        alternatives.iter().any(|a| match a.strip_suffix('*') {
            Some(prefix) => word.starts_with(prefix),
            None => a == word,
        })
    }
}

impl CrisisPattern {
    /// Whether the pattern matches the words somewhere.
    fn found_in(&self, words: &[String]) -> bool {
        (0..words.len()).any(|start| matches_at(&self.slots, words, start))
    }
}

/// Whether `slots` match `words` from `at` (backtracking over gaps and optional words;
/// patterns and queries are short).
fn matches_at(slots: &[Slot], words: &[String], at: usize) -> bool {
    let Some((slot, rest)) = slots.split_first() else {
        return true;
    };
    match slot {
        Slot::Gap(n) => (0..=*n)
            .take_while(|skip| at + skip <= words.len())
            .any(|skip| matches_at(rest, words, at + skip)),
        Slot::Word {
            alternatives,
            optional,
        } => {
            (at < words.len()
                && Slot::takes(alternatives, &words[at])
                && matches_at(rest, words, at + 1))
                || (*optional && matches_at(rest, words, at))
        }
    }
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
    /// The language of the crisis phrasing found (ISO 639-1), for answering in it.
    pub crisis_language: Option<String>,
    /// The fellowship the words name ("aa meeting", "al-anon"): its meetings rank first.
    pub fellowship: Option<String>,
}

/// Lower-cased words of a text, accents folded ("clínica" → "clinica"); apostrophes and
/// hyphens stay inside words.
pub fn words(text: &str) -> Vec<String> {
    // A typographic apostrophe (I’m) is an apostrophe.
    split_words(&crate::model::fold::fold(&text.replace('\u{2019}', "'")))
}

/// Words of a lower-cased text.
fn split_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
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
                label: split_words(&row.get(0).unwrap_or("").to_lowercase()).join(" "),
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
        let crisis = self.crisis.iter().find(|p| p.found_in(&query));
        let mut out = Understanding {
            crisis: crisis.map(|p| p.kind.clone()),
            crisis_language: crisis.map(|p| p.language.clone()),
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
                out.phrases.push(phrase.label.clone());
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

/// Reads `pattern,language,kind` rows.
fn crisis_terms(text: &str) -> Result<Vec<CrisisPattern>, String> {
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
        let language = row.get(1).unwrap_or("").to_string();
        if language.len() != 2 {
            return Err(format!("crisis terms row {}: language {language:?}", i + 2));
        }
        let slots = row
            .get(0)
            .unwrap_or("")
            .split_whitespace()
            .map(Slot::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("crisis terms row {}: {e}", i + 2))?;
        if slots.iter().any(|s| {
            matches!(
                s,
                Slot::Word {
                    optional: false,
                    ..
                }
            )
        }) {
            out.push(CrisisPattern {
                slots,
                language,
                kind: kind.to_string(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Keyword;

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
    fn crisis_phrasings_no_list_foresaw_are_caught_by_their_pattern() {
        let v = Vocabulary::shipped();
        for (q, kind, language) in [
            ("i want to end my life", "suicide", "en"),
            ("kill myself", "suicide", "en"),
            ("I\u{2019}m going to kill myself tonight", "suicide", "en"),
            ("thinking about ending my life", "suicide", "en"),
            ("i want to just end my whole life", "suicide", "en"),
            ("I don't want to be alive anymore", "suicide", "en"),
            ("me quiero suicidar", "suicide", "es"),
            ("quiero morir", "suicide", "es"),
            ("ya no quiero seguir viviendo", "suicide", "es"),
            ("pienso en quitarme la vida", "suicide", "es"),
            ("my brother isn't breathing", "overdose", "en"),
            ("she took too many pills", "overdose", "en"),
            ("mi hijo no respira", "overdose", "es"),
            ("he chokes me", "danger", "en"),
        ] {
            let u = v.understand(q);
            assert_eq!(u.crisis.as_deref(), Some(kind), "{q}");
            assert_eq!(u.crisis_language.as_deref(), Some(language), "{q}");
        }
        for calm in [
            "life skills class",
            "odd jobs",
            "narcan training",
            "take the bus to work",
            "housing for women",
            "comida gratis",
        ] {
            assert_eq!(v.understand(calm).crisis, None, "{calm}");
        }
    }

    #[test]
    fn patterns_take_alternatives_prefixes_optional_words_and_gaps() {
        let p = crisis_terms(
            "pattern,language,kind\nend|stop my own? life,en,suicide\nwant .. die*,en,suicide\n",
        )
        .unwrap();
        let w = |t: &str| words(t);
        assert!(p[0].found_in(&w("end my life")));
        assert!(p[0].found_in(&w("stop my own life")));
        assert!(!p[0].found_in(&w("end my whole life")));
        assert!(p[1].found_in(&w("want to just dies")));
        assert!(!p[1].found_in(&w("want to go to a clinic and die")));
        assert!(
            crisis_terms("pattern,language,kind\n..,en,suicide\n")
                .unwrap()
                .is_empty()
        );
        assert!(crisis_terms("pattern,language,kind\nx,english,suicide\n").is_err());
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
        for &c in Category::all() {
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

    #[test]
    fn accents_fold_both_ways_and_phrases_show_as_written() {
        let v = Vocabulary::shipped();
        for q in ["reunión de aa", "reunion de AA"] {
            assert_eq!(v.understand(q).phrases, ["reunión de aa"], "{q}");
        }
        assert_eq!(words("Clínica ÑOÑO"), ["clinica", "nono"]);
    }
}
