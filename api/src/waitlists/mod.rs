//! Per-program treatment waitlists: who is waiting in what order, the clocks for interim
//! services and admission, contact attempts, admission into a unit of capacity, and
//! removal with a reason; client details gated by Part 2 consent like a referral's.

pub mod access;
pub mod actions;
pub mod admission;
pub mod bridge;
pub mod consent;
pub mod model;
pub mod report;
pub mod rules;
pub mod store;

use crate::auth::{Caller, Role};

/// Who may keep a program's waitlist: coordinators and admins for every program, a
/// provider for the programs of its organizations. Referrers never see waitlists.
pub fn may_manage(caller: &Caller, service_organization_id: &str) -> bool {
    match caller.role {
        Role::Admin | Role::Coordinator => true,
        Role::Provider => caller
            .organization_ids
            .iter()
            .any(|o| o == service_organization_id),
        Role::Referrer => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinators_and_the_programs_provider_keep_its_waitlist() {
        let caller = |role, orgs: &[&str]| Caller {
            partner_id: "p".into(),
            name: "Pretend County Coordination".into(),
            role,
            organization_ids: orgs.iter().map(|s| s.to_string()).collect(),
        };
        assert!(may_manage(&caller(Role::Coordinator, &[]), "org-a"));
        assert!(may_manage(&caller(Role::Admin, &[]), "org-a"));
        assert!(may_manage(&caller(Role::Provider, &["org-a"]), "org-a"));
        assert!(!may_manage(&caller(Role::Provider, &["org-b"]), "org-a"));
        assert!(!may_manage(&caller(Role::Referrer, &["org-a"]), "org-a"));
    }
}
