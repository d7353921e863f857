//! Building and running the server the same way in `main` and in tests: open the store
//! (migrations), seed an empty one, catch the index up, bind, and keep the index following
//! the store's change sequence.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{App, web};
use utoipa_actix_web::service_config::ServiceConfig;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;
use waypoint_indexer::{IndexerError, national};

use crate::config::ServeSettings;
use crate::db::Db;
use crate::health::StoreHealth;
use crate::metrics::Metrics;
use crate::referrals::reminders::{self, ReminderPolicy};
use crate::routes;
use crate::seed;
use crate::state::AppState;
use crate::webhooks::deliverer::{self, DelivererHandle};

/// How often the index looks for listing changes made by other processes or instances.
const INDEX_FOLLOW_INTERVAL: Duration = Duration::from_secs(2);

pub struct Application {
    port: u16,
    server: Server,
    deliverer: DelivererHandle,
}

/// Stops a running application: the webhook deliverer (finishing what it is sending),
/// then the HTTP server.
#[derive(Clone)]
pub struct StopHandle {
    server: actix_web::dev::ServerHandle,
    deliverer: DelivererHandle,
}

impl StopHandle {
    pub async fn stop(&self) {
        self.deliverer.stop().await;
        self.server.stop(true).await;
    }
}

impl Application {
    pub fn build(settings: &ServeSettings) -> Result<Application, IndexerError> {
        let store = Store::open(settings.database_url.expose())?;
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
        // Whatever was loaded (or nothing, with --no-seed), a crisis search finds 988, 911
        // and SAMHSA's helpline.
        let lines = national::ensure(&store, &settings.index_dir)?;
        let written: usize = lines
            .sources
            .iter()
            .map(|s| s.new + s.updated + s.pruned)
            .sum();
        if written > 0 {
            tracing::info!(services = written, "national lines written to the store");
        }
        let index = Arc::new(SearchIndex::open(&settings.index_dir)?);
        let health = Arc::new(StoreHealth::default());
        {
            let mut conn = store.connect()?;
            index.sync(&mut conn)?;
            health.reached(&mut conn, &index)?;
        }
        let listener = TcpListener::bind(&settings.bind).map_err(|e| {
            IndexerError::Config(format!("cannot listen on {}: {e}", settings.bind))
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| IndexerError::Config(e.to_string()))?
            .port();
        let policy = settings.reminder_policy().map_err(IndexerError::Config)?;
        let metrics = Arc::new(Metrics::new());
        let state = AppState {
            store: store.clone(),
            db: Db::open(&store, settings.pool_size, metrics.writer.clone())?,
            index,
            health,
            require_api_key: settings.require_api_key,
            capacity_stale_after: chrono::Duration::hours(settings.capacity_stale_hours),
            metrics: metrics.clone(),
            scrape_token: settings.metrics_token.clone(),
        };
        let follower = state.clone();
        let deliverer = deliverer::spawn(state.db.clone(), &settings.webhooks, metrics.clone())
            .map_err(IndexerError::Config)?;
        let data = web::Data::new(state);
        let webhook_settings = web::Data::new(settings.webhooks.clone());
        let cors_origins = web::Data::new(
            routes::cors::parse_origins(&settings.cors_origins).map_err(IndexerError::Config)?,
        );
        let limiter = web::Data::new(crate::traffic::RateLimiter::new(&settings.traffic));
        let limit_settings = web::Data::new(settings.traffic.clone());
        let check_contract = settings.check_contract;
        let app = move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    routes::known_parameters::refuse_unknown_parameters,
                ))
                .wrap(actix_web::middleware::from_fn(
                    routes::traffic::framework_errors_as_problems,
                ))
                .wrap(actix_web::middleware::from_fn(routes::refuse_large_bodies))
                .wrap(actix_web::middleware::from_fn(
                    routes::traffic::limit_body_time,
                ))
                .wrap(actix_web::middleware::from_fn(
                    routes::traffic::refuse_bad_targets,
                ))
                // Before anything else runs for the request, but after the headers below
                // and the log line, which cover a 429 too.
                .wrap(actix_web::middleware::from_fn(routes::traffic::limit_rates))
                .wrap(routes::safety_headers())
                .wrap(actix_web::middleware::from_fn(
                    routes::content_security_policy,
                ))
                .wrap(actix_web::middleware::from_fn(routes::cors::cors))
                .wrap(actix_web::middleware::Condition::new(
                    check_contract,
                    actix_web::middleware::from_fn(routes::contract_check::check_answers),
                ))
                // Outermost: its line and header cover every answer, problems included.
                .wrap(actix_web::middleware::from_fn(
                    routes::request_log::log_requests,
                ))
                .app_data(data.clone())
                .app_data(webhook_settings.clone())
                .app_data(cors_origins.clone())
                .app_data(limiter.clone())
                .app_data(limit_settings.clone())
                .configure(routes::configure_extractors)
                .configure(|cfg| routes::configure(&mut ServiceConfig::new(cfg)))
                .default_service(web::to(routes::not_found))
        };
        let server = serve(listener, settings.traffic.header_timeout(), app)
            .map_err(|e| IndexerError::Config(format!("cannot serve on {}: {e}", settings.bind)))?;
        let reminders = follower.clone();
        actix_web::rt::spawn(send_waitlist_overdue_events(follower.clone()));
        actix_web::rt::spawn(follow_changes(follower));
        actix_web::rt::spawn(send_reminders(
            reminders,
            policy,
            Duration::from_secs(settings.reminder_check_seconds.max(1)),
        ));
        Ok(Application {
            port,
            server,
            deliverer,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn stop_handle(&self) -> StopHandle {
        StopHandle {
            server: self.server.handle(),
            deliverer: self.deliverer.clone(),
        }
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Serves `app` on `listener`, as actix-web's `HttpServer` would, with each connection's
/// first request line screened first (`connection::screen`), and `header_timeout` for the
/// line and headers of every request.
fn serve<F, T, B>(
    listener: TcpListener,
    header_timeout: Duration,
    app: F,
) -> std::io::Result<Server>
where
    F: Fn() -> App<T> + Send + Clone + 'static,
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
    let local = listener.local_addr()?;
    let builder = actix_server::Server::build();
    // A stop closes idle kept-alive connections at once, as with `HttpServer`, instead of
    // waiting out their keep-alive.
    let stopping = builder.graceful_shutdown_signal();
    Ok(builder
        .listen("waypoint", listener, move || {
            let app = app()
                .into_factory()
                .map_err(|e: actix_web::Error| e.error_response());
            let stopping = stopping.clone();
            let http = actix_http::HttpService::build()
                .graceful_shutdown_signal(move || {
                    let stopping = stopping.clone();
                    async move { stopping.notified().await }
                })
                .client_request_timeout(header_timeout)
                .client_disconnect_timeout(Duration::from_secs(1))
                .local_addr(local)
                // The host and address the app names itself by when a request has no
                // `Host` header, as `HttpServer` gives them (`__priv_test_new` is the one
                // constructor actix-web leaves public).
                .h1(map_config(app, move |_| {
                    actix_web::dev::AppConfig::__priv_test_new(false, local.to_string(), local)
                }));
            fn_service(move |io: actix_web::rt::net::TcpStream| async move {
                crate::connection::screen(io, header_timeout)
                    .await
                    .map_err(actix_http::error::DispatchError::Io)
            })
            .and_then(http)
        })?
        .run())
}

/// How often waitlist clocks are checked for `waitlist.overdue` events.
const WAITLIST_CLOCK_INTERVAL: Duration = Duration::from_secs(60);

/// Sends `waitlist.overdue` once per entry and clock as clocks run out. Each check is one
/// transaction that marks what it sent, so a restart sends nothing twice.
async fn send_waitlist_overdue_events(state: AppState) {
    let mut ticks = actix_web::rt::time::interval(WAITLIST_CLOCK_INTERVAL);
    loop {
        ticks.tick().await;
        let result = state
            .db
            .write(|conn| {
                Ok(crate::waitlists::store::send_overdue_events(
                    conn,
                    chrono::Utc::now(),
                )?)
            })
            .await;
        match result {
            Ok(0) => {}
            Ok(sent) => tracing::info!(events = sent, "waitlist clocks ran out"),
            Err(e) => {
                tracing::warn!(error = %e, "waitlist clocks could not be checked; will retry")
            }
        }
    }
}

/// Applies listing changes committed elsewhere (the indexer command, another instance).
async fn follow_changes(state: AppState) {
    let mut ticks = actix_web::rt::time::interval(INDEX_FOLLOW_INTERVAL);
    loop {
        ticks.tick().await;
        let s = state.clone();
        // Its own connection, not a pooled one: a long catch-up (after a large load) must
        // not hold one of the connections requests wait for.
        let result = web::block(move || -> Result<_, IndexerError> {
            let started = std::time::Instant::now();
            let checked = s.store.connect().and_then(|mut conn| {
                let report = s.index.sync(&mut conn)?;
                // Here rather than in the first search after a start or a load; a search
                // reads what this could not. The shipped place names and phrases are read
                // once (the place names take about a tenth of a second on two cores).
                waypoint_indexer::search::gazetteer::Gazetteer::shipped();
                waypoint_indexer::search::understand::Vocabulary::shipped();
                if let Err(e) = s.index.warm() {
                    tracing::warn!(error = %e, "search index could not be warmed");
                }
                s.health.reached(&mut conn, &s.index)?;
                Ok(report)
            });
            if let Ok(report) = &checked {
                let at = chrono::Utc::now().timestamp_micros() as f64 / 1e6;
                let changed = u64::try_from(report.services_changed).unwrap_or(0);
                s.metrics.observe_index_sync(changed, started.elapsed(), at);
            }
            match &checked {
                Err(IndexerError::Connection { .. } | IndexerError::Database(_)) => {
                    s.health.away();
                    s.db.set_away(true);
                }
                Ok(_) => s.db.set_away(false),
                Err(_) => {}
            }
            checked
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

/// Sends due referral reminders (and expiries), and drops disclosure records and
/// Idempotency-Keys past their retention, on a timer.
async fn send_reminders(state: AppState, policy: ReminderPolicy, every: Duration) {
    let mut ticks = actix_web::rt::time::interval(every);
    loop {
        ticks.tick().await;
        let policy = policy.clone();
        let result = state
            .db
            .write(move |conn| {
                let sent = reminders::run_once(conn, &policy, chrono::Utc::now())?;
                let purged = crate::disclosures::purge_expired(conn)?
                    + crate::idempotency::purge_expired(conn)?;
                Ok((sent, purged))
            })
            .await;
        match result {
            Ok((0, 0)) => {}
            Ok((sent, purged)) => {
                tracing::info!(
                    reminders = sent,
                    records_purged = purged,
                    "referral timers ran"
                )
            }
            Err(e) => tracing::warn!(error = %e, "referral reminders could not run; will retry"),
        }
    }
}
