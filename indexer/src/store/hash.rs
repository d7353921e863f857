//! Content hashes: a record whose hash is unchanged is not rewritten on reload.

use serde::Serialize;
use sha2::{Digest, Sha256};

pub fn of<T: Serialize>(value: &T) -> String {
    let bytes = serde_json::to_vec(value).expect("model values serialise");
    let digest = Sha256::digest(&bytes);
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
