//! SMTP check against the real aiosmtpd peer (tests/peers/smtp.sh) and, for what a
//! real server will not do (stay silent, echo credentials), against tiny scripted servers here.
//!
//! The peer's tests need peers.env loaded (`HES_SMTP_*`); without it they print a note and pass,
//! except under `CI=true`, where they fail.
mod common;

use hes_test_support::{must_env as env, peer_env};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use common::*;
use hes_checks::{codes, smtp, CancellationToken, CheckOptions, CheckReport, Outcome, SmtpTarget, StepStatus};
use hes_core::settings::email::SmtpSecurity;
use hes_core::Secret;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// The peer (peers.env)

/// No Debug on purpose: it holds the test password.
struct Peer {
    host: String,
    starttls: u16,
    tls: u16,
    plain: u16,
    user: String,
    password: String,
    ca: PathBuf,
    spool: PathBuf,
    peers_dir: PathBuf,
}

fn peer() -> Option<Peer> {
    let host = peer_env("HES_SMTP_HOST")?;
    let port = |n: &str| env(n).parse::<u16>().unwrap_or_else(|_| panic!("{n} is a port number"));
    Some(Peer {
        host,
        starttls: port("HES_SMTP_STARTTLS_PORT"),
        tls: port("HES_SMTP_TLS_PORT"),
        plain: port("HES_SMTP_PLAIN_PORT"),
        user: env("HES_SMTP_USER"),
        password: env("HES_SMTP_PASSWORD"),
        ca: PathBuf::from(env("HES_TEST_CA")),
        spool: PathBuf::from(env("HES_SMTP_SPOOL")),
        peers_dir: PathBuf::from(env("HES_PEERS_DIR")),
    })
}

impl Peer {
    fn target(&self, port: u16, security: SmtpSecurity) -> SmtpTarget {
        SmtpTarget {
            host: self.host.clone(),
            port,
            security,
            user_name: Some(self.user.clone()),
            sender: self.user.clone(),
            test_recipient: None,
        }
    }

    fn trusted(&self) -> CheckOptions {
        opts().with_extra_ca(&self.ca)
    }

    /// The spool record (`<id>.json`) of the message that went to `rcpt`.
    fn delivered_to(&self, rcpt: &str) -> Option<(serde_json::Value, String)> {
        for entry in std::fs::read_dir(&self.spool).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            if meta["rcpt_tos"].as_array().is_some_and(|a| a.iter().any(|r| r == rcpt)) {
                let eml = std::fs::read_to_string(path.with_extension("eml")).unwrap();
                return Some((meta, eml));
            }
        }
        None
    }

    /// SHA-256 of the peer's server certificate (DER), as `AB:CD:…`.
    fn cert_fingerprint(&self) -> String {
        let pem = std::fs::read_to_string(self.peers_dir.join("tls/server.crt")).unwrap();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = B64.decode(b64).unwrap();
        Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
    }
}

/// A recipient no other test uses (the tests share the spool and run concurrently).
fn unique_rcpt(tag: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{tag}-{n}@hes.test")
}

fn names(r: &CheckReport) -> Vec<&str> {
    r.steps.iter().map(|s| s.name.as_str()).collect()
}

#[track_caller]
fn assert_no_secret(r: &CheckReport, user: &str, password: &str) {
    let text = all_text(r);
    let forms = [password.to_string(), B64.encode(password), B64.encode(format!("\0{user}\0{password}"))];
    for f in forms {
        assert!(!text.contains(&f), "{f:?} leaked: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Against the real server

#[tokio::test]
async fn starttls_and_auth_ok_with_live_progress() {
    let Some(p) = peer() else { return };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    let o = p.trusted().with_progress(move |s| s2.lock().unwrap().push(s.clone()));
    let r = smtp(&p.target(p.starttls, SmtpSecurity::StartTls), Some(&Secret::new(&p.password)), &o).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_eq!(names(&r), ["CA", "DNS", "TCP", "Greeting", "EHLO", "TLS", "EHLO", "AUTH", "Send", "QUIT"]);
    assert_step(&r, "Greeting", StepStatus::Ok, "220 mail.hes.test");
    // In clear the server hides AUTH; after STARTTLS it offers it (the second EHLO).
    assert!(r.steps[4].detail.contains("STARTTLS") && !r.steps[4].detail.contains("AUTH"), "{}", r.to_text());
    assert!(r.steps[6].detail.contains("AUTH LOGIN PLAIN"), "{}", r.to_text());
    assert_step(&r, "TLS", StepStatus::Ok, &format!("certificate SHA-256 {}", p.cert_fingerprint()));
    assert_step(&r, "AUTH", StepStatus::Ok, &format!("AUTH LOGIN as {} accepted: 235", p.user));
    assert_step(&r, "Send", StepStatus::Skipped, "no test recipient");
    assert_step(&r, "QUIT", StepStatus::Ok, "221");
    assert_eq!(*seen.lock().unwrap(), r.steps, "progress saw every step, in order");
    assert!(r.target.contains(&format!(":{} (STARTTLS, user {})", p.starttls, p.user)), "{}", r.target);
}

#[tokio::test]
async fn implicit_tls_and_auth_ok() {
    let Some(p) = peer() else { return };
    let r = smtp(&p.target(p.tls, SmtpSecurity::Tls), Some(&Secret::new(&p.password)), &p.trusted()).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_eq!(names(&r), ["CA", "DNS", "TCP", "TLS", "Greeting", "EHLO", "AUTH", "Send", "QUIT"]);
    assert_step(&r, "TLS", StepStatus::Ok, "implicit TLS: TLSv1.3");
    assert_step(&r, "AUTH", StepStatus::Ok, "235 2.7.0");
}

#[tokio::test]
async fn test_email_is_delivered_with_recipient_and_subject() {
    let Some(p) = peer() else { return };
    let rcpt = unique_rcpt("delivered");
    let mut t = p.target(p.starttls, SmtpSecurity::StartTls);
    t.test_recipient = Some(rcpt.clone());
    let r = smtp(&t, Some(&Secret::new(&p.password)), &p.trusted()).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_step(&r, "Send", StepStatus::Ok, "250 2.0.0 OK: queued as ");
    let (meta, eml) = p.delivered_to(&rcpt).expect("the test e-mail is in the spool");
    assert!(step(&r, "Send").detail.contains(meta["id"].as_str().unwrap()), "the queue id is reported");
    assert_eq!(meta["subject"], "HES Console test e-mail");
    assert_eq!(meta["mail_from"], p.user.as_str());
    assert_eq!(meta["auth_user"], p.user.as_str());
    assert_eq!((meta["listener"].as_str(), meta["tls"].as_bool()), (Some("starttls"), Some(true)));
    assert!(eml.contains(&format!("To: {rcpt}\r\n")) && eml.contains("\r\nDate: "), "{eml}");
}

#[tokio::test]
async fn plain_server_without_login_delivers_and_skips_tls_and_auth() {
    let Some(p) = peer() else { return };
    let rcpt = unique_rcpt("plain");
    let t = SmtpTarget { user_name: None, test_recipient: Some(rcpt.clone()), ..p.target(p.plain, SmtpSecurity::None) };
    let r = smtp(&t, None, &opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_step(&r, "TLS", StepStatus::Skipped, "Security is None");
    assert_step(&r, "AUTH", StepStatus::Skipped, "no user name");
    let (meta, _) = p.delivered_to(&rcpt).expect("delivered");
    assert_eq!((meta["listener"].as_str(), meta["tls"].as_bool()), (Some("plain"), Some(false)));
}

#[tokio::test]
async fn wrong_password_is_refused_with_the_servers_reply() {
    let Some(p) = peer() else { return };
    let wrong = "CANARY-smtp-wrong-pw";
    let mut t = p.target(p.starttls, SmtpSecurity::StartTls);
    t.test_recipient = Some(unique_rcpt("never"));
    let r = smtp(&t, Some(&Secret::new(wrong)), &p.trusted()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::SMTP_AUTH_FAILED));
    assert_step(&r, "AUTH", StepStatus::Fail, "535 5.7.8 Authentication credentials invalid");
    assert_step(&r, "AUTH", StepStatus::Fail, "refused the user name or password");
    assert_step(&r, "Send", StepStatus::Skipped, "earlier step failed");
    assert_no_secret(&r, &p.user, wrong);
}

#[tokio::test]
async fn server_requires_login_when_no_user_is_set() {
    let Some(p) = peer() else { return };
    let t = SmtpTarget {
        user_name: None,
        test_recipient: Some(unique_rcpt("anon")),
        ..p.target(p.starttls, SmtpSecurity::StartTls)
    };
    let r = smtp(&t, None, &p.trusted()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::SMTP_AUTH_REQUIRED));
    assert_step(&r, "Send", StepStatus::Fail, "530");
}

#[tokio::test]
async fn starttls_configured_but_the_server_has_no_tls() {
    let Some(p) = peer() else { return };
    let r = smtp(&p.target(p.plain, SmtpSecurity::StartTls), Some(&Secret::new(&p.password)), &p.trusted()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::SMTP_STARTTLS_NOT_OFFERED));
    assert_step(&r, "TLS", StepStatus::Fail, &format!("does not offer STARTTLS on port {}", p.plain));
    assert_eq!(step(&r, "AUTH").status, StepStatus::Skipped, "no password sent in clear");
}

#[tokio::test]
async fn security_none_with_a_password_warns_and_reports_missing_auth() {
    let Some(p) = peer() else { return };
    let r = smtp(&p.target(p.plain, SmtpSecurity::None), Some(&Secret::new(&p.password)), &opts()).await;
    assert_step(&r, "TLS", StepStatus::Warn, "password travels unencrypted");
    assert_outcome(&r, Outcome::Fail, Some(codes::SMTP_AUTH_NOT_OFFERED));
    assert_step(&r, "AUTH", StepStatus::Fail, "does not offer AUTH");
    assert_no_secret(&r, &p.user, &p.password);
}

#[tokio::test]
async fn untrusted_certificate_is_refused_and_named_by_its_fingerprint() {
    let Some(p) = peer() else { return };
    let fp = p.cert_fingerprint();
    for (port, security) in [(p.starttls, SmtpSecurity::StartTls), (p.tls, SmtpSecurity::Tls)] {
        let r = smtp(&p.target(port, security), Some(&Secret::new(&p.password)), &opts()).await;
        assert_outcome(&r, Outcome::Fail, Some(codes::TLS_UNTRUSTED_CERTIFICATE));
        assert_step(&r, "TLS", StepStatus::Fail, "not trusted");
        assert_step(&r, "TLS", StepStatus::Fail, &fp);
        assert_eq!(step(&r, "AUTH").status, StepStatus::Skipped);
    }
}

#[tokio::test]
async fn crossed_tls_modes_say_so() {
    let Some(p) = peer() else { return };
    let pw = Secret::new(&p.password);
    // Implicit TLS against the STARTTLS port: the server greets in clear text.
    let r = smtp(&p.target(p.starttls, SmtpSecurity::Tls), Some(&pw), &p.trusted()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_FAILED));
    assert_step(&r, "TLS", StepStatus::Fail, "did not answer with TLS");
    // STARTTLS against the implicit-TLS port: the server waits for a TLS hello, no greeting.
    let timeout = Duration::from_millis(1000);
    let t0 = Instant::now();
    let r = smtp(&p.target(p.tls, SmtpSecurity::StartTls), Some(&pw), &p.trusted().with_timeout(timeout)).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TIMEOUT));
    assert_step(&r, "Greeting", StepStatus::Fail, "set Security to Tls");
    assert!(t0.elapsed() <= timeout * 11 / 10, "{:?}", t0.elapsed());
}

#[tokio::test]
async fn no_password_in_any_report_or_progress_step() {
    let Some(p) = peer() else { return };
    let steps = Arc::new(Mutex::new(Vec::new()));
    let s2 = steps.clone();
    let o = p.trusted().with_progress(move |s| s2.lock().unwrap().push(s.clone()));
    let mut reports = Vec::new();
    for (port, security, pw) in [
        (p.starttls, SmtpSecurity::StartTls, p.password.as_str()),
        (p.starttls, SmtpSecurity::StartTls, "CANARY-S-wrong"),
        (p.tls, SmtpSecurity::Tls, p.password.as_str()),
        (p.tls, SmtpSecurity::Tls, "CANARY-S-wrong-tls"),
        (p.plain, SmtpSecurity::None, "CANARY-S-plain"),
        (p.plain, SmtpSecurity::StartTls, "CANARY-S-notls"),
        (closed_port(), SmtpSecurity::StartTls, "CANARY-S-closed"),
    ] {
        let mut t = p.target(port, security);
        t.test_recipient = Some(unique_rcpt("noleak"));
        let r = smtp(&t, Some(&Secret::new(pw)), &o).await;
        assert_no_secret(&r, &p.user, pw);
        reports.push((r, pw));
    }
    let progress = format!("{:?}", steps.lock().unwrap());
    for (_, pw) in &reports {
        assert!(!progress.contains(pw) && !progress.contains(&B64.encode(pw)), "{pw} in progress");
    }
    assert_eq!(reports.iter().filter(|(r, _)| r.outcome == Outcome::Ok).count(), 2, "both good logins sent");
}

// ---------------------------------------------------------------------------------------------
// Scripted servers (no peer needed)

/// A plain-text server offering `AUTH <mechs>` that echoes every line it gets in its reply to it
/// (the worst case for leaking what AUTH sends); it accepts the login when `accept`.
async fn echo_server(mechs: &'static str, accept: bool) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 echo.test ESMTP\r\n").await.unwrap();
                let mut step = 0;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply = if line.starts_with("EHLO") {
                        format!("250-echo.test\r\n250 AUTH {mechs}\r\n")
                    } else if line.starts_with("QUIT") {
                        "221 bye\r\n".to_string()
                    } else if line == "AUTH LOGIN" || (step > 0 && step < 2) {
                        step += 1;
                        format!("334 got {line}\r\n")
                    } else if accept {
                        "235 2.7.0 ok\r\n".to_string()
                    } else {
                        format!("535 5.7.8 rejected {line}\r\n")
                    };
                    if w.write_all(reply.as_bytes()).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    port
}

fn local_target(port: u16, security: SmtpSecurity) -> SmtpTarget {
    SmtpTarget {
        host: "127.0.0.1".into(),
        port,
        security,
        user_name: Some("user@echo.test".into()),
        sender: "user@echo.test".into(),
        test_recipient: None,
    }
}

#[tokio::test]
async fn credentials_echoed_by_a_server_are_redacted() {
    let pw = "CANARY-echo-pw";
    for mechs in ["LOGIN", "PLAIN"] {
        let port = echo_server(mechs, false).await;
        let r = smtp(&local_target(port, SmtpSecurity::None), Some(&Secret::new(pw)), &opts()).await;
        assert_outcome(&r, Outcome::Fail, Some(codes::SMTP_AUTH_FAILED));
        assert_step(&r, "AUTH", StepStatus::Fail, &format!("AUTH {mechs} as user@echo.test"));
        assert_step(&r, "AUTH", StepStatus::Fail, "535 5.7.8 rejected");
        assert!(step(&r, "AUTH").detail.contains("<redacted>"), "{}", r.to_text());
        assert_no_secret(&r, "user@echo.test", pw);
    }
}

#[tokio::test]
async fn login_without_tls_works_but_warns() {
    let port = echo_server("PLAIN", true).await;
    let r = smtp(&local_target(port, SmtpSecurity::None), Some(&Secret::new("CANARY-plain-ok")), &opts()).await;
    assert_outcome(&r, Outcome::Warn, Some(codes::SMTP_PASSWORD_UNENCRYPTED));
    assert_step(&r, "TLS", StepStatus::Warn, "password travels unencrypted");
    assert_step(&r, "AUTH", StepStatus::Ok, "AUTH PLAIN as user@echo.test accepted: 235");
}

#[tokio::test]
async fn closed_port_fails_fast_at_tcp() {
    let t0 = Instant::now();
    let r = smtp(&local_target(closed_port(), SmtpSecurity::StartTls), Some(&Secret::new("x")), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::UNREACHABLE));
    assert_step(&r, "TCP", StepStatus::Fail, "connection refused");
    assert_eq!(step(&r, "QUIT").status, StepStatus::Skipped);
    assert!(t0.elapsed() < Duration::from_secs(1), "{:?}", t0.elapsed());
}

#[tokio::test]
async fn silent_server_times_out_within_timeout_plus_10_percent() {
    let port = hes_test_support::net::SilentServer::start().port();
    let timeout = Duration::from_millis(1500);
    let t0 = Instant::now();
    let r = smtp(&local_target(port, SmtpSecurity::Tls), Some(&Secret::new("x")), &opts().with_timeout(timeout)).await;
    let took = t0.elapsed();
    assert_outcome(&r, Outcome::Fail, Some(codes::TIMEOUT));
    assert_step(&r, "TLS", StepStatus::Fail, "timeout (1500 ms)");
    assert!(took >= timeout && took <= timeout * 11 / 10, "took {took:?}");
}

/// An unreachable host: SYNs go unanswered. On Linux a listener whose accept queue is full drops
/// them, which is the same to the client as a firewall that drops packets.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn unreachable_host_times_out_at_tcp_within_timeout_plus_10_percent() {
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let l = sock.listen(0).unwrap();
    let addr = l.local_addr().unwrap();
    // Fill the accept queue (never accepted).
    let mut fill = Vec::new();
    for _ in 0..2 {
        if let Ok(Ok(s)) = tokio::time::timeout(Duration::from_millis(200), tokio::net::TcpStream::connect(addr)).await
        {
            fill.push(s);
        }
    }
    let timeout = Duration::from_millis(1500);
    let t0 = Instant::now();
    let r = smtp(
        &local_target(addr.port(), SmtpSecurity::StartTls),
        Some(&Secret::new("x")),
        &opts().with_timeout(timeout),
    )
    .await;
    let took = t0.elapsed();
    assert_outcome(&r, Outcome::Fail, Some(codes::TIMEOUT));
    assert_step(&r, "TCP", StepStatus::Fail, "timeout");
    assert!(took >= timeout && took <= timeout * 11 / 10, "took {took:?}");
    drop(l);
}

#[tokio::test]
async fn cancellation_stops_a_waiting_check_promptly() {
    let port = hes_test_support::net::SilentServer::start().port();
    let cancel = CancellationToken::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c2.cancel();
    });
    let t0 = Instant::now();
    let o = opts().with_timeout(Duration::from_secs(10)).with_cancel(cancel);
    let r = smtp(&local_target(port, SmtpSecurity::StartTls), Some(&Secret::new("x")), &o).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::CANCELLED));
    assert_step(&r, "Greeting", StepStatus::Fail, "cancelled");
    assert_eq!(step(&r, "AUTH").status, StepStatus::Skipped);
    assert!(t0.elapsed() < Duration::from_millis(500), "{:?}", t0.elapsed());
}

#[tokio::test]
async fn bad_settings_are_refused_before_connecting() {
    let mut t = local_target(closed_port(), SmtpSecurity::StartTls);
    t.test_recipient = Some("x@y\r\nRCPT TO:<evil@example.com>".into());
    let r = smtp(&t, Some(&Secret::new("x")), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
    assert_step(&r, "Settings", StepStatus::Fail, "the test recipient must be one plain address");
    assert_eq!(step(&r, "DNS").status, StepStatus::Skipped);

    let r = smtp(&local_target(25, SmtpSecurity::StartTls), None, &opts()).await;
    assert_step(&r, "Settings", StepStatus::Fail, "no password was given");
}

#[tokio::test]
async fn unreadable_ca_file_is_an_invalid_target() {
    let o = opts().with_extra_ca("/nonexistent/ca.pem");
    let r = smtp(&local_target(closed_port(), SmtpSecurity::Tls), Some(&Secret::new("x")), &o).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
    assert_step(&r, "CA", StepStatus::Fail, "cannot read CA file");
}
