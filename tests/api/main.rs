//! End-to-end tests of the HTTP API: the real server on port 0, real HTTP, both backends.

mod crisis;
mod docs;
mod health;
mod hsds;
mod openapi;
mod search;
mod search_filters;
mod search_hours;
mod seed;
