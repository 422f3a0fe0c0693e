//! Architecture invariants that the compiler does not check, checked on the source tree:
//! core's modules import each other without a cycle, and no hand-written source file grows past
//! the size at which it should be split (ARCHITECTURE.md, "Architecture invariants").

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Past this many lines a file is split along its sections (generated files excepted).
const MAX_LINES: usize = 600;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ sits in the repository root")
        .to_owned()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "node_modules" | "target" | "dist" | "gen") {
                files_under(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// The top-level module a file of `core/src` belongs to (`pilot/view.rs` → `pilot`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (name != "lib" && name != "main").then_some(name)
}

/// Whether `file` is test code (a `tests.rs` or a file in a `tests/` folder of a module).
fn is_test_file(src: &Path, file: &Path) -> bool {
    file.strip_prefix(src).is_ok_and(|rel| {
        rel.components()
            .any(|c| c.as_os_str() == "tests" || c.as_os_str() == "tests.rs")
    })
}

/// `crate::x` paths in production code: comments, and an inline `#[cfg(test)]` module (by the
/// codebase's convention the last thing in a file), left out.
fn imported_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                out.insert(name);
            }
        }
        // `use crate::{a, b::C}` imports several modules at once.
        if let Some(at) = code.find("crate::{") {
            for part in code[at + "crate::{".len()..].split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                    out.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn core_modules_import_each_other_without_a_cycle() {
    let src = repo_root().join("core/src");
    let mut files = Vec::new();
    files_under(&src, &mut files);
    let mut modules: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        if let Some(m) = module_of(&src, f) {
            modules.insert(m);
        }
    }
    // Test support is compiled only for tests and the `testing` feature: it may use anything.
    let support = ["testing", "seed"];
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        let Some(from) = module_of(&src, f) else {
            continue;
        };
        if is_test_file(&src, f) || support.contains(&from.as_str()) {
            continue;
        }
        let text = fs::read_to_string(f).expect("a source file reads");
        for to in imported_modules(&text) {
            if to != from && modules.contains(&to) && !support.contains(&to.as_str()) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a back edge; report the cycle as a path.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "core modules import each other in a cycle: {} — move the shared part below both",
                cycle.join(" → ")
            );
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 20,
        "the import scan found almost no edges: it is not reading the modules ({edges:?})"
    );
}

#[test]
fn no_hand_written_source_file_passes_the_split_size() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in [
        "core",
        "src-tauri/src",
        "src-tauri/examples",
        "tests",
        "ui/src",
    ] {
        files_under(&root.join(dir), &mut files);
    }
    let generated = [root.join("ui/src/bindings.ts")];
    let mut too_long = Vec::new();
    let mut seen = 0;
    for f in &files {
        let source = f
            .extension()
            .is_some_and(|e| e == "rs" || e == "ts" || e == "svelte");
        if !source || generated.contains(f) {
            continue;
        }
        seen += 1;
        let lines = fs::read_to_string(f)
            .expect("a source file reads")
            .lines()
            .count();
        if lines > MAX_LINES {
            too_long.push(format!("{} ({lines} lines)", f.display()));
        }
    }
    assert!(
        seen > 50,
        "only {seen} source files found: the scan is not reading the tree"
    );
    assert!(
        too_long.is_empty(),
        "split these along their sections (over {MAX_LINES} lines): {too_long:?}"
    );
}
