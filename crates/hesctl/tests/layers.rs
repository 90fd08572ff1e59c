//! The dependency picture reads top-down: the workspace's crates point only to lower layers
//! (core < tunnel < store < checks < service < app, hesctl), and the modules of each crate's `src`
//! have no cycle (a module that names another through `crate::` depends on it; a name the crate
//! root re-exports is not followed). Read from the sources, so a new edge that closes a loop fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each crate's layer: a crate may depend only on crates of a lower layer.
const LAYERS: [(&str, u8); 7] = [
    ("hes-core", 0),
    ("hes-tunnel", 1),
    ("hes-store", 2),
    ("hes-checks", 3),
    ("hes-service", 4),
    ("hesctl", 5),
    ("hes-console", 5),
];

fn layer(name: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// The workspace crates named under `[dependencies]` (not dev or build) of a Cargo.toml.
fn normal_dependencies(manifest: &str) -> Vec<String> {
    let mut section = String::new();
    let mut deps = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(|c| c == '[' || c == ']').to_string();
            continue;
        }
        let Some((key, _)) = line.split_once('=') else { continue };
        let key = key.trim().split('.').next().unwrap_or_default();
        if section == "dependencies" && layer(key).is_some() {
            deps.push(key.to_string());
        }
    }
    deps
}

#[test]
fn crates_depend_only_on_lower_layers() {
    let mut manifests = vec![("hes-console".to_string(), root().join("Cargo.toml"))];
    for (name, _) in LAYERS.iter().filter(|(n, _)| *n != "hes-console") {
        manifests.push((name.to_string(), root().join("crates").join(name).join("Cargo.toml")));
    }
    let mut seen = 0;
    for (name, path) in manifests {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let own = layer(&name).unwrap();
        for dep in normal_dependencies(&text) {
            seen += 1;
            let theirs = layer(&dep).unwrap();
            assert!(
                theirs < own,
                "{name} (layer {own}) depends on {dep} (layer {theirs}): dependencies point down only"
            );
        }
    }
    assert!(seen >= 10, "the manifests were read ({seen} workspace dependencies)");
}

/// The module a source file belongs to, below `src` (`settings/oidc.rs` → `settings`); `None`
/// for the crate root, which declares every module.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules each module of `src` names through `crate::` (comments left out), in `use` lists
/// (`use crate::{a, b::c}`) and in paths.
fn module_edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(src, file) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    // `use crate::{a, b::c}`: the first segment of each item (on this line).
                    Some(list) => {
                        list.split(',').map(|item| item.trim().split("::").next().unwrap_or_default()).collect()
                    }
                    None => vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default()],
                };
                for name in names {
                    let name = name.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
                    if name != from && modules.contains(name) {
                        edges.entry(from.clone()).or_default().insert(name.to_string());
                    }
                }
            }
        }
    }
    edges
}

/// A cycle in `edges`, as the modules along it, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut loop_ = path[at..].to_vec();
            loop_.push(node.to_string());
            return Some(loop_);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let edges: BTreeMap<String, BTreeSet<String>> =
        [("cli", vec!["history"]), ("history", vec!["connect", "cli"]), ("connect", vec!["output"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(cycle(&edges), Some(vec!["cli".into(), "history".into(), "cli".into()]));
    let mut acyclic = edges.clone();
    acyclic.get_mut("history").unwrap().remove("cli");
    assert_eq!(cycle(&acyclic), None);
}

#[test]
fn hesctl_modules_have_no_cycle() {
    let src = root().join("crates/hesctl/src");
    let edges = module_edges(&src);
    // The edges are really read: every subcommand module uses the global options of cli.rs.
    assert!(edges.get("history").is_some_and(|e| e.contains("cli") && e.contains("connect")), "{edges:?}");
    assert_eq!(cycle(&edges), None, "a cycle among crates/hesctl/src modules; edges: {edges:?}");
}

#[test]
fn the_other_crates_modules_have_no_cycle() {
    for dir in [
        "crates/hes-service/src",
        "src-tauri/src",
        "crates/hes-checks/src",
        "crates/hes-core/src",
        "crates/hes-tunnel/src",
    ] {
        let edges = module_edges(&root().join(dir));
        eprintln!("{dir}: {edges:?}");
        assert_eq!(cycle(&edges), None, "a cycle among the modules of {dir}; edges: {edges:?}");
    }
}

/// hesctl prints only through `output.rs`, which ends quietly on a closed stdout (`hesctl … |
/// head`): a bare `println!` elsewhere would panic there instead.
#[test]
fn hesctl_prints_only_through_its_output_module() {
    let src = root().join("crates/hesctl/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "the sources were read");
    let mut bare = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("output.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if ["println!", "print!(", "eprintln!", "eprint!(", "stdout()", "dbg!("].iter().any(|m| code.contains(m)) {
                bare.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(bare.is_empty(), "print through crate::output instead:\n{}", bare.join("\n"));
}
