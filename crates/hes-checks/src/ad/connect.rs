//! Steps `CA`, `DNS`, `TCP` and `TLS`: the LDAP connection over the socket the TCP step opened, and
//! the server's certificate in the report whether or not it is trusted.

use std::net::SocketAddr;
use std::time::Instant;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, StdStream};
use tokio_rustls::rustls;

use super::{AdMode, AdTarget};
use crate::run::{ms, Recorder, StepResult};
use crate::tls::{self, Seen};
use crate::{codes, CheckOptions};

pub(super) fn tls_setup(rec: &Recorder, t: &AdTarget, opts: &CheckOptions) -> StepResult<tls::Tls> {
    let step = rec.begin("CA");
    let (ca, pin) = (opts.extra_ca_pem.as_deref(), t.pinned_sha256.as_deref());
    let built = match t.ipv6_literal() {
        Some(ip) => tls::Tls::for_ip_literal(ca, pin, ip.into()),
        None => tls::Tls::new(ca, pin),
    };
    match built {
        Ok(tls) => {
            if let Some(path) = &opts.extra_ca_pem {
                rec.ok(step, format!("{} extra trusted certificate(s) from {}", tls.extra, path.display()));
            }
            Ok(tls)
        }
        Err(e) => Err(rec.fail(step, codes::INVALID_TARGET, e)),
    }
}

/// Steps `DNS` and `TCP`; the connected socket is the one LDAP then uses.
pub(super) async fn dns_tcp(rec: &Recorder, host: &str, port: u16) -> StepResult<tokio::net::TcpStream> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let step = rec.begin("DNS");
    let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((bare, port)).await {
        Ok(a) => a.collect(),
        Err(e) => return Err(rec.fail(step, codes::DNS_FAILED, format!("cannot resolve `{bare}`: {e}"))),
    };
    if addrs.is_empty() {
        return Err(rec.fail(step, codes::DNS_FAILED, format!("`{bare}` has no address")));
    }
    let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    rec.ok(step, format!("{bare} → {}", list.join(", ")));

    let step = rec.begin("TCP");
    let mut errors = Vec::new();
    for a in &addrs {
        let t0 = Instant::now();
        match tokio::net::TcpStream::connect(a).await {
            Ok(s) => {
                rec.ok(step, format!("connected to {a} in {} ms", ms(t0.elapsed())));
                return Ok(s);
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                errors.push(format!("{a}: connection refused (nothing listens on that port)"))
            }
            Err(e) => errors.push(format!("{a}: {e}")),
        }
    }
    Err(rec.fail(step, codes::UNREACHABLE, format!("cannot connect: {}", errors.join("; "))))
}

/// Step `TLS` (with StartTLS first in that mode): the LDAP connection, its certificate in the report.
pub(super) async fn connect(
    rec: &Recorder,
    t: &AdTarget,
    tls: &tls::Tls,
    tcp: tokio::net::TcpStream,
) -> StepResult<Ldap> {
    let step = rec.begin("TLS");
    let std = match tcp.into_std() {
        Ok(s) => s,
        Err(e) => return Err(rec.fail(step, codes::TLS_FAILED, format!("cannot use the connection: {e}"))),
    };
    let settings = LdapConnSettings::new()
        .set_config(tls.config.clone())
        .set_starttls(t.mode == AdMode::StartTls389)
        .set_std_stream(StdStream::Tcp(std));
    let result = LdapConnAsync::with_settings(settings, &t.tls_url()).await;
    let seen = tls.seen();
    let info = seen.as_ref().and_then(tls::certificate_info);
    if let Some(i) = &info {
        rec.set_certificate(i.clone());
    }
    let about = info
        .as_ref()
        .map(|i| {
            format!(
                "certificate `{}` issued by `{}`, valid until {}, SHA-256 {}",
                i.subject, i.issuer, i.not_after, i.sha256
            )
        })
        .unwrap_or_default();
    const HES_NOTE: &str = "HES itself does not check the DC's certificate";
    match (result, seen) {
        (Ok((conn, ldap)), Some(seen)) => {
            ldap3::drive!(conn);
            let how = if t.mode == AdMode::StartTls389 { "StartTLS" } else { "LDAPS" };
            let trust = match &seen.verdict {
                Ok(()) => "trusted".to_string(),
                Err(e) => format!("trusted by pin; no CA vouches for it: {}", tls::why_untrusted(e, t.host())),
            };
            rec.ok(step, format!("{how}: {about}: {trust}. {HES_NOTE}."));
            Ok(ldap)
        }
        (Ok(_), None) => Err(rec.fail(step, codes::TLS_FAILED, "the server sent no certificate")),
        (Err(_), Some(Seen { verdict: Err(e), pinned: false, .. })) => {
            let pin = match &t.pinned_sha256 {
                Some(p) => {
                    format!(" It does not match the pinned fingerprint {} (was the certificate replaced?).", p.trim())
                }
                None => String::new(),
            };
            Err(rec.fail(
                step,
                codes::TLS_UNTRUSTED_CERTIFICATE,
                format!(
                    "{about}: not trusted: {}.{pin} {HES_NOTE}: HES would connect anyway. If this is your DC's \
                     certificate, trust it explicitly (pinned to its SHA-256).",
                    tls::why_untrusted(&e, t.host())
                ),
            ))
        }
        (Err(e), _) => {
            let (code, words) = tls_error(&e, t);
            Err(rec.fail(step, code, words))
        }
    }
}

/// Why the connection failed before or during the handshake, in plain words.
fn tls_error(e: &LdapError, t: &AdTarget) -> (&'static str, String) {
    if let LdapError::LdapResult { result } = e {
        return (
            codes::LDAP_STARTTLS_FAILED,
            format!("the server refused StartTLS (rc {}: {})", result.rc, result.text),
        );
    }
    let io = match e {
        LdapError::Io { source } => Some(source),
        _ => None,
    };
    let rustls_err = io.and_then(|s| s.get_ref()).and_then(|i| i.downcast_ref::<rustls::Error>());
    let port = t.port();
    let closed = matches!(e, LdapError::ResultRecv { .. } | LdapError::EndOfStream)
        || matches!(
            io.map(|s| s.kind()),
            Some(std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset)
        );
    if t.mode == AdMode::StartTls389 && rustls_err.is_none() && closed {
        return (
            codes::LDAP_STARTTLS_FAILED,
            format!(
                "the server closed the connection instead of answering StartTLS on port {port}: it may expect TLS \
                 from the first byte there (LDAPS, usually 636)"
            ),
        );
    }
    match (rustls_err, io.map(|s| s.kind())) {
        (Some(rustls::Error::InvalidMessage(_)), _) => (
            codes::TLS_FAILED,
            format!(
                "the server did not answer with TLS on port {port}: it may be plain LDAP (389, use StartTLS) \
                 rather than LDAPS (636)"
            ),
        ),
        (Some(rustls::Error::AlertReceived(a)), _) => (
            codes::TLS_FAILED,
            format!("the server refused the TLS handshake (alert {a:?}); this check needs TLS 1.2 or newer"),
        ),
        (Some(other), _) => (codes::TLS_FAILED, format!("TLS handshake failed: {other}")),
        (None, Some(std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset)) => (
            codes::TLS_FAILED,
            format!(
                "the server closed the connection during the TLS handshake on port {port}: it may not speak \
                 LDAPS there (plain LDAP, usually 389, needs StartTLS), or it is a domain controller without a \
                 certificate for LDAPS (install one, e.g. by AD CS auto-enrolment)"
            ),
        ),
        _ => (codes::TLS_FAILED, format!("connecting failed: {e}")),
    }
}
