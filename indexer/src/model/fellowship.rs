//! Mutual-help fellowships (AA, Al-Anon, NA…): the list in `seed-data/fellowships.csv`,
//! and how a meeting's fellowship is told from its name, its feed's name or its types.

use std::sync::OnceLock;

const FELLOWSHIPS: &str = include_str!("../../../seed-data/fellowships.csv");

/// The taxonomy a meeting's fellowship is stored under, as an attribute's term.
pub const TAXONOMY: &str = "Fellowship";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fellowship {
    pub slug: &'static str,
    pub name: &'static str,
    /// Each way of writing it, as lower-case tokens.
    phrases: Vec<Vec<String>>,
}

/// Lower-case tokens of a text, each with whether it was written in capitals; dots are
/// dropped first ("A.A." is "AA") and anything else not a letter or digit separates.
fn tokens(text: &str) -> Vec<(String, bool)> {
    text.replace('.', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let upper = w.chars().all(|c| !c.is_lowercase());
            (w.to_lowercase(), upper)
        })
        .collect()
}

pub fn all() -> &'static [Fellowship] {
    static ALL: OnceLock<Vec<Fellowship>> = OnceLock::new();
    ALL.get_or_init(|| {
        FELLOWSHIPS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| {
                let mut c = l.splitn(3, ',');
                let (slug, name, words) = (c.next()?, c.next()?, c.next()?);
                let phrases = words
                    .split('|')
                    .map(|w| tokens(w).into_iter().map(|t| t.0).collect())
                    .collect();
                Some(Fellowship {
                    slug,
                    name,
                    phrases,
                })
            })
            .collect()
    })
}

pub fn by_slug(slug: &str) -> Option<&'static Fellowship> {
    all().iter().find(|f| f.slug == slug)
}

/// A short code ("NA", "AA") could be an ordinary word or a state: it counts only where
/// the caller says it may.
fn is_short(phrase: &[String]) -> bool {
    phrase.len() == 1 && phrase[0].chars().count() <= 3
}

fn phrase_at(words: &[(String, bool)], phrase: &[String]) -> Option<usize> {
    words
        .windows(phrase.len())
        .position(|w| w.iter().zip(phrase).all(|((a, _), b)| a == b))
}

/// The fellowship a meeting's or group's name names ("Just for Today NA", "Al-Anon One
/// Day at a Time", "Serenity AFG"); short codes count only in capitals.
pub fn named_in(text: &str) -> Option<&'static Fellowship> {
    let words = tokens(text);
    all().iter().find(|f| {
        f.phrases.iter().any(|p| {
            if is_short(p) {
                words.iter().any(|(w, upper)| *upper && *w == p[0])
            } else {
                phrase_at(&words, p).is_some()
            }
        })
    })
}

/// The fellowship a feed's source name names: a long name anywhere
/// ("al-anon-massachusetts"), or a short code as its first word ("aa-orange-county-ca",
/// where the last word is a state).
pub fn of_source(name: &str) -> Option<&'static Fellowship> {
    let words = tokens(name);
    let long = all().iter().find(|f| {
        f.phrases
            .iter()
            .any(|p| !is_short(p) && phrase_at(&words, p).is_some())
    });
    long.or_else(|| {
        let first = &words.first()?.0;
        all()
            .iter()
            .find(|f| f.phrases.iter().any(|p| is_short(p) && p[0] == *first))
    })
}

/// Words next to which a short code in a search means the fellowship ("aa meeting", "na
/// groups").
const MEETING_WORDS: [&str; 5] = ["meeting", "meetings", "group", "groups", "anonymous"];

/// The fellowship a search asks for: a long name anywhere ("al-anon", "narcotics
/// anonymous"), or a short code alone or next to a meeting word ("aa", "na meetings"), so
/// that "rehab in anaheim ca" asks for none.
pub fn asked_in(query: &str) -> Option<&'static Fellowship> {
    let words = tokens(query);
    all().iter().find(|f| {
        f.phrases.iter().any(|p| {
            if !is_short(p) {
                return phrase_at(&words, p).is_some();
            }
            words.iter().enumerate().any(|(i, (w, _))| {
                let next_to_meeting = [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| words.get(j))
                    .any(|(n, _)| MEETING_WORDS.contains(&n.as_str()));
                *w == p[0] && (words.len() == 1 || next_to_meeting)
            })
        })
    })
}

/// Meeting Guide types for AA's own literature (Big Book, Twelve and Twelve, As Bill Sees
/// It, Daily Reflections, Grapevine, Living Sober): a meeting studying them is AA's.
const AA_LITERATURE: [&str; 7] = ["B", "12x12", "ABSI", "ASBI", "DR", "GR", "LS"];

/// A meeting's fellowship: what its own name or group says, else what its feed is (a hint
/// given at load, else the feed's name), else AA when it studies AA's literature.
pub fn of_meeting(
    names: &[&str],
    feed: Option<&'static Fellowship>,
    type_codes: &[String],
) -> Option<&'static Fellowship> {
    names.iter().find_map(|n| named_in(n)).or(feed).or_else(|| {
        type_codes
            .iter()
            .any(|c| AA_LITERATURE.contains(&c.as_str()))
            .then(|| by_slug("aa"))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(f: Option<&Fellowship>) -> Option<&str> {
        f.map(|f| f.slug)
    }

    #[test]
    fn names_name_their_fellowship() {
        assert_eq!(slug(named_in("Just for Today NA")), Some("na"));
        assert_eq!(slug(named_in("Al-Anon One Day at a Time")), Some("al-anon"));
        assert_eq!(slug(named_in("Serenity AFG")), Some("al-anon"));
        assert_eq!(slug(named_in("Tuesday Night A.A.")), Some("aa"));
        assert_eq!(
            slug(named_in("SMART Recovery Meeting")),
            Some("smart-recovery")
        );
        // Lower-case short words are ordinary words, not codes.
        assert_eq!(slug(named_in("Na zdrowie group")), None);
        assert_eq!(slug(named_in("Early Birds")), None);
    }

    #[test]
    fn feed_names_name_their_fellowship() {
        assert_eq!(slug(of_source("aa-orange-county-ca")), Some("aa"));
        assert_eq!(slug(of_source("aa-san-jose-ca")), Some("aa"));
        assert_eq!(slug(of_source("al-anon-massachusetts")), Some("al-anon"));
        assert_eq!(slug(of_source("na-philadelphia")), Some("na"));
        assert_eq!(slug(of_source("ma-al-anon")), Some("al-anon"));
        assert_eq!(slug(of_source("philadelphia-pa-meetings")), None);
        assert_eq!(slug(of_source("orange-county-ca-meetings")), None);
    }

    #[test]
    fn a_meeting_s_own_name_wins_then_the_feed_then_aa_literature() {
        let aa = by_slug("aa");
        assert_eq!(slug(of_meeting(&["Living Clean NA"], aa, &[])), Some("na"));
        assert_eq!(slug(of_meeting(&["Early Birds"], aa, &[])), Some("aa"));
        let big_book = vec!["B".to_string()];
        assert_eq!(
            slug(of_meeting(&["Early Birds"], None, &big_book)),
            Some("aa")
        );
        assert_eq!(slug(of_meeting(&["Early Birds"], None, &[])), None);
    }

    #[test]
    fn searches_ask_for_a_fellowship_by_name_or_code_next_to_meeting() {
        assert_eq!(slug(asked_in("aa meeting")), Some("aa"));
        assert_eq!(slug(asked_in("AA")), Some("aa"));
        assert_eq!(slug(asked_in("na meetings tonight")), Some("na"));
        assert_eq!(slug(asked_in("al-anon")), Some("al-anon"));
        assert_eq!(slug(asked_in("alanon near boston")), Some("al-anon"));
        assert_eq!(slug(asked_in("narcotics anonymous")), Some("na"));
        assert_eq!(slug(asked_in("rehab in anaheim ca")), None);
        assert_eq!(slug(asked_in("support group")), None);
    }

    #[test]
    fn slugs_are_unique() {
        let mut slugs: Vec<&str> = all().iter().map(|f| f.slug).collect();
        let n = slugs.len();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), n);
        assert!(n >= 10);
    }
}
