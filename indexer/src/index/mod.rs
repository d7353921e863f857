//! The tantivy search index: one document per service at a location, built from the store
//! and kept in step with it through the store's change sequence. The index records the
//! last change it applied in its commit payload, so after a crash, or on another API
//! instance, `sync` catches up from there.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::columnar::Column;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{
    Index, IndexReader, IndexSettings, IndexSortByField, IndexWriter, Order, ReloadPolicy, Term,
};

mod areas;
mod columns;
mod document;
mod segment_cache;
mod stems;

pub use areas::{AreaTest, SegmentAreas};
pub use columns::SegmentColumns;
pub use document::{Details, ScheduleEntry};

use crate::error::{IndexerError, Result};
use crate::model::ServiceRecord;
use crate::store::DbConnection;
use crate::store::read::{self, Listing};
use segment_cache::SegmentCache;

/// Bumped whenever the document shape or the analyzer changes (7: accents folded; 8: the
/// place key of one row per program; 9: meetings' join, fellowship and types; 10: online
/// only; 11: grid cells; 12: open hours; 13: coordinates as columns only; 14: sorted by
/// place order; 15: placed listings found by place order alone, no point cells; 16: open
/// hours as UTC hours of the week, one term per hour whatever the zone; 17: the time zone
/// a column only; 18: place order at 31 bits a coordinate, each listing's point read from
/// it); an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 18;

/// Services whose listings are read from the store at once when the index catches up.
const SERVICES_READ_AT_ONCE: usize = 5_000;

/// The field the index's documents are sorted by.
pub const PLACE_ORDER: &str = "place_order";

/// Documents in place order (`Fields::place_order`): a search near a place reads the
/// neighbouring documents of a city rather than postings spread over the whole index.
fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: PLACE_ORDER.to_string(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

/// Full-text fields are stemmed, so "meetings" finds "meeting" and "counselor" finds
/// "counseling"'s stem where English allows.
pub const TEXT_TOKENIZER: &str = "en_stem";

fn text(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_TOKENIZER)
        // No query matches phrases, so positions would be written and never read.
        .set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}
/// Two indexing threads (the machine's cores), each with its own memory budget.
const WRITER_THREADS: usize = 2;
/// The budget of both threads. A thread's documents are held until its share fills, then
/// sorted by place order and written as a segment; at 100 MB those flushes lifted a
/// million-listing load's peak to 984–1,015 MiB; at 60 MB it peaked at 776–833 MiB, as fast
/// within this machine's spread.
const WRITER_MEMORY: usize = 60_000_000;

/// The index's fields, by purpose.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub service_id: Field,
    pub organization_id: Field,
    pub location_id: Field,
    pub source: Field,
    pub name: Field,
    pub organization_name: Field,
    pub description: Field,
    pub terms: Field,
    pub term_code: Field,
    pub category: Field,
    pub language: Field,
    pub status: Field,
    pub postal_code: Field,
    pub city: Field,
    pub state: Field,
    pub latitude: Field,
    pub longitude: Field,
    /// "SU@19:30": a weekday and an opening time of a weekly schedule, local time.
    pub weekly_start: Field,
    /// The box around the service's areas, for finding areas that may hold a point.
    pub area_min_lat: Field,
    pub area_min_lon: Field,
    pub area_max_lat: Field,
    pub area_max_lon: Field,
    /// Grid cells (`model::geography::grid`) of the listing's point and of its areas' box,
    /// so a search reads only the listings near its place.
    pub cell: Field,
    /// The areas themselves (GeoJSON, those that are areas), for the exact test; read
    /// once per segment (`areas`).
    pub area: Field,
    /// Filter values "name:value" ("accepts:medicaid", "gender:any"; see `model::filters`).
    pub filter: Field,
    /// Each year of age the service takes, when it states ages.
    pub age: Field,
    pub taxonomy_term_id: Field,
    /// The IANA zone its hours are in.
    pub time_zone: Field,
    /// Weekly open spans (`model::hours::WeeklyHours::encode`), local minutes of the week.
    pub open_span: Field,
    /// Each hour of the week in UTC in which it is open at some minute under any offset
    /// of its zone (`WeeklyHours::open_utc_hours`): the listings open in an hour are one
    /// posting list, whatever their zones, and only they are tested to the minute.
    pub open_utc_hour: Field,
    /// What results show besides the fields above (`Details`, JSON).
    pub details: Field,
    /// Listings of one program at one place share it (`model::program::place_key`).
    pub place_key: Field,
    /// Where the listing lies along the index's order (`grid::place_order`; unplaced
    /// listings last): the index is sorted by it.
    pub place_order: Field,
    /// 1 for a listing people can only attend online (its point is its group's town).
    pub online_only: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        // Ids that are only shown are stored, not indexed: every UUID indexed costs its
        // own branch of the term dictionary, the largest part of a commit.
        id: b.add_text_field("id", STORED),
        service_id: b.add_text_field("service_id", STRING | STORED),
        organization_id: b.add_text_field("organization_id", STRING | STORED),
        location_id: b.add_text_field("location_id", STORED),
        source: b.add_text_field("source", STRING | STORED),
        name: b.add_text_field("name", text(true)),
        organization_name: b.add_text_field("organization_name", text(true)),
        description: b.add_text_field("description", text(true)),
        terms: b.add_text_field("terms", text(false)),
        term_code: b.add_text_field("term_code", STRING),
        category: b.add_text_field("category", STRING | STORED | FAST),
        language: b.add_text_field("language", STRING | STORED | FAST),
        status: b.add_text_field("status", STRING | STORED),
        postal_code: b.add_text_field("postal_code", STRING | STORED),
        city: b.add_text_field("city", text(true)),
        state: b.add_text_field("state", STRING | STORED),
        // Coordinates are read as columns (ranges on a fast field read the column): a
        // term per distinct value would be a dictionary as large as the index's.
        latitude: b.add_f64_field("latitude", FAST | STORED),
        longitude: b.add_f64_field("longitude", FAST | STORED),
        weekly_start: b.add_text_field("weekly_start", STRING),
        area_min_lat: b.add_f64_field("area_min_lat", FAST),
        area_min_lon: b.add_f64_field("area_min_lon", FAST),
        area_max_lat: b.add_f64_field("area_max_lat", FAST),
        area_max_lon: b.add_f64_field("area_max_lon", FAST),
        cell: b.add_text_field("cell", STRING),
        area: b.add_text_field("area", STORED),
        filter: b.add_text_field("filter", STRING | FAST),
        age: b.add_u64_field("age", INDEXED),
        taxonomy_term_id: b.add_text_field("taxonomy_term_id", STRING),
        // Read as a column alone: open hours are matched by `open_utc_hour`.
        time_zone: b.add_text_field("time_zone", FAST),
        open_span: b.add_u64_field("open_span", FAST),
        open_utc_hour: b.add_u64_field("open_utc_hour", INDEXED),
        details: b.add_text_field("details", STORED),
        place_key: b.add_u64_field("place_key", FAST),
        place_order: b.add_u64_field(PLACE_ORDER, FAST),
        online_only: b.add_u64_field("online_only", FAST),
    };
    (b.build(), fields)
}

/// What the index remembers of the store in its commit payload.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema_version: u32,
    applied_seq: i64,
    /// The time-zone database the open hours were indexed by (`open_utc_hour`): another
    /// may give a zone other offsets, so an index made with it is rebuilt.
    #[serde(default)]
    tzdb: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Services whose documents were rewritten or removed.
    pub services_changed: usize,
    /// Whether the whole index was rebuilt.
    pub rebuilt: bool,
    pub documents: u64,
}

impl SyncReport {
    /// Whether the change rewrote at least a tenth of the index (services stand for their
    /// listings: most have one location). After one, the index is merged into one segment.
    pub fn is_large(&self) -> bool {
        self.services_changed > 0 && self.services_changed as u64 * 10 >= self.documents
    }
}

pub struct SearchIndex {
    index: Index,
    /// Reloaded after every commit this process makes, and before every sync so that
    /// commits by other processes are seen too.
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
    /// `meta.json` as the reader last saw it: modified time, length, inode.
    last_meta: std::sync::Mutex<Option<MetaStamp>>,
    /// The service areas of the segments searched, parsed once each.
    areas: SegmentCache<SegmentAreas>,
    /// The columns of the segments searched, opened once each.
    columns: Arc<SegmentCache<SegmentColumns>>,
}

type MetaStamp = (Option<std::time::SystemTime>, u64, u64);

/// The file's inode: commits replace `meta.json` by renaming a new file over it, so two
/// commits within one tick of the file clock still differ here.
#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> u64 {
    0
}

fn create(dir: &Path, schema: Schema) -> tantivy::Result<Index> {
    Index::builder()
        .schema(schema)
        .settings(settings())
        .create_in_dir(dir)
}

impl SearchIndex {
    /// Opens the index folder, creating an empty index there if it holds none.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let fail = |e: String| IndexerError::Index {
            path: dir.to_path_buf(),
            reason: e,
        };
        std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
        let (schema, fields) = schema();
        let index = if dir.join("meta.json").is_file() {
            let index = Index::open_in_dir(dir).map_err(|e| fail(e.to_string()))?;
            if index.schema() != schema
                || index.settings().sort_by_field != settings().sort_by_field
            {
                // Another version's index: start afresh; sync will rebuild it.
                drop(index);
                clear_dir(dir).map_err(|e| fail(e.to_string()))?;
                create(dir, schema).map_err(|e| fail(e.to_string()))?
            } else {
                index
            }
        } else {
            create(dir, schema).map_err(|e| fail(e.to_string()))?
        };
        index
            .tokenizers()
            .register(TEXT_TOKENIZER, stems::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| fail(e.to_string()))?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            path: dir.to_path_buf(),
            last_meta: std::sync::Mutex::new(None),
            areas: SegmentCache::default(),
            columns: Arc::default(),
        })
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    fn fail(&self, e: impl ToString) -> IndexerError {
        IndexerError::Index {
            path: self.path.clone(),
            reason: e.to_string(),
        }
    }

    /// The last store change the index holds, or `None` when it must be rebuilt.
    pub fn applied_seq(&self) -> Result<Option<i64>> {
        let metas = self.index.load_metas().map_err(|e| self.fail(e))?;
        Ok(metas
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .filter(|p| {
                p.schema_version == SCHEMA_VERSION && p.tzdb == chrono_tz::IANA_TZDB_VERSION
            })
            .map(|p| p.applied_seq))
    }

    /// Number of documents in the last commit.
    pub fn num_docs(&self) -> Result<u64> {
        Ok(self.searcher()?.num_docs())
    }

    /// A searcher over the last commit, whichever process made it (the indexer command may
    /// have loaded into this folder); reopening is a cheap check when nothing changed.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        // Reopening every segment costs more than many searches do, so it is done only
        // when `meta.json` (rewritten by every commit, by whichever process) has changed.
        let seen = std::fs::metadata(self.path.join("meta.json"))
            .ok()
            .map(|m| (m.modified().ok(), m.len(), file_id(&m)));
        let mut last = self.last_meta.lock().unwrap_or_else(|e| e.into_inner());
        if seen.is_none() || *last != seen {
            self.reader.reload().map_err(|e| self.fail(e))?;
            *last = seen;
        }
        Ok(self.reader.searcher())
    }

    /// The service areas of the searcher's documents, by segment ordinal.
    pub fn service_areas(&self, searcher: &tantivy::Searcher) -> Result<Vec<Arc<SegmentAreas>>> {
        let area = self.fields.area;
        self.areas
            .of(searcher, |segment| SegmentAreas::read(segment, area))
            .map_err(|e| self.fail(e))
    }

    /// The columns of the searcher's documents, by segment ordinal.
    pub fn segment_columns(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<Vec<Arc<SegmentColumns>>> {
        self.columns
            .of(searcher, SegmentColumns::read)
            .map_err(|e| self.fail(e))
    }

    /// Each segment's place-order column, for the place's own queries.
    pub fn place_orders(&self) -> PlaceOrders {
        PlaceOrders(self.columns.clone())
    }

    /// Reads what searches keep of each segment (columns, service areas) for the segments
    /// new since the last call, so that the first search after a load does not pay for it
    /// (a million listings' areas take about a second). Answers how many segments were
    /// read.
    pub fn warm(&self) -> Result<usize> {
        let searcher = self.searcher()?;
        let missing = self
            .areas
            .missing(&searcher)
            .max(self.columns.missing(&searcher));
        self.segment_columns(&searcher)?;
        self.service_areas(&searcher)?;
        Ok(missing)
    }

    /// Brings the index up to the store's latest change: incrementally from the change
    /// sequence, or by a rebuild when the index has never been built.
    pub fn sync(&self, conn: &mut DbConnection) -> Result<SyncReport> {
        self.reader.reload().map_err(|e| self.fail(e))?;
        let Some(applied) = self.applied_seq()? else {
            return self.rebuild(conn);
        };
        let (services, last) = read::changes_since(conn, applied)?;
        if services.is_empty() {
            return Ok(SyncReport {
                services_changed: 0,
                rebuilt: false,
                documents: self.num_docs()?,
            });
        }
        let writer = self.writer()?;
        for id in &services {
            writer.delete_term(Term::from_field_text(self.fields.service_id, id));
        }
        self.add_services(&writer, conn, &services)?;
        self.commit(writer, last)?;
        Ok(self.merged_if_large(SyncReport {
            services_changed: services.len(),
            rebuilt: false,
            documents: self.num_docs()?,
        }))
    }

    /// Recreates the whole index from the store alone.
    pub fn rebuild(&self, conn: &mut DbConnection) -> Result<SyncReport> {
        // Read the sequence first: a change landing meanwhile is applied again by the next
        // sync, which is harmless, rather than missed.
        let last = read::last_change(conn)?;
        let writer = self.writer()?;
        writer.delete_all_documents().map_err(|e| self.fail(e))?;
        let ids = read::service_ids(conn)?;
        let services = self.add_services(&writer, conn, &ids)?;
        self.commit(writer, last)?;
        Ok(self.merged_if_large(SyncReport {
            services_changed: services,
            rebuilt: true,
            documents: self.num_docs()?,
        }))
    }

    /// After a change that rewrote a large part of the index, its segments are merged into
    /// one; the change is complete without it, so a merge that fails is only reported.
    fn merged_if_large(&self, report: SyncReport) -> SyncReport {
        if report.is_large() {
            // The change's own documents are freed: the merge does not add to their peak.
            crate::memory::release_freed();
            match self.merge_segments() {
                Ok(_) => {}
                // Another process (a server's follower) took the index meanwhile: its
                // segments stay as they are, which costs searches time, not answers.
                Err(IndexerError::IndexBusy { .. }) => {
                    tracing::info!("the search index was busy: not merged after the change")
                }
                Err(e) => {
                    tracing::warn!("merging the search index after a large change failed: {e}")
                }
            }
        }
        report
    }

    /// Merges every segment into one, and answers how many there were. A search sets up
    /// each query word's postings once per segment, so after a large load (tantivy's merge
    /// policy leaves some eight segments for a million listings) one segment makes every
    /// search cheaper.
    pub fn merge_segments(&self) -> Result<usize> {
        let ids = self
            .index
            .searchable_segment_ids()
            .map_err(|e| self.fail(e))?;
        if ids.len() > 1 {
            let mut writer = self.writer()?;
            writer.merge(&ids).wait().map_err(|e| self.fail(e))?;
            writer.wait_merging_threads().map_err(|e| self.fail(e))?;
            self.reader.reload().map_err(|e| self.fail(e))?;
        }
        Ok(ids.len())
    }

    /// Starts preparing changes that become visible only on `StagedChanges::commit`.
    pub fn stage(&self) -> Result<StagedChanges<'_>> {
        Ok(StagedChanges {
            index: self,
            writer: self.writer()?,
            services: 0,
        })
    }

    fn writer(&self) -> Result<IndexWriter> {
        self.index
            .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => IndexerError::IndexBusy {
                    path: self.path.clone(),
                },
                other => self.fail(other),
            })
    }

    /// Adds the listings of `services`, read from the store a batch at a time: a national
    /// store's listings, read whole, took some 14 GB at a million services. Answers how
    /// many of the services have listings.
    fn add_services(
        &self,
        writer: &IndexWriter,
        conn: &mut DbConnection,
        services: &[String],
    ) -> Result<usize> {
        let mut listed = 0;
        for batch in services.chunks(SERVICES_READ_AT_ONCE) {
            let listings = read::listings(conn, Some(batch))?;
            // A service's listings are all in its own batch.
            listed += listings
                .iter()
                .map(|l| l.service_id.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len();
            self.add_all(writer, &listings)?;
        }
        Ok(listed)
    }

    fn add_all(&self, writer: &IndexWriter, listings: &[Listing]) -> Result<()> {
        for l in listings {
            writer
                .add_document(self.document(l))
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    fn commit(&self, mut writer: IndexWriter, applied_seq: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            schema_version: SCHEMA_VERSION,
            tzdb: chrono_tz::IANA_TZDB_VERSION.to_string(),
            applied_seq,
        })
        .expect("payload serialises");
        let mut prepared = writer.prepare_commit().map_err(|e| self.fail(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.fail(e))?;
        writer.wait_merging_threads().map_err(|e| self.fail(e))?;
        self.reader.reload().map_err(|e| self.fail(e))?;
        Ok(())
    }
}

fn clear_dir(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(path)?;
        } else {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// Index changes prepared alongside a database write: the indexing threads work while the
/// store is written, and nothing is visible until `commit`, which the loader calls only
/// after the database has committed. Dropping it discards the changes.
pub struct StagedChanges<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter,
    services: usize,
}

impl StagedChanges<'_> {
    /// Adds the documents of services new to the index.
    pub fn add(&mut self, records: &[&ServiceRecord], source: &str) -> Result<()> {
        for record in records {
            for listing in read::listings_of(record, source) {
                self.writer
                    .add_document(self.index.document(&listing))
                    .map_err(|e| self.index.fail(e))?;
            }
        }
        self.services += records.len();
        Ok(())
    }

    /// Replaces the documents of these records' services.
    pub fn replace(&mut self, records: &[&ServiceRecord], source: &str) -> Result<()> {
        for record in records {
            self.writer.delete_term(Term::from_field_text(
                self.index.fields.service_id,
                &record.service.id,
            ));
        }
        self.add(records, source)
    }

    /// Removes the documents of these services.
    pub fn remove(&mut self, service_ids: &[String]) {
        for id in service_ids {
            self.writer
                .delete_term(Term::from_field_text(self.index.fields.service_id, id));
        }
        self.services += service_ids.len();
    }

    /// Makes the changes visible, recording the store change they bring the index to.
    pub fn commit(self, applied_seq: i64) -> Result<SyncReport> {
        let index = self.index;
        index.commit(self.writer, applied_seq)?;
        Ok(index.merged_if_large(SyncReport {
            services_changed: self.services,
            rebuilt: false,
            documents: index.num_docs()?,
        }))
    }
}

/// The place-order column of any segment, kept with the segment's other columns: opening
/// a column reads its block index afresh, which was 7 % of a search at a million listings
/// when each of a search's place clauses opened it.
#[derive(Clone)]
pub struct PlaceOrders(Arc<SegmentCache<SegmentColumns>>);

impl PlaceOrders {
    /// The segment's place-order column.
    pub fn of(&self, segment: &tantivy::SegmentReader) -> tantivy::Result<Column<u64>> {
        Ok(self
            .0
            .of_segment(segment, SegmentColumns::read)?
            .place_order
            .clone())
    }
}

impl std::fmt::Debug for PlaceOrders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlaceOrders")
    }
}

#[cfg(test)]
mod tests {
    use super::SyncReport;

    fn report(services_changed: usize, documents: u64) -> SyncReport {
        SyncReport {
            services_changed,
            rebuilt: false,
            documents,
        }
    }

    #[test]
    fn a_change_is_large_from_a_tenth_of_the_index() {
        assert!(report(100, 1_000).is_large());
        assert!(report(1_000_000, 1_000_000).is_large());
        assert!(!report(99, 1_000).is_large());
        // An unchanged feed reloaded rewrites nothing.
        assert!(!report(0, 0).is_large());
        assert!(!report(0, 1_000).is_large());
    }
}
