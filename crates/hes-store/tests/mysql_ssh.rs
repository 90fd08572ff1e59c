//! Issue 14: the HES database through an SSH host, against the OpenSSH peer (tests/peers/ssh.sh)
//! forwarding to the MariaDB peer: a profile through SSH opens the fixture database and reads its
//! settings (TLS still verified against the database's own name), the host key is shown and
//! trusted, a lost SSH session is an error and the next open reconnects, no secret reaches a log,
//! and connect times over SSH against direct (printed; run with --nocapture).

use hes_core::connections::{ConnectionProfileInput, SshAuth};
use hes_core::error::ErrorCode;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::keychain::MemoryStore;
use hes_store::profiles::{ssh_target_of, test_connection, Profiles};
use hes_store::{Console, MySqlTarget};
use hes_test_support::mysql::{MySqlPeer, ScratchDb, SCHEMA};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One test at a time: the lost-session test kills the sshd children that appeared during it.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn ssh_peer() -> bool {
    let there = std::env::var("HES_SSH_PORT").is_ok();
    if !there {
        eprintln!("skipped: no SSH peer (set -a; . /tmp/hes-console-peers/peers.env; set +a)");
    }
    there
}

/// The peers (MariaDB, OpenSSH), this test's turn and a database of its own (the fixture's plain
/// settings); `None` without the peers.
async fn start() -> Option<(MySqlPeer, tokio::sync::MutexGuard<'static, ()>, ScratchDb)> {
    let peer = MySqlPeer::from_env()?;
    if !ssh_peer() {
        return None;
    }
    let one = SERIAL.lock().await;
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    Some((peer, one, db))
}

fn host_pin() -> String {
    let public = std::fs::read_to_string(env("HES_SSH_HOST_KEY_PUB")).unwrap();
    let key = russh_pub(&public);
    format!("{} {}", key.0, key.1)
}

/// `<algorithm> SHA256:<base64 without padding>` of an OpenSSH public key line.
fn russh_pub(line: &str) -> (String, String) {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let mut f = line.split_whitespace();
    let alg = f.next().unwrap().to_string();
    let blob = base64::engine::general_purpose::STANDARD.decode(f.next().unwrap()).unwrap();
    let fp = base64::engine::general_purpose::STANDARD_NO_PAD.encode(Sha256::digest(&blob));
    (alg, format!("SHA256:{fp}"))
}

fn profile_json(db: &str, peer: &MySqlPeer, auth: serde_json::Value) -> ConnectionProfileInput {
    serde_json::from_value(serde_json::json!({
        "Name": "Through SSH",
        "Host": "127.0.0.1",
        "Port": peer.port,
        "Database": db,
        "User": peer.user.0,
        "Tls": "VerifyIdentity",
        "CaFile": peer.ca.to_string_lossy(),
        "Password": peer.user.1,
        "Ssh": { "Host": env("HES_SSH_HOST"), "Port": env("HES_SSH_PORT").parse::<u16>().unwrap(), "User": env("HES_SSH_USER"), "Auth": auth },
        "SshSecret": env("HES_SSH_PASSPHRASE"),
    }))
    .unwrap()
}

#[tokio::test]
async fn a_profile_through_ssh_opens_the_database_after_its_host_key_is_trusted() {
    let Some((peer, _one, db)) = start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::new());
    let profiles = Profiles::new(dir.path().join("connections.json"), secrets.clone());
    // A passphrase-protected key: its passphrase goes to the keychain, not the file.
    let view = profiles
        .save(None, profile_json(&db.name, &peer, serde_json::json!({"Kind": "Key", "Path": env("HES_SSH_KEY_PASS")})))
        .unwrap();
    assert!(view.ssh_secret_stored && view.password_stored);
    let file = std::fs::read_to_string(dir.path().join("connections.json")).unwrap();
    assert!(!file.contains(&env("HES_SSH_PASSPHRASE")) && !file.contains(&peer.user.1), "a secret in the file");
    assert!(secrets.keys().contains(&"ssh:Through SSH".to_string()), "{:?}", secrets.keys());

    // 1. The host key is unknown on this computer: refused, shown, nothing opened.
    let mut target = profiles.target("Through SSH", None).unwrap();
    target.ssh.as_mut().unwrap().known_hosts = None; // not the user's own known_hosts
    let r = test_connection(&target, "Through SSH").await;
    assert_eq!(r.error.as_ref().map(|e| e.code), Some(ErrorCode::SshHostKeyUnknown), "{r:?}");
    let key = r.ssh_host_key.clone().expect("the host key is shown");
    assert_eq!(format!("{} {}", key.algorithm, key.sha256), host_pin());
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["SshHostKey"]["Sha256"], key.sha256.as_str());

    // 2. Trusted ("Trust this host key"): the profile opens and reads the settings, TLS verified.
    let pin = profiles.trust_ssh_host_key(&key.host, key.port, &format!("{} {}", key.algorithm, key.sha256)).unwrap();
    assert_eq!(pin, host_pin());
    assert_eq!(profiles.trust_ssh_host_key(&key.host, key.port, "not a key").unwrap_err().code, ErrorCode::Validation);
    let mut target = profiles.target("Through SSH", None).unwrap();
    target.ssh.as_mut().unwrap().known_hosts = None;
    let console = Console::open_mysql(&target, "Through SSH").await.expect("opens through SSH");
    let info = console.info();
    assert!(info.location.contains("via ssh"), "{}", info.location);
    assert_eq!(info.hes_version.as_deref(), Some("3.8.4"), "{info:?}");
    assert_eq!(console.view().await.unwrap().licensing.unwrap().api_address, "https://hls.hideez.com");
    drop(console);
    let r = test_connection(&target, "Through SSH").await;
    assert!(r.ok && r.ssh_host_key.is_none(), "{r:?}");

    // 3. Another key pinned for that SSH host: refused as changed, with the key shown.
    let other = format!("ssh-ed25519 SHA256:{}", "C".repeat(43));
    profiles.trust_ssh_host_key(&key.host, key.port, &other).unwrap();
    let mut changed = profiles.target("Through SSH", None).unwrap();
    changed.ssh.as_mut().unwrap().known_hosts = None;
    let r = test_connection(&changed, "Through SSH").await;
    assert_eq!(r.error.as_ref().map(|e| e.code), Some(ErrorCode::SshHostKeyChanged), "{r:?}");
    assert_eq!(r.ssh_host_key.map(|k| k.sha256), Some(key.sha256.clone()));

    // 4. Renamed: the SSH secret moves with it; deleted: it goes.
    profiles.trust_ssh_host_key(&key.host, key.port, &pin).unwrap();
    let mut rename = profile_json(&db.name, &peer, serde_json::json!({"Kind": "Key", "Path": env("HES_SSH_KEY_PASS")}));
    rename.name = "Renamed".into();
    rename.password = hes_core::SecretInput::Keep;
    rename.ssh_secret = hes_core::SecretInput::Keep;
    profiles.save(Some("Through SSH"), rename).unwrap();
    assert!(secrets.keys().contains(&"ssh:Renamed".to_string()));
    assert!(!secrets.keys().contains(&"ssh:Through SSH".to_string()));
    profiles.delete("Renamed").unwrap();
    assert!(!secrets.keys().iter().any(|k| k.starts_with("ssh:")), "{:?}", secrets.keys());
}

/// The MariaDB peer reached directly or through SSH with the plain key (pinned host key).
fn targets(peer: &MySqlPeer, db: &str) -> (MySqlTarget, MySqlTarget) {
    let direct = peer.target(db, &peer.user, TlsMode::VerifyIdentity);
    let mut profile: hes_core::connections::ConnectionProfile = serde_json::from_value(serde_json::json!({
        "Name": "x", "Host": "127.0.0.1", "Database": db, "User": "u",
        "Ssh": { "Host": env("HES_SSH_HOST"), "Port": env("HES_SSH_PORT").parse::<u16>().unwrap(), "User": env("HES_SSH_USER"),
                 "Auth": {"Kind": "Key", "Path": env("HES_SSH_KEY")} }
    }))
    .unwrap();
    profile.timeout_ms = 10_000;
    let mut via = direct.clone();
    via.ssh = Some(ssh_target_of(&profile, None, Some(host_pin())));
    via.ssh.as_mut().unwrap().known_hosts = None;
    (direct, via)
}

/// `t` through SSH as the peer's password user.
fn password_user(t: &MySqlTarget) -> MySqlTarget {
    let mut t = t.clone();
    let s = t.ssh.as_mut().unwrap();
    (s.user, s.auth, s.secret) =
        (env("HES_SSH_PW_USER"), SshAuth::Password, Some(Secret::new(env("HES_SSH_PASSWORD"))));
    t
}

#[tokio::test]
async fn each_ssh_method_and_tls_mode_opens_and_failures_keep_their_codes() {
    let Some((peer, _one, db)) = start().await else { return };
    let (_, via) = targets(&peer, &db.name);
    // TLS modes through the tunnel: Verify identity goes through the relay (the real name),
    // Verify CA and Required straight to the tunnel's end.
    for tls in [TlsMode::VerifyIdentity, TlsMode::VerifyCa, TlsMode::Required] {
        let mut t = via.clone();
        t.tls = tls;
        let c = Console::open_mysql(&t, "ssh").await.unwrap_or_else(|e| panic!("{tls:?}: {e:?}"));
        assert!(!c.info().read_only, "{tls:?}");
    }
    // A database address the SSH host may not forward to (PermitOpen): said as such, also when
    // Verify identity's relay is the first to see the closed connection.
    let mut elsewhere = via.clone();
    elsewhere.host = "127.0.0.2".into();
    let e = Console::open_mysql(&elsewhere, "ssh").await.err().expect("a forward outside PermitOpen");
    assert_eq!(e.code, ErrorCode::SshForwardRefused, "{e:?}");
    // Password user.
    let mut pw = password_user(&via);
    Console::open_mysql(&pw, "ssh-pw").await.expect("password user");
    // Wrong password, wrong key: SshAuthFailed; the database password is never tried.
    pw.ssh.as_mut().unwrap().secret = Some(Secret::new("wrong"));
    assert_eq!(Console::open_mysql(&pw, "x").await.err().unwrap().code, ErrorCode::SshAuthFailed);
    let mut other = via.clone();
    other.ssh.as_mut().unwrap().auth = SshAuth::Key { path: env("HES_SSH_KEY_OTHER") };
    assert_eq!(Console::open_mysql(&other, "x").await.err().unwrap().code, ErrorCode::SshAuthFailed);
    // A database port outside PermitOpen: the forward is refused, said as such.
    let mut refused = via.clone();
    refused.port = env("HES_SSH_PORT").parse().unwrap();
    let e = Console::open_mysql(&refused, "x").await.err().unwrap();
    assert_eq!(e.code, ErrorCode::SshForwardRefused, "{e:?}");
    // A wrong database password through the tunnel is still MySQL's answer.
    let mut bad = via.clone();
    bad.password = Secret::new("not-the-password");
    assert_eq!(Console::open_mysql(&bad, "x").await.err().unwrap().code, ErrorCode::DbAuthFailed);
}

#[tokio::test]
async fn no_secret_in_the_logs() {
    let Some((peer, _one, db)) = start().await else { return };
    let (_, via) = targets(&peer, &db.name);
    let buf = Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || Writer(sink.clone()))
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut pass = via.clone();
    let s = pass.ssh.as_mut().unwrap();
    (s.auth, s.secret) = (SshAuth::Key { path: env("HES_SSH_KEY_PASS") }, Some(Secret::new(env("HES_SSH_PASSPHRASE"))));
    Console::open_mysql(&pass, "ssh").await.expect("passphrase key");
    let mut pw = password_user(&via);
    Console::open_mysql(&pw, "ssh").await.expect("password");
    pw.ssh.as_mut().unwrap().secret = Some(Secret::new(format!("{}-wrong", env("HES_SSH_PASSWORD"))));
    let e = Console::open_mysql(&pw, "ssh").await.err().unwrap();
    drop(_guard);
    let ours = String::from_utf8_lossy(&buf.lock().unwrap()).to_string();
    let sshd = std::fs::read_to_string(env("HES_SSH_LOG")).unwrap_or_default();
    assert!(ours.contains("SSH tunnel opened"), "the log was not captured");
    for secret in [env("HES_SSH_PASSWORD"), env("HES_SSH_PASSPHRASE"), peer.user.1.clone()] {
        assert!(!ours.contains(&secret), "a secret in the console's log");
        assert!(!sshd.contains(&secret), "a secret in sshd's log");
        assert!(!format!("{e:?}").contains(&secret), "a secret in an error");
    }
}

#[derive(Clone)]
struct Writer(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Connect time (the whole open: tunnel, TLS, login, HES checks) over SSH against direct, the
/// median of N on loopback. Printed for the record; asserts only that SSH stays within bounds.
#[tokio::test]
async fn connect_time_over_ssh_against_direct() {
    let Some((peer, _one, db)) = start().await else { return };
    let (direct, via) = targets(&peer, &db.name);
    const N: usize = 9;
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..N {
        for (i, t) in [&direct, &via].into_iter().enumerate() {
            let started = Instant::now();
            let c = Console::open_mysql(t, "timing").await.expect("opens");
            times[i].push(started.elapsed());
            drop(c);
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (d, s) = (median(&mut times[0]), median(&mut times[1]));
    eprintln!("connect (open, TLS verify-identity, login, HES checks), median of {N} on loopback: direct {d:?}, through SSH {s:?}");
    assert!(s < Duration::from_secs(10), "through SSH: {s:?}");
}

/// A lost SSH session under an open console: the next operation fails with a connection error,
/// and opening again reconnects.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_lost_session_is_an_error_and_the_next_open_reconnects() {
    let Some((peer, _one, db)) = start().await else { return };
    let (_, mut via) = targets(&peer, &db.name);
    // A dedicated user's password login, so that this test's sshd children are recognisable.
    via = password_user(&via);
    let listener: i32 = std::fs::read_to_string(env("HES_SSH_PIDFILE")).unwrap().trim().parse().unwrap();
    let before = children(listener);
    let console = Console::open_mysql(&via, "ssh").await.expect("opens");
    console.view().await.expect("reads");
    // The session's monitor and its unprivileged child (privilege separation): both go.
    let ours: Vec<i32> = children(listener).into_iter().filter(|c| !before.contains(c)).collect();
    assert!(!ours.is_empty());
    let ours: Vec<i32> = ours.iter().flat_map(|p| children(*p)).chain(ours.iter().copied()).collect();
    for pid in &ours {
        std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The pool checks a connection before lending it: the dead one is dropped and a new one opens
    // through a new SSH session (the tunnel reconnects). Either that, or a connection error.
    if let Err(e) = console.view().await {
        assert!(matches!(e.code, ErrorCode::DbUnreachable | ErrorCode::SshTunnelClosed | ErrorCode::Timeout), "{e:?}");
    }
    console.view().await.expect("the next action reconnects");
    assert!(
        children(listener).iter().any(|c| !before.contains(c) && !ours.contains(c)),
        "no new SSH session after the kill"
    );
    // A fresh open works too.
    let again = Console::open_mysql(&via, "ssh").await.expect("reconnects");
    again.view().await.expect("reads again");
}

fn children(parent: i32) -> Vec<i32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if after.split_whitespace().nth(1).and_then(|pp| pp.parse::<i32>().ok()) == Some(parent) {
            out.push(pid);
        }
    }
    out
}
