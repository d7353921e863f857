//! Throwaway databases for tests: a SQLite file in a temporary folder, or a freshly
//! created PostgreSQL database that is dropped afterwards. Each test gets its own.

use std::path::{Path, PathBuf};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

/// The PostgreSQL server tests create their databases on.
pub fn postgres_server_url() -> String {
    std::env::var("WAYPOINT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database (and an index folder beside it), removed on drop.
pub struct TestDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub fn new(backend: TestBackend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            TestBackend::Sqlite => TestDatabase {
                url: format!("sqlite://{}", dir.path().join("waypoint.db").display()),
                dir,
                postgres_name: None,
            },
            TestBackend::Postgres => {
                let name = format!("waypoint_test_{}", uuid::Uuid::new_v4().simple());
                let server = postgres_server_url();
                let mut admin = PgConnection::establish(&format!("{server}/postgres"))
                    .unwrap_or_else(|e| {
                        panic!("PostgreSQL at {server} is needed for this test: {e}")
                    });
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create test database");
                TestDatabase {
                    url: format!("{server}/{name}"),
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name
            && let Ok(mut admin) =
                PgConnection::establish(&format!("{}/postgres", postgres_server_url()))
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Declares one test per backend: `backend_tests!(fn name(db) { ... })` makes
/// `name::sqlite` and `name::postgres`, each with its own fresh database.
#[macro_export]
macro_rules! backend_tests {
    ($(fn $name:ident($db:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                fn run($db: &$crate::testing::TestDatabase) $body
                #[test]
                fn sqlite() {
                    run(&$crate::testing::TestDatabase::new($crate::testing::TestBackend::Sqlite));
                }
                #[test]
                fn postgres() {
                    run(&$crate::testing::TestDatabase::new($crate::testing::TestBackend::Postgres));
                }
            }
        )*
    };
}

/// `../shared/datasets` beside the checkout, when it is there.
pub fn shared_datasets() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets");
    dir.is_dir().then(|| dir.canonicalize().unwrap_or(dir))
}

/// The project's own fixtures, in every format.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}
