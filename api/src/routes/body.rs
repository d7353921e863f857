//! `Body<T>`: a handler's JSON request body, checked against the table of limits
//! (`crate::limits`) under the name of the schema that documents it, and only then parsed
//! into `T`; so no handler can take a body without its limits being enforced.
//! `OptionalBody<T>` is the same for a body that may be left out.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::limits;

/// A request body within its limits, parsed, with the JSON as sent (for fingerprints).
pub struct Body<T> {
    pub parsed: T,
    pub json: Value,
}

impl<T: DeserializeOwned + ToSchema> Body<T> {
    /// Checks the limits of the schema named for `T`, then parses. Every body is an
    /// object: serde would also read a struct from an array, by position.
    pub fn parse(json: Value) -> Result<Body<T>, ApiError> {
        if !json.is_object() {
            return Err(ApiError::invalid("body", "the body must be a JSON object"));
        }
        limits::check(&T::name(), &json)?;
        let parsed = serde_json::from_value(json.clone())
            .map_err(|e| ApiError::invalid("body", e.to_string()))?;
        Ok(Body { parsed, json })
    }

    pub fn into_inner(self) -> T {
        self.parsed
    }
}

type Pending<T> = Pin<Box<dyn Future<Output = Result<T, actix_web::Error>>>>;

impl<T: DeserializeOwned + ToSchema + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pending<Body<T>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // `web::Json` keeps the size limit, content type and error problems of
        // `configure_extractors`.
        let json = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move { Ok(Body::parse(json.await?.into_inner())?) })
    }
}

/// A JSON body that may be left out (then `T::default()`); a body that is sent must parse
/// and keep its limits, so a misspelt field is a 400 and never silently dropped.
pub struct OptionalBody<T>(pub T);

impl<T: DeserializeOwned + ToSchema + Default> OptionalBody<T> {
    pub fn parse(bytes: &[u8]) -> Result<OptionalBody<T>, ApiError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalBody(T::default()));
        }
        let json: Value =
            serde_json::from_slice(bytes).map_err(|e| ApiError::invalid("body", e.to_string()))?;
        // The document says such a body may be `null`, as it says of every `Option`.
        if json.is_null() {
            return Ok(OptionalBody(T::default()));
        }
        Ok(OptionalBody(Body::<T>::parse(json)?.parsed))
    }
}

impl<T: DeserializeOwned + ToSchema + Default + 'static> FromRequest for OptionalBody<T> {
    type Error = actix_web::Error;
    type Future = Pending<OptionalBody<T>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move { Ok(OptionalBody::parse(&bytes.await?)?) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waitlists::model::AdmitBody;

    use crate::error::parameter_of as parameter;

    #[test]
    fn an_optional_body_left_out_is_the_default_and_one_sent_must_parse() {
        for left_out in [&b"  \n"[..], b"null"] {
            let empty = OptionalBody::<AdmitBody>::parse(left_out).unwrap().0;
            assert!(empty.unit.is_none() && !empty.confirmed_by_program);
        }
        for bad in [&b"this is not json"[..], b"{\"confirmed\": true}", b"[]"] {
            let e = OptionalBody::<AdmitBody>::parse(bad).err().unwrap();
            assert_eq!(parameter(e), "body");
        }
        let long = format!("{{\"unit\": \"{}\"}}", "b".repeat(limits::UNIT + 1));
        let e = OptionalBody::<AdmitBody>::parse(long.as_bytes())
            .err()
            .unwrap();
        assert_eq!(parameter(e), "unit");
    }

    /// Every handler takes its body through `Body` or `OptionalBody`, never `web::Json`
    /// or raw bytes, which would skip the limits.
    #[test]
    fn no_route_reads_a_body_around_the_limits() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
        let mut files = vec![std::path::PathBuf::from(dir)];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.ends_with("body.rs") || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for bypass in ["web::Json<", "web::Bytes,", "Json<serde_json::Value>"] {
                assert!(
                    !source.contains(bypass),
                    "{} reads a body with {bypass}: use routes::body::Body",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked > 10);
    }
}
