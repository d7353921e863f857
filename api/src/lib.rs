//! Waypoint's HTTP side: routes, problem+json errors, OpenAPI, and start-up (migrations,
//! seeding an empty store, catching the search index up).

pub mod audit;
pub mod auth;
pub mod capacity;
pub mod cli;
pub mod clock;
pub mod config;
pub mod connection;
pub mod consent;
pub mod coordination;
pub mod db;
pub mod disclosures;
pub mod error;
pub mod events;
pub mod health;
pub mod idempotency;
pub mod keywords;
pub mod limits;
pub mod metrics;
pub mod monitoring;
pub mod openapi;
pub mod partners;
pub mod problems;
pub mod referrals;
pub mod routes;
pub mod search;
pub mod seed;
pub mod startup;
pub mod state;
pub mod traffic;
pub mod waitlists;
pub mod web;
pub mod webhooks;
pub mod writer;

pub use startup::Application;
