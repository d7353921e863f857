//! The full-text analyzer: tantivy's `en_stem` (words, at most 40 bytes, lower-cased,
//! English stems) with accents folded ("clínica" and "clinica" are one word), and a memo of the stems already computed. Stemming each word anew was
//! the largest part of indexing; feeds repeat few distinct words, so a lookup replaces it.

use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words remembered per analyzer (each indexing thread has its own): enough for a feed's
/// vocabulary, bounded for a pathological one.
const MEMO_LIMIT: usize = 100_000;

/// The analyzer registered under `TEXT_TOKENIZER`; its tokens equal those of `en_stem`
/// with `AsciiFoldingFilter` before the stemmer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build()
}

/// English stemming, remembered per word.
#[derive(Clone)]
struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::default())
                .build(),
            stems: HashMap::new(),
        }
    }
}

#[derive(Clone)]
struct MemoStemmerFilter<T> {
    inner: T,
    /// Stems one whole word: tantivy's own stemmer, so stems match `en_stem` exactly.
    stemmer: TextAnalyzer,
    stems: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

struct MemoStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let mut stem = String::new();
        self.stemmer
            .token_stream(&token.text)
            .process(&mut |t: &Token| stem.clone_from(&t.text));
        if self.stems.len() < MEMO_LIMIT {
            self.stems.insert(token.text.clone(), stem.clone());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t: &Token| out.push(t.clone()));
        out
    }

    #[test]
    fn tokens_equal_folded_en_stem_even_when_remembered() {
        let text = "Counseling meetings; COUNSELING for Meetings, a \
                    supercalifragilisticexpialidociousnessesandmore word, café Niños";
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::default())
            .build();
        let expected = tokens(plain, text);
        let mut memo = analyzer();
        for _ in 0..2 {
            let mut got = Vec::new();
            memo.token_stream(text)
                .process(&mut |t: &Token| got.push(t.clone()));
            assert_eq!(got, expected);
        }
        assert_eq!(expected[0].text, "counsel");
        let texts: Vec<String> = expected.iter().map(|t| t.text.clone()).collect();
        assert!(texts.contains(&"cafe".to_string()), "{texts:?}");
        assert!(texts.contains(&"nino".to_string()), "{texts:?}");
        let words = |text: &str| -> Vec<String> {
            tokens(analyzer(), text)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(words("CLÍNICA clinica"), ["clinica", "clinica"]);
    }
}
