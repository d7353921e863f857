//! Ranking among meetings for relevance: the meetings of the fellowship the words name
//! ("aa meeting", "al-anon") come first, and business meetings (type BUS) come after the
//! meetings people go to for recovery, unless the words ask for business meetings.

use std::collections::HashSet;

use tantivy::DocAddress;
use tantivy::query::Query;

use super::query::exact;
use super::understand::Understanding;
use crate::error::Result;
use crate::index::SearchIndex;

/// What a search's ranking knows about meetings.
pub(super) struct MeetingRank {
    /// Meetings of the fellowship asked for; `None` when none was asked for.
    fellowship: Option<HashSet<DocAddress>>,
    /// Business meetings, when they are to rank after the others.
    business: HashSet<DocAddress>,
}

/// Whether the query words ask for business meetings themselves.
fn asks_for_business(words: &[String]) -> bool {
    words.iter().any(|w| w.starts_with("busi"))
}

impl MeetingRank {
    /// `among_matches` reads the search's matches that also match a query.
    pub fn of(
        index: &SearchIndex,
        among_matches: impl Fn(Box<dyn Query>) -> Result<HashSet<DocAddress>>,
        understanding: &Understanding,
        words: &[String],
    ) -> Result<MeetingRank> {
        let filter = index.fields().filter;
        let docs = |term: &str| among_matches(exact(filter, term));
        let fellowship = match &understanding.fellowship {
            Some(f) => Some(docs(&format!("fellowship:{f}"))?),
            None => None,
        };
        let business = if asks_for_business(words) {
            HashSet::new()
        } else {
            docs("meeting_type:business")?
        };
        Ok(MeetingRank {
            fellowship,
            business,
        })
    }

    /// 0 for a meeting of the fellowship asked for (or any listing when none was asked
    /// for), 2 for one not of it; one more for a business meeting.
    pub fn rank(&self, address: &DocAddress) -> u8 {
        let other = self
            .fellowship
            .as_ref()
            .is_some_and(|f| !f.contains(address));
        2 * u8::from(other) + u8::from(self.business.contains(address))
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
