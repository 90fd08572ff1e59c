//! `hesctl` against a real HES database on the MariaDB peer (tests/peers/peers-up.sh): `--db
//! mysql://…` with the password from stdin or HESCTL_DB_PASSWORD, Data Protection locked and
//! unlocked, the read-only helpdesk user, login and unreachable errors, and saved profiles
//! (`--profile`, `connections …`) with their passwords in the kernel keyring.
//!
//! Each test gets its own database `hes_t_<random>` made by root from tests/fixtures. Every run
//! logs at trace level, and every test checks that no database password (and no Data Protection
//! password other than the fixture's "password", a word error messages contain) appears in any
//! stdout or stderr. Without `HES_MYSQL_PORT` these tests fail under `CI=true`; locally they
//! print a note and pass.

use hes_test_support::cli::{self, Out};
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use serde_json::{json, Value};
use sqlx::mysql::MySqlPool;
use std::path::Path;

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
const SEED_BROKEN: &str = include_str!("../../../tests/fixtures/seed-broken.sql");
const NOT_HES: &str = include_str!("../../../tests/fixtures/not-hes.sql");
/// The fixtures' Data Protection password (vector ascii_api_key, key id 1).
const DP_PASSWORD: &str = "password";
const WRONG_DP_PASSWORD: &str = "wrong-dp-pw-Kx71";
const WRONG_DB_PASSWORD: &str = "wrong-db-pw-Vq28";

// ---------------------------------------------------------------------------------------------
// The peer

type Peer = MySqlPeer;

fn peer() -> Option<Peer> {
    MySqlPeer::from_env()
}

/// Every password the test knows; none may ever be printed.
fn all_passwords(peer: &Peer) -> Vec<String> {
    let mut v = peer.passwords();
    v.extend([WRONG_DP_PASSWORD.to_string(), WRONG_DB_PASSWORD.to_string()]);
    v
}

// ---------------------------------------------------------------------------------------------
// A database of its own per test

struct TestDb {
    peer: Peer,
    name: String,
    raw: MySqlPool,
    /// Owns the database (dropped with it); declared before `rt`, which drops last.
    _db: ScratchDb,
    rt: tokio::runtime::Runtime,
    /// Every stdout and stderr of this test's hesctl runs.
    seen: std::sync::Mutex<String>,
}

impl TestDb {
    fn new(peer: &Peer, sql: &[&str]) -> TestDb {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let db = rt.block_on(ScratchDb::create(peer, sql));
        TestDb { peer: peer.clone(), name: db.name.clone(), raw: db.raw.clone(), _db: db, rt, seen: Default::default() }
    }

    /// `mysql://user@host:port/<this db>` plus an optional query. Without one, the URL names the
    /// peer's CA: a URL without ssl-mode means Verify identity, and the test CA is not an OS root.
    fn url(&self, user: &str, query: &str) -> String {
        let query = if query.is_empty() {
            format!("?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", self.peer.ca.display())
        } else {
            query.to_string()
        };
        format!("mysql://{user}@{}:{}/{}{query}", self.peer.host, self.peer.port, self.name)
    }

    fn raw_value(&self, key: &str) -> Option<String> {
        self.rt
            .block_on(
                sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = ?").bind(key).fetch_optional(&self.raw),
            )
            .unwrap()
    }

    fn dp_params(&self) -> String {
        self.rt
            .block_on(
                sqlx::query_scalar::<_, String>("SELECT Value FROM DataProtection WHERE Id = 1").fetch_one(&self.raw),
            )
            .unwrap()
    }

    fn snapshot(&self) -> Vec<String> {
        self.rt
            .block_on(
                sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
                    .fetch_all(&self.raw),
            )
            .unwrap()
    }

    /// Run hesctl (trace logging on), remember its output for the leak check.
    fn run(&self, args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
        let out = hesctl(args, stdin, envs);
        let mut seen = self.seen.lock().unwrap();
        seen.push_str(&out.stdout);
        seen.push_str(&out.stderr);
        out
    }

    /// No password of the peer (nor the wrong ones tried) in anything hesctl printed.
    fn assert_no_password_printed(&self) {
        let seen = self.seen.lock().unwrap();
        assert!(!seen.is_empty());
        for p in all_passwords(&self.peer) {
            assert!(!seen.contains(&p), "a password was printed");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running hesctl

fn hesctl(args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
    let mut all = vec![("HESCTL_LOG", Some("trace"))];
    all.extend(envs.iter().map(|(k, v)| (*k, Some(*v))));
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &all)
}

fn line(s: &str) -> String {
    format!("{s}\n")
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn plain_database_with_the_password_on_stdin_or_in_the_environment() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_PLAIN]);
    let url = db.url(&peer.user.0, "");

    let out = db.run(&["--db", &url, "--password-stdin", "settings", "show", "--json"], Some(&line(&peer.user.1)), &[]);
    let v = out.ok().json();
    let ws = &v["Workspace"];
    assert_eq!((ws["Kind"].as_str(), ws["HesVersion"].as_str()), (Some("mysql"), Some("3.8.4")));
    assert_eq!(ws["DataProtection"], "off");
    assert_eq!(ws["ReadOnly"], false);
    assert_eq!(ws["Location"], format!("{}@{}:{}/{}", peer.user.0, peer.host, peer.port, db.name));
    assert_eq!(v["Settings"]["Licensing"]["ApiKey"], "stored");
    assert_eq!(v["Settings"]["Licensing"]["ApiAddress"], "https://hls.hideez.com");
    assert!(!out_text(&v).contains("secret-api-key-123"), "show never prints a secret");

    // HESCTL_DB_PASSWORD, TLS verified against the test CA (the URL's ssl-mode / ssl-ca).
    let tls_url = db.url(&peer.user.0, &format!("?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", peer.ca.display()));
    let out = db.run(&["--db", &tls_url, "settings", "show"], None, &[("HESCTL_DB_PASSWORD", &peer.user.1)]).ok();
    assert!(out.stdout.contains("Data Protection: off"), "{}", out.stdout);
    assert!(out.stdout.contains("API Key: stored"));
    assert!(!out.stdout.contains("read-only"));

    // A write: the password line first, then the section JSON from the rest of stdin.
    let stdin = format!("{}\n{}", peer.user.1, json!({"AllowPlatformAuthenticators": true}));
    db.run(&["--db", &url, "--password-stdin", "settings", "set", "fido", "-"], Some(&stdin), &[]).ok();
    let fido: Value = serde_json::from_str(&db.raw_value("fido").expect("fido row")).unwrap();
    assert_eq!(fido["AllowPlatformAuthenticators"], true);

    // A user created with REQUIRE SSL: refused without TLS, accepted with it.
    let tls_user = db.url(&peer.tls.0, "?ssl-mode=DISABLED");
    let out = db.run(&["--json", "--db", &tls_user, "settings", "show"], None, &[("HESCTL_DB_PASSWORD", &peer.tls.1)]);
    assert_eq!(out.last_error_code(), (7, "DbAuthFailed".into()));
    let tls_user = db.url(&peer.tls.0, &format!("?ssl-mode=VERIFY_CA&ssl-ca={}", peer.ca.display()));
    db.run(&["--db", &tls_user, "settings", "show"], None, &[("HESCTL_DB_PASSWORD", &peer.tls.1)]).ok();
    db.assert_no_password_printed();
}

fn out_text(v: &Value) -> String {
    v.to_string()
}

#[test]
fn protected_database_locked_then_unlocked() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_PROTECTED]);
    let url = db.url(&peer.user.0, "");
    let pw = [("HESCTL_DB_PASSWORD", peer.user.1.as_str())];

    // Locked: non-secret settings read, secrets say "stored".
    let out = db.run(&["--db", &url, "settings", "show"], None, &pw).ok();
    assert!(out.stdout.contains("Data Protection: locked"), "{}", out.stdout);
    assert!(out.stdout.contains("API Key: stored"));
    assert!(out.stdout.contains("Token: stored"));
    let v = db.run(&["--json", "--db", &url, "settings", "show"], None, &pw).ok().json();
    assert_eq!(v["Workspace"]["DataProtection"], "locked");
    assert_eq!(v["Settings"]["Licensing"]["ApiKey"], "stored");

    // Locked: a non-secret write works, a secret write is refused (exit 8) and writes nothing.
    db.run(&["--db", &url, "settings", "set", "fido", "-"], Some(r#"{"AllowPlatformAuthenticators":true}"#), &pw).ok();
    let before = db.snapshot();
    let new_key = "new-api-key-Tq55";
    let licensing = json!({"ApiKey": new_key, "ApiAddress": "https://hls.hideez.com"}).to_string();
    let out = db.run(&["--json", "--db", &url, "settings", "set", "licensing", "-"], Some(&licensing), &pw);
    assert_eq!(out.last_error_code(), (8, "DataProtectionLocked".into()));
    assert_eq!(db.snapshot(), before);

    // Unlocked by HESCTL_DP_PASSWORD: the new key is stored as HES would (key id 1 envelope).
    let unlocked = [("HESCTL_DB_PASSWORD", peer.user.1.as_str()), ("HESCTL_DP_PASSWORD", DP_PASSWORD)];
    let v = db.run(&["--json", "--db", &url, "settings", "show"], None, &unlocked).ok().json();
    assert_eq!(v["Workspace"]["DataProtection"], "unlocked");
    db.run(&["--db", &url, "settings", "set", "licensing", "-"], Some(&licensing), &unlocked).ok();
    let row: Value = serde_json::from_str(&db.raw_value("licensing").unwrap()).unwrap();
    let stored = row["ApiKey"].as_str().unwrap().to_string();
    assert!(stored.starts_with("AQAAABAAAA"), "key id 1, IV length 16: {stored}");
    assert!(!db.raw_value("licensing").unwrap().contains(new_key));
    // …and `protect decrypt` with the row's params gives the value back.
    let params = db.dp_params();
    let out = db
        .run(&["protect", "decrypt", "--params", &params, "--key-id", "1", &stored], Some(&line(DP_PASSWORD)), &[])
        .ok();
    assert_eq!(out.stdout, format!("{new_key}\n"));

    // Both passwords on stdin (database first), then the JSON: the splunk token is re-encrypted.
    let stdin = format!(
        "{}\n{}\n{}",
        peer.user.1,
        DP_PASSWORD,
        json!({"Host": "https://example.splunkcloud.com:8088", "Token": "tok-Hy61"})
    );
    db.run(
        &["--db", &url, "--password-stdin", "--dp-password-stdin", "settings", "set", "splunk", "-"],
        Some(&stdin),
        &[],
    )
    .ok();
    let splunk: Value = serde_json::from_str(&db.raw_value("splunk").unwrap()).unwrap();
    let token = splunk["Token"].as_str().unwrap();
    let out = db
        .run(&["protect", "decrypt", "--params", &params, "--key-id", "1", token], Some(&line(DP_PASSWORD)), &[])
        .ok();
    assert_eq!(out.stdout, "tok-Hy61\n");

    // A wrong Data Protection password: exit 8, DataProtectionWrongPassword, nothing written.
    let before = db.snapshot();
    let wrong = [("HESCTL_DB_PASSWORD", peer.user.1.as_str()), ("HESCTL_DP_PASSWORD", WRONG_DP_PASSWORD)];
    let out = db.run(&["--json", "--db", &url, "settings", "set", "licensing", "-"], Some(&licensing), &wrong);
    assert_eq!(out.last_error_code(), (8, "DataProtectionWrongPassword".into()));
    let out = db.run(&["--db", &url, "settings", "show"], None, &wrong);
    assert_eq!(out.code, 8);
    assert!(out.stderr.contains("DataProtectionWrongPassword"), "{}", out.stderr);
    assert_eq!(db.snapshot(), before);
    db.assert_no_password_printed();
}

#[test]
fn unfinished_data_protection_change_is_read_only() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_BROKEN]);
    let url = db.url(&peer.user.0, "");
    let pw = [("HESCTL_DB_PASSWORD", peer.user.1.as_str())];
    let out = db.run(&["--db", &url, "settings", "show"], None, &pw).ok();
    assert!(out.stdout.contains("Data Protection: broken · read-only"), "{}", out.stdout);
    assert!(out.stdout.contains("Read-only: "), "the reason is printed");
    let out = db.run(&["--json", "--db", &url, "settings", "delete", "splunk"], None, &pw);
    assert_eq!(out.last_error_code(), (6, "ReadOnly".into()));
    db.assert_no_password_printed();
}

#[test]
fn helpdesk_user_is_read_only() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_PLAIN]);
    let url = db.url(&peer.ro.0, "");
    let out = db.run(&["--db", &url, "--password-stdin", "settings", "show"], Some(&line(&peer.ro.1)), &[]).ok();
    assert!(out.stdout.contains("· read-only"), "{}", out.stdout);
    assert!(out.stdout.contains("Read-only: this database user may read but not change"), "{}", out.stdout);
    let v =
        db.run(&["--json", "--db", &url, "settings", "show"], None, &[("HESCTL_DB_PASSWORD", &peer.ro.1)]).ok().json();
    assert_eq!(v["Workspace"]["ReadOnly"], true);

    let before = db.snapshot();
    let stdin = format!("{}\n{}", peer.ro.1, json!({"AllowPlatformAuthenticators": true}));
    let out = db.run(&["--json", "--db", &url, "--password-stdin", "settings", "set", "fido", "-"], Some(&stdin), &[]);
    assert_eq!(out.last_error_code(), (6, "ReadOnly".into()));
    let out = db.run(&["--db", &url, "settings", "delete", "licensing"], None, &[("HESCTL_DB_PASSWORD", &peer.ro.1)]);
    assert_eq!(out.code, 6);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(db.snapshot(), before);
    db.assert_no_password_printed();
}

#[test]
fn login_and_reachability_errors() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_PLAIN]);
    let url = db.url(&peer.user.0, "");

    let out =
        db.run(&["--json", "--db", &url, "--password-stdin", "settings", "show"], Some(&line(WRONG_DB_PASSWORD)), &[]);
    assert_eq!(out.last_error_code(), (7, "DbAuthFailed".into()));
    // No password anywhere: refused before connecting, with a hint.
    let out = db.run(&["--db", &url, "settings", "show"], None, &[]);
    assert_eq!(out.code, 7);
    assert!(out.stderr.contains("DbAuthFailed") && out.stderr.contains("--password-stdin"), "{}", out.stderr);
    // --password-stdin with nothing on stdin is a usage error.
    let out = db.run(&["--json", "--db", &url, "--password-stdin", "settings", "show"], None, &[]);
    assert_eq!(out.last_error_code(), (2, "BadRequest".into()));
    // A password in the URL is refused outright.
    let out = db.run(
        &["--json", "--db", &format!("mysql://hes:{WRONG_DB_PASSWORD}@127.0.0.1/x"), "settings", "show"],
        None,
        &[],
    );
    assert_eq!(out.last_error_code(), (2, "BadRequest".into()));
    // Nothing listens: exit 7 within the --timeout-ms budget.
    let started = std::time::Instant::now();
    let out = db.run(
        &["--json", "--timeout-ms", "1500", "--db", "mysql://hes@127.0.0.1:1/hes", "settings", "show"],
        None,
        &[("HESCTL_DB_PASSWORD", WRONG_DB_PASSWORD)],
    );
    let (code, error) = out.last_error_code();
    assert_eq!(code, 7);
    assert!(error == "DbUnreachable" || error == "Timeout", "{error}");
    assert!(started.elapsed() < std::time::Duration::from_secs(6), "took {:?}", started.elapsed());
    // Not an HES database.
    let not_hes = TestDb::new(&peer, &[NOT_HES]);
    let out = not_hes.run(
        &["--json", "--db", &not_hes.url(&peer.user.0, ""), "settings", "show"],
        None,
        &[("HESCTL_DB_PASSWORD", &peer.user.1)],
    );
    assert_eq!(out.last_error_code(), (7, "NotHesDatabase".into()));
    db.assert_no_password_printed();
    not_hes.assert_no_password_printed();
}

/// The environment of a hesctl that keeps its profiles in `dir` and its passwords in the kernel
/// keyring (works without a login session or a Secret Service).
fn profile_env(dir: &Path) -> Vec<(&'static str, String)> {
    vec![("HES_CONSOLE_CONFIG_DIR", dir.display().to_string()), ("HES_CONSOLE_KEYRING", "keyutils".to_string())]
}

/// Removes the test's profiles (and so their kernel keyring entries) even when the test fails.
struct RemoveProfiles {
    envs: Vec<(&'static str, String)>,
    names: Vec<String>,
}

impl Drop for RemoveProfiles {
    fn drop(&mut self) {
        let envs: Vec<(&str, &str)> = self.envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for name in &self.names {
            let _ = hesctl(&["connections", "remove", name], None, &envs);
        }
    }
}

#[test]
fn saved_profiles_with_passwords_in_the_keychain() {
    let Some(peer) = peer() else { return };
    let db = TestDb::new(&peer, &[SCHEMA, SEED_PROTECTED]);
    let cfg = tempfile::tempdir().unwrap();
    let owned = profile_env(cfg.path());
    let envs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // A name of its own: the kernel keyring is shared by every process of this user.
    let name = format!("cli-test-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let _cleanup = RemoveProfiles { envs: owned.clone(), names: vec![name.clone(), format!("{name}-renamed")] };
    let ca = peer.ca.display().to_string();

    let more = [
        "--tls",
        "verify-identity",
        "--ca-file",
        &ca,
        "--timeout-ms",
        "5000",
        "--password-stdin",
        "--dp-password-stdin",
    ];
    let add = peer.add_profile_args(&name, &db.name, &peer.host, &more);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    let out = db.run(&add, Some(&format!("{}\n{DP_PASSWORD}\n", peer.user.1)), &envs);
    if out.code == 9 && std::env::var("CI").as_deref() != Ok("true") {
        eprintln!("note: the kernel keyring is not usable here, so the profile test did not run: {}", out.stderr);
        return;
    }
    out.ok();
    let file = std::fs::read_to_string(cfg.path().join("connections.json")).unwrap();
    assert!(file.contains(&db.name) && !file.contains(&peer.user.1), "connections.json has no password");

    let list = db.run(&["--json", "connections", "list"], None, &envs).ok().json();
    assert_eq!(list[0]["Name"], name.as_str());
    assert_eq!(
        (list[0]["PasswordStored"].as_bool(), list[0]["DataProtectionPasswordStored"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(list[0]["Tls"], "VerifyIdentity");
    assert_eq!(list[0]["TimeoutMs"], 5000);

    // --profile: both passwords from the keychain (another process than the one that stored them).
    let v = db.run(&["--json", "--profile", &name, "settings", "show"], None, &envs).ok().json();
    assert_eq!(v["Workspace"]["Connection"], name.as_str());
    assert_eq!(v["Workspace"]["DataProtection"], "unlocked");

    // connections test: reached, HES release, locked (a test does not unlock), read-write.
    let r = db.run(&["--json", "connections", "test", &name], None, &envs).ok().json();
    assert_eq!(r["Ok"], true);
    assert_eq!(r["HesVersion"], "3.8.4");
    assert_eq!(r["DataProtection"], "locked");
    assert_eq!(r["ReadOnly"], false);
    assert!(r["DurationMs"].is_u64());
    let text = db.run(&["connections", "test", &name], None, &envs).ok();
    assert!(text.stdout.contains("ok · HES 3.8.4"), "{}", text.stdout);

    // Rename, forget the DP password: the profile opens locked.
    let renamed = format!("{name}-renamed");
    db.run(&["connections", "edit", &name, "--name", &renamed, "--forget-dp-password"], None, &envs).ok();
    let v = db.run(&["--json", "--profile", &renamed, "settings", "show"], None, &envs).ok().json();
    assert_eq!(v["Workspace"]["DataProtection"], "locked");
    assert_eq!(
        db.run(&["--json", "--profile", &name, "settings", "show"], None, &envs).last_error_code(),
        (4, "NotFound".into())
    );

    // Forget the database password: a clear error, and a failing test exits with the error's code.
    db.run(&["connections", "edit", &renamed, "--forget-password"], None, &envs).ok();
    let out = db.run(&["--json", "--profile", &renamed, "settings", "show"], None, &envs);
    assert_eq!(out.last_error_code(), (7, "DbAuthFailed".into()));
    assert!(out.stderr.contains("No database password is stored"), "{}", out.stderr);
    let r =
        db.run(&["--json", "--password-stdin", "connections", "test", &renamed], Some(&line(WRONG_DB_PASSWORD)), &envs);
    assert_eq!(r.code, 7);
    assert_eq!(r.json()["Error"]["code"], "DbAuthFailed");

    // Remove: the file and the keychain entries go.
    db.run(&["connections", "remove", &renamed], None, &envs).ok();
    let list = db.run(&["--json", "connections", "list"], None, &envs).ok().json();
    assert_eq!(list, json!([]));
    db.assert_no_password_printed();
}
