//! `waypoint-indexer`: load feeds into the store and the search index, validate feeds,
//! rebuild the index, report what is loaded, and generate benchmark listings.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use waypoint_indexer::config::{DEFAULT_DATABASE_URL, DEFAULT_INDEX_DIR};
use waypoint_indexer::generate::{self, GenerateRequest};
use waypoint_indexer::import::{self, Format, Severity};
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::model::CategoryMap;
use waypoint_indexer::redact::SecretUrl;
use waypoint_indexer::store::Store;
use waypoint_indexer::{IndexerError, stats};

#[derive(Parser)]
#[command(
    name = "waypoint-indexer",
    version,
    about = "Load listing feeds into Waypoint's store and search index"
)]
struct Cli {
    /// sqlite://PATH or postgres://…
    #[arg(long, global = true, env = "WAYPOINT_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    database_url: SecretUrl,
    /// Folder of the search index.
    #[arg(long, global = true, env = "WAYPOINT_INDEX_DIR", default_value = DEFAULT_INDEX_DIR)]
    index_dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load feeds: each PATH is one source (named after the file) unless --source is given.
    Load {
        /// hsds-json, hsds-csv, meeting-guide or samhsa (detected when omitted).
        #[arg(long)]
        format: Option<Format>,
        /// Load all PATHs as one source with this name.
        #[arg(long)]
        source: Option<String>,
        /// Remove the source's records that are no longer in the feed.
        #[arg(long)]
        prune: bool,
        /// Fail, changing nothing, if any record would be skipped.
        #[arg(long)]
        strict: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Check feeds and report every problem, without loading anything.
    Validate {
        #[arg(long)]
        format: Option<Format>,
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Recreate the search index from the database alone.
    Rebuild,
    /// Counts per table and per source, and the search index's document count.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Write fictional HSDS 3.1 listings for benchmarks: the same N and seed give the same
    /// files on any machine. Load them with `load OUT/*.json`.
    Generate {
        /// How many services (each at one location).
        #[arg(long)]
        services: u64,
        /// Any number; a different seed gives different listings.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// At most this many services per file.
        #[arg(long, default_value_t = generate::DEFAULT_PER_FILE)]
        per_file: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// A new or empty folder for the files (generated-00001.json, …).
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("WAYPOINT_LOG"))
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file or a collector gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, IndexerError> {
    match cli.command {
        Command::Load {
            format,
            source,
            prune,
            strict,
            json,
            paths,
        } => {
            let store = Store::open(cli.database_url.expose())?;
            let request = LoadRequest {
                paths,
                format,
                source,
                prune,
                strict,
            };
            let report = loader::load(&store, &cli.index_dir, &request)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serialises")
                );
            } else {
                for issue in report
                    .issues
                    .iter()
                    .filter(|i| i.severity == Severity::Skipped)
                {
                    eprintln!("{issue}");
                }
                for s in &report.sources {
                    if s.files_unchanged {
                        println!(
                            "{}: files unchanged since the last load, not read again ({} records, {} skipped then)",
                            s.source, s.unchanged, s.skipped
                        );
                        continue;
                    }
                    println!(
                        "{}: new {}, updated {}, unchanged {}, skipped {}, pruned {} ({} uncategorised, {} warnings)",
                        s.source,
                        s.new,
                        s.updated,
                        s.unchanged,
                        s.skipped,
                        s.pruned,
                        s.uncategorized,
                        s.warnings
                    );
                }
                match report.index {
                    Some(index) => println!("search index: {} documents", index.documents),
                    None => println!(
                        "search index: in use by a running server, which applies these changes within seconds"
                    ),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate {
            format,
            json,
            paths,
        } => {
            let categories = CategoryMap::shipped();
            let mut failed = false;
            let mut reports = Vec::new();
            for path in &paths {
                let name = import::default_source_name(path);
                match import::read_source(&name, std::slice::from_ref(path), format, &categories) {
                    Ok(p) => {
                        failed |= p.skipped() > 0;
                        reports.push(serde_json::json!({
                            "path": path, "source": p.name, "format": p.format, "records": p.records.len(),
                            "skipped": p.skipped(), "issues": p.issues,
                        }));
                        if !json {
                            for issue in &p.issues {
                                println!("{issue}");
                            }
                            println!(
                                "{}: {} as {}: {} records valid, {} skipped",
                                path.display(),
                                p.name,
                                p.format,
                                p.records.len(),
                                p.skipped()
                            );
                        }
                    }
                    Err(e) => {
                        failed = true;
                        reports.push(serde_json::json!({"path": path, "error": e.to_string()}));
                        if !json {
                            println!("error: {e}");
                        }
                    }
                }
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reports).expect("report serialises")
                );
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rebuild => {
            let store = Store::open(cli.database_url.expose())?;
            let mut conn = store.connect()?;
            let report = SearchIndex::open(&cli.index_dir)?.rebuild(&mut conn)?;
            println!("search index rebuilt: {} documents", report.documents);
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            services,
            seed,
            per_file,
            json,
            out,
        } => {
            let report = generate::generate(&GenerateRequest {
                services,
                seed,
                out,
                per_file,
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serialises")
                );
            } else {
                println!(
                    "{} services of {} organizations in {} files",
                    report.services,
                    report.organizations,
                    report.files.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let store = Store::open(cli.database_url.expose())?;
            let s = stats::stats(&store, &cli.index_dir)?;
            if json {
                println!("{}", serde_json::to_string(&s).expect("stats serialise"));
            } else {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&s).expect("stats serialise")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
