//! The webhook actions the HTTP handlers call: a partner's endpoints, and their
//! deliveries. Another partner's endpoint is as good as absent: a 404.

pub mod deliveries;
pub mod endpoints;

use crate::error::ApiError;

fn no_endpoint(id: &str) -> ApiError {
    ApiError::NotFound(format!("no webhook endpoint {id} for this partner"))
}
