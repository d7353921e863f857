//! The generator's promises: the same bytes for the same seed, files the real loader takes
//! whole, and the categories in their shares.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{GenerateRequest, SHARES, generate};
use crate::import;
use crate::loader::{self, LoadRequest};
use crate::model::CategoryMap;
use crate::store::{Store, read};
use crate::testing::{TestBackend, TestDatabase};

fn run(services: u64, seed: u64, per_file: usize, out: &Path) -> Vec<PathBuf> {
    let report = generate(&GenerateRequest {
        services,
        seed,
        out: out.to_path_buf(),
        per_file,
    })
    .unwrap();
    assert_eq!(report.services, services);
    assert!(report.files.iter().all(|f| f.services <= per_file));
    assert_eq!(
        report.files.iter().map(|f| f.services as u64).sum::<u64>(),
        services
    );
    report.files.into_iter().map(|f| f.path).collect()
}

fn bytes(paths: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let dir = tempfile::tempdir().unwrap();
    let a = bytes(&run(300, 17, 100, &dir.path().join("a")));
    let b = bytes(&run(300, 17, 100, &dir.path().join("b")));
    let c = bytes(&run(300, 18, 100, &dir.path().join("c")));
    // At most 100 a file, and an organization's services never split between two.
    assert!((3..=4).contains(&a.len()), "{} files", a.len());
    assert_eq!(a[0].0, "generated-00001.json");
    assert!(a == b, "same seed, different bytes");
    assert!(a.iter().zip(&c).all(|(x, y)| x.1 != y.1));
}

#[test]
fn an_existing_folder_with_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.json"), "[]").unwrap();
    let refused = generate(&GenerateRequest {
        services: 1,
        seed: 1,
        out: dir.path().to_path_buf(),
        per_file: 10,
    });
    assert!(refused.is_err());
}

#[test]
fn the_loader_takes_every_record_and_the_listings_are_complete() {
    let db = TestDatabase::new(TestBackend::Sqlite);
    let paths = run(300, 42, 120, &db.path().join("generated"));
    let store = Store::open(&db.url).unwrap();
    let report = loader::load(
        &store,
        &db.index_dir(),
        &LoadRequest {
            paths,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        report.issues.is_empty(),
        "{:?}",
        &report.issues[..3.min(report.issues.len())]
    );
    for s in &report.sources {
        assert_eq!((s.skipped, s.warnings, s.uncategorized), (0, 0, 0), "{s:?}");
        assert_eq!(s.format, "hsds-json");
    }
    assert_eq!(report.sources.iter().map(|s| s.new).sum::<usize>(), 300);
    let listings = read::listings(&mut store.connect().unwrap(), None).unwrap();
    // One listing per service: a hybrid meeting's online room is not listed apart.
    assert_eq!(listings.len(), 300);
    assert_eq!(report.index.map(|i| i.documents), Some(300));

    let has = |what: &dyn Fn(&read::Listing) -> bool| listings.iter().filter(|l| what(l)).count();
    let term = |l: &read::Listing, t: &str| l.filters.terms.iter().any(|x| x == t);
    assert!(has(&|l| l.categories.is_empty()) == 0);
    assert!(has(&|l| term(l, "fellowship:aa")) > 30);
    assert!(has(&|l| term(l, "free:true")) > 100);
    assert!(has(&|l| term(l, "accepts:medicaid")) > 10);
    assert!(has(&|l| term(l, "attendance:online")) > 5);
    assert!(has(&|l| l.join.as_ref().is_some_and(|j| j.url.is_some())) > 5);
    assert!(has(&|l| l.languages.iter().any(|c| c == "es")) > 20);
    assert!(has(&|l| !l.service_areas.is_empty()) > 5);
    assert!(has(&|l| l.schedules.iter().any(|s| s.opens_at.is_some())) > 250);
    assert!(has(&|l| l.postal_code.as_deref().is_some_and(|z| z.len() == 5)) > 250);
    assert!(has(&|l| l.time_zone.is_some()) > 280);
}

#[test]
fn categories_come_in_their_shares() {
    let dir = tempfile::tempdir().unwrap();
    let paths = run(3000, 5, 20_000, dir.path());
    let parsed = import::read_source("generated", &paths, None, &CategoryMap::shipped()).unwrap();
    assert!(parsed.issues.is_empty(), "{:?}", &parsed.issues[..1]);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &parsed.records {
        for c in &r.service.categories {
            *counts.entry(c.slug().to_string()).or_default() += 1;
        }
    }
    for (share, category) in SHARES {
        let got = counts.get(category.slug()).copied().unwrap_or(0) as f64 / 30.0;
        // A co-occurring clinic counts in two categories, so shares may run a little over.
        assert!(
            (got - f64::from(share)).abs() <= 4.0,
            "{category}: {got:.1}% for a target of {share}% ({counts:?})"
        );
    }
}
