//! The command contract, replayed against the real commands: every case of
//! `tests/fixtures/contract/cases.json` runs through `tauri::test`'s mock runtime (the same IPC the UI
//! uses) on a new SQLite workspace with an empty profile store. `ui/tests/contract.test.mjs` replays
//! the same file against the UI test fake, so the fake cannot drift from the commands.

use hes_console_lib::AppState;
use hes_store::keychain::MemoryStore;
use hes_store::profiles::Profiles;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

mod mock_app;

struct Scratch {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

/// A new SQLite workspace and an empty profile store (never the OS keychain or config folder).
fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    let profiles = Profiles::new(dir.path().join("connections.json"), Arc::new(MemoryStore::default()));
    let state = tauri::async_runtime::block_on(AppState::with_profiles(&path, Some(profiles), Instant::now()));
    let (app, webview) = mock_app::start(state);
    Scratch { _dir: dir, _app: app, webview }
}

/// `v` with every string `"$name"` replaced by the kept value `name` (`"$any"` stays).
fn substitute(v: &Value, vars: &BTreeMap<String, Value>) -> Value {
    match v {
        Value::String(s) if s != "$any" && s.starts_with('$') => {
            vars.get(&s[1..]).cloned().unwrap_or_else(|| panic!("nothing kept as {s}"))
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, vars)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute(x, vars))).collect()),
        other => other.clone(),
    }
}

/// Where `actual` does not match the pattern `expected` (see cases.json), as a path and the two values.
fn mismatch(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::String(s), _) if s == "$any" => None,
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| match a.get(k) {
            Some(av) => mismatch(ev, av, &format!("{at}/{k}")),
            None => Some(format!("{at}/{k}: expected {ev}, absent")),
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().find_map(|(i, (ev, av))| mismatch(ev, av, &format!("{at}/{i}")))
        }
        _ if expected == actual => None,
        _ => Some(format!("{at}: expected {expected}, got {actual}")),
    }
}

#[test]
fn the_real_commands_answer_every_contract_case() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contract/cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let app = scratch();
        let mut vars = BTreeMap::new();
        for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let cmd = step["cmd"].as_str().unwrap();
            let args = substitute(&step["args"], &vars);
            let got = mock_app::invoke(&app.webview, cmd, args);
            let (want, value) = match (step.get("ok"), step.get("err"), &got) {
                (Some(w), None, Ok(v)) | (None, Some(w), Err(v)) => (w, v),
                _ => panic!("{name}, step {i} ({cmd}): got {got:?}, expected {step}"),
            };
            if let Some(m) = mismatch(&substitute(want, &vars), value, "") {
                panic!("{name}, step {i} ({cmd}): {m}");
            }
            if let Some(revs) = value.get("Revisions") {
                vars.insert("revisions".into(), revs.clone());
            }
            for (var, pointer) in step.get("keep").and_then(Value::as_object).unwrap_or(&Map::new()) {
                let kept = value.pointer(pointer.as_str().unwrap()).unwrap_or_else(|| panic!("{name}: no {pointer}"));
                vars.insert(var.clone(), kept.clone());
            }
        }
    }
}
