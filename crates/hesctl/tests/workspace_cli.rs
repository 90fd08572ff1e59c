//! `--db` names exactly what is opened: an unknown URL scheme is an error, a new workspace is
//! created only in a folder that exists (or with --create), and the output says when one was made.

use hes_test_support::cli::{self, Out};
use std::path::Path;
use std::process::{Command, Stdio};

fn hesctl(args: &[&str]) -> Out {
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, None, &[])
}

/// Run in `dir`: a relative `--db` must not create anything there.
fn hesctl_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hesctl"))
        .args(args)
        .current_dir(dir)
        .env_remove("HES_CONSOLE_WORKSPACE")
        .env_remove("HESCTL_DB_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn an_unknown_url_scheme_is_a_bad_request_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for db in ["postgres://x", "postgresql://user@host/hes", "file:ws.sqlite", "sqlserver://h"] {
        let (code, _out, err) = hesctl_in(dir.path(), &["--json", "--db", db, "settings", "show"]);
        assert_eq!(code, 2, "{db}: {err}");
        let e: serde_json::Value = serde_json::from_str(err.trim()).unwrap();
        assert_eq!(e["code"], "BadRequest", "{db}");
        assert!(entries(dir.path()).is_empty(), "{db} created {:?}", entries(dir.path()));
    }
    // The same with a write.
    let (code, _, _) = hesctl_in(dir.path(), &["--db", "postgres://x", "settings", "delete", "splunk"]);
    assert_eq!(code, 2);
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_missing_folder_is_refused_unless_create_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("no/such/dir/ws.sqlite");
    let out = hesctl(&["--json", "--db", ws.to_str().unwrap(), "settings", "set", "fido", "-"]);
    let (code, e) = (out.code, out.error());
    assert_eq!((code, e["code"].as_str()), (4, Some("NotFound")), "{}", out.stderr);
    assert!(e["hint"].as_str().unwrap().contains("--create"));
    assert!(!dir.path().join("no").exists(), "no folder was made");

    // --create makes the folders and the workspace, and says so.
    let out = hesctl(&["--create", "--json", "--db", ws.to_str().unwrap(), "settings", "show"]).ok();
    assert!(ws.is_file());
    assert_eq!(out.json()["CreatedWorkspace"], ws.to_str().unwrap());
    // Opened again: nothing new is created, nothing is said.
    let out = hesctl(&["--json", "--db", ws.to_str().unwrap(), "settings", "show"]).ok();
    assert!(out.json().get("CreatedWorkspace").is_none());
}

#[test]
fn a_new_workspace_in_an_existing_folder_is_created_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let out = hesctl(&["--db", ws.to_str().unwrap(), "settings", "show"]).ok();
    assert!(out.stderr.contains("created a new, empty workspace at"), "{}", out.stderr);
    let out = hesctl(&["--db", ws.to_str().unwrap(), "settings", "show"]).ok();
    assert!(!out.stderr.contains("created"), "{}", out.stderr);
    // sqlite: URLs still work, and an existing workspace in any folder opens.
    let url = format!("sqlite:{}", ws.display());
    hesctl(&["--db", &url, "settings", "show"]).ok();
}
