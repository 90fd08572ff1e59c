//! Against the OpenSSH test peer (tests/peers/ssh.sh) forwarding to the MariaDB peer: host key
//! first-trust and mismatch, known_hosts, each authentication method and its failures, a refused
//! forward, and a session killed under the tunnel. Skipped (with a note) without the peers' env.

use hes_core::connections::SshAuth;
use hes_core::error::ErrorCode;
use hes_core::Secret;
use hes_tunnel::host_key::{describe, pin_text};
use hes_tunnel::{SshTarget, Tunnel};
use std::time::Duration;
use tokio::io::AsyncReadExt;

/// One test at a time: the "server gone" test kills the listener's new children, which must be its own.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Peer {
    host: String,
    port: u16,
    mysql_port: u16,
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set (load the peers' env)"))
}

fn peer() -> Option<Peer> {
    if std::env::var("HES_SSH_PORT").is_err() {
        eprintln!("skipped: no SSH peer (set -a; . /tmp/hes-console-peers/peers.env; set +a)");
        return None;
    }
    Some(Peer {
        host: env("HES_SSH_HOST"),
        port: env("HES_SSH_PORT").parse().unwrap(),
        mysql_port: env("HES_MYSQL_PORT").parse().unwrap(),
    })
}

fn host_pin() -> String {
    let key = russh::keys::load_public_key(env("HES_SSH_HOST_KEY_PUB")).unwrap();
    pin_text(&describe("127.0.0.1", 0, &key))
}

fn target(p: &Peer, auth: SshAuth, secret: Option<&str>) -> SshTarget {
    SshTarget {
        host: p.host.clone(),
        port: p.port,
        user: env("HES_SSH_USER"),
        auth,
        secret: secret.map(Secret::new),
        pinned: Some(host_pin()),
        known_hosts: None,
        timeout: Duration::from_secs(10),
    }
}

fn key(var: &str) -> SshAuth {
    SshAuth::Key { path: env(var) }
}

/// The first bytes the database sends through the tunnel: MariaDB's greeting.
async fn greeting(t: &Tunnel) -> std::io::Result<Vec<u8>> {
    let mut s = tokio::net::TcpStream::connect(t.addr).await?;
    let mut buf = vec![0u8; 128];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .map_err(|_| std::io::ErrorKind::TimedOut)??;
    buf.truncate(n);
    Ok(buf)
}

fn is_greeting(b: &[u8]) -> bool {
    b.len() > 5 && b[4] == 10 && String::from_utf8_lossy(b).contains("MariaDB")
}

#[tokio::test]
async fn each_authentication_method_forwards_to_the_database() {
    let Some(p) = peer() else { return };
    let _one = SERIAL.lock().await;
    let pass = env("HES_SSH_PASSPHRASE");
    let mut pw = target(&p, SshAuth::Password, Some(&env("HES_SSH_PASSWORD")));
    pw.user = env("HES_SSH_PW_USER");
    for (label, t) in [
        ("openssh key", target(&p, key("HES_SSH_KEY"), None)),
        ("openssh key with passphrase", target(&p, key("HES_SSH_KEY_PASS"), Some(&pass))),
        ("PEM RSA key with passphrase", target(&p, key("HES_SSH_KEY_PEM"), Some(&pass))),
        ("password", pw),
    ] {
        let opening = Tunnel::open(&t, "127.0.0.1", p.mysql_port).await;
        let names: Vec<_> = opening.steps.iter().map(|s| s.name).collect();
        let tunnel = opening.result.unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(names, ["DNS", "TCP", "Host key", "Authentication"], "{label}");
        assert!(tunnel.addr.ip().is_loopback());
        assert!(is_greeting(&greeting(&tunnel).await.unwrap()), "{label}: no MariaDB greeting");
        // Two connections at once: one channel each.
        let (a, b) = tokio::join!(greeting(&tunnel), greeting(&tunnel));
        assert!(is_greeting(&a.unwrap()) && is_greeting(&b.unwrap()), "{label}");
        assert!(tunnel.check_forward().await.outcome.is_ok(), "{label}");
        let addr = tunnel.addr;
        drop(tunnel);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "{label}: the listener outlived the tunnel");
    }
}

#[tokio::test]
async fn authentication_failures_have_stable_codes() {
    let Some(p) = peer() else { return };
    let _one = SERIAL.lock().await;
    let pass = env("HES_SSH_PASSPHRASE");
    let mut wrong_pw = target(&p, SshAuth::Password, Some("not-the-password"));
    wrong_pw.user = env("HES_SSH_PW_USER");
    let mut key_user_pw = target(&p, SshAuth::Password, Some(&env("HES_SSH_PASSWORD")));
    key_user_pw.user = env("HES_SSH_USER");
    for (label, t, field) in [
        ("a key not authorized", target(&p, key("HES_SSH_KEY_OTHER"), None), "Ssh.KeyPath"),
        ("no passphrase", target(&p, key("HES_SSH_KEY_PASS"), None), "Ssh.Secret"),
        ("wrong passphrase", target(&p, key("HES_SSH_KEY_PASS"), Some("wrong")), "Ssh.Secret"),
        ("wrong PEM passphrase", target(&p, key("HES_SSH_KEY_PEM"), Some("wrong")), "Ssh.Secret"),
        ("wrong password", wrong_pw, "Ssh.Secret"),
        ("password for a key-only user", key_user_pw, "Ssh.Secret"),
        ("missing key file", target(&p, SshAuth::Key { path: "/nonexistent/id".into() }, None), "Ssh.KeyPath"),
    ] {
        let e =
            Tunnel::open(&t, "127.0.0.1", p.mysql_port).await.result.err().unwrap_or_else(|| panic!("{label}: opened"));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::SshAuthFailed, Some(field)), "{label}: {e}");
        assert!(!e.message.contains(&pass) && !e.message.contains(&env("HES_SSH_PASSWORD")), "{label}");
    }
    let _ = pass;
}

#[tokio::test]
async fn host_keys_unknown_trusted_changed_and_known_hosts() {
    let Some(p) = peer() else { return };
    let _one = SERIAL.lock().await;
    let mut t = target(&p, key("HES_SSH_KEY"), None);
    t.pinned = None;
    // Unknown: refused before authentication, the key shown.
    let opening = Tunnel::open(&t, "127.0.0.1", p.mysql_port).await;
    let e = opening.result.err().expect("an unknown host key was accepted");
    assert_eq!(e.code, ErrorCode::SshHostKeyUnknown);
    let shown = opening.host_key.expect("the key is shown");
    assert_eq!(pin_text(&shown), host_pin());
    assert!(e.message.contains(&shown.sha256), "{}", e.message);
    assert!(!opening.steps.iter().any(|s| s.name == "Authentication"), "authenticated to an unknown host");
    // Trusted (what "Trust this host key" pins): opens.
    t.pinned = Some(pin_text(&shown));
    assert!(Tunnel::open(&t, "127.0.0.1", p.mysql_port).await.result.is_ok());
    // Another key pinned: changed, distinct code, still shown.
    t.pinned = Some(format!("ssh-ed25519 SHA256:{}", "B".repeat(43)));
    let opening = Tunnel::open(&t, "127.0.0.1", p.mysql_port).await;
    assert_eq!(opening.result.err().map(|e| e.code), Some(ErrorCode::SshHostKeyChanged));
    assert_eq!(opening.host_key.map(|k| k.sha256), Some(shown.sha256.clone()));
    // known_hosts (OpenSSH's own format, `[host]:port`) vouches without a pin; a different
    // recorded key is a change.
    let dir = tempfile::tempdir().unwrap();
    let kh = dir.path().join("known_hosts");
    let public = std::fs::read_to_string(env("HES_SSH_HOST_KEY_PUB")).unwrap();
    let mut fields = public.split_whitespace();
    let (alg, b64) = (fields.next().unwrap(), fields.next().unwrap());
    std::fs::write(&kh, format!("[{}]:{} {alg} {b64}\n", p.host, p.port)).unwrap();
    t.pinned = None;
    t.known_hosts = Some(kh.clone());
    assert!(Tunnel::open(&t, "127.0.0.1", p.mysql_port).await.result.is_ok(), "known_hosts entry not used");
    let other = "AAAAC3NzaC1lZDI1NTE5AAAAIA6rWI3G1sz07DnfFlrouTcysQlj2P+jpNSOEWD9OJ3X";
    std::fs::write(&kh, format!("[{}]:{} ssh-ed25519 {other}\n", p.host, p.port)).unwrap();
    let e =
        Tunnel::open(&t, "127.0.0.1", p.mysql_port).await.result.err().expect("a changed known_hosts key was accepted");
    assert_eq!(e.code, ErrorCode::SshHostKeyChanged);
}

#[tokio::test]
async fn a_forward_outside_permit_open_is_refused() {
    let Some(p) = peer() else { return };
    let _one = SERIAL.lock().await;
    let t = target(&p, key("HES_SSH_KEY"), None);
    // The SSH port itself is not in PermitOpen.
    let tunnel = Tunnel::open(&t, "127.0.0.1", p.port).await.result.unwrap();
    let step = tunnel.check_forward().await;
    assert_eq!(step.outcome.unwrap_err().code, ErrorCode::SshForwardRefused);
    // A client connecting through it sees the connection closed; the cause is kept.
    let got = greeting(&tunnel).await.unwrap_or_default();
    assert!(got.is_empty(), "bytes through a refused forward");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(tunnel.take_failure().map(|e| e.code), Some(ErrorCode::SshForwardRefused));
}

/// The sshd processes serving connections: children of the listener.
fn session_children() -> Vec<i32> {
    let listener: i32 = std::fs::read_to_string(env("HES_SSH_PIDFILE")).unwrap().trim().parse().unwrap();
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if after.split_whitespace().nth(1).and_then(|pp| pp.parse::<i32>().ok()) == Some(listener) {
            out.push(pid);
        }
    }
    out
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_killed_session_fails_the_connection_and_the_next_one_reconnects() {
    let Some(p) = peer() else { return };
    let _one = SERIAL.lock().await;
    let t = target(&p, key("HES_SSH_KEY"), None);
    let before = session_children();
    let tunnel = Tunnel::open(&t, "127.0.0.1", p.mysql_port).await.result.unwrap();
    let mut s = tokio::net::TcpStream::connect(tunnel.addr).await.unwrap();
    let mut buf = [0u8; 128];
    assert!(s.read(&mut buf).await.unwrap() > 0);
    // This tunnel's session: the new child(ren) of the listener. Kill them (the server "gone").
    let ours: Vec<i32> = session_children().into_iter().filter(|c| !before.contains(c)).collect();
    assert!(!ours.is_empty(), "no sshd child for the tunnel's session");
    for pid in &ours {
        std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    }
    // The open connection ends (EOF or error), within the bound.
    let ended = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await.expect("the connection hung");
    assert!(matches!(ended, Ok(0) | Err(_)), "{ended:?}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The next connection opens a new session.
    assert!(is_greeting(&greeting(&tunnel).await.unwrap()), "no reconnect after the session was killed");
}
