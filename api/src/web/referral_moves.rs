//! A status form's fields as the API's `StatusChange`: the status, a coded reason where
//! the move needs one, and for completion the outcome (enrollment, services delivered).
//! Whether the move is allowed is the domain's to say.

use waypoint_indexer::model::Keyword;

use super::fields::Fields;
use crate::error::ApiError;
use crate::referrals::model::{Enrollment, Outcome, StatusChange};
use crate::referrals::transitions::{ReasonCode, Status};

/// A kebab-case code read as the API reads it from JSON.
fn code<T: serde::de::DeserializeOwned>(
    field: &str,
    value: Option<&str>,
) -> Result<Option<T>, ApiError> {
    value
        .map(|v| {
            serde_json::from_value(serde_json::Value::String(v.to_string()))
                .map_err(|_| ApiError::invalid(field, format!("unknown {field} {v:?}")))
        })
        .transpose()
}

pub fn status_change_of(fields: &Fields) -> Result<StatusChange, ApiError> {
    let wanted = fields.get("status").unwrap_or("");
    let status = Status::parse(wanted)
        .ok_or_else(|| ApiError::invalid("status", format!("unknown status {wanted:?}")))?;
    let reason_code: Option<ReasonCode> = code("reason_code", fields.get("reason_code"))?;
    let outcome = if status == Status::Completed {
        let enrollment: Option<Enrollment> = code("enrollment", fields.get("enrollment"))?;
        let services_delivered = fields
            .text("services_delivered")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Some(Outcome {
            services_delivered,
            enrollment,
        })
    } else {
        None
    };
    Ok(StatusChange {
        status,
        reason_code,
        reason: fields.get("reason").map(str::to_string),
        business_status: None,
        outcome,
        waitlist: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_form_becomes_the_apis_change() {
        let c = status_change_of(&Fields::parse(
            b"status=rejected&reason_code=at-capacity&reason=full",
        ))
        .unwrap();
        assert_eq!(c.status, Status::Rejected);
        assert_eq!(c.reason_code, Some(ReasonCode::AtCapacity));
        assert_eq!(c.reason.as_deref(), Some("full"));
        let done = status_change_of(&Fields::parse(
            b"status=completed&enrollment=enrolled&services_delivered=intake,+counselling",
        ))
        .unwrap();
        let outcome = done.outcome.unwrap();
        assert_eq!(outcome.enrollment, Some(Enrollment::Enrolled));
        assert_eq!(outcome.services_delivered, ["intake", "counselling"]);
    }

    #[test]
    fn unknown_codes_are_refused_by_name() {
        let e = status_change_of(&Fields::parse(b"status=bogus")).unwrap_err();
        assert!(e.to_string().contains("status"));
        let e = status_change_of(&Fields::parse(b"status=rejected&reason_code=nope")).unwrap_err();
        assert!(e.to_string().contains("reason_code"));
    }
}
