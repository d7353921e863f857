//! Importers: read a feed in one of the formats the field publishes, and turn it into
//! validated `ServiceRecord`s plus a per-record report of what was cleaned or skipped.

mod hsds;
mod hsds_csv;
mod hsds_json;
mod json;
mod meeting_guide;
mod samhsa;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::error::{IndexerError, Result};
use crate::model::{CategoryMap, Keyword, ServiceRecord, fingerprint};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    HsdsJson,
    HsdsCsv,
    MeetingGuide,
    Samhsa,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::parse(s)
            .ok_or_else(|| format!("unknown format {s:?}: expected {}", Format::one_of()))
    }
}

/// What happened to a record that was not loaded as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record was left out.
    Skipped,
    /// The record was loaded without the value named (e.g. a location with no coordinates).
    Warning,
}

/// One problem with one record: where it is and what was wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordIssue {
    pub file: String,
    /// Position of the record in its file (0-based), when the format has one.
    pub index: Option<usize>,
    /// The record's own id or slug, when it has one.
    pub key: Option<String>,
    pub field: String,
    pub reason: String,
    pub severity: Severity,
}

impl fmt::Display for RecordIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: record", self.file)?;
        if let Some(i) = self.index {
            write!(f, " {i}")?;
        }
        if let Some(k) = &self.key {
            write!(f, " ({k})")?;
        }
        let what = match self.severity {
            Severity::Skipped => "skipped",
            Severity::Warning => "warning",
        };
        write!(f, ": {}: {} [{what}]", self.field, self.reason)
    }
}

/// A whole feed, parsed and validated, ready to be written as one source.
#[derive(Debug)]
pub struct ParsedSource {
    pub name: String,
    pub format: Format,
    pub paths: Vec<PathBuf>,
    pub records: Vec<ServiceRecord>,
    pub issues: Vec<RecordIssue>,
    /// The digest of its files, recorded with the source so that the same files are not
    /// read again (`content_hash`); set by the loader.
    pub content_hash: Option<String>,
}

impl ParsedSource {
    pub fn skipped(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Skipped)
            .count()
    }
}

/// The source name a path gets when none is given: its file stem (or folder name).
pub fn default_source_name(path: &Path) -> String {
    let path = if path.file_name().is_some_and(|n| n == "datapackage.json") {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Context every importer needs while turning raw records into the model.
pub(crate) struct ImportContext<'a> {
    pub source: &'a str,
    pub file: String,
    pub categories: &'a CategoryMap,
    pub issues: Vec<RecordIssue>,
}

impl ImportContext<'_> {
    /// Checks a record's coordinates; a usable-but-dropped point is reported as a warning.
    fn checked_point(
        &mut self,
        index: usize,
        key: &str,
        latitude: Option<&str>,
        longitude: Option<&str>,
    ) -> Result<Option<(f64, f64)>, validate::FieldError> {
        let checked = validate::coordinates(latitude, longitude)?;
        if let Some((field, reason)) = checked.warning {
            self.issue(Some(index), Some(key), field, reason, Severity::Warning);
        }
        Ok(checked.point)
    }

    fn issue(
        &mut self,
        index: Option<usize>,
        key: Option<&str>,
        field: &str,
        reason: impl Into<String>,
        severity: Severity,
    ) {
        self.issues.push(RecordIssue {
            file: self.file.clone(),
            index,
            key: key.map(str::to_string),
            field: field.to_string(),
            reason: reason.into(),
            severity,
        });
    }
}

/// Reads one or more files as one source. A file that cannot be read, parsed or
/// recognised fails the whole source with an error naming it.
pub fn read_source(
    name: &str,
    paths: &[PathBuf],
    format: Option<Format>,
    categories: &CategoryMap,
) -> Result<ParsedSource> {
    let mut records = Vec::new();
    let mut issues = Vec::new();
    let mut source_format = None;
    for path in paths {
        let format = match format {
            Some(f) => f,
            None => detect(path)?,
        };
        if source_format.is_some_and(|f| f != format) {
            return Err(IndexerError::file(
                path,
                format!(
                    "is {format} but the source's other files are not; load it as its own source"
                ),
            ));
        }
        source_format = Some(format);
        let mut ctx = ImportContext {
            source: name,
            file: path.display().to_string(),
            categories,
            issues: Vec::new(),
        };
        let mut got = match format {
            Format::HsdsJson => hsds_json::read(path, &mut ctx)?,
            Format::HsdsCsv => hsds_csv::read(path, &mut ctx)?,
            Format::MeetingGuide => meeting_guide::read(path, &mut ctx)?,
            Format::Samhsa => samhsa::read(path, &mut ctx)?,
        };
        records.append(&mut got);
        issues.append(&mut ctx.issues);
    }
    let format = source_format.ok_or_else(|| IndexerError::Config("no path given".into()))?;
    validate::drop_duplicate_ids(&mut records, &mut issues, &paths[0]);
    let prints = fingerprint::parallel_map(&records, fingerprint::of);
    for (record, print) in records.iter_mut().zip(prints) {
        record.fingerprint = print;
    }
    Ok(ParsedSource {
        name: name.to_string(),
        format,
        paths: paths.to_vec(),
        records,
        issues,
        content_hash: None,
    })
}

/// The digest of a source's files and of how they are read (this build's importers and
/// data, the format asked for, the load's `options`): equal digests mean that reading the
/// files again would give the same records.
pub fn content_hash(paths: &[PathBuf], format: Option<Format>, options: &str) -> Result<String> {
    use sha2::Digest;
    let mut digest = sha2::Sha256::new();
    digest.update(env!("WAYPOINT_IMPORT_DIGEST"));
    digest.update(format!("{format:?} {options}"));
    for path in paths {
        hash_path(path, &mut digest)?;
    }
    Ok(digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A file's name and bytes, or a folder's files in name order (an HSDS CSV source).
fn hash_path(path: &Path, digest: &mut sha2::Sha256) -> Result<()> {
    use sha2::Digest;
    let fail = |e: std::io::Error| IndexerError::file(path, e.to_string());
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(fail)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(fail)?;
        entries.sort();
        for entry in entries {
            hash_path(&entry, digest)?;
        }
        return Ok(());
    }
    digest.update(
        path.file_name()
            .map(|n| n.as_encoded_bytes())
            .unwrap_or_default(),
    );
    let mut file = std::fs::File::open(path).map_err(fail)?;
    std::io::copy(&mut file, digest).map_err(fail)?;
    Ok(())
}

/// Recognises a feed's format from its shape, not its name.
pub fn detect(path: &Path) -> Result<Format> {
    if path.is_dir() {
        return if path.join("datapackage.json").is_file() {
            Ok(Format::HsdsCsv)
        } else {
            Err(IndexerError::file(
                path,
                "folder has no datapackage.json: not an HSDS CSV datapackage",
            ))
        };
    }
    if path.file_name().is_some_and(|n| n == "datapackage.json") {
        return Ok(Format::HsdsCsv);
    }
    let text = json::read_text(path)?;
    json::detect_json(path, &text)
}
