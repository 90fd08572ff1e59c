//! Both front ends over the one service layer: each operation runs through the desktop app's
//! command (tauri::test, the IPC the UI uses) and through `hesctl`, on equal fixtures, and the
//! results must match: settings write and read, list items, reveal, a check run, license import
//! preview, apply and cancel, history, revert, export and import; and on the MariaDB peer with
//! saved profiles: opening a profile, testing a connection, staging, and the SSH tunnel.

use hes_console_lib::AppState;
use hes_stubs::hec;
use hes_test_support::app::AppHarness;
use hes_test_support::cli;
use hes_test_support::mysql::{MySqlPeer, ScratchDb, SCHEMA};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

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

/// hesctl running beside the test (its output piped), for what it does while running; `config`:
/// its own, empty, config folder.
fn spawn_hesctl(args: &[&str], config: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_hesctl"))
        .args(args)
        .env("HES_CONSOLE_CONFIG_DIR", config)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// `hesctl check | head -1`: a reader that goes away before hesctl prints ends hesctl quietly
/// (its work is done), never with a panic about a broken pipe.
#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace(dir.path(), "ws.sqlite");
    let empty = dir.path().join("config");
    let (check, show, history, export) = (["check"], ["settings", "show"], ["history"], ["export"]);
    for command in [&check[..], &show, &history, &export] {
        let args = [&["--db", db.as_str()], command].concat();
        let mut child = spawn_hesctl(&args, &empty);
        drop(child.stdout.take()); // the reader is gone before anything is printed
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

const PORTAL_CALLBACK: &str = "https://portal.example.com/cb";

/// An OIDC client added, listed and deleted: the same list through both (the generated Id and
/// secret aside), the secret given out once by both.
#[test]
fn list_items_add_list_and_delete_match() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    let app = app_on(&a);
    let input = json!({"Name": "Portal", "ClientId": "portal", "RedirectUris": [PORTAL_CALLBACK],
                       "Scopes": ["openid", "profile", "email"]});
    let revisions = app.ok("settings_get", json!({}))["Revisions"].clone();
    let issued = app.ok("oidc_add", json!({"input": input, "revisions": revisions}));
    let add = ["oidc", "add", "--name", "Portal", "--client-id", "portal", "--redirect-uri", PORTAL_CALLBACK];
    let cli_issued = hesctl(&b, &add, "").ok().json();
    let secret = |v: &Value| v["ClientSecret"].as_str().map(str::len);
    assert_eq!(secret(&issued), secret(&cli_issued), "app {issued}\ncli {cli_issued}");
    assert!(secret(&issued).is_some_and(|n| n >= 32));

    let without_ids = |list: &Value| -> Vec<Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.as_object_mut().unwrap().remove("Id");
                c
            })
            .collect()
    };
    let by_app = app.ok("settings_get", json!({}));
    let by_cli = hesctl(&b, &["oidc", "list"], "").ok().json();
    assert_eq!(without_ids(&by_app["Oidc"]), without_ids(&by_cli), "app {by_app}\ncli {by_cli}");
    assert_eq!(by_app["Oidc"][0]["ClientSecret"], "stored");

    let id = by_app["Oidc"][0]["Id"].clone();
    let after = app.ok("oidc_delete", json!({"id": id, "revisions": by_app["Revisions"]}));
    hesctl(&b, &["oidc", "delete", "portal"], "").ok();
    let by_cli = hesctl(&b, &["oidc", "list"], "").ok().json();
    assert_eq!(after["Oidc"], json!([]));
    assert_eq!(after["Oidc"], by_cli);
}

/// The change history, a revert (preview, then written) and the configuration file: the same
/// entries, the same revert, equal exports, and each side's file previews the same import.
#[test]
fn history_revert_and_export_match() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    let app = app_on(&a);
    for address in ["https://licensing.example.net", "https://licensing2.example.net"] {
        let input = json!({"ApiKey": API_KEY, "ApiAddress": address});
        let revisions = app.ok("settings_get", json!({}))["Revisions"].clone();
        app.ok("licensing_set", json!({"input": input, "revisions": revisions}));
        hesctl(&b, &["settings", "set", "licensing", "-"], &input.to_string()).ok();
    }

    // Entries without what names the run (id, time, connection).
    let entries = |list: &Value| -> Vec<Value> {
        list["Entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| json!([e["Action"], e["Section"], e["Summary"], e["DbUser"], e["ConsoleVersion"], e["Sections"]]))
            .collect()
    };
    let by_app = app.ok("history_list", json!({}));
    let by_cli = hesctl(&b, &["history"], "").ok().json();
    assert_eq!(entries(&by_app).len(), 2, "{by_app}");
    assert_eq!(entries(&by_app), entries(&by_cli), "app {by_app}\ncli {by_cli}");

    let (id_a, id_b) = (by_app["Entries"][0]["Id"].clone(), by_cli["Entries"][0]["Id"].clone());
    let preview = app.ok("history_revert_preview", json!({"id": id_a}));
    let cli_preview = hesctl(&b, &["history", "revert", &id_b.to_string()], "").ok().json();
    assert_eq!(preview["Sections"], cli_preview["Sections"], "app {preview}\ncli {cli_preview}");
    assert_eq!(preview["ChangedSince"], cli_preview["ChangedSince"]);
    let reverted = app.ok("history_revert", json!({"id": id_a}));
    hesctl(&b, &["history", "revert", &id_b.to_string(), "--apply"], "").ok();
    let by_cli = hesctl(&b, &["settings", "show"], "").ok().json()["Settings"].clone();
    assert_eq!(reverted["Licensing"]["ApiAddress"], "https://licensing.example.net");
    assert_eq!(reverted["Licensing"], by_cli["Licensing"]);

    let (file_a, file_b) = (dir.path().join("app-config.json"), dir.path().join("cli-config.json"));
    app.ok("config_export", json!({"path": file_a}));
    hesctl(&b, &["export", "--output", file_b.to_str().unwrap()], "").ok();
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    let (exported_a, exported_b) = (read(&file_a), read(&file_b));
    assert_eq!(exported_a["Settings"], exported_b["Settings"], "app {exported_a}\ncli {exported_b}");
    assert!(!exported_a.to_string().contains(API_KEY), "no secret without a passphrase");

    // Each side previews importing the other side's file: nothing differs, so nothing changes.
    let preview = app.ok("config_import_preview", json!({"path": file_b}));
    let cli_preview = hesctl(&b, &["import", file_a.to_str().unwrap()], "").ok().json();
    assert_eq!(preview["Sections"], cli_preview["Preview"]["Sections"], "app {preview}\ncli {cli_preview}");
}

/// Cancelling a license import from the server: the app's `licenses_cancel` for the run and
/// hesctl's Ctrl-C both cancel the run through the service (`Cancelled`), and nothing is written.
#[cfg(unix)]
#[test]
fn license_import_cancel_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (workspace(dir.path(), "app.sqlite"), workspace(dir.path(), "cli.sqlite"));
    // A licensing server that accepts and never answers.
    let server = hes_test_support::net::SilentServer::start();
    let input = json!({"ApiKey": API_KEY, "ApiAddress": format!("http://{}", server.addr)});
    let app = app_on(&a);
    let revisions = app.ok("settings_get", json!({}))["Revisions"].clone();
    app.ok("licensing_set", json!({"input": input, "revisions": revisions}));
    hesctl(&b, &["settings", "set", "licensing", "-"], &input.to_string()).ok();

    let (channel, run) = app.channel();
    let webview = app.webview.clone();
    let previewing = std::thread::spawn(move || {
        hes_test_support::app::invoke(
            &webview,
            "licenses_preview",
            json!({"source": {"Kind": "Server"}, "allowPlainHttp": true, "onProgress": channel}),
        )
    });
    server.connected();
    let started = Instant::now();
    app.ok("licenses_cancel", json!({"run": run}));
    let app_err = previewing.join().unwrap().expect_err("a cancelled preview fails");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());

    let empty = dir.path().join("config");
    let child =
        spawn_hesctl(&["--db", &b, "--json", "licenses", "import", "--from-server", "--allow-plain-http"], &empty);
    server.connected();
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let cli_err: Value = serde_json::from_str(stderr.trim().lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("a JSON error ({e}): {stderr}"));
    assert_eq!(app_err["code"], "Cancelled", "{app_err}");
    assert_eq!(app_err["code"], cli_err["code"]);
    assert_eq!(app_err["message"], cli_err["message"]);
    assert_eq!(out.status.code(), Some(hes_core::ErrorCode::Cancelled.exit_code()), "{stderr}");
    let summary = app.ok("licenses_summary", json!({}));
    let cli_summary = hesctl(&b, &["licenses", "summary"], "").ok().json();
    assert_eq!(summary, cli_summary, "nothing written by either");
}

// ---------------------------------------------------------------------------------------------
// Saved profiles on the MariaDB peer (and the OpenSSH peer): both front ends read the same
// connections.json and kernel keyring entries.

const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
/// The fixture's Data Protection password.
const DP_PASSWORD: &str = "password";

/// A config folder of the test's own for both front ends (connections.json, pins.json), passwords
/// in the kernel keyring under names of the test's own; the profiles go again on drop.
struct SavedProfiles {
    dir: tempfile::TempDir,
    names: std::cell::RefCell<Vec<String>>,
}

impl SavedProfiles {
    fn new() -> Self {
        SavedProfiles { dir: tempfile::tempdir().unwrap(), names: Default::default() }
    }

    /// A name of this test's own (the kernel keyring is shared by this user's processes).
    fn name(&self, what: &str) -> String {
        let name = format!("adapters-{what}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        self.names.borrow_mut().push(name.clone());
        name
    }

    fn hesctl(&self, args: &[&str], stdin: Option<&str>) -> cli::Out {
        let cfg = self.dir.path().to_str().unwrap();
        cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &cli::config_env_for_ssh(cfg))
    }

    /// The app on the workspace `path`, with these saved profiles (the same file and keyring).
    fn app(&self, path: &str) -> AppHarness {
        let profiles = hes_store::profiles::Profiles::new(
            self.dir.path().join("connections.json"),
            std::sync::Arc::new(keychain()),
        );
        let state = tauri::async_runtime::block_on(AppState::with_profiles(path, Some(profiles), Instant::now()));
        AppHarness::new(|b| hes_console_lib::setup(b).manage(state))
    }
}

/// The app's keychain as hesctl's with `HES_CONSOLE_KEYRING=keyutils`.
fn keychain() -> hes_store::keychain::Keychain {
    use hes_store::keychain::{Backend, Keychain};
    Keychain::with_backend(hes_store::paths::APP_IDENTIFIER, Backend::Keyutils)
}

impl Drop for SavedProfiles {
    fn drop(&mut self) {
        for name in self.names.borrow().iter() {
            let _ = self.hesctl(&["connections", "remove", name], None);
        }
    }
}

/// A profile `name` on `database` of the peer, its password (and the fixture's Data Protection
/// password) remembered.
fn add_profile(saved: &SavedProfiles, peer: &MySqlPeer, name: &str, database: &str, more: &[&str]) {
    let ca = peer.ca.display().to_string();
    let all = [&["--ca-file", ca.as_str(), "--password-stdin", "--dp-password-stdin"][..], more].concat();
    let add = peer.add_profile_args(name, database, &peer.host, &all);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    saved.hesctl(&add, Some(&format!("{}\n{DP_PASSWORD}\n", peer.user.1))).ok();
}

/// "Test connection" of the saved profile `name` in the app (its form as saved, the stored
/// password kept) and `hesctl connections test NAME`: both results without their durations.
fn both_test(app: &AppHarness, saved: &SavedProfiles, name: &str) -> (Value, Value) {
    let listed = app.ok("connections_list", json!({}));
    let form = listed.as_array().unwrap().iter().find(|p| p["Name"] == name).expect("listed").clone();
    let mut input = json!({});
    for key in ["Name", "Host", "Port", "Database", "User", "Tls", "CaFile", "TimeoutMs", "Ssh"] {
        if !form[key].is_null() {
            input[key] = form[key].clone();
        }
    }
    let mut by_app = app.ok("connection_test", json!({"original": name, "input": input}));
    let mut by_cli = saved.hesctl(&["--json", "connections", "test", name], None).ok().json();
    for v in [&mut by_app, &mut by_cli] {
        v.as_object_mut().unwrap().remove("DurationMs");
    }
    (by_app, by_cli)
}

/// Opening a saved profile (its passwords from the keychain, Data Protection unlocked with the
/// remembered one), testing it, and staging a section into it: the same through both.
#[test]
fn profiles_open_test_and_stage_match() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (db_a, db_b) = rt.block_on(async {
        (
            ScratchDb::create(&peer, &[SCHEMA, SEED_PROTECTED]).await,
            ScratchDb::create(&peer, &[SCHEMA, SEED_PROTECTED]).await,
        )
    });
    let saved = SavedProfiles::new();
    let (to_a, to_b) = (saved.name("a"), saved.name("b"));
    add_profile(&saved, &peer, &to_a, &db_a.name, &[]);
    add_profile(&saved, &peer, &to_b, &db_b.name, &[]);
    let dir = tempfile::tempdir().unwrap();
    let source = workspace(dir.path(), "source.sqlite");
    let splunk = json!({"Host": "https://splunk.example.net:8088", "Token": hec::VALID_TOKEN});
    hesctl(&source, &["settings", "set", "splunk", "-"], &splunk.to_string()).ok();
    let app = saved.app(&source);

    // Open: the same connection, unlocked by the remembered password.
    let by_app = app.ok("connection_open", json!({"name": to_a}));
    let by_cli = saved.hesctl(&["--json", "--profile", &to_a, "settings", "show"], None).ok().json();
    assert_eq!(by_app, by_cli["Workspace"], "app {by_app}\ncli {by_cli}");
    assert_eq!(by_app["DataProtection"], "unlocked");
    let settings = app.ok("settings_get", json!({}));
    assert_eq!(settings["Licensing"], by_cli["Settings"]["Licensing"]);

    // Test: the saved profile's form, its password kept.
    let (tested, cli_tested) = both_test(&app, &saved, &to_a);
    assert_eq!(tested["Ok"], true, "{tested}");
    assert_eq!(tested, cli_tested);

    // Stage the workspace's Splunk section into each profile: the same preview, the same rows.
    let app = saved.app(&source);
    let preview =
        app.ok("stage_preview", json!({"from": null, "to": to_a, "sections": ["splunk"], "allowNewer": false}));
    app.ok("stage_apply", json!({}));
    let cli_side = hesctl_with(&saved, &source, &["stage", "--to-profile", &to_b, "--sections", "splunk", "--apply"]);
    assert_eq!(preview["Sections"], cli_side["Preview"]["Sections"], "app {preview}\ncli {cli_side}");
    assert_eq!(preview["Sections"][0]["Action"], "Replace", "{preview}");
    app.ok("connection_open", json!({"name": to_a}));
    let by_app = app.ok("settings_get", json!({}));
    let by_cli = saved.hesctl(&["--json", "--profile", &to_b, "settings", "show"], None).ok().json();
    assert_eq!(by_app["Splunk"], by_cli["Settings"]["Splunk"]);
    assert_eq!(by_app["Splunk"]["Host"], "https://splunk.example.net:8088");
    drop((db_a, db_b));
}

/// `hesctl --db WORKSPACE --json ARGS` with the test's saved profiles.
fn hesctl_with(saved: &SavedProfiles, db: &str, args: &[&str]) -> Value {
    let all = [&["--db", db, "--json"][..], args].concat();
    saved.hesctl(&all, None).ok().json()
}

/// A profile through the OpenSSH peer: once its host key is trusted, both open it through the
/// tunnel and read the same database; both test it the same.
#[test]
fn a_profile_through_ssh_opens_the_same() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let Some(ssh_port) = hes_test_support::peer_env("HES_SSH_PORT") else { return };
    let env = hes_test_support::must_env;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = rt.block_on(ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]));
    let saved = SavedProfiles::new();
    let name = saved.name("ssh");
    let ssh_at = format!("{}:{ssh_port}", env("HES_SSH_HOST"));
    let dest = format!("{}@{ssh_at}", env("HES_SSH_USER"));
    let key = env("HES_SSH_KEY");
    let ca = peer.ca.display().to_string();
    let more = ["--ca-file", &ca, "--password-stdin", "--ssh", &dest, "--ssh-key", &key];
    let add = peer.add_profile_args(&name, &db.name, "127.0.0.1", &more);
    saved.hesctl(&add.iter().map(String::as_str).collect::<Vec<_>>(), Some(&format!("{}\n", peer.user.1))).ok();
    let public = std::fs::read_to_string(env("HES_SSH_HOST_KEY_PUB")).unwrap();
    let refused = saved.hesctl(&["--json", "connections", "test", &name], None);
    let shown: Value = serde_json::from_str(&refused.stdout).expect("a JSON result");
    assert_eq!(shown["Error"]["code"], "SshHostKeyUnknown", "{shown}");
    let host_key = format!(
        "{} {}",
        shown["SshHostKey"]["Algorithm"].as_str().unwrap(),
        shown["SshHostKey"]["Sha256"].as_str().unwrap()
    );
    assert!(public.starts_with(shown["SshHostKey"]["Algorithm"].as_str().unwrap()), "{shown}");
    saved.hesctl(&["connections", "trust-host-key", &ssh_at, &host_key], None).ok();

    let dir = tempfile::tempdir().unwrap();
    let app = saved.app(&workspace(dir.path(), "ws.sqlite"));
    let by_app = app.ok("connection_open", json!({"name": name}));
    let by_cli = saved.hesctl(&["--json", "--profile", &name, "settings", "show"], None).ok().json();
    assert_eq!(by_app, by_cli["Workspace"], "app {by_app}\ncli {by_cli}");
    let settings = app.ok("settings_get", json!({}));
    assert_eq!(settings["Licensing"], by_cli["Settings"]["Licensing"]);
    assert_eq!(settings["Licensing"]["ApiAddress"], "https://hls.hideez.com");
    let (tested, cli_tested) = both_test(&app, &saved, &name);
    assert_eq!(tested["Ok"], true, "{tested}");
    assert_eq!(tested, cli_tested);
    drop(db);
}
