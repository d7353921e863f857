//! Waypoint's HTTP side: routes, problem+json errors, OpenAPI, and start-up (migrations,
//! seeding an empty store, catching the search index up).

pub mod config;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod startup;
pub mod state;

pub use startup::Application;
