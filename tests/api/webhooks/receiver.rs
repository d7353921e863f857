//! A webhook receiver for the tests: an actix-web server on 127.0.0.1 port 0 that records
//! each request's Standard Webhooks headers and body and answers from a script.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
struct ReceiverState {
    /// Answers to give, in order (status, Retry-After); 200 once they run out.
    script: VecDeque<(u16, Option<&'static str>)>,
    received: Vec<Received>,
    /// How long each answer takes.
    delay: Duration,
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<ReceiverState>>,
}

impl Receiver {
    pub async fn start(script: &[(u16, Option<&'static str>)]) -> Receiver {
        Receiver::answering_after(script, Duration::ZERO).await
    }

    /// A receiver that takes `delay` to answer each request (it records it on arrival).
    pub async fn answering_after(
        script: &[(u16, Option<&'static str>)],
        delay: Duration,
    ) -> Receiver {
        let state = Arc::new(Mutex::new(ReceiverState {
            script: script.iter().copied().collect(),
            received: Vec::new(),
            delay,
        }));
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .expect("receiver binds");
        let port = server.addrs()[0].port();
        actix_web::rt::spawn(server.run());
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks/waypoint"),
            state,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits until `n` requests arrived (or fails the test after `limit`).
    pub async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < limit,
                "expected {n} webhook requests within {limit:?}, got {}",
                got.len()
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<ReceiverState>>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let delay = state.lock().unwrap().delay;
    let mut state = state.lock().unwrap();
    state.received.push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap_or(0),
        signature: header("webhook-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    });
    let (status, retry_after) = state.script.pop_front().unwrap_or((200, None));
    let mut answer = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    if let Some(after) = retry_after {
        answer.insert_header(("retry-after", after));
    }
    drop(state);
    actix_web::rt::time::sleep(delay).await;
    answer.finish()
}
