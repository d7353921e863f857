//! Query-string parameters: a query string parsed into an endpoint's parameter struct (the
//! struct that also documents them), and the error that names the parameter that was
//! wrong. The field helpers read values as people type them: trimmed, a blank value as
//! absent, lists repeated or comma separated.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

/// A parameter that cannot be used as given.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError {
    pub parameter: String,
    pub detail: String,
    /// The values the caller may have meant (the cities an ambiguous `near` names).
    pub candidates: Vec<String>,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.detail)
    }
}

impl std::error::Error for ParamError {}

/// A `ParamError` for `parameter`.
pub fn bad(parameter: &str, detail: impl Into<String>) -> ParamError {
    ParamError {
        parameter: parameter.to_string(),
        detail: detail.into(),
        candidates: Vec::new(),
    }
}

/// A number given for `parameter`, `default` when not given; refused outside `range`.
pub fn within<T>(
    parameter: &str,
    value: Option<T>,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, ParamError>
where
    T: PartialOrd + Copy + fmt::Display,
{
    match value {
        None => Ok(default),
        Some(n) if range.contains(&n) => Ok(n),
        Some(n) => Err(bad(
            parameter,
            format!(
                "`{parameter}` is from {} to {}, not {n}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// Parses a raw query string (`a=1&b=x%20y`) into `T`, whose fields name the parameters
/// it takes (the same struct documents them). A parameter `T` does not take, a value
/// holding a NUL byte (no stored text holds one, and PostgreSQL cannot compare one) and a
/// value of the wrong kind are each refused, naming the parameter.
pub fn parse<T: DeserializeOwned + IntoParams>(query: &str) -> Result<T, ParamError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query)
        .map_err(|e| bad("query", format!("the query string cannot be read: {e}")))?;
    let takes: Vec<String> = T::into_params(|| Some(ParameterIn::Query))
        .into_iter()
        .map(|p| p.name)
        .collect();
    for (name, value) in &pairs {
        if !takes.contains(name) {
            return Err(bad(
                name,
                format!("unknown parameter; use {}", takes.join(", ")),
            ));
        }
        if value.contains('\0') {
            return Err(bad(name, format!("`{name}` holds a NUL byte")));
        }
    }
    let deserializer = serde_html_form::Deserializer::from_bytes(query.as_bytes());
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let detail = e.inner().to_string();
        // A missing parameter fails at the struct, not at a field: name it from the message.
        let name = match detail.strip_prefix("missing field `") {
            Some(rest) => rest.trim_end_matches('`').to_string(),
            None => e.path().to_string(),
        };
        let detail = match detail {
            // What the parser says of a value given twice where one is taken.
            d if d == "unsupported value" => {
                format!("`{name}` is given more than once; it takes one value")
            }
            d => d,
        };
        bad(&name, detail)
    })
}

/// Parses name-value pairs, as a test or a form gives them, into `T`.
pub fn from_pairs<T, K, V>(pairs: &[(K, V)]) -> Result<T, ParamError>
where
    T: DeserializeOwned + IntoParams,
    K: AsRef<str>,
    V: AsRef<str>,
{
    parse(&query_string(pairs))
}

/// `k=v&k=v`, each name and value percent-encoded: the query string `parse` reads back
/// (and the page writes into its links).
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent(k.as_ref()), percent(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text, trimmed; blank is absent.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(d)?;
    Ok(value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty()))
}

/// A list: the parameter repeated, each value possibly comma separated; trimmed, blanks
/// dropped, in the order given.
pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let values = Vec::<String>::deserialize(d)?;
    Ok(values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect())
}

/// `true` or `false` (also `1`/`0` and `yes`/`no`, in any case); blank is absent.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let Some(value) = text(d)? else {
        return Ok(None);
    };
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(Some(true)),
        "false" | "0" | "no" => Ok(Some(false)),
        _ => Err(serde::de::Error::custom(format!(
            "{value:?}: use true or false"
        ))),
    }
}

/// A number (a finite one), trimmed; blank is absent.
pub fn number<'de, D: Deserializer<'de>, T: Number>(d: D) -> Result<Option<T>, D::Error> {
    let Some(value) = text(d)? else {
        return Ok(None);
    };
    T::read(&value)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{value:?} is not {}", T::WHAT)))
}

/// A keyword of a closed set (`sort=distance`), as spelled. Given blank it is refused, not
/// taken as absent: a blank choice is more likely a mistake than a default.
pub fn keyword<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: crate::model::Keyword,
{
    choice(d, false)
}

/// A keyword in any case (`day=Sunday`, as people write day names); blank is refused.
pub fn keyword_in_any_case<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: crate::model::Keyword,
{
    choice(d, true)
}

fn choice<'de, D, T>(d: D, any_case: bool) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: crate::model::Keyword,
{
    let Some(value) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let word = value.trim();
    let word = if any_case {
        word.to_ascii_lowercase()
    } else {
        word.to_string()
    };
    T::parse(&word)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{value:?}: use {}", T::one_of())))
}

/// The numbers a parameter can hold.
pub trait Number: Sized {
    /// How the error names the kind: "a number", "a whole number".
    const WHAT: &'static str;
    fn read(text: &str) -> Option<Self>;
}

impl Number for f64 {
    const WHAT: &'static str = "a number";
    fn read(text: &str) -> Option<f64> {
        text.parse::<f64>().ok().filter(|x| x.is_finite())
    }
}

macro_rules! whole_number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            const WHAT: &'static str = "a whole number";
            fn read(text: &str) -> Option<$t> {
                text.parse().ok()
            }
        }
    )*};
}
whole_number!(u32, i64, usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq, IntoParams)]
    struct Example {
        #[serde(default, deserialize_with = "text")]
        q: Option<String>,
        #[serde(default, deserialize_with = "list")]
        category: Vec<String>,
        #[serde(default, deserialize_with = "flag")]
        free: Option<bool>,
        #[serde(default, deserialize_with = "number")]
        radius_km: Option<f64>,
        #[serde(default, deserialize_with = "number")]
        page: Option<u32>,
    }

    #[test]
    fn values_are_read_as_people_type_them() {
        let e: Example =
            parse("q=+food+&category=food,%20housing&category=health&free=Yes&radius_km=2.5&page=")
                .unwrap();
        assert_eq!(e.q.as_deref(), Some("food"));
        assert_eq!(e.category, ["food", "housing", "health"]);
        assert_eq!((e.free, e.radius_km, e.page), (Some(true), Some(2.5), None));
        let blank: Example = parse("q=%20&category=").unwrap();
        assert_eq!((blank.q, blank.category.len()), (None, 0));
    }

    #[test]
    fn a_bad_value_names_its_parameter() {
        for (query, parameter) in [
            ("radius_km=far", "radius_km"),
            ("radius_km=NaN", "radius_km"),
            ("page=-1", "page"),
            ("free=maybe", "free"),
            ("q=a%00b", "q"),
            ("colour=blue", "colour"),
            ("page=1&page=2", "page"),
        ] {
            let e = parse::<Example>(query).unwrap_err();
            assert_eq!(e.parameter, parameter, "{query}: {e}");
        }
        assert_eq!(within("page", None, 1, 1..=10).unwrap(), 1);
        assert_eq!(within("page", Some(10), 1, 1..=10).unwrap(), 10);
        let e = within("page", Some(11), 1, 1..=10).unwrap_err();
        assert_eq!(e.parameter, "page");
        assert!(e.detail.contains("from 1 to 10"), "{e}");
        assert!(within("page", Some(0), 1, 1..=10).is_err());
        #[derive(Debug, Deserialize, IntoParams)]
        #[allow(dead_code)]
        struct Needed {
            client_ref: String,
        }
        let e = parse::<Needed>("").unwrap_err();
        assert_eq!(e.parameter, "client_ref", "{e}");
        let e = parse::<Example>("page=x").unwrap_err();
        assert!(e.detail.contains("whole number"), "{e}");
    }

    #[test]
    fn pairs_are_encoded_as_a_query() {
        let e: Example = from_pairs(&[("q", "a&b=c"), ("category", "x")]).unwrap();
        assert_eq!(e.q.as_deref(), Some("a&b=c"));
        assert_eq!(e.category, ["x"]);
    }
}
