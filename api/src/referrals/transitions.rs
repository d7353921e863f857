//! Referral statuses (HL7 Gravity referral Task), which moves are legal, who may make
//! them, and which need a coded reason.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Status {
    Draft,
    Requested,
    Accepted,
    Rejected,
    Cancelled,
    InProgress,
    OnHold,
    Completed,
    Failed,
    EnteredInError,
}

/// Which side of a referral a partner is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Referrer,
    Receiver,
}

/// Why a referral was rejected, cancelled, put on hold or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    AtCapacity,
    NotEligible,
    CouldNotContact,
    ClientDeclined,
    Duplicate,
    Other,
}

use Status::*;

impl Status {
    /// Who may set a referral to this status.
    pub fn may_be_set_by(self) -> Side {
        match self {
            Draft | Requested | Cancelled | EnteredInError => Side::Referrer,
            Accepted | Rejected | InProgress | OnHold | Completed | Failed => Side::Receiver,
        }
    }

    /// The statuses a referral in this status may move to.
    pub fn next(self) -> &'static [Status] {
        match self {
            Draft => &[Requested, Cancelled, EnteredInError],
            Requested => &[Accepted, Rejected, Cancelled, EnteredInError],
            Accepted => &[
                InProgress,
                OnHold,
                Completed,
                Failed,
                Cancelled,
                EnteredInError,
            ],
            InProgress => &[OnHold, Completed, Failed, Cancelled, EnteredInError],
            OnHold => &[InProgress, Completed, Failed, Cancelled, EnteredInError],
            // Closed: only a correction of a record made in error remains.
            Rejected | Cancelled | Completed | Failed => &[EnteredInError],
            EnteredInError => &[],
        }
    }

    /// Rejected, cancelled, on-hold and failed need a `reason_code`.
    pub fn needs_reason_code(self) -> bool {
        matches!(self, Rejected | Cancelled | OnHold | Failed)
    }

    /// Whether the receiver has not acted on it yet (reminders, expiry).
    pub fn awaits_receiver(self) -> bool {
        self == Requested
    }
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// This side may not set that status at all (403).
    NotYours { status: Status, side: Side },
    /// Not a legal move from the current status (409).
    Illegal {
        current: Status,
        wanted: Status,
        allowed: Vec<Status>,
    },
    /// The status needs a reason code and none was given (400).
    ReasonCodeNeeded(Status),
}

/// Checks a status change by one side of a referral.
pub fn check(
    current: Status,
    wanted: Status,
    side: Side,
    reason_code: Option<ReasonCode>,
) -> Result<(), TransitionError> {
    if wanted.may_be_set_by() != side {
        return Err(TransitionError::NotYours {
            status: wanted,
            side,
        });
    }
    if !current.next().contains(&wanted) {
        return Err(TransitionError::Illegal {
            current,
            wanted,
            allowed: current.next().to_vec(),
        });
    }
    if wanted.needs_reason_code() && reason_code.is_none() {
        return Err(TransitionError::ReasonCodeNeeded(wanted));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use waypoint_indexer::model::Keyword;

    #[test]
    fn the_receiver_moves_a_referral_through_its_life() {
        assert_eq!(check(Requested, Accepted, Side::Receiver, None), Ok(()));
        assert_eq!(check(Accepted, InProgress, Side::Receiver, None), Ok(()));
        assert_eq!(
            check(
                InProgress,
                OnHold,
                Side::Receiver,
                Some(ReasonCode::AtCapacity)
            ),
            Ok(())
        );
        assert_eq!(check(OnHold, InProgress, Side::Receiver, None), Ok(()));
        assert_eq!(check(InProgress, Completed, Side::Receiver, None), Ok(()));
    }

    #[test]
    fn each_side_sets_only_its_own_statuses() {
        for &status in Status::all() {
            let other = match status.may_be_set_by() {
                Side::Referrer => Side::Receiver,
                Side::Receiver => Side::Referrer,
            };
            assert!(matches!(
                check(Requested, status, other, Some(ReasonCode::Other)),
                Err(TransitionError::NotYours { .. })
            ));
        }
        assert_eq!(
            check(
                Requested,
                Cancelled,
                Side::Referrer,
                Some(ReasonCode::Duplicate)
            ),
            Ok(())
        );
    }

    #[test]
    fn illegal_moves_name_the_allowed_ones() {
        assert_eq!(
            check(Requested, Completed, Side::Receiver, None),
            Err(TransitionError::Illegal {
                current: Requested,
                wanted: Completed,
                allowed: vec![Accepted, Rejected, Cancelled, EnteredInError],
            })
        );
        for closed in [Rejected, Cancelled, Completed, Failed, EnteredInError] {
            for &wanted in Status::all() {
                if wanted == EnteredInError && closed != EnteredInError {
                    continue;
                }
                assert!(
                    check(
                        closed,
                        wanted,
                        wanted.may_be_set_by(),
                        Some(ReasonCode::Other)
                    )
                    .is_err(),
                    "{closed:?} -> {wanted:?}"
                );
            }
        }
    }

    #[test]
    fn refusals_and_stops_need_a_reason_code() {
        assert_eq!(
            check(Requested, Rejected, Side::Receiver, None),
            Err(TransitionError::ReasonCodeNeeded(Rejected))
        );
        assert_eq!(
            check(Accepted, Failed, Side::Receiver, None),
            Err(TransitionError::ReasonCodeNeeded(Failed))
        );
        assert_eq!(
            check(Requested, EnteredInError, Side::Referrer, None),
            Ok(())
        );
    }

    #[test]
    fn statuses_read_and_write_as_gravity_codes() {
        for &s in Status::all() {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
    }
}
