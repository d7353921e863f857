//! End-to-end tests of the HTTP API: the real server on port 0, real HTTP, both backends.

mod capacity;
mod coordination;
mod crisis;
mod health;
mod openapi;
mod partners;
mod search;
mod seed;
mod waitlists;
