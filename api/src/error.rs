//! The API's one error type, mapped once to RFC 9457 problem details
//! (`application/problem+json`) with a stable `type` URI per kind.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::IndexerError;

/// Where the problem types are described.
const TYPE_BASE: &str = "https://waypoint.example.org/problems/";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query, path or body parameter that cannot be used as given.
    #[error("{detail}")]
    InvalidParameter { parameter: String, detail: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The store or the index cannot answer right now.
    #[error("{0}")]
    Unavailable(String),
    /// Something failed that the client cannot fix; the cause goes to the log only.
    #[error("the server could not complete the request")]
    Internal(String),
}

/// RFC 9457 problem details, as sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The parameter that was wrong, for invalid-parameter problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl ApiError {
    pub fn invalid(parameter: impl Into<String>, detail: impl Into<String>) -> ApiError {
        ApiError::InvalidParameter {
            parameter: parameter.into(),
            detail: detail.into(),
        }
    }

    fn kind(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::InvalidParameter { .. } => ("invalid-parameter", "Invalid parameter"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::MethodNotAllowed(_) => ("method-not-allowed", "Method not allowed"),
            ApiError::Unavailable(_) => ("unavailable", "Service unavailable"),
            ApiError::Internal(_) => ("internal", "Internal error"),
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.kind();
        Problem {
            problem_type: format!("{TYPE_BASE}{slug}"),
            title: title.to_string(),
            status: self.status_code().as_u16(),
            detail: self.to_string(),
            parameter: match self {
                ApiError::InvalidParameter { parameter, .. } => Some(parameter.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = %cause, "request failed");
        }
        HttpResponse::build(self.status_code())
            .content_type("application/problem+json")
            .json(self.problem())
    }
}

impl From<IndexerError> for ApiError {
    fn from(e: IndexerError) -> ApiError {
        match e {
            IndexerError::Connection { .. } => {
                ApiError::Unavailable("the database cannot be reached".into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}
