//! `/v1/referrals…`: one file per action; each handler parses, calls one referral action
//! and maps the answer.

pub mod create;
pub mod events;
pub mod list;
pub mod notes;
pub mod read;
pub mod status;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    // `list` and `create` share a path; register them before `/{id}` routes.
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(status::change_status)
        .service(events::events)
        .service(notes::add_note)
        .service(notes::list_notes);
}
