//! `/v1/partners…`: who a key belongs to, and (admins) partners and their keys.

pub mod me;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(me::me);
}
