//! What a whole Meeting Guide feed tells about its meetings: the state most of its
//! meetings are in (the time zone of those that name none) and the fellowship its name
//! names.

use std::collections::HashMap;

use crate::model::fellowship::{self, Fellowship};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    pub state: Option<String>,
    pub fellowship: Option<&'static Fellowship>,
}

impl Feed {
    /// `states`: the state of each meeting that names one.
    pub fn new(source: &str, states: &[&str]) -> Feed {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for s in states {
            *count.entry(s).or_default() += 1;
        }
        let state = count
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.to_string());
        Feed {
            state,
            fellowship: fellowship::of_source(source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_s_state_is_the_one_most_of_its_meetings_are_in() {
        let feed = Feed::new("aa-southeastern-pa", &["PA", "PA", "NJ"]);
        assert_eq!(feed.state.as_deref(), Some("PA"));
        assert_eq!(feed.fellowship.map(|f| f.slug), Some("aa"));
        assert_eq!(Feed::new("meetings", &[]).state, None);
    }
}
