//! `/v1/partners…`: who a key belongs to, and (admins) partners and their keys.

pub mod admin;
pub mod me;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    // `me` before `{id}`.
    cfg.service(me::me)
        .service(admin::create_partner)
        .service(admin::list_partners)
        .service(admin::read_partner)
        .service(admin::disable_partner)
        .service(admin::issue_key)
        .service(admin::revoke_key);
}
