//! End-to-end tests of the HTTP API: the real server on port 0, real HTTP, both backends.

mod capacity;
mod capacity_listings;
mod consents;
mod coordination;
mod crisis;
mod docs;
mod health;
mod hsds;
mod openapi;
mod partners;
mod referrals;
mod referrals_access;
mod referrals_idempotency;
mod referrals_ordering;
mod referrals_reminders;
mod referrals_support;
mod search;
mod search_filters;
mod search_hours;
mod security;
mod seed;
mod waitlist_bridge;
mod waitlist_consent;
mod waitlists;
mod webhooks;
mod webhooks_detail;
