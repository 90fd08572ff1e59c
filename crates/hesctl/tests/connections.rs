//! `hesctl connections` without a database server: profiles in a temp config dir (validation,
//! edit keeps what is not given, remove, usage errors). Passwords and `--profile` against a real
//! server are in mysql_cli.rs.

use hes_test_support::cli::{self, Out};
use std::path::Path;

fn hesctl(cfg: &Path, args: &[&str]) -> Out {
    let cfg = cfg.to_str().expect("a UTF-8 temp path");
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, None, &cli::config_env(cfg))
}

#[test]
fn add_edit_list_remove_without_passwords() {
    let cfg = tempfile::tempdir().unwrap();
    let cfg = cfg.path();
    let name = format!("conn-test-{}", std::process::id());
    let out = hesctl(cfg, &["connections", "list"]).ok();
    assert!(out.stdout.contains("No saved connections"), "{}", out.stdout);

    let out = hesctl(
        cfg,
        &["connections", "add", "--name", &name, "--host", "db.example.com", "--database", "hes", "--user", "hes"],
    )
    .ok();
    assert!(out.stdout.contains(&format!("connection {name} added")), "{}", out.stdout);
    // Issue 11: verified by default, no warning.
    assert!(out.stdout.contains("hes@db.example.com:3306/hes · TLS VerifyIdentity"), "{}", out.stdout);
    assert!(out.stdout.contains("password not stored"));
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);

    // Edit: only what is given changes.
    let v =
        hesctl(cfg, &["--json", "connections", "edit", &name.to_uppercase(), "--port", "3307", "--tls", "required"])
            .ok()
            .json();
    assert_eq!(
        (v["Name"].as_str(), v["Host"].as_str(), v["Port"].as_u64()),
        (Some(name.as_str()), Some("db.example.com"), Some(3307))
    );
    assert_eq!(v["Tls"], "Required");
    assert_eq!(v["PasswordStored"], false);
    let out = hesctl(cfg, &["connections", "edit", &name, "--tls", "preferred"]).ok();
    assert!(out.stderr.contains("warning [TlsNotVerified]: Preferred accepts any certificate"), "{}", out.stderr);
    hesctl(cfg, &["connections", "edit", &name, "--tls", "required"]).ok();
    assert_eq!(v["TimeoutMs"], 10000);
    let v = hesctl(cfg, &["--json", "--timeout-ms", "2500", "connections", "edit", &name]).ok().json();
    assert_eq!(v["TimeoutMs"], 2500);

    let list = hesctl(cfg, &["--json", "connections", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["Port"], 3307);

    // A duplicate name (ignoring case) and bad fields are validation errors (exit 3), nothing saved.
    // `connections add --json --name NAME --host h --database d --user u` and more.
    let add = |name: &str, more: &[&str]| {
        let base = ["--json", "connections", "add", "--name", name, "--host", "h", "--database", "d", "--user", "u"];
        hesctl(cfg, &[&base[..], more].concat())
    };
    let out = add(&name.to_uppercase(), &[]);
    assert_eq!(out.code, 3);
    assert_eq!(out.error()["field"], "Name");
    let out = hesctl(cfg, &["--json", "connections", "add", "--name", "x", "--host", "mysql://h"]);
    assert_eq!(out.code, 3);
    let fields: Vec<String> = out.error()["fieldErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, vec!["Host", "Database", "User"]);
    let out = add("y", &["--tls", "disabled", "--ca-file", "/ca.crt"]);
    assert_eq!((out.code, out.error()["field"].as_str()), (3, Some("CaFile")));
    assert_eq!(hesctl(cfg, &["--json", "connections", "list"]).ok().json().as_array().unwrap().len(), 1);

    // --profile of a profile without a stored password: DbAuthFailed, before any connection.
    let out = hesctl(cfg, &["--json", "--profile", &name, "settings", "show"]);
    assert_eq!((out.code, out.error()["code"].as_str()), (7, Some("DbAuthFailed")));

    hesctl(cfg, &["connections", "remove", &name]).ok();
    assert_eq!(hesctl(cfg, &["--json", "connections", "list"]).ok().json(), serde_json::json!([]));
    let text = std::fs::read_to_string(cfg.join("connections.json")).unwrap();
    assert!(text.contains("\"Connections\": []"), "{text}");
}

#[test]
fn usage_errors() {
    let cfg = tempfile::tempdir().unwrap();
    let cfg = cfg.path();
    // --profile and --db together.
    assert_eq!(hesctl(cfg, &["--profile", "a", "--db", "x.sqlite", "settings", "show"]).code, 2);
    // Unknown profile, edit and remove of a missing one.
    let out = hesctl(cfg, &["--json", "--profile", "nope", "settings", "show"]);
    assert_eq!((out.code, out.error()["code"].as_str()), (4, Some("NotFound")));
    assert_eq!(hesctl(cfg, &["connections", "edit", "nope", "--port", "1"]).code, 4);
    assert_eq!(hesctl(cfg, &["connections", "remove", "nope"]).code, 4);
    // test without anything to test.
    let out = hesctl(cfg, &["--json", "connections", "test"]);
    assert_eq!((out.code, out.error()["code"].as_str()), (2, Some("BadRequest")));
    // --password-stdin with an empty stdin.
    let out = hesctl(cfg, &["--json", "--password-stdin", "connections", "add", "--name", "n"]);
    assert_eq!((out.code, out.error()["code"].as_str()), (2, Some("BadRequest")));
    // A TLS mode clap does not know; a password flag that conflicts with its opposite.
    assert_eq!(hesctl(cfg, &["connections", "add", "--tls", "sometimes"]).code, 2);
    assert_eq!(hesctl(cfg, &["--password-stdin", "connections", "edit", "x", "--forget-password"]).code, 2);
    // The help lists the commands and the --tls values.
    let help = hesctl(cfg, &["connections", "add", "--help"]).ok();
    assert!(help.stdout.contains("verify-identity"), "{}", help.stdout);
    let help = hesctl(cfg, &["--help"]).ok();
    for s in
        ["connections", "protect", "--profile", "--password-stdin", "--dp-password-stdin", "--timeout-ms", "mysql://"]
    {
        assert!(help.stdout.contains(s), "--help lacks {s}");
    }
}

/// Issue 11: `connections test` says when the profile's TLS mode does not verify the server, also
/// when the server is not reached (a warning line; `Warning` in JSON).
#[test]
fn test_warns_about_an_unverified_tls_mode() {
    let cfg = tempfile::tempdir().unwrap();
    let cfg = cfg.path();
    let add = ["connections", "add", "--name", "weak", "--host", "127.0.0.1", "--port", "1", "--database", "hes"];
    hesctl(cfg, &[&add[..], &["--user", "hes", "--tls", "preferred"]].concat()).ok();
    let run = |args: &[&str]| {
        cli::run(
            env!("CARGO_BIN_EXE_hesctl"),
            args,
            None,
            &[&cli::config_env(cfg.to_str().unwrap())[..], &[("HESCTL_DB_PASSWORD", Some("pw-not-shown"))]].concat(),
        )
    };
    let out = run(&["--timeout-ms", "1000", "connections", "test", "weak"]);
    assert!(out.stdout.contains("weak: failed"), "{}", out.stdout);
    assert!(out.stdout.contains("warning [TlsNotVerified]: Preferred accepts any certificate"), "{}", out.stdout);
    let out = run(&["--json", "--timeout-ms", "1000", "connections", "test", "weak"]);
    assert!(out.stdout.contains("\"Code\": \"TlsNotVerified\""), "{}", out.stdout);
    assert!(!out.stdout.contains("pw-not-shown") && !out.stderr.contains("pw-not-shown"));
}
