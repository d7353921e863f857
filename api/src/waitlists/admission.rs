//! The one rule for admitting a person from a waitlist against the program's reported
//! capacity, as a plain function; `store::admit` applies it, and nothing else decides.
//!
//! 1. A named `unit` must be one of the units of the program's last report (fresh or
//!    stale); a program that never reported has none to name.
//! 2. A fresh report with room (not `no-capacity`, a free unit — the named one when one is
//!    named): admit and take one unit off the counts (`free-unit`).
//! 3. A fresh report without room: refused, naming the program, its status and the time
//!    of its report — unless the caller says the program confirmed a place
//!    (`confirmed_by_program`): admit, counts unchanged (`confirmed-by-program`).
//! 4. No report, or a stale one: nothing says the program is full, and a missing report
//!    must not hold a person back, so admit, counts unchanged (`capacity-unknown`); the
//!    answer says capacity was unknown and why.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::capacity::{self, Availability, ChangedBy, LastReport, StatusNow};

/// Why an admission was let through.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum AdmissionBasis {
    /// A fresh report had a free unit; one was taken off its counts.
    FreeUnit,
    /// A fresh report showed no room; the caller said the program confirmed a place.
    ConfirmedByProgram,
    /// The program never reported capacity, or its report is stale.
    CapacityUnknown,
}

/// What the rule decided for an admission it lets through.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub basis: AdmissionBasis,
    /// What was known of the program's room just before the admission.
    pub capacity: Availability,
    /// The unit admitted into: the one taken with `free-unit`, the named one otherwise.
    pub unit: Option<String>,
    /// The index, in the last report's units, of the unit to take one off (`free-unit`).
    pub take: Option<usize>,
}

/// Why the rule refuses an admission.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// `unit` is not one of the program's reported units (`reported`; empty when it never
    /// reported).
    UnknownUnit { unit: String, reported: Vec<String> },
    /// A fresh report shows no room (for the named unit, when one is named), and the
    /// program's confirmation was not given.
    NoRoom {
        capacity: Availability,
        unit: Option<String>,
    },
}

/// The admission rule (see the module's documentation): `last` is the program's last
/// report, `unit` the unit asked for, `confirmed_by_program` the caller's word that the
/// program confirmed a place.
pub fn decide(
    last: Option<LastReport<'_>>,
    now: DateTime<Utc>,
    stale_after: Duration,
    unit: Option<&str>,
    confirmed_by_program: bool,
) -> Result<Decision, Refusal> {
    let capacity = capacity::availability(last, now, stale_after);
    let units = last.map(|l| l.units).unwrap_or_default();
    let named =
        match unit {
            Some(name) => {
                let name = name.trim().to_lowercase();
                let index = units.iter().position(|u| u.unit == name).ok_or_else(|| {
                    Refusal::UnknownUnit {
                        unit: name,
                        reported: units.iter().map(|u| u.unit.clone()).collect(),
                    }
                })?;
                Some(index)
            }
            None => None,
        };
    let named_unit = named.map(|i| units[i].unit.clone());
    if capacity.capacity_status == StatusNow::Unknown {
        return Ok(Decision {
            basis: AdmissionBasis::CapacityUnknown,
            capacity,
            unit: named_unit,
            take: None,
        });
    }
    let free = match (capacity.capacity_status, named) {
        (StatusNow::NoCapacity, _) => None,
        (_, Some(i)) => (units[i].available > 0).then_some(i),
        (_, None) => units.iter().position(|u| u.available > 0),
    };
    match free {
        Some(i) => Ok(Decision {
            basis: AdmissionBasis::FreeUnit,
            capacity,
            unit: Some(units[i].unit.clone()),
            take: Some(i),
        }),
        None if confirmed_by_program => Ok(Decision {
            basis: AdmissionBasis::ConfirmedByProgram,
            capacity,
            unit: named_unit,
            take: None,
        }),
        None => Err(Refusal::NoRoom {
            capacity,
            unit: named_unit,
        }),
    }
}

/// An admission as recorded and answered with its entry.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Admission {
    /// Why the admission was let through: `free-unit`, `confirmed-by-program` or
    /// `capacity-unknown`.
    pub basis: AdmissionBasis,
    /// What was known of the program's room just before the admission; with
    /// `capacity-unknown`, `capacity_status` is `unknown` and `unknown_reason` says why.
    #[serde(flatten)]
    pub capacity: Availability,
    /// The unit admitted into: taken off the counts with `free-unit`; as named by the
    /// caller otherwise (counts unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The caller said the program confirmed a place.
    pub confirmed_by_program: bool,
    pub admitted_by: ChangedBy,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::{CapacityStatus, CapacityUnit, UnknownReason};
    use waypoint_indexer::model::Keyword;

    const LIMIT: Duration = Duration::hours(72);

    fn unit(name: &str, available: i64) -> CapacityUnit {
        CapacityUnit {
            unit: name.into(),
            available,
            maximum: Some(10),
            description: None,
        }
    }

    struct Case {
        now: DateTime<Utc>,
        reported_at: String,
        units: Vec<CapacityUnit>,
        status: CapacityStatus,
    }

    impl Case {
        fn fresh(status: CapacityStatus, units: Vec<CapacityUnit>) -> Case {
            let now = Utc::now();
            Case {
                now,
                reported_at: crate::clock::format(now - Duration::hours(2)),
                units,
                status,
            }
        }

        fn stale(status: CapacityStatus, units: Vec<CapacityUnit>) -> Case {
            let mut case = Case::fresh(status, units);
            case.reported_at = crate::clock::format(case.now - Duration::hours(73));
            case
        }

        fn decide(&self, unit: Option<&str>, confirmed: bool) -> Result<Decision, Refusal> {
            let last = LastReport {
                status: self.status,
                units: &self.units,
                reported_at: &self.reported_at,
            };
            decide(Some(last), self.now, LIMIT, unit, confirmed)
        }
    }

    #[test]
    fn a_fresh_free_unit_is_taken() {
        let case = Case::fresh(
            CapacityStatus::Waitlist,
            vec![unit("bed", 0), unit("slot", 2)],
        );
        let d = case.decide(None, false).unwrap();
        assert_eq!(d.basis, AdmissionBasis::FreeUnit);
        assert_eq!(d.take, Some(1), "the first unit with one free");
        assert_eq!(d.unit.as_deref(), Some("slot"));
        assert_eq!(d.capacity.open_units, Some(2));
        assert_eq!(d.capacity.capacity_status, StatusNow::Waitlist);

        let named = case.decide(Some(" SLOT "), false).unwrap();
        assert_eq!(named.take, Some(1));
        // Confirmation changes nothing when there is room: the unit is still taken.
        let confirmed = case.decide(None, true).unwrap();
        assert_eq!(confirmed.basis, AdmissionBasis::FreeUnit);
        assert_eq!(confirmed.take, Some(1));
    }

    #[test]
    fn a_fresh_report_without_room_refuses_unless_the_program_confirmed() {
        let full = Case::fresh(CapacityStatus::Capacity, vec![unit("bed", 0)]);
        match full.decide(None, false) {
            Err(Refusal::NoRoom { capacity, unit }) => {
                assert_eq!(capacity.open_units, Some(0));
                assert_eq!(
                    capacity.reported_at.as_deref(),
                    Some(full.reported_at.as_str())
                );
                assert_eq!(unit, None);
            }
            other => panic!("not refused: {other:?}"),
        }
        let confirmed = full.decide(Some("bed"), true).unwrap();
        assert_eq!(confirmed.basis, AdmissionBasis::ConfirmedByProgram);
        assert_eq!(confirmed.take, None, "no count goes below zero");
        assert_eq!(confirmed.unit.as_deref(), Some("bed"));

        // `no-capacity` is full whatever the counts say.
        let said_full = Case::fresh(CapacityStatus::NoCapacity, vec![unit("bed", 3)]);
        assert!(matches!(
            said_full.decide(None, false),
            Err(Refusal::NoRoom { .. })
        ));
        assert_eq!(
            said_full.decide(None, true).unwrap().basis,
            AdmissionBasis::ConfirmedByProgram
        );

        // The named unit has none free, though another has.
        let mixed = Case::fresh(
            CapacityStatus::Capacity,
            vec![unit("bed", 0), unit("slot", 4)],
        );
        match mixed.decide(Some("bed"), false) {
            Err(Refusal::NoRoom { unit, .. }) => assert_eq!(unit.as_deref(), Some("bed")),
            other => panic!("not refused: {other:?}"),
        }
        // A report that counts no unit at all has no free unit either.
        let uncounted = Case::fresh(CapacityStatus::Capacity, vec![]);
        assert!(matches!(
            uncounted.decide(None, false),
            Err(Refusal::NoRoom { .. })
        ));
    }

    #[test]
    fn unknown_capacity_admits_and_says_so() {
        let never = decide(None, Utc::now(), LIMIT, None, false).unwrap();
        assert_eq!(never.basis, AdmissionBasis::CapacityUnknown);
        assert_eq!(never.take, None);
        assert_eq!(
            never.capacity.unknown_reason,
            Some(UnknownReason::NeverReported)
        );
        assert_eq!(never.capacity.reported_at, None);

        // A stale report, full or not, is not read as full nor as room.
        for units in [vec![unit("bed", 0)], vec![unit("bed", 5)]] {
            let stale = Case::stale(CapacityStatus::NoCapacity, units);
            let d = stale.decide(Some("bed"), false).unwrap();
            assert_eq!(d.basis, AdmissionBasis::CapacityUnknown);
            assert_eq!(d.capacity.capacity_status, StatusNow::Unknown);
            assert_eq!(d.capacity.unknown_reason, Some(UnknownReason::Stale));
            assert_eq!(d.capacity.open_units, None);
            assert_eq!(
                d.capacity.reported_at.as_deref(),
                Some(stale.reported_at.as_str())
            );
            assert_eq!(d.take, None, "a stale count is never changed");
            assert_eq!(d.unit.as_deref(), Some("bed"));
        }
    }

    #[test]
    fn a_named_unit_must_be_a_reported_one() {
        let case = Case::fresh(CapacityStatus::Capacity, vec![unit("bed", 2)]);
        assert_eq!(
            case.decide(Some("chair"), true),
            Err(Refusal::UnknownUnit {
                unit: "chair".into(),
                reported: vec!["bed".into()],
            })
        );
        let stale = Case::stale(CapacityStatus::Capacity, vec![unit("bed", 2)]);
        assert!(matches!(
            stale.decide(Some("chair"), false),
            Err(Refusal::UnknownUnit { .. })
        ));
        assert_eq!(
            decide(None, Utc::now(), LIMIT, Some("bed"), true),
            Err(Refusal::UnknownUnit {
                unit: "bed".into(),
                reported: vec![],
            })
        );
    }

    #[test]
    fn bases_read_and_write_as_the_api_words() {
        for b in [
            AdmissionBasis::FreeUnit,
            AdmissionBasis::ConfirmedByProgram,
            AdmissionBasis::CapacityUnknown,
        ] {
            assert_eq!(AdmissionBasis::parse(b.as_str()), Some(b));
            assert_eq!(serde_json::to_value(b).unwrap(), b.as_str());
        }
    }
}
