//! JSON plumbing shared by the JSON importers: reading a file, splitting it into records
//! without parsing them (so one bad record is skipped, not fatal), sniffing the format,
//! and lenient scalars for feeds that write numbers as strings and vice versa.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::Format;
use crate::error::{IndexerError, Result};

pub fn read_text(path: &Path) -> Result<String> {
    let bytes =
        std::fs::read(path).map_err(|e| IndexerError::file(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| IndexerError::file(path, format!("not UTF-8 text: {e}")))
}

/// The top of a JSON document: an array of records or one object, both left unparsed
/// below the first level.
pub enum Top<'a> {
    Array(Vec<&'a RawValue>),
    Object(BTreeMap<String, &'a RawValue>),
}

/// Splits a document into its records. The document must be valid JSON as a whole: a
/// truncated file fails here, naming the file and the position.
pub fn parse_top<'a>(path: &Path, text: &'a str) -> Result<Top<'a>> {
    let invalid = |e: serde_json::Error| IndexerError::file(path, format!("not valid JSON: {e}"));
    match text.trim_start().as_bytes().first() {
        Some(b'[') => Ok(Top::Array(serde_json::from_str(text).map_err(invalid)?)),
        Some(b'{') => Ok(Top::Object(serde_json::from_str(text).map_err(invalid)?)),
        _ => Err(IndexerError::file(path, "not a JSON array or object")),
    }
}

fn keys_of(raw: &RawValue) -> Vec<String> {
    serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get())
        .map(|m| m.into_keys().collect())
        .unwrap_or_default()
}

/// Recognises the JSON formats from the keys of the first record.
pub fn detect_json(path: &Path, text: &str) -> Result<Format> {
    let first_keys = match parse_top(path, text)? {
        Top::Array(items) => match items.first() {
            Some(first) => keys_of(first),
            None => {
                return Err(IndexerError::file(
                    path,
                    "empty array: cannot tell its format (give --format)",
                ));
            }
        },
        Top::Object(map) if map.contains_key("rows") => return Ok(Format::Samhsa),
        Top::Object(map) if map.contains_key("contents") => return Ok(Format::HsdsJson),
        Top::Object(map) => map.into_keys().collect(),
    };
    let has = |k: &str| first_keys.iter().any(|x| x == k);
    if has("slug") && (has("day") || has("time") || has("types")) {
        Ok(Format::MeetingGuide)
    } else if has("name1") && has("typeFacility") {
        Ok(Format::Samhsa)
    } else if has("id")
        && has("name")
        && (has("service_at_locations") || has("organization") || has("status"))
    {
        Ok(Format::HsdsJson)
    } else {
        Err(IndexerError::file(
            path,
            "unknown format: not HSDS JSON, a Meeting Guide feed or a SAMHSA locator response (give --format to force one)",
        ))
    }
}

/// A JSON scalar kept as text: strings, numbers and booleans are all accepted, because
/// real feeds mix them ("39.29" and 39.29 for the same field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scalar(pub Option<String>);

impl Scalar {
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

/// A list that a feed may also give as `null`.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
