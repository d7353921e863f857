//! Signed webhooks to partner systems (Standard Webhooks): endpoints and their secrets,
//! one delivery per outbox event and endpoint, and the background deliverer that sends and
//! retries them.

pub mod actions;
pub mod deliverer;
pub mod detail;
pub mod model;
pub mod schedule;
pub mod settings;
pub mod signing;
pub mod store;
pub mod url_policy;

pub use model::{Attempt, CreatedEndpoint, Delivery, Endpoint, NewEndpoint};
pub use settings::WebhookSettings;
