//! Treatment capacity as programs report it: the status and units (beds, slots,
//! appointments) of a service, and the rules on it — who may report, when a report is
//! stale, what is known of a program's room now (unknown is not zero), when a program
//! counts as having room, and when it crosses 90 % full.

pub mod actions;
pub mod listings;
pub mod store;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::model::Keyword;

use crate::auth::{Caller, Role};
use crate::clock;
use crate::error::ApiError;

/// Capacity older than this is `stale` and does not count as available, unless the
/// operator sets another age.
pub const DEFAULT_STALE_AFTER_HOURS: i64 = 72;

/// The event sent to coordinators and the program when it reaches 90 % full.
pub const THRESHOLD_EVENT: &str = "capacity.threshold";

/// What a program says about taking people now.
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
pub enum CapacityStatus {
    /// Has room.
    Capacity,
    /// Full, no waitlist.
    NoCapacity,
    /// Full, taking people onto a waitlist.
    Waitlist,
    /// Needs an assessment before it can say.
    AdditionalAssessmentRequired,
}

/// One kind of unit a program counts (HSDS 3.1 `service_capacity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CapacityUnit {
    /// What is counted: `bed`, `slot`, `appointment`…
    #[schema(example = "bed", pattern = r"\S")]
    pub unit: String,
    /// How many are free now.
    #[serde(deserialize_with = "whole")]
    #[schema(minimum = 0)]
    pub available: i64,
    /// How many there are in all, when known.
    #[serde(
        default,
        deserialize_with = "whole_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(minimum = 0)]
    pub maximum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A count: JSON Schema (and so the document) counts `5.0` as the integer 5, and some
/// clients write every number so, so a whole number written with a fraction is taken too.
fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    n.as_i64()
        .or_else(|| {
            // Strictly below 2^63: `i64::MAX as f64` rounds up to it, which is out of range.
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= i64::MIN as f64 && *f < i64::MAX as f64)
                .map(|f| f as i64)
        })
        .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
}

/// As [`whole`], where the count may be absent or `null`.
fn whole_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => whole(v).map(Some).map_err(serde::de::Error::custom),
    }
}

/// A report as a provider sends it (`PUT /v1/services/{id}/capacity`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityReport {
    /// `capacity`, `no-capacity`, `waitlist` or `additional-assessment-required`.
    #[schema(value_type = CapacityStatus)]
    pub status: String,
    #[serde(default)]
    pub capacities: Vec<CapacityUnit>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A report that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    pub status: CapacityStatus,
    pub capacities: Vec<CapacityUnit>,
    pub notes: Option<String>,
}

/// A service's capacity as stored and answered.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Capacity {
    pub service_id: String,
    pub status: CapacityStatus,
    pub capacities: Vec<CapacityUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// When the program last reported (RFC 3339, UTC).
    pub updated: String,
    /// Older than the operator's freshness limit: shown, but not counted as available.
    pub stale: bool,
    /// A unit is free, the status is not `no-capacity`, and the report is fresh.
    pub has_capacity: bool,
}

/// What kind of change a capacity history row records.
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
pub enum ChangeKind {
    /// A report: by the program's provider, a coordinator on its behalf, or an admin.
    Report,
    /// An admission from a waitlist took one unit off a fresh report's counts.
    Admission,
}

/// Who made a change: the partner and its role when it made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChangedBy {
    pub partner_id: String,
    /// `null` only for changes recorded before roles were kept.
    pub role: Option<Role>,
}

impl From<&Caller> for ChangedBy {
    fn from(caller: &Caller) -> ChangedBy {
        ChangedBy {
            partner_id: caller.partner_id.clone(),
            role: Some(caller.role),
        }
    }
}

/// One row of a program's capacity history (`GET /v1/services/{id}/capacity/history`):
/// the capacity after the change, what the change was, and who made it. `updated` is when
/// the change was made.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CapacityChange {
    #[serde(flatten)]
    pub capacity: Capacity,
    pub kind: ChangeKind,
    pub changed_by: ChangedBy,
}

/// A program's capacity status now: its fresh report's status, or `unknown`.
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
pub enum StatusNow {
    Capacity,
    NoCapacity,
    Waitlist,
    AdditionalAssessmentRequired,
    /// Never reported, or the last report is stale: nothing is known of its room now.
    Unknown,
}

impl From<CapacityStatus> for StatusNow {
    fn from(status: CapacityStatus) -> StatusNow {
        match status {
            CapacityStatus::Capacity => StatusNow::Capacity,
            CapacityStatus::NoCapacity => StatusNow::NoCapacity,
            CapacityStatus::Waitlist => StatusNow::Waitlist,
            CapacityStatus::AdditionalAssessmentRequired => StatusNow::AdditionalAssessmentRequired,
        }
    }
}

/// Why a program's capacity is unknown now.
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
pub enum UnknownReason {
    /// The program has never reported capacity.
    NeverReported,
    /// Its last report is older than the operator's freshness limit.
    Stale,
}

/// What is known of a program's room at one instant, as coordinators see it in
/// `/v1/capacity` and as each admission records it. Unknown is not zero: a program that
/// never reported, or whose last report is stale, is `unknown` with `open_units: null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Availability {
    /// The status of a fresh report, or `unknown`.
    pub capacity_status: StatusNow,
    /// Why capacity is unknown (`never-reported` or `stale`); absent when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<UnknownReason>,
    /// Free units of a fresh report, summed over its units (0 when it says
    /// `no-capacity`); `null` when capacity is unknown. At least 1 exactly when the program
    /// has room now.
    pub open_units: Option<i64>,
    /// When the program last reported (RFC 3339, UTC), fresh or stale; `null` when it
    /// never has.
    pub reported_at: Option<String>,
}

/// A program's last report, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LastReport<'a> {
    pub status: CapacityStatus,
    pub units: &'a [CapacityUnit],
    /// As stored (RFC 3339); a time that cannot be read counts as stale.
    pub reported_at: &'a str,
}

/// What is known of a program's room at `now`: a fresh report's status and free units;
/// otherwise `unknown`, saying whether it never reported or its report is stale.
pub fn availability(
    last: Option<LastReport<'_>>,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Availability {
    let Some(last) = last else {
        return Availability {
            capacity_status: StatusNow::Unknown,
            unknown_reason: Some(UnknownReason::NeverReported),
            open_units: None,
            reported_at: None,
        };
    };
    let stale = clock::parse(last.reported_at).is_none_or(|t| is_stale(t, now, stale_after));
    if stale {
        return Availability {
            capacity_status: StatusNow::Unknown,
            unknown_reason: Some(UnknownReason::Stale),
            open_units: None,
            reported_at: Some(last.reported_at.to_string()),
        };
    }
    let open_units = match last.status {
        CapacityStatus::NoCapacity => 0,
        _ => last.units.iter().map(|u| u.available).sum(),
    };
    Availability {
        capacity_status: last.status.into(),
        unknown_reason: None,
        open_units: Some(open_units),
        reported_at: Some(last.reported_at.to_string()),
    }
}

impl Capacity {
    /// The report as the rules read it.
    pub fn last_report(&self) -> LastReport<'_> {
        LastReport {
            status: self.status,
            units: &self.capacities,
            reported_at: &self.updated,
        }
    }
}

impl CapacityReport {
    /// Checks every field, naming the first one that cannot be used. (How long texts and
    /// lists may be is checked before the body is parsed, by `crate::limits`.)
    pub fn validate(self) -> Result<ValidReport, ApiError> {
        let status = CapacityStatus::parse(self.status.trim()).ok_or_else(|| {
            ApiError::invalid(
                "status",
                format!(
                    "unknown status {:?}: expected {}",
                    self.status,
                    CapacityStatus::one_of()
                ),
            )
        })?;
        let mut capacities = Vec::with_capacity(self.capacities.len());
        for (i, u) in self.capacities.into_iter().enumerate() {
            let field = |name: &str| format!("capacities[{i}].{name}");
            let unit = u.unit.trim().to_lowercase();
            if unit.is_empty() {
                return Err(ApiError::invalid(
                    field("unit"),
                    "a unit name, such as \"bed\"",
                ));
            }
            if capacities.iter().any(|c: &CapacityUnit| c.unit == unit) {
                return Err(ApiError::invalid(
                    field("unit"),
                    format!("the unit {unit:?} is given twice"),
                ));
            }
            if u.available < 0 {
                return Err(ApiError::invalid(field("available"), "cannot be negative"));
            }
            if let Some(max) = u.maximum {
                if max < 0 {
                    return Err(ApiError::invalid(field("maximum"), "cannot be negative"));
                }
                if u.available > max {
                    return Err(ApiError::invalid(
                        field("available"),
                        format!(
                            "{} available is more than the maximum of {max}",
                            u.available
                        ),
                    ));
                }
            }
            let description = u
                .description
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty());
            capacities.push(CapacityUnit {
                unit,
                available: u.available,
                maximum: u.maximum,
                description,
            });
        }
        let notes = self
            .notes
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        Ok(ValidReport {
            status,
            capacities,
            notes,
        })
    }
}

/// Who may report a service's capacity: an admin, a coordinator (on the program's
/// behalf: the history records it was the coordinator), or a provider linked to the
/// organization that runs it.
pub fn may_report(caller: &Caller, service_organization_id: &str) -> bool {
    match caller.role {
        Role::Admin | Role::Coordinator => true,
        Role::Provider => caller
            .organization_ids
            .iter()
            .any(|o| o == service_organization_id),
        Role::Referrer => false,
    }
}

/// At or past 90 % full: the free units are at most a tenth of all units, counted over
/// the units whose maximum is known. Without any maximum it cannot be said.
pub fn near_full(units: &[CapacityUnit]) -> bool {
    let (available, maximum) = bounded_totals(units);
    maximum > 0 && available * 10 <= maximum
}

/// Free units and the maximum, summed over the units whose maximum is known.
pub fn bounded_totals(units: &[CapacityUnit]) -> (i64, i64) {
    units
        .iter()
        .filter_map(|u| u.maximum.map(|m| (u.available, m)))
        .fold((0, 0), |(a, m), (ua, um)| (a + ua, m + um))
}

/// A report older than `stale_after` no longer says anything about today.
pub fn is_stale(updated: DateTime<Utc>, now: DateTime<Utc>, stale_after: Duration) -> bool {
    now - updated > stale_after
}

/// Room now: a fresh report, not `no-capacity`, with a unit free.
pub fn has_capacity(status: CapacityStatus, units: &[CapacityUnit], stale: bool) -> bool {
    !stale && status != CapacityStatus::NoCapacity && units.iter().any(|u| u.available > 0)
}

/// A threshold event is due when a report crosses into near-full, not while it stays there.
pub fn crosses_threshold(was_near_full: bool, is_near_full: bool) -> bool {
    is_near_full && !was_near_full
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, available: i64, maximum: Option<i64>) -> CapacityUnit {
        CapacityUnit {
            unit: name.into(),
            available,
            maximum,
            description: None,
        }
    }

    #[test]
    fn counts_written_with_a_zero_fraction_are_whole_numbers() {
        let parsed: CapacityUnit = serde_json::from_value(
            serde_json::json!({"unit": "bed", "available": 5.0, "maximum": 12.0}),
        )
        .unwrap();
        assert_eq!((parsed.available, parsed.maximum), (5, Some(12)));
        for refused in [
            serde_json::json!({"unit": "bed", "available": 2.5}),
            serde_json::json!({"unit": "bed", "available": 1e300}),
            serde_json::json!({"unit": "bed", "available": 1, "maximum": 0.5}),
        ] {
            assert!(
                serde_json::from_value::<CapacityUnit>(refused.clone()).is_err(),
                "{refused}"
            );
        }
    }

    fn report(status: &str, units: Vec<CapacityUnit>) -> CapacityReport {
        CapacityReport {
            status: status.into(),
            capacities: units,
            notes: None,
        }
    }

    use crate::error::parameter_of as parameter;

    #[test]
    fn statuses_read_and_write_as_the_domain_words() {
        for &s in CapacityStatus::all() {
            assert_eq!(CapacityStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(CapacityStatus::parse("full"), None);
    }

    #[test]
    fn reports_are_checked_field_by_field() {
        let ok = report("waitlist", vec![unit(" Bed ", 0, Some(12))])
            .validate()
            .unwrap();
        assert_eq!(ok.status, CapacityStatus::Waitlist);
        assert_eq!(ok.capacities[0].unit, "bed");

        let bad = |r: CapacityReport| parameter(r.validate().unwrap_err());
        assert_eq!(bad(report("full", vec![])), "status");
        assert_eq!(
            bad(report("capacity", vec![unit("bed", -1, None)])),
            "capacities[0].available"
        );
        assert_eq!(
            bad(report(
                "capacity",
                vec![unit("bed", 1, Some(2)), unit("slot", 5, Some(4))]
            )),
            "capacities[1].available"
        );
        assert_eq!(
            bad(report("capacity", vec![unit("bed", 0, Some(-2))])),
            "capacities[0].maximum"
        );
        assert_eq!(
            bad(report("capacity", vec![unit("", 1, None)])),
            "capacities[0].unit"
        );
        assert_eq!(
            bad(report(
                "capacity",
                vec![unit("bed", 1, None), unit("BED", 1, None)]
            )),
            "capacities[1].unit"
        );
    }

    #[test]
    fn near_full_means_a_tenth_or_less_free() {
        assert!(near_full(&[unit("bed", 1, Some(10))]));
        assert!(near_full(&[unit("bed", 0, Some(10))]));
        assert!(!near_full(&[unit("bed", 2, Some(10))]));
        // Counted over all units with a known maximum.
        assert!(!near_full(&[
            unit("bed", 0, Some(10)),
            unit("slot", 5, Some(10))
        ]));
        assert!(near_full(&[
            unit("bed", 1, Some(10)),
            unit("slot", 1, Some(10))
        ]));
        assert!(!near_full(&[unit("slot", 0, None)]));
        assert!(!near_full(&[]));
    }

    #[test]
    fn one_event_per_crossing() {
        assert!(crosses_threshold(false, true));
        assert!(!crosses_threshold(true, true));
        assert!(!crosses_threshold(true, false));
        assert!(!crosses_threshold(false, false));
    }

    #[test]
    fn stale_reports_do_not_count_as_room() {
        let now = Utc::now();
        let limit = Duration::hours(72);
        assert!(!is_stale(now - Duration::hours(71), now, limit));
        assert!(is_stale(now - Duration::hours(73), now, limit));
        let beds = [unit("bed", 3, Some(10))];
        assert!(has_capacity(CapacityStatus::Capacity, &beds, false));
        assert!(!has_capacity(CapacityStatus::Capacity, &beds, true));
        assert!(!has_capacity(CapacityStatus::NoCapacity, &beds, false));
        assert!(has_capacity(CapacityStatus::Waitlist, &beds, false));
        assert!(!has_capacity(
            CapacityStatus::Capacity,
            &[unit("bed", 0, Some(10))],
            false
        ));
    }

    #[test]
    fn unknown_is_not_zero() {
        let now = Utc::now();
        let limit = Duration::hours(72);
        let at = |hours: i64| clock::format(now - Duration::hours(hours));
        let never = availability(None, now, limit);
        assert_eq!(never.capacity_status, StatusNow::Unknown);
        assert_eq!(never.unknown_reason, Some(UnknownReason::NeverReported));
        assert_eq!(never.open_units, None);
        assert_eq!(never.reported_at, None);

        let beds = [unit("bed", 3, Some(10)), unit("slot", 1, None)];
        let old = at(73);
        let stale = availability(
            Some(LastReport {
                status: CapacityStatus::Capacity,
                units: &beds,
                reported_at: &old,
            }),
            now,
            limit,
        );
        assert_eq!(stale.capacity_status, StatusNow::Unknown);
        assert_eq!(stale.unknown_reason, Some(UnknownReason::Stale));
        assert_eq!(stale.open_units, None, "a stale count is not a count");
        assert_eq!(stale.reported_at.as_deref(), Some(old.as_str()));

        let recent = at(1);
        let fresh = |status| {
            availability(
                Some(LastReport {
                    status,
                    units: &beds,
                    reported_at: &recent,
                }),
                now,
                limit,
            )
        };
        let open = fresh(CapacityStatus::Waitlist);
        assert_eq!(open.capacity_status, StatusNow::Waitlist);
        assert_eq!(open.unknown_reason, None);
        assert_eq!(open.open_units, Some(4), "summed over units");
        assert_eq!(open.reported_at.as_deref(), Some(recent.as_str()));
        assert_eq!(
            fresh(CapacityStatus::NoCapacity).open_units,
            Some(0),
            "no-capacity is full whatever the counts say"
        );
        let unreadable = availability(
            Some(LastReport {
                status: CapacityStatus::Capacity,
                units: &beds,
                reported_at: "yesterday",
            }),
            now,
            limit,
        );
        assert_eq!(unreadable.unknown_reason, Some(UnknownReason::Stale));

        let json = serde_json::to_value(&never).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"capacity_status": "unknown", "unknown_reason": "never-reported", "open_units": null, "reported_at": null})
        );
        for s in [StatusNow::Unknown, StatusNow::NoCapacity] {
            assert_eq!(StatusNow::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn programs_providers_coordinators_and_admins_may_report() {
        let caller = |role, orgs: &[&str]| Caller {
            partner_id: "p".into(),
            name: "Fictional Recovery House".into(),
            role,
            organization_ids: orgs.iter().map(|s| s.to_string()).collect(),
        };
        assert!(may_report(&caller(Role::Admin, &[]), "org-a"));
        assert!(may_report(&caller(Role::Provider, &["org-a"]), "org-a"));
        assert!(!may_report(&caller(Role::Provider, &["org-b"]), "org-a"));
        assert!(may_report(&caller(Role::Coordinator, &[]), "org-a"));
        assert!(!may_report(&caller(Role::Referrer, &["org-a"]), "org-a"));
    }
}
