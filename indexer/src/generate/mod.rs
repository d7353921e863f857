//! `waypoint-indexer generate`: deterministic, realistic HSDS 3.1 listings at any scale, for benchmarks anyone can reproduce.
//!
//! The same number of services and seed give the same bytes on any machine: the random
//! stream is our own (`rng`), the data it draws from is compiled in (the gazetteer, the
//! category, meeting-type and fellowship lists of `seed-data/`), floats are made with
//! additions and multiplications only, and records are structs written in a fixed field
//! order. Output is streamed, one organization at a time, so memory stays small for any N.

mod hours;
mod meetings;
pub mod places;
mod records;
pub mod rng;
mod services;
mod vocabulary;
mod writer;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::Serialize;

use crate::error::Result;

pub use vocabulary::SHARES;

/// Services per file unless told otherwise: a file the importer reads in a second or two.
pub const DEFAULT_PER_FILE: usize = 20_000;

#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub services: u64,
    pub seed: u64,
    /// A new or empty folder.
    pub out: PathBuf,
    pub per_file: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub services: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GenerateReport {
    pub services: u64,
    pub organizations: u64,
    pub files: Vec<GeneratedFile>,
}

/// Writes `request.services` services into `request.out`.
pub fn generate(request: &GenerateRequest) -> Result<GenerateReport> {
    let places = places::Places::shipped();
    let mut generator = services::Generator::new(request.seed, &places);
    let mut out = writer::Writer::new(&request.out, request.per_file)?;
    let mut written = 0u64;
    while written < request.services {
        let left = usize::try_from(request.services - written).unwrap_or(usize::MAX);
        // An organization's services stay in one file; at most a file's worth.
        let room = left.min(request.per_file.max(1));
        let services = generator.next_organization(room);
        out.write(&services)?;
        written += services.len() as u64;
    }
    out.finish()?;
    Ok(GenerateReport {
        services: written,
        organizations: generator.organizations(),
        files: out
            .files
            .iter()
            .map(|(path, services)| GeneratedFile {
                path: path.clone(),
                services: *services,
            })
            .collect(),
    })
}
