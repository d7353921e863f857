//! `waypoint`: the API server, and the OpenAPI document it serves.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use waypoint_api::cli::partners::PartnersArgs;
use waypoint_api::config::ServeSettings;
use waypoint_api::{Application, openapi};

#[derive(Parser)]
#[command(
    name = "waypoint",
    version,
    about = "Waypoint: community resource directory and referral API"
)]
struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (loads seed-data/ into an empty store first).
    // Boxed: the settings are far larger than the other commands' arguments.
    Serve(Box<ServeSettings>),
    /// Print the OpenAPI 3.1 document (as committed in openapi/openapi.json).
    Openapi,
    /// Manage partners and their API keys.
    Partners(PartnersArgs),
}

/// Parses serve settings alone, for `waypoint` run without a command.
#[derive(Parser)]
struct ServeCli {
    #[command(flatten)]
    settings: ServeSettings,
}

/// Logs to stderr at the level `WAYPOINT_LOG` sets (`info` by default; the `RUST_LOG`
/// syntax, e.g. `warn,waypoint::request=info`). One JSON object a line, for a collector,
/// unless stderr is a terminal or `WAYPOINT_LOG_FORMAT=text`.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WAYPOINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let json = match std::env::var("WAYPOINT_LOG_FORMAT").as_deref() {
        Ok("json") => true,
        Ok("text") => false,
        _ => !terminal,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        // Colours only on a terminal.
        builder.with_ansi(terminal).init();
    }
}

fn main() -> ExitCode {
    init_logging();
    match Cli::parse().command {
        Some(Command::Openapi) => {
            print!("{}", openapi::document());
            ExitCode::SUCCESS
        }
        Some(Command::Serve(settings)) => serve(*settings),
        Some(Command::Partners(args)) => match waypoint_api::cli::partners::run(&args) {
            Ok(output) => {
                println!("{output}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        // `waypoint` alone serves with the settings from the environment or the defaults.
        None => serve(ServeCli::parse_from(["waypoint"]).settings),
    }
}

#[actix_web::main]
async fn serve(settings: ServeSettings) -> ExitCode {
    let app = match Application::build(&settings) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(port = app.port(), "listening");
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
