//! Standard Webhooks signing: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`,
//! keyed by the base64-decoded bytes of the `whsec_` secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SECRET_PREFIX: &str = "whsec_";

/// A new secret (32 random bytes), to be shown once.
pub fn generate_secret() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random bytes: {e}"))?;
    Ok(format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes)))
}

/// One `v1,…` signature, or `None` when the secret is not `whsec_` + base64.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The `webhook-signature` header: one signature per secret, space-separated, so a
/// receiver still holding the previous secret verifies during a rotation.
pub fn signature_header(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|s| sign(s, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a receiver does: does any signature in the header match this secret?
pub fn verify(secret: &str, id: &str, timestamp: i64, body: &str, header: &str) -> bool {
    let Some(key) = secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|s| STANDARD.decode(s).ok())
    else {
        return false;
    };
    header.split(' ').any(|candidate| {
        let Some(sig) = candidate
            .strip_prefix("v1,")
            .and_then(|s| STANDARD.decode(s).ok())
        else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key) else {
            return false;
        };
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        // Constant-time comparison.
        mac.verify_slice(&sig).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &str = r#"{"test": 2432232314}"#;

    #[test]
    fn matches_the_standard_webhooks_reference_vector() {
        assert_eq!(
            sign(SECRET, ID, TIMESTAMP, BODY).unwrap(),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert!(verify(
            SECRET,
            ID,
            TIMESTAMP,
            BODY,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        ));
    }

    #[test]
    fn a_changed_body_id_or_timestamp_does_not_verify() {
        let header = signature_header(&[SECRET], ID, TIMESTAMP, BODY);
        assert!(verify(SECRET, ID, TIMESTAMP, BODY, &header));
        assert!(!verify(SECRET, ID, TIMESTAMP, r#"{"test": 1}"#, &header));
        assert!(!verify(SECRET, "msg_other", TIMESTAMP, BODY, &header));
        assert!(!verify(SECRET, ID, TIMESTAMP + 1, BODY, &header));
    }

    #[test]
    fn during_a_rotation_both_secrets_verify() {
        let new = generate_secret().unwrap();
        let header = signature_header(&[&new, SECRET], ID, TIMESTAMP, BODY);
        assert_eq!(header.split(' ').count(), 2);
        assert!(verify(&new, ID, TIMESTAMP, BODY, &header));
        assert!(verify(SECRET, ID, TIMESTAMP, BODY, &header));
        let other = generate_secret().unwrap();
        assert!(!verify(&other, ID, TIMESTAMP, BODY, &header));
    }

    #[test]
    fn secrets_are_whsec_and_32_random_bytes() {
        let a = generate_secret().unwrap();
        let b = generate_secret().unwrap();
        assert_ne!(a, b);
        let bytes = STANDARD
            .decode(a.strip_prefix(SECRET_PREFIX).unwrap())
            .unwrap();
        assert_eq!(bytes.len(), 32);
        assert!(sign("not-a-secret", ID, TIMESTAMP, BODY).is_none());
    }
}
