//! Each connection's first request line, read and checked before actix parses it. Actix
//! answers a target it cannot parse (over 64 KiB, or a raw byte outside ASCII) with an
//! empty 400 and a request line that never ends with an empty 408; read here first, they
//! are problems like every other answer. Later requests on a kept-alive connection go
//! to actix directly (`routes::limits::refuse_bad_targets` checks those it can parse).

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
use crate::limits::target::{MAX_URI_BYTES, check_target};
use crate::limits::{target_problem, timed_out};

/// The longest request line read before deciding it is too long: the target's limit and
/// room for the method and the version.
const MAX_LINE_BYTES: usize = MAX_URI_BYTES + 64;

/// How long a refusal may take to send to a client that does not read it.
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
enum FirstLine {
    /// A request line that may go on to actix.
    Fine,
    /// Nothing was sent, or the client left: close without a word.
    Nothing,
    Refused(ApiError),
}

/// Reads the connection's first request line within `wait` and hands the connection
/// on, or answers the problem with it and closes.
pub async fn screen(
    io: TcpStream,
    wait: Duration,
) -> Result<(Screened, Option<SocketAddr>), io::Error> {
    let peer = io.peer_addr().ok();
    let mut read_ahead = Vec::new();
    let verdict = read_first_line(&io, &mut read_ahead, wait).await;
    match verdict {
        FirstLine::Fine => Ok((
            Screened {
                read_ahead,
                at: 0,
                io,
            },
            peer,
        )),
        FirstLine::Nothing => Err(io::ErrorKind::ConnectionAborted.into()),
        FirstLine::Refused(problem) => {
            tracing::info!(
                target: "waypoint::request",
                status = problem.status_code().as_u16(),
                "request refused before it was parsed"
            );
            let _ = timeout(WRITE_TIMEOUT, write_all(&io, &answer(&problem))).await;
            Err(io::ErrorKind::InvalidData.into())
        }
    }
}

async fn read_first_line(io: &TcpStream, read: &mut Vec<u8>, wait: Duration) -> FirstLine {
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(verdict) = judge(read) {
            return verdict;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if timeout(left, io.readable()).await.is_err() {
            return if read.is_empty() {
                FirstLine::Nothing
            } else {
                FirstLine::Refused(timed_out("request line", wait))
            };
        }
        match io.try_read(&mut chunk) {
            Ok(0) => return FirstLine::Nothing,
            Ok(n) => read.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return FirstLine::Nothing,
        }
    }
}

/// The verdict on what was read so far, or `None` while the request line is not complete.
fn judge(read: &[u8]) -> Option<FirstLine> {
    // Empty lines before a request are allowed (RFC 9112 §2.2).
    let start = read.iter().position(|&b| b != b'\r' && b != b'\n')?;
    let line = &read[start..];
    let Some(end) = line.iter().position(|&b| b == b'\n') else {
        return (line.len() > MAX_LINE_BYTES).then(|| {
            FirstLine::Refused(target_problem(
                crate::limits::target::TargetFault::TooLong { bytes: line.len() },
            ))
        });
    };
    let line = line[..end].strip_suffix(b"\r").unwrap_or(&line[..end]);
    let mut parts = line.split(|&b| b == b' ');
    let (Some(_method), Some(target)) = (parts.next(), parts.next()) else {
        // Not a request line: actix answers that.
        return Some(FirstLine::Fine);
    };
    Some(match check_target(target) {
        Ok(()) => FirstLine::Fine,
        Err(fault) => FirstLine::Refused(target_problem(fault)),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_status(read: &[u8]) -> Option<u16> {
        match judge(read)? {
            FirstLine::Refused(p) => Some(p.status_code().as_u16()),
            _ => Some(0),
        }
    }

    #[test]
    fn a_line_is_judged_once_it_ends() {
        assert!(judge(b"GET /v1/search?q=fo").is_none());
        assert_eq!(
            refused_status(b"GET /v1/search?q=food HTTP/1.1\r\n"),
            Some(0)
        );
        assert_eq!(
            refused_status(b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(0)
        );
        assert_eq!(
            refused_status(b"GET /v1/search?q=\xff HTTP/1.1\r\n"),
            Some(400)
        );
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
