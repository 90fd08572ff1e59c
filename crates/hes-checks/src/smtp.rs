//! SMTP: DNS → TCP → Greeting → EHLO → TLS (STARTTLS or implicit, verified) → AUTH → optionally a
//! test e-mail → QUIT. Each step reports the server's own reply (e.g. `535 5.7.8 …`).
//!
//! A small client of its own (`wire`) rather than lettre: lettre's connect merges TCP, greeting and
//! EHLO into one call and does not expose the banner, each command's reply or an untrusted
//! certificate; the check reports all of these per step.
//!
//! HES 3.x sends mail with .NET's System.Net.Mail, which logs in with AUTH LOGIN,
//! so LOGIN is preferred and PLAIN used only when LOGIN is not offered.

mod mail;
mod tls;
mod wire;

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use hes_core::settings::email::SmtpSecurity;
use hes_core::Secret;

use crate::report::CheckReport;
use crate::run::{ms, run, Recorder, StepResult};
use crate::tls::Tls;
use crate::{codes, CheckOptions};
use wire::{Ehlo, Session, WireError};
use zeroize::Zeroizing;

pub use mail::SUBJECT;

/// What the SMTP check connects to; the password is passed separately (a [`Secret`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Log in as this user (AUTH); `None`: send without authentication.
    pub user_name: Option<String>,
    /// Envelope sender and `From:` of the test e-mail.
    pub sender: String,
    /// Send a test e-mail here; `None`: no e-mail, the check ends after AUTH.
    pub test_recipient: Option<String>,
}

/// Check an SMTP server as the console's e-mail settings describe it. `password` is required
/// when `user_name` is set.
pub async fn smtp(target: &SmtpTarget, password: Option<&Secret>, opts: &CheckOptions) -> CheckReport {
    let mut secrets = Vec::new();
    if let Some(p) = password {
        // Also the forms AUTH puts on the wire, in case a server echoes them in a reply.
        let user = target.user_name.as_deref().unwrap_or("").trim();
        secrets.push(p.clone());
        secrets.push(Secret::new(wire::b64(p.expose()).as_str()));
        secrets.push(Secret::new(wire::auth_plain(user, p.expose()).as_str()));
    }
    let later: &[&str] = match target.security {
        SmtpSecurity::Tls => &["DNS", "TCP", "TLS", "Greeting", "EHLO", "AUTH", "Send", "QUIT"],
        _ => &["DNS", "TCP", "Greeting", "EHLO", "TLS", "AUTH", "Send", "QUIT"],
    };
    run("smtp", &target.describe(), opts, secrets, later, |rec| body(rec, target, password, opts)).await
}

impl SmtpTarget {
    /// The report's target text: host, port, security and user (no secret).
    pub fn describe(&self) -> String {
        describe_target(self)
    }
}

fn describe_target(t: &SmtpTarget) -> String {
    let security = match t.security {
        SmtpSecurity::StartTls => "STARTTLS",
        SmtpSecurity::Tls => "implicit TLS",
        SmtpSecurity::None => "no TLS",
    };
    let user = t.user_name.as_deref().map(|u| format!(", user {}", u.trim())).unwrap_or_default();
    format!("{}:{} ({security}{user})", t.host.trim(), t.port)
}

/// Why a step failed: a stable code and words for the admin (scrubbed by the recorder).
struct Failure {
    code: &'static str,
    detail: String,
}

fn failure(code: &'static str, detail: impl Into<String>) -> Failure {
    Failure { code, detail: detail.into() }
}

/// A broken conversation: the connection dropped, or the answer is not SMTP.
impl From<WireError> for Failure {
    fn from(e: WireError) -> Self {
        let code = match e {
            WireError::Malformed(_) => codes::UNEXPECTED_ANSWER,
            WireError::Io(_) | WireError::Closed => codes::SMTP_CONNECTION_LOST,
        };
        failure(code, e.to_string())
    }
}

type Work<T> = Result<(T, String), Failure>;

/// Run one step: `work` yields the value and the step's detail, or the failure.
async fn step<T>(rec: &Recorder, name: &str, work: impl Future<Output = Work<T>>) -> StepResult<T> {
    let step = rec.begin(name);
    match work.await {
        Ok((v, detail)) => {
            rec.ok(step, detail);
            Ok(v)
        }
        Err(f) => Err(rec.fail(step, f.code, f.detail)),
    }
}

async fn body(rec: Recorder, t: &SmtpTarget, password: Option<&Secret>, opts: &CheckOptions) -> StepResult<()> {
    let started = Instant::now();
    let host = t.host.trim().trim_start_matches('[').trim_end_matches(']').to_string();
    let user = t.user_name.as_deref().map(str::trim);
    if let Err(problems) = validate(t, &host, user, password) {
        let s = rec.begin("Settings");
        return Err(rec.fail(s, codes::INVALID_TARGET, problems));
    }
    let tls = match t.security {
        SmtpSecurity::None => None,
        _ => Some(tls_config(&rec, opts)?),
    };

    let (tcp, local) = dns_tcp(&rec, &host, t.port).await?;
    let mut s = Session::new(Box::new(tcp));
    if let (SmtpSecurity::Tls, Some(tls)) = (t.security, &tls) {
        s = step(&rec, "TLS", handshake(s, tls, &host, t.port, "implicit TLS")).await?;
    }
    // Servers greet at once; silence usually means implicit TLS and plain text are crossed, so
    // the greeting gets its own deadline and a hint, inside the check's timeout.
    let deadline = started + opts.timeout.mul_f32(0.9);
    step(&rec, "Greeting", greeting(&mut s, deadline, t.security)).await?;
    let hello = hello_name(local);
    let mut ehlo = step(&rec, "EHLO", ehlo(&mut s, &hello)).await?;

    match (t.security, &tls) {
        (SmtpSecurity::StartTls, Some(tls)) => {
            s = step(&rec, "TLS", starttls(s, &ehlo, tls, &host, t.port)).await?;
            // RFC 3207: forget what was announced in clear text and ask again.
            ehlo = step(&rec, "EHLO", self::ehlo(&mut s, &hello)).await?;
        }
        (SmtpSecurity::None, _) => {
            let offers =
                if ehlo.has("STARTTLS") { "; the server offers STARTTLS: set Security to StartTls" } else { "" };
            if user.is_some() {
                let s = rec.begin("TLS");
                let words = "Security is None: the password travels unencrypted (AUTH only base64-encodes it)";
                rec.warn(s, codes::SMTP_PASSWORD_UNENCRYPTED, format!("{words}{offers}"));
            } else {
                rec.skip("TLS", format!("not used (Security is None){offers}"));
            }
        }
        _ => {}
    }

    match (user, password) {
        (Some(user), Some(password)) => step(&rec, "AUTH", auth(&mut s, t.security, user, password, &ehlo)).await?,
        _ => rec.skip("AUTH", "no user name: the check goes on without logging in"),
    }
    match &t.test_recipient {
        Some(to) => step(&rec, "Send", send(&mut s, t.sender.trim(), to.trim(), user.is_some())).await?,
        None => rec.skip("Send", "no test recipient given: no e-mail sent"),
    }
    step(&rec, "QUIT", quit(&mut s)).await
}

/// Settings that cannot work (or could inject commands), refused before connecting.
fn validate(t: &SmtpTarget, host: &str, user: Option<&str>, password: Option<&Secret>) -> Result<(), String> {
    let mut problems = Vec::new();
    if host.is_empty() || host.contains("://") || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.push("the SMTP host must be a host name like smtp.example.com, without scheme or spaces".to_string());
    }
    if t.port == 0 {
        problems.push("the port must be 1–65535".into());
    }
    if let Err(why) = mail::check_address(t.sender.trim()) {
        problems.push(format!("the sender (From) {why}"));
    }
    if let Some(Err(why)) = t.test_recipient.as_deref().map(|to| mail::check_address(to.trim())) {
        problems.push(format!("the test recipient {why}"));
    }
    match (user, password) {
        (Some(u), _) if u.is_empty() || u.chars().any(char::is_control) => {
            problems.push("the user name is empty or has control characters".into())
        }
        (Some(_), None) => problems.push("a user name is set but no password was given".into()),
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The TLS client configuration, and the step `CA` when an extra CA is given.
fn tls_config(rec: &Recorder, opts: &CheckOptions) -> StepResult<Tls> {
    let Some(path) = &opts.extra_ca_pem else {
        // Without a CA file nothing here can fail but a broken build; report it like a bad CA.
        return Tls::new(None, None).map_err(|e| {
            let s = rec.begin("CA");
            rec.fail(s, codes::TLS_FAILED, e)
        });
    };
    let s = rec.begin("CA");
    match Tls::new(Some(path), None) {
        Ok(tls) => {
            rec.ok(s, format!("{} extra trusted certificate(s) from {}", tls.extra, path.display()));
            Ok(tls)
        }
        Err(e) => Err(rec.fail(s, codes::INVALID_TARGET, e)),
    }
}

/// Steps `DNS` and `TCP`; returns the connection and its local address (for EHLO).
async fn dns_tcp(rec: &Recorder, host: &str, port: u16) -> StepResult<(tokio::net::TcpStream, SocketAddr)> {
    let addrs = step(rec, "DNS", async {
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| failure(codes::DNS_FAILED, format!("cannot resolve `{host}`: {e}")))?
            .collect();
        if addrs.is_empty() {
            return Err(failure(codes::DNS_FAILED, format!("`{host}` has no address")));
        }
        let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
        Ok((addrs, format!("{host} → {}", list.join(", "))))
    })
    .await?;
    step(rec, "TCP", async {
        let mut errors = Vec::new();
        for a in &addrs {
            let t0 = Instant::now();
            match tokio::net::TcpStream::connect(a).await {
                Ok(tcp) => {
                    // Command, reply, command: small writes must not wait for delayed ACKs.
                    let _ = tcp.set_nodelay(true);
                    let local = tcp.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
                    return Ok(((tcp, local), format!("connected to {a} in {} ms", ms(t0.elapsed()))));
                }
                Err(e) => errors.push(format!("{a}: {}", io_words(&e))),
            }
        }
        Err(failure(codes::UNREACHABLE, format!("cannot connect: {}", errors.join("; "))))
    })
    .await
}

fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused (nothing listens on that port)".into(),
        std::io::ErrorKind::TimedOut => "connection timed out (a firewall may drop packets)".into(),
        _ => e.to_string(),
    }
}

/// EHLO's argument: our address as an address literal (RFC 5321 4.1.3), which every server accepts.
fn hello_name(local: SocketAddr) -> String {
    match local {
        SocketAddr::V4(a) => format!("[{}]", a.ip()),
        SocketAddr::V6(a) => format!("[IPv6:{}]", a.ip()),
    }
}

async fn greeting(s: &mut Session, deadline: Instant, security: SmtpSecurity) -> Work<()> {
    let Ok(reply) = tokio::time::timeout_at(deadline.into(), s.read_reply()).await else {
        let hint = match security {
            SmtpSecurity::Tls => "",
            _ => ": if this port expects implicit TLS (usually 465), set Security to Tls",
        };
        return Err(failure(codes::TIMEOUT, format!("the server sent no greeting{hint}")));
    };
    let reply = reply?;
    if !reply.is(220) {
        return Err(failure(codes::SMTP_GREETING_REJECTED, format!("the server refuses the session: {reply}")));
    }
    Ok(((), reply.to_string()))
}

/// EHLO, falling back to HELO for servers without ESMTP.
async fn ehlo(s: &mut Session, hello: &str) -> Work<Ehlo> {
    let (r, e) = s.ehlo(hello).await?;
    if r.is(250) {
        let detail = format!("{} announces: {}", e.domain, e.summary());
        return Ok((e, detail));
    }
    let helo = s.command(&format!("HELO {hello}")).await?;
    if helo.is(250) {
        return Ok((
            Ehlo::default(),
            format!("EHLO refused ({r}), HELO accepted: no extensions (no STARTTLS, no AUTH)"),
        ));
    }
    Err(failure(codes::SMTP_HELLO_REJECTED, format!("the server refused EHLO ({r}) and HELO ({helo})")))
}

async fn starttls(mut s: Session, ehlo: &Ehlo, tls: &Tls, host: &str, port: u16) -> Work<Session> {
    if !ehlo.has("STARTTLS") {
        return Err(failure(
            codes::SMTP_STARTTLS_NOT_OFFERED,
            format!(
                "the server does not offer STARTTLS on port {port} (it announces: {}): use the server's TLS \
                 port (587 with STARTTLS, 465 with implicit TLS), or look for a firewall that strips STARTTLS",
                ehlo.summary()
            ),
        ));
    }
    let r = s.command("STARTTLS").await?;
    if !r.is(220) {
        return Err(failure(codes::TLS_FAILED, format!("the server refused STARTTLS: {r}")));
    }
    handshake(s, tls, host, port, "STARTTLS").await
}

async fn handshake(s: Session, tls: &Tls, host: &str, port: u16, how: &str) -> Work<Session> {
    match s.upgrade(tls.config.clone(), host).await {
        Ok((s, info)) => {
            let fp = tls.leaf_fingerprint().map(|f| format!("; certificate SHA-256 {f}")).unwrap_or_default();
            Ok((s, format!("{how}: {info}, certificate trusted for `{host}`{fp}")))
        }
        Err(e) => {
            let (code, text) = tls::describe(&e, host, port);
            let fp = tls
                .leaf_fingerprint()
                .map(|f| format!("; the server's certificate has SHA-256 {f}"))
                .unwrap_or_default();
            Err(failure(code, format!("{how}: {text}{fp}")))
        }
    }
}

async fn auth(s: &mut Session, security: SmtpSecurity, user: &str, password: &Secret, e: &Ehlo) -> Work<()> {
    let mechanisms = e.auth_mechanisms();
    if mechanisms.is_empty() {
        let hint = if security == SmtpSecurity::None && e.has("STARTTLS") {
            ": many servers offer AUTH only after STARTTLS, set Security to StartTls"
        } else {
            ""
        };
        return Err(failure(
            codes::SMTP_AUTH_NOT_OFFERED,
            format!("the server does not offer AUTH (it announces: {}){hint}", e.summary()),
        ));
    }
    let (mechanism, reply) = if mechanisms.iter().any(|m| m == "LOGIN") {
        // 334 prompts for the user name, then the password (each base64).
        let mut r = s.command("AUTH LOGIN").await?;
        if r.is(334) {
            r = s.command(&wire::b64(user)).await?;
        }
        if r.is(334) {
            r = s.command(&wire::b64(password.expose())).await?;
        }
        ("LOGIN", r)
    } else if mechanisms.iter().any(|m| m == "PLAIN") {
        let line = Zeroizing::new(format!("AUTH PLAIN {}", *wire::auth_plain(user, password.expose())));
        ("PLAIN", s.command(&line).await?)
    } else {
        return Err(failure(
            codes::SMTP_AUTH_MECHANISM_UNSUPPORTED,
            format!(
                "the server offers AUTH {} only; the check (like HES) logs in with LOGIN or PLAIN",
                mechanisms.join(" ")
            ),
        ));
    };
    if reply.is(235) {
        return Ok(((), format!("AUTH {mechanism} as {user} accepted: {reply}")));
    }
    if reply.is(334) {
        // A further challenge we cannot answer: cancel the exchange (RFC 4954 4).
        let _ = s.command("*").await;
    }
    let words = match reply.code {
        535 => "the server refused the user name or password",
        534 => "the server wants another way to log in for this account (e.g. an app password)",
        432 | 454 => "temporary authentication failure on the server",
        _ => "authentication failed",
    };
    Err(failure(codes::SMTP_AUTH_FAILED, format!("AUTH {mechanism} as {user}: {words}: {reply}")))
}

async fn send(s: &mut Session, from: &str, to: &str, authenticated: bool) -> Work<()> {
    let r = s.command(&format!("MAIL FROM:<{from}>")).await?;
    if r.is(530) && !authenticated {
        let words = "the server requires authentication: set the user name and password";
        return Err(failure(codes::SMTP_AUTH_REQUIRED, format!("{words}: {r}")));
    }
    if !r.positive() {
        return Err(failure(codes::SMTP_SENDER_REJECTED, format!("the server refused the sender {from}: {r}")));
    }
    let r = s.command(&format!("RCPT TO:<{to}>")).await?;
    if !r.positive() {
        return Err(failure(codes::SMTP_RECIPIENT_REJECTED, format!("the server refused the recipient {to}: {r}")));
    }
    let r = s.command("DATA").await?;
    if !r.is(354) {
        return Err(failure(codes::SMTP_MESSAGE_REJECTED, format!("the server refused DATA: {r}")));
    }
    let r = s.data(&mail::message(from, to, SystemTime::now())).await?;
    if !r.positive() {
        return Err(failure(codes::SMTP_MESSAGE_REJECTED, format!("the server refused the test e-mail: {r}")));
    }
    Ok(((), format!("test e-mail \"{}\" to {to} accepted: {r}", mail::SUBJECT)))
}

/// QUIT politely; a server that does not answer it changes nothing about the verdict.
async fn quit(s: &mut Session) -> Work<()> {
    let detail = match tokio::time::timeout(Duration::from_secs(1), s.command("QUIT")).await {
        Ok(Ok(r)) => r.to_string(),
        Ok(Err(e)) => format!("no reply to QUIT ({e}); harmless"),
        Err(_) => "no reply to QUIT within 1 s; harmless".into(),
    };
    Ok(((), detail))
}
