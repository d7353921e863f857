//! The architecture's one rule, checked: in each crate a module imports only from its own
//! layer or the layers below it (model → store → index/search → HTTP, see
//! `docs/architecture.md`). A module no layer names fails the check, so a new one is placed
//! on purpose. Test modules (from `#[cfg(test)]` on) may reach anywhere.

use std::path::{Path, PathBuf};

/// The indexer's layers, top first.
const INDEXER: &[&[&str]] = &[
    // Programs and wiring: the command line, loading, generating benchmark data, the
    // built-in lines, test support.
    &[
        "main", "config", "generate", "loader", "national", "stats", "testing",
    ],
    &["search"],
    &["index"],
    &["store"],
    &["import"],
    &["model", "geo", "params"],
    &["error", "redact", "memory"],
];

/// The API's layers, top first.
const API: &[&[&str]] = &[
    &["main", "startup", "connection", "cli", "config", "seed"],
    // HTTP: handlers, the document, the error's HTTP face.
    &["routes", "openapi", "web"],
    // Domain areas; they may use one another.
    &[
        "audit",
        "auth",
        "capacity",
        "consent",
        "coordination",
        "disclosures",
        "events",
        "idempotency",
        "monitoring",
        "partners",
        "referrals",
        "search",
        "waitlists",
        "webhooks",
    ],
    // What every area stands on: the database handle, the writer, errors, the clock.
    &[
        "db", "state", "health", "writer", "error", "problems", "clock", "schema", "limits",
        "keywords", "traffic", "metrics",
    ],
];

/// Files allowed to reach up, each for a stated reason.
const EXCEPTIONS: &[(&str, &str)] = &[(
    "api/src/error/domain.rs",
    "maps each domain error to its problem once, beside the error type the domain returns",
)];

/// Root macros (`crate::with_conn!`) are not modules.
const MACROS: &[&str] = &["with_conn", "backend_tests"];

fn layer_of(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's non-test code names through `crate::`, with `use
/// crate::{a, b::c}` groups opened.
fn crate_imports(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` in a macro is the crate the macro is used in, not this one.
        if code[..at].ends_with('$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its own commas, not those of nested groups.
            let (mut depth, mut items, mut item) = (0, Vec::new(), String::new());
            for c in group.chars() {
                match c {
                    '}' if depth == 0 => break,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ => {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        item.push(c);
                    }
                }
            }
            items.push(item);
            found.extend(items.iter().map(|i| leading_name(i.trim())));
        } else {
            found.push(leading_name(rest));
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn leading_name(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every import that reaches up a layer, or names a module no layer holds.
fn violations(krate: &str, layers: &[&[&str]]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative.components().next().expect("a path");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" {
            continue;
        }
        let Some(own) = layer_of(layers, &module) else {
            wrong.push(format!("{krate}/src/{module}: in no layer"));
            continue;
        };
        let shown = Path::new(krate).join("src").join(relative);
        if EXCEPTIONS
            .iter()
            .any(|(path, _)| Path::new(path) == shown.as_path())
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for used in crate_imports(&text) {
            if used == module || MACROS.contains(&used.as_str()) {
                continue;
            }
            match layer_of(layers, &used) {
                Some(layer) if layer >= own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` imports `{used}`, a layer above it",
                    Path::new(krate).join("src").join(relative).display()
                )),
                None => wrong.push(format!(
                    "{}: imports `{used}`, in no layer",
                    Path::new(krate).join("src").join(relative).display()
                )),
            }
        }
    }
    wrong
}

#[test]
fn indexer_modules_import_only_their_layer_or_below() {
    let wrong = violations("indexer", INDEXER);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn api_modules_import_only_their_layer_or_below() {
    let wrong = violations("api", API);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_imports_that_reach_up() {
    let source = "use crate::{model, search::{Hit, hits::x}, store as s};\nuse crate::store::Store;\n\
                  fn f() { $crate::x(); }\n#[cfg(test)]\nmod tests { use crate::routes; }";
    assert_eq!(crate_imports(source), ["model", "search", "store", "store"]);
}
