//! Ranking among meetings for relevance: the meetings of the fellowship the words name
//! ("aa meeting", "al-anon") come first, and business meetings (type BUS) come after the
//! meetings people go to for recovery, unless the words ask for business meetings.

use tantivy::DocAddress;

use super::columns::{Columns, Held, HeldValue};
use super::understand::Understanding;

/// What a search's ranking knows about meetings.
pub(super) struct MeetingRank {
    /// The fellowship asked for; `None` when none was asked for.
    fellowship: Option<HeldValue>,
    /// Business meetings, when they are to rank after the others.
    business: Option<HeldValue>,
}

/// Whether the query words ask for business meetings themselves.
fn asks_for_business(words: &[String]) -> bool {
    words.iter().any(|w| w.starts_with("busi"))
}

impl MeetingRank {
    /// Read from each listing's filter column, among the matches only.
    pub fn of(columns: &[Columns], understanding: &Understanding, words: &[String]) -> MeetingRank {
        let value = |term: &str| HeldValue::new(columns, Held::Filter, term);
        MeetingRank {
            fellowship: understanding
                .fellowship
                .as_ref()
                .map(|f| value(&format!("fellowship:{f}"))),
            business: (!asks_for_business(words)).then(|| value("meeting_type:business")),
        }
    }

    /// 0 for a meeting of the fellowship asked for (or any listing when none was asked
    /// for), 2 for one not of it; one more for a business meeting.
    pub fn rank(&self, columns: &[Columns], address: DocAddress) -> u8 {
        let other = self
            .fellowship
            .as_ref()
            .is_some_and(|f| !f.held_by(columns, address));
        let business = self
            .business
            .as_ref()
            .is_some_and(|b| b.held_by(columns, address));
        2 * u8::from(other) + u8::from(business)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_is_asked_for_by_its_word() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(asks_for_business(&words("aa busi meet")));
        assert!(!asks_for_business(&words("aa meet")));
    }
}
