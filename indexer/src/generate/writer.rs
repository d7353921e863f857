//! Writes services as they are made into numbered files of at most so many services each
//! (`generated-00001.json`, …, so they sort), one compact record per line in a JSON array:
//! only one organization's records are in memory at a time.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::records::Service;
use crate::error::{IndexerError, Result};

pub struct Writer {
    folder: PathBuf,
    per_file: usize,
    current: Option<(PathBuf, BufWriter<File>)>,
    in_current: usize,
    /// Each finished file and how many services it holds.
    pub files: Vec<(PathBuf, usize)>,
}

impl Writer {
    /// Creates `folder` if needed; it must hold nothing yet, so that `load folder/*.json`
    /// loads exactly this run.
    pub fn new(folder: &Path, per_file: usize) -> Result<Writer> {
        std::fs::create_dir_all(folder).map_err(|e| IndexerError::file(folder, e.to_string()))?;
        let mut entries =
            std::fs::read_dir(folder).map_err(|e| IndexerError::file(folder, e.to_string()))?;
        if entries.next().is_some() {
            return Err(IndexerError::file(
                folder,
                "the output folder is not empty; give a new or empty folder",
            ));
        }
        Ok(Writer {
            folder: folder.to_path_buf(),
            per_file: per_file.max(1),
            current: None,
            in_current: 0,
            files: Vec::new(),
        })
    }

    /// How many more services the current file takes.
    pub fn room(&self) -> usize {
        self.per_file - self.in_current
    }

    /// Writes one organization's services, all in one file: a new file is started when
    /// they do not fit in the current one.
    pub fn write(&mut self, services: &[Service]) -> Result<()> {
        if self.current.is_some() && services.len() > self.room() {
            self.finish()?;
        }
        if self.current.is_none() {
            let path = self
                .folder
                .join(format!("generated-{:05}.json", self.files.len() + 1));
            let file = File::create(&path).map_err(|e| IndexerError::file(&path, e.to_string()))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            out.write_all(b"[\n")
                .map_err(|e| IndexerError::file(&path, e.to_string()))?;
            self.current = Some((path, out));
            self.in_current = 0;
        }
        if let Some((path, out)) = &mut self.current {
            for service in services {
                if self.in_current > 0 {
                    out.write_all(b",\n")
                        .map_err(|e| IndexerError::file(&*path, e.to_string()))?;
                }
                serde_json::to_writer(&mut *out, service)
                    .map_err(|e| IndexerError::file(&*path, e.to_string()))?;
                self.in_current += 1;
            }
        }
        Ok(())
    }

    /// Closes the current file.
    pub fn finish(&mut self) -> Result<()> {
        if let Some((path, mut out)) = self.current.take() {
            out.write_all(b"\n]\n")
                .and_then(|_| out.flush())
                .map_err(|e| IndexerError::file(&path, e.to_string()))?;
            self.files.push((path, self.in_current));
            self.in_current = 0;
        }
        Ok(())
    }
}
