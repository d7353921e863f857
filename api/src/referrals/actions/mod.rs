//! The referral actions the HTTP handlers call, one per file; each runs in one
//! transaction and enqueues its outbox events there.

pub mod create;
pub mod list;
pub mod notes;
pub mod read;
pub mod status;
