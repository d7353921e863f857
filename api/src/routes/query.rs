//! `Query<T>`: a handler's query parameters, parsed into the struct that also documents
//! them (`T` derives `Deserialize` and `IntoParams`); a bad one is a 400 problem naming it.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

use crate::error::ApiError;

/// The parsed parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + IntoParams> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            waypoint_indexer::params::parse(req.query_string())
                .map(Query)
                .map_err(ApiError::from),
        )
    }
}
