//! Rebuilds the crate when a migration folder is added: `embed_migrations!` reads
//! `../migrations` at compile time, and cargo does not see new folders on its own.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
