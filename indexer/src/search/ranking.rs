//! The order of results: in a crisis, the national lines in the query's language, then
//! local crisis services, then the national lines in the other language; then listings
//! whose name holds every word (in the category the words mean first); then listings of
//! that category; then the rest. Within a tier, the sort asked for decides.

use crate::model::national::{Line, NationalLine};

/// A result's tier: lower comes first.
pub type Tier = u8;

/// Crisis tiers take 0..30.
const LOCAL_CRISIS: Tier = 10;
const OTHER_LANGUAGE_NATIONAL: Tier = 20;
/// The name holds every meaningful word of the query, and the listing is in a category the
/// words mean.
pub const NAME_MATCH: Tier = 30;
/// The name holds every meaningful word, outside the category the words mean (or no
/// category was meant).
const NAME_ONLY: Tier = 32;
/// In a category the query's words mean.
pub const INTENT: Tier = 40;
pub const REST: Tier = 50;

// Every crisis tier comes before every other tier.
const _: () = assert!(OTHER_LANGUAGE_NATIONAL + 3 <= NAME_MATCH);

/// The national lines in the order a crisis of this kind calls for: 911 first when a life
/// is in danger now (an overdose, violence), 988 first for suicide.
pub fn line_order(kind: &str) -> [Line; 3] {
    match kind {
        "overdose" | "danger" => [Line::Emergency, Line::Lifeline, Line::Helpline],
        _ => [Line::Lifeline, Line::Emergency, Line::Helpline],
    }
}

/// The tier of a crisis resource (a national line, or a local crisis service when
/// `national` is `None`) in a crisis of `kind` asked in `language`.
pub fn crisis_tier(national: Option<&NationalLine>, kind: &str, language: &str) -> Tier {
    match national {
        Some(n) => {
            let position = line_order(kind)
                .iter()
                .position(|l| *l == n.line)
                .unwrap_or(2) as Tier;
            if n.language == language {
                position
            } else {
                OTHER_LANGUAGE_NATIONAL + position
            }
        }
        None => LOCAL_CRISIS,
    }
}

/// The tier of any other listing: whether its name holds every meaningful word, and the
/// position (in the order the query's phrases name them) of the first category the words
/// mean that it is in ("narcan" means substance use treatment, then healthcare).
pub fn tier(name_holds_every_word: bool, intent_position: Option<usize>) -> Tier {
    match (name_holds_every_word, intent_position) {
        (true, Some(_)) => NAME_MATCH,
        (true, None) => NAME_ONLY,
        (false, Some(p)) => INTENT + p.min(9) as Tier,
        (false, None) => REST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(line: Line, language: &str) -> NationalLine {
        NationalLine {
            service_id: format!("{line:?}-{language}"),
            line,
            language: language.into(),
        }
    }

    #[test]
    fn national_lines_in_the_query_language_come_first_then_local_then_the_others() {
        let es_988 = line(Line::Lifeline, "es");
        let en_988 = line(Line::Lifeline, "en");
        let en_911 = line(Line::Emergency, "en");
        let spanish = |n: &NationalLine| crisis_tier(Some(n), "suicide", "es");
        assert!(spanish(&es_988) < crisis_tier(None, "suicide", "es"));
        assert!(crisis_tier(None, "suicide", "es") < spanish(&en_988));
        assert!(spanish(&en_988) < spanish(&en_911) || spanish(&en_911) > LOCAL_CRISIS);
    }

    #[test]
    fn an_overdose_calls_911_first_and_suicide_988() {
        let l988 = line(Line::Lifeline, "en");
        let l911 = line(Line::Emergency, "en");
        let t = |n: &NationalLine, kind| crisis_tier(Some(n), kind, "en");
        assert!(t(&l911, "overdose") < t(&l988, "overdose"));
        assert!(t(&l988, "suicide") < t(&l911, "suicide"));
        assert!(t(&l911, "danger") < t(&l988, "danger"));
    }

    #[test]
    fn a_name_holding_every_word_outranks_the_category_the_words_mean() {
        assert!(tier(true, Some(1)) < tier(true, None));
        assert!(tier(true, None) < tier(false, Some(0)));
        assert!(tier(false, Some(0)) < tier(false, Some(1)));
        assert!(tier(false, Some(9)) < tier(false, None));
        assert_eq!(tier(false, None), REST);
    }
}
