//! The background deliverer: claims due deliveries, POSTs each signed event to its
//! endpoint (10 s timeout, no redirects, public addresses only), records the attempt, and
//! schedules the next one. Started by `startup.rs`; every instance may run one.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::detail::{self, Outgoing};
use super::schedule::{self, Decision, RetrySchedule};
use super::settings::WebhookSettings;
use super::store::{self, After, AttemptRecord, Claimed};
use super::{signing, url_policy};
use crate::clock;
use crate::db::Db;
use crate::metrics::Metrics;

/// How long a receiver has to answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries sent side by side, so one slow receiver does not hold up the others.
const BATCH: i64 = 16;

/// Stops the deliverer: the batch in flight is finished and recorded first.
#[derive(Debug, Clone)]
pub struct DelivererHandle {
    stop: Arc<AtomicBool>,
    /// Wakes the deliverer from its wait between looks, so a stop is not held up by it.
    wake: Arc<tokio::sync::Notify>,
    stopped: Arc<AtomicBool>,
}

impl DelivererHandle {
    pub async fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
        while !self.stopped.load(Ordering::SeqCst) {
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

struct Deliverer {
    db: Db,
    metrics: Arc<Metrics>,
    client: reqwest::Client,
    schedule: RetrySchedule,
    allow_private: bool,
    poll: Duration,
    /// How long a claim holds without renewal: another instance takes over the deliveries
    /// of one that died within this. Renewed every third of it while sends are in flight.
    lease: Duration,
}

/// Starts the deliverer on the current actix runtime.
pub fn spawn(
    db: Db,
    settings: &WebhookSettings,
    metrics: Arc<Metrics>,
) -> Result<DelivererHandle, String> {
    // TLS through rustls with ring (built by cargo, no system OpenSSL); installing fails
    // harmlessly when an earlier server in this process installed it already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(url_policy::PublicOnlyResolver {
            allow_private: settings.allow_private,
            hosts: settings.resolver.clone(),
        })
        .user_agent(concat!("Waypoint-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("webhook HTTP client: {e}"))?;
    let deliverer = Arc::new(Deliverer {
        db,
        metrics,
        client,
        schedule: settings.schedule(),
        allow_private: settings.allow_private,
        poll: settings.poll_interval(),
        lease: settings.lease(),
    });
    let handle = DelivererHandle {
        stop: Arc::new(AtomicBool::new(false)),
        wake: Arc::new(tokio::sync::Notify::new()),
        stopped: Arc::new(AtomicBool::new(false)),
    };
    actix_web::rt::spawn(run(deliverer, handle.clone()));
    Ok(handle)
}

async fn run(deliverer: Arc<Deliverer>, handle: DelivererHandle) {
    while !handle.stop.load(Ordering::SeqCst) {
        // A write: through the one writer on SQLite, like every other.
        let claimed = deliverer
            .db
            .write({
                let lease = deliverer.lease;
                move |conn| Ok(store::claim_due(conn, Utc::now(), lease, BATCH)?)
            })
            .await;
        match claimed {
            Ok(batch) if !batch.is_empty() => {
                let renewing = actix_web::rt::spawn(keep_lease(
                    deliverer.clone(),
                    batch[0].lease_token.clone(),
                ));
                let sends: Vec<_> = batch
                    .into_iter()
                    .map(|c| actix_web::rt::spawn(deliver(deliverer.clone(), c)))
                    .collect();
                for send in sends {
                    let _ = send.await;
                }
                renewing.abort();
                // More may be due: look again at once.
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = ?e, "webhook deliveries could not be claimed; will retry")
            }
        }
        tokio::select! {
            _ = actix_web::rt::time::sleep(deliverer.poll) => {}
            _ = handle.wake.notified() => {}
        }
    }
    handle.stopped.store(true, Ordering::SeqCst);
}

/// Renews the batch's claims every third of the lease while its sends are in flight, so
/// a slow receiver never makes another instance send the same delivery, while the claims
/// of an instance that died pass on within one lease.
async fn keep_lease(deliverer: Arc<Deliverer>, token: String) {
    loop {
        actix_web::rt::time::sleep(deliverer.lease / 3).await;
        let token = token.clone();
        let lease = deliverer.lease;
        let renewed = deliverer
            .db
            .write(move |conn| Ok(store::renew_lease(conn, &token, Utc::now(), lease)?))
            .await;
        if let Err(e) = renewed {
            tracing::warn!(error = ?e, "webhook claims could not be renewed; another instance may send them too");
        }
    }
}

/// What came back from one POST.
struct Answer {
    status: Option<u16>,
    retry_after: Option<Duration>,
    error: Option<String>,
    /// The body may have reached the receiver: it answered, or the failure came after
    /// connecting. What a detailed body disclosed is then recorded.
    reached: bool,
}

/// The body for this attempt, detailed where the endpoint asked and consent allows now.
async fn prepare(deliverer: &Deliverer, claimed: &Claimed) -> Result<Outgoing, String> {
    if !claimed.detail {
        return Ok(detail::thin(claimed));
    }
    let claimed = claimed.clone();
    deliverer
        .db
        .read(move |conn| detail::outgoing(conn, &claimed, Utc::now()))
        .await
        .map_err(|e| e.to_string())
}

async fn deliver(deliverer: Arc<Deliverer>, claimed: Claimed) {
    let attempted_at = clock::now();
    let started = Instant::now();
    let (answer, disclosure) = match prepare(&deliverer, &claimed).await {
        Ok(outgoing) => (
            send(&deliverer, &claimed, outgoing.body).await,
            outgoing.disclosure,
        ),
        // Nothing is sent when consent could not be read: the attempt fails and is retried.
        Err(e) => (
            Answer {
                status: None,
                retry_after: None,
                error: Some(format!("the event could not be prepared: {e}")),
                reached: false,
            },
            None,
        ),
    };
    let attempts_made = usize::try_from(claimed.attempts_made).unwrap_or(0) + 1;
    let decision = schedule::decide(
        answer.status,
        answer.retry_after,
        attempts_made,
        &deliverer.schedule,
        jitter(),
    );
    let outcome = match decision {
        Decision::Delivered => "delivered",
        Decision::Gone => "gone",
        Decision::GiveUp => "failed",
        Decision::RetryIn(_) => "retry",
    };
    deliverer
        .metrics
        .observe_webhook_attempt(outcome, started.elapsed());
    let after = match decision {
        Decision::Delivered => After::Succeeded,
        Decision::Gone => After::Gone,
        Decision::GiveUp => After::Failed,
        Decision::RetryIn(delay) => After::RetryAt(clock::format(
            Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default(),
        )),
    };
    // Ids and outcome only: payloads and URLs (which may carry tokens) stay out of logs.
    tracing::info!(
        delivery = %claimed.delivery_id,
        endpoint = %claimed.endpoint_id,
        event = %claimed.event_id,
        attempt = attempts_made,
        status = ?answer.status,
        outcome = ?decision,
        "webhook attempt"
    );
    let record = AttemptRecord {
        attempted_at,
        status_code: answer.status.map(i32::from),
        error: answer.error,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    };
    let disclosure = disclosure.filter(|_| answer.reached);
    let recorded = deliverer
        .db
        .write(move |conn| {
            Ok(store::record_attempt(
                conn,
                &claimed,
                &record,
                &after,
                disclosure.as_ref(),
            )?)
        })
        .await;
    match recorded {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            "webhook attempt not recorded: its lease ended or its endpoint was deleted"
        ),
        Err(e) => {
            tracing::error!(error = ?e, "webhook attempt not recorded; it will be retried when its lease ends")
        }
    }
}

/// POSTs the signed body and tells what came back.
async fn send(deliverer: &Deliverer, claimed: &Claimed, body: String) -> Answer {
    match post(deliverer, claimed, body).await {
        Ok((status, retry_after)) => Answer {
            status: Some(status),
            retry_after,
            error: (!(200..300).contains(&status))
                .then(|| format!("the receiver answered {status}")),
            reached: true,
        },
        Err((error, reached)) => Answer {
            status: None,
            retry_after: None,
            error: Some(error),
            reached,
        },
    }
}

/// The status and any `Retry-After`; or why there was no answer, and whether the body
/// may have been sent all the same.
async fn post(
    deliverer: &Deliverer,
    claimed: &Claimed,
    body: String,
) -> Result<(u16, Option<Duration>), (String, bool)> {
    let refused = |e: String| (e, false);
    let url = url_policy::parse(&claimed.url).map_err(refused)?;
    // Names are checked by the client's resolver as it connects; IP literals never reach
    // a resolver, so they are checked here.
    let host = url.host_str().unwrap_or_default();
    if let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        url_policy::check_address(ip, deliverer.allow_private).map_err(refused)?;
    }
    let timestamp = Utc::now().timestamp();
    let secrets: Vec<&str> = claimed.secrets.iter().map(String::as_str).collect();
    let signature = signing::signature_header(&secrets, &claimed.event_id, timestamp, &body);
    let response = deliverer
        .client
        .post(url)
        .header("webhook-id", &claimed.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| {
            let reached = !e.is_connect() && !e.is_builder();
            (describe(e), reached)
        })?;
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| schedule::parse_retry_after(v, Utc::now()));
    Ok((response.status().as_u16(), retry_after))
}

/// Why no answer came, without the URL (it may carry a token).
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("no answer within {} s", REQUEST_TIMEOUT.as_secs());
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.chars().take(500).collect()
}

/// A random number in [-1, 1] to spread retries.
fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.0;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX) * 2.0 - 1.0
}
