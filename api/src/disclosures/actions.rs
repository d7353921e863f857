//! The disclosure actions the HTTP handlers call: one client's ledger, and the accounting
//! of disclosures to hand to the client. Each partner sees the disclosures of its own
//! clients; admins see everyone's.

use chrono::{DateTime, Utc};
use waypoint_indexer::store::DbConnection;

use super::accounting::{self, Accounting, Period};
use super::{Disclosure, for_client};
use crate::auth::{Caller, Role};
use crate::clock::{self, DayEnd};
use crate::error::ApiError;

/// Whose records the caller sees: its own as discloser, or everyone's (`None`) for an admin.
fn discloser(caller: &Caller) -> Option<&str> {
    (caller.role != Role::Admin).then_some(caller.partner_id.as_str())
}

/// A client reference as asked: trimmed, and required.
pub fn client_ref(asked: &str) -> Result<String, ApiError> {
    let client = asked.trim();
    if client.is_empty() {
        return Err(ApiError::invalid("client_ref", "`client_ref` is required"));
    }
    Ok(client.to_string())
}

/// Every disclosure of the client's details, oldest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    client: &str,
) -> Result<Vec<Disclosure>, ApiError> {
    Ok(for_client(conn, client, discloser(caller))?)
}

/// The period of an accounting from its `from` and `to` (dates or RFC 3339 times): by
/// default, and at the earliest, three years before `now`; by default up to `now`.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Period, ApiError> {
    let bound = |name: &'static str, text: Option<&str>, end| match text {
        None => Ok(None),
        Some(t) => clock::parse_bound(t, end).map(Some).ok_or_else(|| {
            ApiError::invalid(
                name,
                format!("`{name}` must be a date (2026-11-01) or an RFC 3339 time"),
            )
        }),
    };
    accounting::period(
        bound("from", from, DayEnd::Start)?,
        bound("to", to, DayEnd::End)?,
        now,
    )
    .map_err(|(name, detail)| ApiError::invalid(name, detail))
}

/// The accounting of the client's disclosures over the period.
pub fn account(
    conn: &mut DbConnection,
    caller: &Caller,
    client: &str,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Accounting, ApiError> {
    Ok(accounting::account(
        conn,
        client,
        discloser(caller),
        period,
        now,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::parameter_of as parameter;

    #[test]
    fn partners_see_their_own_records_and_admins_everyones() {
        let caller = |role| Caller {
            partner_id: "p".into(),
            name: "Testy McTestface Clinic".into(),
            role,
            organization_ids: vec![],
        };
        assert_eq!(discloser(&caller(Role::Referrer)), Some("p"));
        assert_eq!(discloser(&caller(Role::Provider)), Some("p"));
        assert_eq!(discloser(&caller(Role::Admin)), None);
    }

    #[test]
    fn a_client_reference_is_trimmed_and_required() {
        assert_eq!(client_ref(" c-1 ").unwrap(), "c-1");
        assert_eq!(parameter(client_ref("  ").unwrap_err()), "client_ref");
    }

    #[test]
    fn bounds_are_dates_or_times_and_name_themselves_when_wrong() {
        let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let (from, to) = period(Some("2026-11-01"), Some("2026-11-30"), now).unwrap();
        assert_eq!(clock::format(from), "2026-11-01T00:00:00.000000Z");
        assert!(to > "2026-11-30T23:59:59Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(
            parameter(period(Some("soon"), None, now).unwrap_err()),
            "from"
        );
        assert_eq!(
            parameter(period(None, Some("later"), now).unwrap_err()),
            "to"
        );
        let reversed = period(Some("2026-11-30"), Some("2026-11-01"), now).unwrap_err();
        assert_eq!(parameter(reversed), "from");
    }
}
