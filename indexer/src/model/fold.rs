//! Text folded for matching: lower case, accents and other marks off ("Clínica" →
//! "clinica", "Straße" → "strasse"), by tantivy's `AsciiFoldingFilter` — the filter the search
//! index uses — so the index, query words, place names and the store's search columns
//! all fold alike.

use std::cell::RefCell;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, Token, TokenStream};

/// `text` lower-cased and folded to ASCII where a letter has an ASCII equivalent
/// (letters without one, such as 馬, are kept).
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    thread_local! {
        static FOLDER: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    FOLDER.with(|f| {
        let mut out = String::with_capacity(lower.len());
        f.borrow_mut()
            .token_stream(&lower)
            .process(&mut |t: &Token| out.push_str(&t.text));
        out
    })
}

/// [`fold`] of an optional text.
pub fn fold_opt(text: Option<&str>) -> Option<String> {
    text.map(fold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_both_ways() {
        assert_eq!(fold("Clínica"), "clinica");
        assert_eq!(fold("CLÍNICA"), fold("clinica"));
        assert_eq!(fold("Niños y Señoras, Ça va"), "ninos y senoras, ca va");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("San José"), "san jose");
        assert_eq!(fold("Food Pantry"), "food pantry");
        assert_eq!(fold(""), "");
        assert_eq!(fold("馬 café"), "馬 cafe");
        assert_eq!(fold_opt(None), None);
    }
}
