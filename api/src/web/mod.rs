//! The web page for people (peer workers, coordinators, anyone looking for help): the
//! search page and the resource sheet as server-rendered HTML in English and Spanish,
//! built on the same search as `/v1/search`, with its own stylesheet and optional script;
//! and the signed-in part for partners (sessions, consents, referrals, capacity,
//! waitlists), whose forms call the same domain actions as the API.

pub mod assets;
pub mod consent_page;
pub mod fields;
pub mod find;
pub mod form;
pub mod format;
pub mod notice;
pub mod page;
pub mod partner;
pub mod partner_text;
pub mod program_pages;
pub mod referral_form;
pub mod referral_moves;
pub mod referral_pages;
pub mod session;
pub mod session_store;
pub mod sheet;
pub mod signin;
pub mod text;
