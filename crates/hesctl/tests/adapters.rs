//! Both front ends over the one service layer: each operation runs through the desktop app's
//! command (tauri::test, the IPC the UI uses) and through `hesctl`, on equal fixtures, and the
//! results must match: settings write and read, reveal, a check run, license import preview and
//! apply, staging.

use hes_console_lib::AppState;
use hes_stubs::hec;
use hes_test_support::app::AppHarness;
use hes_test_support::cli;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tauri::Manager;

const API_KEY: &str = "adapters-api-key-0001";

/// A fresh workspace file in `dir`.
fn workspace(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

fn app_on(path: &str) -> AppHarness {
    let state = tauri::async_runtime::block_on(AppState::open_workspace(path, Instant::now()));
    AppHarness::new(|b| hes_console_lib::setup(b).manage(state))
}

fn hesctl(db: &str, args: &[&str], stdin: &str) -> cli::Out {
    // No saved connections of the developer's own: checks of `all` would read them.
    let empty = std::env::temp_dir().join(format!("hesctl-adapters-{}", std::process::id()));
    let mut all = vec!["--db", db, "--json"];
    all.extend_from_slice(args);
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &all, Some(stdin), &[("HES_CONSOLE_CONFIG_DIR", empty.to_str())])
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/licenses").join(name)
}

/// `text` with every "<number> ms" as "N ms".
fn without_times(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let timed = words.get(i + 1).is_some_and(|next| next.starts_with("ms"));
        out.push(if timed && w.chars().all(|c| c.is_ascii_digit()) { "N" } else { w });
    }
    out.join(" ")
}

/// A report without what differs from run to run (durations).
fn report_shape(r: &Value) -> Value {
    let steps: Vec<Value> = r["Steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["Name"], s["Status"], without_times(s["Detail"].as_str().unwrap_or_default())]))
        .collect();
    json!({"Check": r["Check"], "Target": r["Target"], "Outcome": r["Outcome"], "Code": r["Code"], "Steps": steps})
}

#[test]
fn settings_write_read_and_reveal_match() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    let input = json!({"ApiKey": API_KEY, "ApiAddress": "https://licensing.example.net"});

    let app = app_on(&a);
    let revisions = app.ok("settings_get", json!({}))["Revisions"].clone();
    let written = app.ok("licensing_set", json!({"input": input, "revisions": revisions}));
    hesctl(&b, &["settings", "set", "licensing", "-"], &input.to_string()).ok();

    let by_app = app.ok("settings_get", json!({}));
    let by_cli = hesctl(&b, &["settings", "show"], "").ok().json()["Settings"].clone();
    assert_eq!(written["Licensing"], by_app["Licensing"]);
    assert_eq!(by_app["Licensing"], by_cli["Licensing"], "app {by_app}\ncli {by_cli}");
    assert_eq!(by_app["Licensing"]["ApiKey"], "stored");
    assert!(!by_cli.to_string().contains(API_KEY) && !by_app.to_string().contains(API_KEY));

    // Reveal: the command the Show button calls and the service call a script would make agree.
    let target = json!({"Section": "licensing", "Field": "ApiKey"});
    let shown = app.ok("secret_show", json!({"target": target}));
    let cli_side = tauri::async_runtime::block_on(async {
        let console = hes_store::Console::open_workspace(&b).await.unwrap();
        let t = serde_json::from_value(target.clone()).unwrap();
        hes_service::settings::reveal(&console, &t).await.unwrap().expose().to_string()
    });
    assert_eq!(shown, json!(API_KEY));
    assert_eq!(shown, json!(cli_side));
}

#[test]
fn a_check_run_reports_the_same_steps() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    let (addr, _stub) = tauri::async_runtime::block_on(hec::start(hec::HecConfig::standard())).unwrap();
    let splunk = json!({"Host": format!("http://{addr}"), "Token": hec::VALID_TOKEN});

    let app = app_on(&a);
    let revisions = app.ok("settings_get", json!({}))["Revisions"].clone();
    app.ok("splunk_set", json!({"input": splunk, "revisions": revisions}));
    hesctl(&b, &["settings", "set", "splunk", "-"], &splunk.to_string()).ok();

    let (channel, run) = app.channel();
    let by_app = app.ok("diagnostics_run", json!({"check": "splunk", "onStep": channel}));
    let by_cli = hesctl(&b, &["check", "splunk"], "").ok().json();
    assert_eq!(by_app.as_array().unwrap().len(), 1, "{by_app}");
    assert_eq!(report_shape(&by_app[0]), report_shape(&by_cli[0]), "app {by_app}\ncli {by_cli}");
    assert_eq!(app.sent(run).len(), by_app[0]["Steps"].as_array().unwrap().len(), "every step live");

    // The same unknown check, the same error.
    let app_err = app.err("diagnostics_run", json!({"check": "nosuch", "onStep": app.channel().0}));
    let cli_err = hesctl(&b, &["check", "nosuch"], "").error();
    assert_eq!(app_err["code"], cli_err["code"]);
    assert_eq!(app_err["message"], cli_err["message"]);
}

#[test]
fn license_import_preview_and_apply_match() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    let file = fixture("good.json");
    let path = file.to_str().unwrap();
    let app = app_on(&a);

    let by_app =
        app.ok("licenses_preview", json!({"source": {"Kind": "File", "Path": path}, "onProgress": app.channel().0}));
    let by_cli = hesctl(&b, &["licenses", "import", "--file", path, "--dry-run"], "").ok().json();
    assert_eq!(by_app, by_cli, "the same preview");

    let applied = app.ok("licenses_apply", json!({"onProgress": app.channel().0}));
    let cli_applied = hesctl(&b, &["licenses", "import", "--file", path], "").ok().json();
    assert_eq!(applied["Applied"], cli_applied["Applied"], "the same import");
    let summary = app.ok("licenses_summary", json!({}));
    let cli_summary = hesctl(&b, &["licenses", "summary"], "").ok().json();
    assert_eq!(summary, cli_summary);
}

#[test]
fn staging_previews_and_applies_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let source = workspace(dir.path(), "source.sqlite");
    let (ta, tb) = (workspace(dir.path(), "app-target.sqlite"), workspace(dir.path(), "cli-target.sqlite"));
    let splunk = json!({"Host": "https://splunk.example.net:8088", "Token": hec::VALID_TOKEN});
    hesctl(&source, &["settings", "set", "splunk", "-"], &splunk.to_string()).ok();
    for t in [&ta, &tb] {
        hesctl(t, &["settings", "show"], "").ok();
    }

    // The app's stage_preview / stage_apply call these service functions on its open consoles.
    let app_side = tauri::async_runtime::block_on(async {
        let from = hes_store::Console::open_workspace(&source).await.unwrap();
        let to = hes_store::Console::open_workspace(&ta).await.unwrap();
        let plan = hes_service::stage::preview(&from, &to, &["splunk".to_string()], false).await.unwrap();
        let preview = serde_json::to_value(&plan.preview).unwrap();
        hes_service::stage::apply(&to, plan, &[]).await.unwrap();
        preview
    });
    let cli_side = hesctl(&source, &["stage", "--to-db", &tb, "--sections", "splunk", "--apply"], "").ok().json();
    assert_eq!(app_side["Sections"], cli_side["Preview"]["Sections"], "app {app_side}\ncli {cli_side}");

    let app = app_on(&ta);
    let by_app = app.ok("settings_get", json!({}));
    let by_cli = hesctl(&tb, &["settings", "show"], "").ok().json()["Settings"].clone();
    assert_eq!(by_app["Splunk"], by_cli["Splunk"]);
    assert_eq!(by_app["Splunk"]["Host"], "https://splunk.example.net:8088");
    let _ = app.app.state::<AppState>();
}

/// `hesctl check | head -1`: a reader that goes away before hesctl prints ends hesctl quietly
/// (its work is done), never with a panic about a broken pipe.
#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace(dir.path(), "ws.sqlite");
    let empty = dir.path().join("config");
    for args in [vec!["--db", &db, "check"], vec!["--db", &db, "settings", "show"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hesctl"))
            .args(&args)
            .env("HES_CONSOLE_CONFIG_DIR", &empty)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is printed
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}
