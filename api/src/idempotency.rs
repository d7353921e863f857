//! IETF Idempotency-Key for POSTs: a key is claimed (and committed) before the work, so a
//! concurrent duplicate sees it in flight (409); the work's transaction stores the answer,
//! which a repeat with the same body gets again; another body under the key is a 422.

use actix_web::http::StatusCode;
use chrono::Duration;
use diesel::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::idempotency_keys;
use waypoint_indexer::with_conn;

use crate::clock;
use crate::error::ApiError;
use crate::problems::ProblemType;

/// A claim older than this with no answer is taken to be from a request that died.
const ABANDONED_AFTER: Duration = Duration::seconds(60);

/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 255;

/// A request's identity: the SHA-256 of its target and its body with object keys sorted,
/// so formatting and key order do not matter.
pub fn fingerprint(target: &str, body: &Value) -> String {
    fn canonical(v: &Value, out: &mut String) {
        match v {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    canonical(&map[k], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut text = format!("{target}\n");
    canonical(body, &mut text);
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an earlier use of a key means for this request.
#[derive(Debug, PartialEq)]
pub enum Claim {
    /// First use: do the work.
    New,
    /// Same key and body, answered before: send this again.
    Replay { status: u16, body: String },
}

/// Whether an earlier record under a key lets this request go on.
pub fn compare(
    stored_fingerprint: &str,
    answer: Option<(u16, String)>,
    fingerprint: &str,
) -> Result<Claim, ApiError> {
    if stored_fingerprint != fingerprint {
        return Err(ApiError::rule(
            ProblemType::IdempotencyKeyReused,
            "this Idempotency-Key was used with a different request body; use a new key for a new request",
        ));
    }
    match answer {
        Some((status, body)) => Ok(Claim::Replay { status, body }),
        None => Err(ApiError::rule(
            ProblemType::IdempotencyKeyInFlight,
            "a request with this Idempotency-Key is still being processed; retry later",
        )),
    }
}

/// Claims `key` for this partner in its own transaction (committed at once).
pub fn claim(
    conn: &mut DbConnection,
    partner_id: &str,
    key: &str,
    fingerprint: &str,
) -> Result<Claim, ApiError> {
    let now = clock::now();
    let inserted = with_conn!(&mut *conn, |c| diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::partner_id.eq(partner_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::created_at.eq(&now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    if inserted == 1 {
        return Ok(Claim::New);
    }
    let row: Option<(String, Option<i32>, Option<String>, String)> =
        with_conn!(&mut *conn, |c| idempotency_keys::table
            .find((partner_id, key))
            .select((
                idempotency_keys::fingerprint,
                idempotency_keys::response_status,
                idempotency_keys::response_body,
                idempotency_keys::created_at,
            ))
            .first(c)
            .optional())?;
    let Some((stored, status, body, created_at)) = row else {
        // Released between our insert and read: try once more.
        return claim(conn, partner_id, key, fingerprint);
    };
    let answer = status.zip(body).map(|(s, b)| (s as u16, b));
    let abandoned = answer.is_none()
        && clock::parse(&created_at).is_some_and(|t| t + ABANDONED_AFTER < chrono::Utc::now());
    if abandoned && stored == fingerprint {
        release(conn, partner_id, key)?;
        return claim(conn, partner_id, key, fingerprint);
    }
    compare(&stored, answer, fingerprint)
}

/// The answer to an idempotent request: first-time or replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

/// Runs `work` once per (partner, key): claims the key, runs the work and stores its
/// answer in one transaction, or replays the answer stored before. A failure frees the
/// claim, so the client may fix the problem and retry under the same key.
pub fn once(
    conn: &mut DbConnection,
    partner_id: &str,
    key: &str,
    fingerprint: &str,
    work: impl FnOnce(&mut DbConnection) -> Result<(u16, String), ApiError>,
) -> Result<Answer, ApiError> {
    if let Claim::Replay { status, body } = claim(conn, partner_id, key, fingerprint)? {
        return Ok(Answer {
            status,
            body,
            replayed: true,
        });
    }
    let result = conn.in_transaction(|conn| {
        let (status, body) = work(conn)?;
        complete(conn, partner_id, key, status, &body)?;
        Ok::<_, ApiError>((status, body))
    });
    match result {
        Ok((status, body)) => Ok(Answer {
            status,
            body,
            replayed: false,
        }),
        Err(e) => {
            if let Err(release) = release(conn, partner_id, key) {
                tracing::warn!(error = %release, "could not release an idempotency claim");
            }
            Err(e)
        }
    }
}

/// The HTTP response for an answer: its status and JSON body, `Location` when `location`
/// finds one in the body, and `Idempotency-Replayed: true` on a replay.
pub fn response(
    answer: Answer,
    location: impl FnOnce(&serde_json::Value) -> Option<String>,
) -> actix_web::HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = actix_web::HttpResponse::build(status);
    response.content_type("application/json");
    if let Some(at) = serde_json::from_str::<Value>(&answer.body)
        .ok()
        .as_ref()
        .and_then(location)
    {
        response.insert_header(("Location", at));
    }
    if answer.replayed {
        response.insert_header(("Idempotency-Replayed", "true"));
    }
    response.body(answer.body)
}

/// The `Idempotency-Key` header of a request, checked.
pub fn key_of(req: &actix_web::HttpRequest) -> Result<String, ApiError> {
    parse_key(
        req.headers()
            .get("Idempotency-Key")
            .and_then(|v| v.to_str().ok()),
    )
}

/// Stores the answer; call it in the work's transaction.
pub fn complete(
    conn: &mut DbConnection,
    partner_id: &str,
    key: &str,
    status: u16,
    body: &str,
) -> QueryResult<()> {
    with_conn!(conn, |c| diesel::update(
        idempotency_keys::table.find((partner_id, key))
    )
    .set((
        idempotency_keys::response_status.eq(Some(status as i32)),
        idempotency_keys::response_body.eq(Some(body)),
    ))
    .execute(c))?;
    Ok(())
}

/// Frees a claim whose work failed, so the client can retry with the same key.
pub fn release(conn: &mut DbConnection, partner_id: &str, key: &str) -> QueryResult<()> {
    with_conn!(conn, |c| diesel::delete(
        idempotency_keys::table
            .find((partner_id, key))
            .filter(idempotency_keys::response_status.is_null())
    )
    .execute(c))?;
    Ok(())
}

/// How long a key is remembered; a repeat after this is a new request.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// Forgets keys older than [`KEPT_FOR`]; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> QueryResult<usize> {
    let cutoff = clock::format(chrono::Utc::now() - KEPT_FOR);
    with_conn!(conn, |c| diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))
    )
    .execute(c))
}

/// Checks an `Idempotency-Key` header value.
pub fn parse_key(header: Option<&str>) -> Result<String, ApiError> {
    let key = header.map(str::trim).unwrap_or_default();
    if key.is_empty() {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            "the Idempotency-Key header is required: a unique value per new request (e.g. a UUID)",
        ));
    }
    if key.len() > MAX_KEY_LEN {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            format!("the Idempotency-Key may be at most {MAX_KEY_LEN} characters"),
        ));
    }
    Ok(key.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_ignore_key_order_but_not_values() {
        let a = json!({"a": 1, "b": {"x": [1, 2], "y": "z"}});
        let b: Value = serde_json::from_str(r#"{ "b": {"y":"z","x":[1,2]}, "a":1 }"#).unwrap();
        assert_eq!(
            fingerprint("/v1/referrals", &a),
            fingerprint("/v1/referrals", &b)
        );
        let c = json!({"a": 1, "b": {"x": [2, 1], "y": "z"}});
        assert_ne!(
            fingerprint("/v1/referrals", &a),
            fingerprint("/v1/referrals", &c)
        );
        assert_ne!(
            fingerprint("/v1/referrals", &a),
            fingerprint("/v1/other", &a)
        );
    }

    #[test]
    fn an_earlier_use_replays_conflicts_or_refuses() {
        assert_eq!(
            compare("f", Some((201, "{}".into())), "f").unwrap(),
            Claim::Replay {
                status: 201,
                body: "{}".into()
            }
        );
        assert_eq!(compare("f", None, "f").unwrap_err().problem().status, 409);
        assert_eq!(
            compare("f", Some((201, "{}".into())), "g")
                .unwrap_err()
                .problem()
                .status,
            422
        );
    }

    #[test]
    fn keys_are_required_and_bounded() {
        assert!(parse_key(None).is_err());
        assert!(parse_key(Some("  ")).is_err());
        assert!(parse_key(Some(&"k".repeat(300))).is_err());
        assert_eq!(parse_key(Some("\"abc\"")).unwrap(), "abc");
    }
}
