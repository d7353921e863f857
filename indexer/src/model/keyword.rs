//! Enums read and written as fixed words: in URLs and JSON bodies, and in the store's text
//! columns. `strum` derives each variant's word (`IntoStaticStr`, in the case the wire
//! uses, as serde's `rename_all` does) and the list of variants (`VariantArray`);
//! `Keyword` gives every such enum the same four uses from those two.

use strum::VariantArray;

/// An enum whose variants are words (see the module doc).
pub trait Keyword: Copy + Into<&'static str> + VariantArray + 'static {
    /// The variant's word.
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// The variant this word names, exactly as spelled.
    fn parse(text: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.as_str() == text)
    }

    /// Every variant, in declaration order.
    fn all() -> &'static [Self] {
        Self::VARIANTS
    }

    /// Every word, for messages that say what is allowed: "a, b, c or d".
    fn one_of() -> String {
        let words: Vec<&str> = Self::all().iter().map(|v| v.as_str()).collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.concat(),
        }
    }
}

impl<T: Copy + Into<&'static str> + VariantArray + 'static> Keyword for T {}

#[cfg(test)]
mod tests {
    use strum::{IntoStaticStr, VariantArray};

    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, IntoStaticStr, VariantArray)]
    #[strum(serialize_all = "kebab-case")]
    enum Light {
        Green,
        AmberFlashing,
        Red,
    }

    #[test]
    fn words_read_and_write_in_the_declared_case() {
        assert_eq!(Light::AmberFlashing.as_str(), "amber-flashing");
        assert_eq!(Light::parse("amber-flashing"), Some(Light::AmberFlashing));
        assert_eq!(Light::parse("Amber-Flashing"), None);
        assert_eq!(Light::all().len(), 3);
        assert_eq!(Light::one_of(), "green, amber-flashing or red");
    }
}
