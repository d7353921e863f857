//! Content fingerprints: a record whose fingerprint is unchanged is not rewritten on
//! reload.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Streams the value's JSON form into the hasher, without building it in memory.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn of<T: Serialize>(value: &T) -> String {
    let mut w = HashWriter(Sha256::new());
    serde_json::to_writer(&mut w, value).expect("model values serialise");
    w.0.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs `f` over `items` on every core, keeping the order: parsing and fingerprinting a
/// large feed is CPU work that splits cleanly by record.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 256 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(|| c.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    })
}
