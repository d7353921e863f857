//! Building and running the server the same way in `main` and in tests: open the store
//! (migrations), seed an empty one, catch the index up, bind, and keep the index following
//! the store's change sequence.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use waypoint_indexer::IndexerError;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;

use crate::config::ServeSettings;
use crate::db;
use crate::routes;
use crate::seed;
use crate::state::AppState;

/// How often the index looks for listing changes made by other processes or instances.
const INDEX_FOLLOW_INTERVAL: Duration = Duration::from_secs(2);

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub fn build(settings: &ServeSettings) -> Result<Application, IndexerError> {
        let store = Store::open(&settings.database_url)?;
        if !settings.no_seed {
            let dir = settings
                .seed_dir
                .clone()
                .unwrap_or_else(seed::default_seed_dir);
            let loaded = seed::seed_if_empty(&store, &settings.index_dir, &dir)?;
            if loaded > 0 {
                tracing::info!(services = loaded, dir = %dir.display(), "empty store: loaded the seed data");
            }
        }
        let index = Arc::new(SearchIndex::open(&settings.index_dir)?);
        index.sync(&mut store.connect()?)?;
        let listener = TcpListener::bind(&settings.bind).map_err(|e| {
            IndexerError::Config(format!("cannot listen on {}: {e}", settings.bind))
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| IndexerError::Config(e.to_string()))?
            .port();
        let pool = db::pool(&store, settings.pool_size)?;
        let state = AppState {
            store,
            pool,
            index,
            capacity_stale_after: chrono::Duration::hours(settings.capacity_stale_hours),
        };
        let follower = state.clone();
        let data = web::Data::new(state);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .configure(routes::configure_extractors)
                .configure(routes::configure)
                .default_service(web::to(routes::not_found))
        })
        .listen(listener)
        .map_err(|e| IndexerError::Config(format!("cannot serve on {}: {e}", settings.bind)))?
        .run();
        actix_web::rt::spawn(send_waitlist_overdue_events(follower.clone()));
        actix_web::rt::spawn(follow_changes(follower));
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// How often waitlist clocks are checked for `waitlist.overdue` events.
const WAITLIST_CLOCK_INTERVAL: Duration = Duration::from_secs(60);

/// Sends `waitlist.overdue` once per entry and clock as clocks run out. Each check is one
/// transaction that marks what it sent, so a restart sends nothing twice.
async fn send_waitlist_overdue_events(state: AppState) {
    let mut ticks = actix_web::rt::time::interval(WAITLIST_CLOCK_INTERVAL);
    loop {
        ticks.tick().await;
        let s = state.clone();
        let result = web::block(move || -> Result<usize, String> {
            let mut conn = crate::db::checkout(&s.pool).map_err(|e| e.to_string())?;
            crate::waitlists::store::send_overdue_events(&mut conn, chrono::Utc::now())
                .map_err(|e| e.to_string())
        })
        .await;
        match result {
            Ok(Ok(0)) => {}
            Ok(Ok(sent)) => tracing::info!(events = sent, "waitlist clocks ran out"),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "waitlist clocks could not be checked; will retry")
            }
            Err(e) => tracing::warn!(error = %e, "waitlist clock check was cancelled"),
        }
    }
}

/// Applies listing changes committed elsewhere (the indexer command, another instance).
async fn follow_changes(state: AppState) {
    let mut ticks = actix_web::rt::time::interval(INDEX_FOLLOW_INTERVAL);
    loop {
        ticks.tick().await;
        let s = state.clone();
        let result = web::block(move || -> Result<_, IndexerError> {
            s.index.sync(&mut s.store.connect()?)
        })
        .await;
        match result {
            Ok(Ok(report)) if report.services_changed > 0 => {
                tracing::info!(
                    services = report.services_changed,
                    documents = report.documents,
                    "search index caught up"
                )
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "search index could not catch up; will retry"),
            Err(e) => tracing::warn!(error = %e, "search index sync was cancelled"),
        }
    }
}
