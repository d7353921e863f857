//! The API's one error type, mapped once to RFC 9457 problem details
//! (`application/problem+json`) with a stable `type` URI per kind.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::IndexerError;

use crate::problems::{ProblemType, TYPE_BASE};

mod domain;

/// When a caller told 503 may try again: a pool checkout waits about this long anyway.
const RETRY_AFTER_SECONDS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query, path or body parameter that cannot be used as given; `candidates` lists
    /// the values the caller may have meant (sent only when there are some).
    #[error("{detail}")]
    InvalidParameter {
        parameter: String,
        detail: String,
        candidates: Vec<String>,
    },
    #[error("{0}")]
    NotFound(String),
    /// The path exists, but not with this method; `allow` lists the methods it takes
    /// (sent as the `Allow` header).
    #[error("{detail}")]
    MethodNotAllowed { detail: String, allow: Vec<String> },
    /// The store or the index cannot answer right now.
    #[error("{0}")]
    Unavailable(String),
    /// No API key, or one that is unknown or revoked (sent with `WWW-Authenticate: Bearer`).
    #[error("{0}")]
    Unauthorized(String),
    /// The caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// A domain rule refused the request (a conflict, a missing consent…): its kind from
    /// the table of problem types, and extension members that say what to do about it.
    #[error("{detail}")]
    Rule {
        kind: ProblemType,
        detail: String,
        extensions: serde_json::Map<String, serde_json::Value>,
    },
    /// A key or an address went over its rate limit: try again in `retry_after_seconds`
    /// (sent as `Retry-After` and as the `retry_after` member).
    #[error("{detail}")]
    RateLimited {
        detail: String,
        retry_after_seconds: u64,
    },
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
    /// What the caller may have meant, when the value was ambiguous: the cities an
    /// ambiguous `near` names ("Springfield, IL", "Springfield, MO", …), largest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

impl ApiError {
    pub fn invalid(parameter: impl Into<String>, detail: impl Into<String>) -> ApiError {
        ApiError::InvalidParameter {
            parameter: parameter.into(),
            detail: detail.into(),
            candidates: Vec::new(),
        }
    }

    /// A domain rule's refusal; add extension members with [`ApiError::with`].
    pub fn rule(kind: ProblemType, detail: impl Into<String>) -> ApiError {
        ApiError::Rule {
            kind,
            detail: detail.into(),
            extensions: serde_json::Map::new(),
        }
    }

    /// Adds an extension member to a `Rule` problem (other kinds are returned unchanged).
    pub fn with(mut self, member: &str, value: impl Serialize) -> ApiError {
        if let ApiError::Rule { extensions, .. } = &mut self {
            extensions.insert(
                member.to_string(),
                serde_json::to_value(value).unwrap_or_default(),
            );
        }
        self
    }

    /// This error's row in the table of problem types.
    fn kind(&self) -> ProblemType {
        match self {
            ApiError::InvalidParameter { .. } => ProblemType::InvalidParameter,
            ApiError::NotFound(_) => ProblemType::NotFound,
            ApiError::MethodNotAllowed { .. } => ProblemType::MethodNotAllowed,
            ApiError::Unavailable(_) => ProblemType::Unavailable,
            ApiError::Unauthorized(_) => ProblemType::Unauthorized,
            ApiError::Forbidden(_) => ProblemType::Forbidden,
            ApiError::Rule { kind, .. } => *kind,
            ApiError::RateLimited { .. } => ProblemType::RateLimited,
            ApiError::Internal(_) => ProblemType::Internal,
        }
    }

    /// The problem as sent: its members and the extension members of its kind.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::to_value(self.problem()).unwrap_or_default();
        let extra = match self {
            ApiError::Rule { extensions, .. } => extensions.clone(),
            ApiError::RateLimited {
                retry_after_seconds,
                ..
            } => serde_json::Map::from_iter([(
                "retry_after".to_string(),
                serde_json::json!(retry_after_seconds),
            )]),
            _ => serde_json::Map::new(),
        };
        if let Some(members) = body.as_object_mut() {
            for (k, v) in extra {
                members.entry(k).or_insert(v);
            }
        }
        body
    }

    pub fn problem(&self) -> Problem {
        let kind = self.kind();
        Problem {
            problem_type: format!("{TYPE_BASE}{}", kind.slug()),
            title: kind.title().to_string(),
            status: self.status_code().as_u16(),
            detail: self.to_string(),
            parameter: match self {
                ApiError::InvalidParameter { parameter, .. } => Some(parameter.clone()),
                _ => None,
            },
            candidates: match self {
                ApiError::InvalidParameter { candidates, .. } => candidates.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind().status()
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = %cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type("application/problem+json");
        match self {
            ApiError::Unauthorized(_) => {
                response.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::Unavailable(_) => {
                response.insert_header((actix_web::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header((actix_web::http::header::ALLOW, allow.join(", ")));
            }
            ApiError::RateLimited {
                retry_after_seconds,
                ..
            } => {
                response.insert_header((
                    actix_web::http::header::RETRY_AFTER,
                    retry_after_seconds.to_string(),
                ));
            }
            _ => {}
        }
        response.json(self.body())
    }
}

impl From<waypoint_indexer::search::ParamError> for ApiError {
    fn from(e: waypoint_indexer::search::ParamError) -> ApiError {
        ApiError::InvalidParameter {
            parameter: e.parameter,
            detail: e.detail,
            candidates: e.candidates,
        }
    }
}

impl From<IndexerError> for ApiError {
    fn from(e: IndexerError) -> ApiError {
        match e {
            IndexerError::Connection { .. } => {
                tracing::warn!(error = %e, "the database cannot be reached");
                ApiError::Unavailable(crate::db::DATABASE_AWAY.into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

/// In tests: the parameter an invalid-parameter error names; any other error fails the test.
#[cfg(test)]
pub fn parameter_of(e: ApiError) -> String {
    match e {
        ApiError::InvalidParameter { parameter, .. } => parameter,
        other => panic!("not a parameter problem: {other:?}"),
    }
}
