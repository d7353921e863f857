//! Rebuilds the crate when a migration folder is added (`embed_migrations!` reads
//! `../migrations` at compile time, and cargo does not see new folders on its own), and
//! stamps the build with a digest of the importers and the data they map with, so that a
//! load can tell a file read by this very build from one read by another.

use std::hash::Hasher;
use std::path::Path;

const READ_WITH: [&str; 3] = ["src/import", "src/model", "../seed-data"];

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    for dir in READ_WITH {
        println!("cargo:rerun-if-changed={dir}");
        hash_tree(Path::new(dir), &mut digest);
    }
    println!(
        "cargo:rustc-env=WAYPOINT_IMPORT_DIGEST={:016x}",
        digest.finish()
    );
}

/// Every file's path and bytes, in name order.
fn hash_tree(path: &Path, digest: &mut impl Hasher) {
    if path.is_file() {
        digest.write(path.to_string_lossy().as_bytes());
        digest.write(&std::fs::read(path).unwrap_or_default());
        return;
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for entry in entries {
        hash_tree(&entry, digest);
    }
}
