//! `waypoint` subcommands other than `serve`: operator tasks run against the store.

pub mod partners;
