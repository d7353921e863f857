//! The words of a query as the index matches them: which words must match, how typos are
//! tolerated (only for words the index does not hold as written), which words matched
//! nothing, and whether a listing's name holds every word.

use std::collections::BTreeSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::sparse_union::SparseUnion;
use crate::index::Fields;

/// Words that carry no meaning of their own in a search, in English and Spanish: they
/// score when listings hold them but are never required.
const STOP_WORDS: [&str; 58] = [
    "a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "my", "me", "i", "im",
    "near", "by", "with", "from", "is", "are", "be", "it", "this", "that", "some", "any", "where",
    "can", "get", "find", "need", "want", "looking", "de", "la", "el", "los", "las", "en", "para",
    "con", "y", "o", "un", "una", "mi", "por", "del", "al", "que", "cerca", "donde", "necesito",
    "busco", "quiero", "hay", "mas",
];

/// Whether a lower-cased query word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// One query word, as the index stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    /// Lower-cased, stemmed.
    pub term: String,
    /// The last word of the query, matched as a prefix too (people are still typing).
    pub last: bool,
    /// Whether the index holds the word as written in some text field: if so, typos are
    /// not tried for it ("gratis" must not find "gratitude", "narcan" not "nathan").
    pub known: bool,
    /// For a word the index does not hold: the words each text field does hold within the
    /// word's typo budget (or beginning so, for the last word), read once per search
    /// (`typos_of`).
    pub typos: Vec<(Field, Vec<String>)>,
}

/// The words each of `fields` holds within `budget` edits of `term` (or of a beginning of
/// it, when `prefix`), over every segment. A fuzzy query would read every listing holding
/// any of them, across the whole index, each time its scorer is made; terms found once
/// are matched where the search looks, like any other word.
pub fn typos_of(
    searcher: &Searcher,
    fields: &[Field],
    term: &str,
    budget: u8,
    prefix: bool,
) -> tantivy::Result<Vec<(Field, Vec<String>)>> {
    // The automaton depends on the word alone (the term's field plays no part in it):
    // built once for every field and segment.
    let term = Term::from_field_text(Field::from_field_id(0), term);
    let automaton = match prefix {
        true => FuzzyTermQuery::new_prefix(term, budget, true),
        false => FuzzyTermQuery::new(term, budget, true),
    }
    .automaton()?;
    fields
        .iter()
        .map(|&field| {
            let mut found = BTreeSet::new();
            for reader in searcher.segment_readers() {
                let index = reader.inverted_index(field)?;
                let mut stream = index.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    if let Ok(word) = std::str::from_utf8(stream.key()) {
                        found.insert(word.to_string());
                    }
                }
            }
            Ok((field, found.into_iter().collect()))
        })
        .collect()
}

/// The text fields searched and their weights: names count most.
pub fn weighted_fields(f: &Fields) -> [(Field, f32); 5] {
    [
        (f.name, 3.0),
        (f.organization_name, 1.5),
        (f.terms, 1.5),
        (f.description, 1.0),
        (f.city, 0.5),
    ]
}

/// A query matching one word in any of `fields`: exactly (scored by BM25) and, for a word
/// the index does not hold, through the words it holds within the typo budget (and
/// beginning so, when it is the last word), each such match scoring a flat share.
pub fn word_query(word: &QueryWord, fields: &[(Field, f32)], weight: f32) -> Box<dyn Query> {
    let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
    for (field, boost) in fields {
        let boost = boost * weight;
        let term = Term::from_field_text(*field, &word.term);
        alternatives.push(Box::new(BoostQuery::new(
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            boost,
        )));
        let terms: Vec<Box<dyn Query>> = word
            .typos
            .iter()
            .filter(|(f, _)| f == field)
            .flat_map(|(_, terms)| terms)
            .map(|t| {
                let term = Term::from_field_text(*field, t);
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        let any = ConstScoreQuery::new(Box::new(SparseUnion::sum(terms)), 1.0);
        alternatives.push(Box::new(BoostQuery::new(Box::new(any), boost * 0.3)));
    }
    Box::new(SparseUnion::max_with_tie_breaker(alternatives, 0.1))
}

/// All of the words, each in any of the fields.
pub fn all_words(words: &[QueryWord], fields: &[(Field, f32)], weight: f32) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        words
            .iter()
            .map(|w| (Occur::Must, word_query(w, fields, weight)))
            .collect(),
    ))
}

/// Any of the words, each in any of the fields (for scoring).
pub fn any_word(words: &[QueryWord], fields: &[(Field, f32)], weight: f32) -> Box<dyn Query> {
    Box::new(SparseUnion::sum(
        words
            .iter()
            .map(|w| word_query(w, fields, weight))
            .collect(),
    ))
}

/// The query's words split by role: the words every listing must hold (those outside
/// recognised phrases, stop words aside), and the words of the recognised phrases (a
/// listing may hold all of them instead of being in the category the phrase means).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordRoles {
    pub required: Vec<QueryWord>,
    pub phrase: Vec<QueryWord>,
    /// Every word but stop words: what a name must hold to be an exact match.
    pub meaningful: Vec<QueryWord>,
}

/// Splits `words` (the query's stemmed words, in order, with the raw lower-cased word each
/// came from) into roles, given the raw words the recognised phrases took.
pub fn roles(words: &[(String, QueryWord)], phrase_words: &[String]) -> WordRoles {
    let mut out = WordRoles::default();
    for (raw, word) in words {
        if is_stop_word(raw) {
            continue;
        }
        out.meaningful.push(word.clone());
        if phrase_words.iter().any(|p| p == raw) {
            out.phrase.push(word.clone());
        } else {
            out.required.push(word.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(term: &str) -> QueryWord {
        QueryWord {
            term: term.into(),
            last: false,
            known: true,
            typos: Vec::new(),
        }
    }

    #[test]
    fn typos_are_the_words_held_within_the_budget_in_every_segment() {
        use tantivy::schema::{STRING, Schema};
        use tantivy::{Index, IndexWriter, doc};

        let mut schema = Schema::builder();
        let field = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for word in ["shelter", "helter", "sheltering", "pantry"] {
            writer.add_document(doc!(field => word)).unwrap();
        }
        writer.commit().unwrap();
        // A second segment: its words count as much as the first's.
        writer.add_document(doc!(field => "shelters")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let typos = |word, prefix| typos_of(&searcher, &[field], word, 1, prefix).unwrap();
        let words = |words: &[&str]| vec![(field, words.iter().map(|w| w.to_string()).collect())];
        assert_eq!(typos("shelterr", false), words(&["shelter", "shelters"]));
        // The last word, still being typed: words beginning within one edit of it.
        assert_eq!(
            typos("shelterr", true),
            words(&["shelter", "sheltering", "shelters"])
        );
        assert_eq!(typos("xyzzy", false), words(&[]));
    }

    #[test]
    fn stop_words_are_never_required_and_phrase_words_are_apart() {
        let words = vec![
            ("food".to_string(), w("food")),
            ("pantry".to_string(), w("pantri")),
            ("for".to_string(), w("for")),
            ("seniors".to_string(), w("senior")),
        ];
        let r = roles(&words, &["food".into(), "pantry".into()]);
        assert_eq!(r.required, vec![w("senior")]);
        assert_eq!(r.phrase, vec![w("food"), w("pantri")]);
        assert_eq!(r.meaningful.len(), 3);
    }

    #[test]
    fn spanish_and_english_filler_words_are_stop_words() {
        for s in ["de", "para", "the", "near", "necesito"] {
            assert!(is_stop_word(s), "{s}");
        }
        assert!(!is_stop_word("clinic"));
    }
}
