//! How the domain's refusals become problems: each error of a rule or a store, mapped
//! once to its row in the table of problem types, with the members that say what to do.

use super::ApiError;
use crate::capacity::Availability;
use crate::consent::ConsentFault;
use crate::problems::ProblemType;
use crate::referrals::transitions::{Side, TransitionError};
use crate::waitlists::store::WaitlistError;
use waypoint_indexer::model::Keyword;

impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> ApiError {
        match e {
            TransitionError::NotYours { status, side } => ApiError::Forbidden(format!(
                "the {} of a referral may not set it to {}; that is the other side's to set",
                match side {
                    Side::Referrer => "referrer",
                    Side::Receiver => "receiver",
                },
                status.as_str()
            )),
            TransitionError::Illegal {
                current,
                wanted,
                allowed,
            } => {
                let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
                ApiError::rule(
                    ProblemType::IllegalTransition,
                    format!(
                        "the referral is {}; it cannot move to {} (allowed: {})",
                        current.as_str(),
                        wanted.as_str(),
                        if names.is_empty() {
                            "none".to_string()
                        } else {
                            names.join(", ")
                        }
                    ),
                )
                .with("current_status", current)
                .with("allowed_statuses", allowed)
            }
            TransitionError::ReasonCodeNeeded(status) => ApiError::invalid(
                "reason_code",
                format!(
                    "{} needs a reason_code: at-capacity, not-eligible, could-not-contact, client-declined, duplicate or other",
                    status.as_str()
                ),
            ),
        }
    }
}

impl From<ConsentFault> for ApiError {
    fn from(fault: ConsentFault) -> ApiError {
        match fault {
            ConsentFault::Missing => ApiError::rule(
                ProblemType::ConsentRequired,
                "referrals to, and waitlist entries of, substance-use treatment or mental-health services need a consent under 42 CFR part 2: record one with POST /v1/consents and send its id as `consent_id`",
            )
            .with("missing", ["consent_id"]),
            ConsentFault::Unknown => ApiError::rule(
                ProblemType::ConsentInvalid,
                "no consent with this `consent_id` was recorded by this partner",
            )
            .with("consent_problem", "unknown"),
            ConsentFault::OtherClient => ApiError::rule(
                ProblemType::ConsentInvalid,
                "the consent is for another client_reference",
            )
            .with("consent_problem", "other-client"),
            ConsentFault::Revoked => ApiError::rule(
                ProblemType::ConsentInvalid,
                "the consent has been revoked: record a new one",
            )
            .with("consent_problem", "revoked"),
            ConsentFault::Expired => ApiError::rule(
                ProblemType::ConsentInvalid,
                "the consent has expired: record a new one",
            )
            .with("consent_problem", "expired"),
            ConsentFault::DoesNotCover(partners) => ApiError::rule(
                ProblemType::ConsentInvalid,
                "the consent does not name the partner(s) that receive referrals for this service as recipients",
            )
            .with("consent_problem", "recipient-not-covered")
            .with("uncovered_recipients", partners),
        }
    }
}

impl From<WaitlistError> for ApiError {
    fn from(e: WaitlistError) -> ApiError {
        match e {
            WaitlistError::NotFound => ApiError::NotFound("no such waitlist entry".into()),
            WaitlistError::NotWaiting { status } => ApiError::rule(
                ProblemType::EntryNotWaiting,
                format!("the entry is {status}: only waiting entries change"),
            )
            .with("current_status", status),
            WaitlistError::UnknownUnit { unit, reported } if reported.is_empty() => {
                ApiError::invalid(
                    "unit",
                    format!(
                        "the program has never reported capacity, so it has no unit {unit:?}: admit without `unit`"
                    ),
                )
            }
            WaitlistError::UnknownUnit { unit, reported } => ApiError::invalid(
                "unit",
                format!(
                    "the program's last capacity report has no unit {unit:?}; it reports {}",
                    reported.join(", ")
                ),
            ),
            WaitlistError::NoRoom {
                service_id,
                program,
                capacity,
                unit,
            } => no_room(service_id, program, capacity, unit),
            WaitlistError::Database(e) => e.into(),
        }
    }
}

/// A fresh report shows no room: 409, naming the program, what it reported and when,
/// and how to admit anyway.
fn no_room(
    service_id: String,
    program: String,
    capacity: Availability,
    unit: Option<String>,
) -> ApiError {
    let reported_at = capacity.reported_at.clone().unwrap_or_default();
    let status = capacity.capacity_status.as_str();
    let shows = match &unit {
        Some(u) => format!("no free {u} (status {status})"),
        None => format!(
            "no room (status {status}, {} units free)",
            capacity.open_units.unwrap_or(0)
        ),
    };
    let mut problem = ApiError::rule(
        ProblemType::NoFreeUnit,
        format!(
            "{program}'s capacity report of {reported_at} shows {shows}: admit once the program reports a free unit, or send \"confirmed_by_program\": true if it has confirmed a place for this person"
        ),
    )
    .with("service_id", service_id)
    .with("program", program)
    .with("capacity_status", capacity.capacity_status)
    .with("open_units", capacity.open_units)
    .with("reported_at", capacity.reported_at);
    if let Some(u) = unit {
        problem = problem.with("unit", u);
    }
    problem
}
