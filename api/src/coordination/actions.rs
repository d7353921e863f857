//! The coordinator views the HTTP handlers call: the capacity overview (a search of
//! running programs, their capacity and waits) and the waitlist report, each one read.

use chrono::{DateTime, Duration, Utc};
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::search::SearchRequest;
use waypoint_indexer::store::DbConnection;

use super::{CapacityOverview, ProgramCapacity, VIEWERS, report_scope, waits};
use crate::auth::{Caller, Role};
use crate::capacity::{self, Capacity};
use crate::error::ApiError;
use crate::search::{self, WithCapacity};
use crate::waitlists;
use crate::waitlists::report::{self, ReportQuery, WaitlistReport};
use crate::waitlists::store;

/// Running programs matching the search, one page, with what is known of their room now
/// and their waits.
pub fn capacity_overview(
    conn: &mut DbConnection,
    index: &SearchIndex,
    caller: &Caller,
    mut request: SearchRequest,
    has_capacity: bool,
    stale_after: Duration,
) -> Result<CapacityOverview, ApiError> {
    caller.require(VIEWERS)?;
    request.only_active = true;
    let now = Utc::now();
    let (request, found) = search::run(Some(conn), index, request, has_capacity, now, stale_after)?;
    let WithCapacity {
        results,
        capacities,
        ..
    } = found;
    // Waitlists are read only for the programs whose figures the caller may see.
    let ids: Vec<String> = results
        .hits
        .iter()
        .filter(|h| waitlists::may_manage(caller, &h.organization_id))
        .map(|h| h.service_id.clone())
        .collect();
    let dates = store::dates(conn, Some(&ids), now)?;
    let contents: Vec<ProgramCapacity> = results
        .hits
        .into_iter()
        .map(|h| {
            let capacity = capacities.get(&h.service_id).cloned();
            let availability = capacity::availability(
                capacity.as_ref().map(Capacity::last_report),
                now,
                stale_after,
            );
            let waits = waitlists::may_manage(caller, &h.organization_id).then(|| {
                let entries = dates.get(&h.service_id).map(Vec::as_slice).unwrap_or(&[]);
                waits(entries, now)
            });
            ProgramCapacity {
                waitlist_length: waits.map(|w| w.waitlist_length),
                median_wait_days: waits.and_then(|w| w.median_wait_days),
                availability,
                capacity,
                id: h.id,
                service_id: h.service_id,
                name: h.name,
                organization_id: h.organization_id,
                organization_name: h.organization_name,
                distance_km: h.distance_km,
                city: h.city,
                state_province: h.state,
            }
        })
        .collect();
    let total_pages = results.total_items.div_ceil(request.per_page);
    Ok(CapacityOverview {
        total_items: results.total_items,
        total_pages,
        page_number: request.page,
        size: contents.len(),
        first_page: request.page == 1,
        last_page: request.page >= total_pages,
        empty: contents.is_empty(),
        contents,
    })
}

/// The period's waitlist figures over the programs the caller may see (a provider its
/// own), or the one asked for.
pub fn waitlist_report(
    conn: &mut DbConnection,
    caller: &Caller,
    query: ReportQuery,
    now: DateTime<Utc>,
) -> Result<WaitlistReport, ApiError> {
    caller.require(VIEWERS)?;
    let own = match caller.role {
        Role::Provider => Some(capacity::store::services_of(
            conn,
            &caller.organization_ids,
        )?),
        _ => None,
    };
    let scope = report_scope(own, query.service_id)?;
    let (from, to) = (query.from, query.to);
    let all: Vec<report::EntryDates> = store::dates(conn, scope.as_deref(), to)?
        .into_values()
        .flatten()
        .collect();
    let ids: Vec<String> = all.iter().map(|e| e.id.clone()).collect();
    let services = store::interim_kinds_between(conn, &ids, from, to)?;
    Ok(report::waitlist_report(&all, &services, from, to, now))
}
