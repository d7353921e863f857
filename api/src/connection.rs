//! Each connection's first request head, read and checked before actix parses it. Actix
//! answers a target it cannot parse (over 64 KiB, or a raw byte outside ASCII) with an
//! empty 400, a head over 128 KiB with an empty 431 and one that never ends with an empty
//! 408; read here first, they are problems like every other answer. Later requests on a
//! kept-alive connection go to actix directly (`routes::traffic::refuse_bad_targets`
//! checks those it can parse).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::ResponseError;
use actix_web::rt::net::TcpStream;
use actix_web::rt::time::{Instant, timeout};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::ApiError;
use crate::problems::ProblemType;
use crate::traffic::target::{MAX_URI_BYTES, TargetFault, check_target};
use crate::traffic::{target_problem, timed_out};

/// The longest request line read before deciding it is too long: the target's limit and
/// room for the method and the version.
const MAX_LINE_BYTES: usize = MAX_URI_BYTES + 64;

/// The longest request head read before refusing it: actix-http's own limit (its
/// `MAX_BUFFER_SIZE`), so the first request of a connection and the later ones are held
/// to the same.
const MAX_HEAD_BYTES: usize = 128 * 1024;

/// How long a refusal may take to send to a client that does not read it, and then how
/// long the rest of its request is read and dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// A connection whose first bytes were read ahead: they are read again first.
pub struct Screened {
    read_ahead: Vec<u8>,
    at: usize,
    io: TcpStream,
}

impl AsyncRead for Screened {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.at < this.read_ahead.len() {
            let rest = &this.read_ahead[this.at..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.at += n;
            if this.at == this.read_ahead.len() {
                this.read_ahead = Vec::new();
                this.at = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Screened {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// What the first bytes of a connection turned out to be.
enum FirstHead {
    /// A request head that may go on to actix.
    Fine,
    /// Nothing was sent, or the client left: close without a word.
    Nothing,
    Refused(ApiError),
}

/// Reads the connection's first request head within `wait` and hands the connection
/// on, or answers the problem with it and closes.
pub async fn screen(
    io: TcpStream,
    wait: Duration,
) -> Result<(Screened, Option<SocketAddr>), io::Error> {
    let peer = io.peer_addr().ok();
    let mut read_ahead = Vec::new();
    let verdict = read_first_head(&io, &mut read_ahead, wait).await;
    match verdict {
        FirstHead::Fine => Ok((
            Screened {
                read_ahead,
                at: 0,
                io,
            },
            peer,
        )),
        FirstHead::Nothing => Err(io::ErrorKind::ConnectionAborted.into()),
        FirstHead::Refused(problem) => {
            tracing::info!(
                target: "waypoint::request",
                status = problem.status_code().as_u16(),
                "request refused before it was parsed"
            );
            let mut io = io;
            let _ = timeout(WRITE_TIMEOUT, write_all(&io, &answer(&problem))).await;
            let _ = timeout(WRITE_TIMEOUT, close_after_reading(&mut io)).await;
            Err(io::ErrorKind::InvalidData.into())
        }
    }
}

async fn read_first_head(io: &TcpStream, read: &mut Vec<u8>, wait: Duration) -> FirstHead {
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(verdict) = judge(read) {
            return verdict;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if timeout(left, io.readable()).await.is_err() {
            return if read.is_empty() {
                FirstHead::Nothing
            } else {
                FirstHead::Refused(timed_out("line and headers", wait))
            };
        }
        match io.try_read(&mut chunk) {
            Ok(0) => return FirstHead::Nothing,
            Ok(n) => read.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return FirstHead::Nothing,
        }
    }
}

/// The verdict on what was read so far, or `None` while the head is not complete. A bad
/// request line is refused as soon as it ends, before its headers come.
fn judge(read: &[u8]) -> Option<FirstHead> {
    // Empty lines before a request are allowed (RFC 9112 §2.2).
    let start = read.iter().position(|&b| b != b'\r' && b != b'\n')?;
    let head = &read[start..];
    let Some(end) = head.iter().position(|&b| b == b'\n') else {
        return (head.len() > MAX_LINE_BYTES).then(|| {
            FirstHead::Refused(target_problem(TargetFault::TooLong { bytes: head.len() }))
        });
    };
    let line = head[..end].strip_suffix(b"\r").unwrap_or(&head[..end]);
    let mut parts = line.split(|&b| b == b' ');
    if let (Some(_method), Some(target)) = (parts.next(), parts.next())
        && let Err(fault) = check_target(target)
    {
        return Some(FirstHead::Refused(target_problem(fault)));
    }
    if head.windows(4).any(|w| w == b"\r\n\r\n") || head.windows(2).any(|w| w == b"\n\n") {
        return Some(FirstHead::Fine);
    }
    (head.len() > MAX_HEAD_BYTES).then(|| FirstHead::Refused(headers_too_large()))
}

fn headers_too_large() -> ApiError {
    ApiError::rule(
        ProblemType::HeadersTooLarge,
        format!("the request's line and headers are longer than {MAX_HEAD_BYTES} bytes"),
    )
    .with("max_bytes", MAX_HEAD_BYTES)
}

/// The whole HTTP answer for a problem, with the headers every answer carries.
fn answer(problem: &ApiError) -> Vec<u8> {
    let status = problem.status_code();
    let body = problem.body().to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\nreferrer-policy: no-referrer\r\ncontent-security-policy: {}\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len(),
        crate::routes::API_POLICY,
    )
    .into_bytes()
}

async fn write_all(io: &TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        io.writable().await?;
        match io.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ends the answer, then reads (and drops) what the client is still sending until it
/// closes: closing with unread bytes would reset the connection, and a reset can make the
/// client lose the answer before reading it.
async fn close_after_reading(io: &mut TcpStream) -> io::Result<()> {
    std::future::poll_fn(|cx| Pin::new(&mut *io).poll_shutdown(cx)).await?;
    let mut sink = [0u8; 8192];
    loop {
        io.readable().await?;
        match io.try_read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_status(read: &[u8]) -> Option<u16> {
        match judge(read)? {
            FirstHead::Refused(p) => Some(p.status_code().as_u16()),
            _ => Some(0),
        }
    }

    #[test]
    fn a_head_is_judged_once_it_ends_and_a_bad_line_at_once() {
        assert!(judge(b"GET /v1/search?q=fo").is_none());
        assert!(judge(b"GET /v1/search?q=food HTTP/1.1\r\nHost: x\r\n").is_none());
        assert_eq!(
            refused_status(b"GET /v1/search?q=food HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(0)
        );
        assert_eq!(
            refused_status(b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n{}"),
            Some(0)
        );
        assert_eq!(
            refused_status(b"GET /v1/search?q=\xff HTTP/1.1\r\n"),
            Some(400)
        );
    }

    #[test]
    fn a_head_over_the_limit_is_refused() {
        let mut head = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        head.extend(std::iter::repeat_n(b'a', MAX_HEAD_BYTES));
        assert_eq!(refused_status(&head), Some(431));
    }

    #[test]
    fn a_long_line_is_refused_before_it_ends() {
        let mut line = b"GET /v1/search?q=".to_vec();
        line.extend(std::iter::repeat_n(b'a', MAX_LINE_BYTES));
        assert_eq!(refused_status(&line), Some(414));
    }

    #[test]
    fn the_answer_is_a_whole_problem_response() {
        let text = String::from_utf8(answer(&timed_out("body", Duration::from_secs(2)))).unwrap();
        assert!(
            text.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
            "{text}"
        );
        let (_, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(text.contains(&format!("content-length: {}\r\n", body.len())));
        let problem: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(problem["timeout_seconds"], 2);
    }
}
