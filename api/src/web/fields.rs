//! A posted form's fields (`application/x-www-form-urlencoded`), read leniently: names
//! that repeat (checkboxes) keep every value, text is trimmed, and an empty field reads as
//! absent, so a handler turns them into the domain's own request and lets it judge.

use super::form::pairs;

/// The fields of one posted form.
#[derive(Debug, Default, Clone)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The body's fields; a body that cannot be decoded has none.
    pub fn parse(body: &[u8]) -> Fields {
        Fields(pairs(std::str::from_utf8(body).unwrap_or("")))
    }

    /// Fields from pairs already decoded (a query string's).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// `get` as an owned string, empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_string()
    }

    /// Every non-blank value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_trimmed_with_repeats_and_blanks_absent() {
        let f = Fields::parse(b"a=+x+&b=&item=name&item=phone&c=caf%C3%A9");
        assert_eq!(f.get("a"), Some("x"));
        assert_eq!(f.get("b"), None);
        assert_eq!(f.all("item"), ["name", "phone"]);
        assert_eq!(f.text("c"), "café");
        assert_eq!(f.text("missing"), "");
        assert!(Fields::parse(&[0xff, 0xfe]).get("a").is_none());
    }
}
