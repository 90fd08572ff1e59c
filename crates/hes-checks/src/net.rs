//! DNS and TCP steps, the HTTP client (TLS verified, no redirects) and plain-word transport errors.

use std::error::Error as _;
use std::net::SocketAddr;
use std::time::Instant;

use url::Url;

use crate::codes;
use crate::run::{ms, Recorder, StepResult, Stop};
use crate::CheckOptions;

/// Parse an http(s) URL given by the admin; fail the step `URL` otherwise.
pub(crate) fn parse_url(rec: &Recorder, what: &str, raw: &str) -> StepResult<Url> {
    let step = rec.begin("URL");
    let url = match Url::parse(raw.trim()) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host_str().is_some() => u,
        Ok(u) => {
            return Err(rec.fail(
                step,
                codes::INVALID_TARGET,
                format!("{what} must be an http:// or https:// URL with a host (got scheme `{}`)", u.scheme()),
            ))
        }
        Err(e) => return Err(rec.fail(step, codes::INVALID_TARGET, format!("{what} is not a valid URL: {e}"))),
    };
    if url.scheme() == "http" {
        rec.warn(step, codes::PLAIN_HTTP, format!("{} uses plain http: secrets travel unencrypted", host_port(&url)));
    } else {
        rec.ok(step, host_port(&url));
    }
    Ok(url)
}

pub(crate) fn host_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port_or_known_default() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// Steps `DNS` and `TCP` for the URL's host and port.
pub(crate) async fn dns_tcp(rec: &Recorder, url: &Url) -> StepResult<()> {
    let host = url.host_str().unwrap_or("").trim_start_matches('[').trim_end_matches(']').to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let step = rec.begin("DNS");
    let addrs: Vec<SocketAddr> = match tokio::net::lookup_host((host.as_str(), port)).await {
        Ok(a) => a.collect(),
        Err(e) => return Err(rec.fail(step, codes::DNS_FAILED, format!("cannot resolve `{host}`: {e}"))),
    };
    if addrs.is_empty() {
        return Err(rec.fail(step, codes::DNS_FAILED, format!("`{host}` has no address")));
    }
    let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    rec.ok(step, format!("{host} → {}", list.join(", ")));

    let step = rec.begin("TCP");
    let mut errors = Vec::new();
    for a in &addrs {
        let t = Instant::now();
        match tokio::net::TcpStream::connect(a).await {
            Ok(_) => {
                rec.ok(step, format!("connected to {a} in {} ms", ms(t.elapsed())));
                return Ok(());
            }
            Err(e) => errors.push(format!("{a}: {}", io_words(&e))),
        }
    }
    Err(rec.fail(step, codes::UNREACHABLE, format!("cannot connect: {}", errors.join("; "))))
}

fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused (nothing listens on that port)".into(),
        std::io::ErrorKind::TimedOut => "connection timed out (a firewall may drop packets)".into(),
        _ => e.to_string(),
    }
}

/// HTTP client: rustls with the webpki roots, the OS store and the optional extra CA; no redirects (a redirect
/// must not carry a secret elsewhere); overall timeout slightly below the check's so the step says why.
pub(crate) fn client(rec: &Recorder, opts: &CheckOptions) -> StepResult<reqwest::Client> {
    let mut b = crate::tls::with_os_roots(reqwest::Client::builder())
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hes-console-check/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(opts.timeout)
        .timeout(opts.timeout)
        .https_only(false);
    if let Some(path) = &opts.extra_ca_pem {
        let step = rec.begin("CA");
        let pem = match std::fs::read(path) {
            Ok(p) => p,
            Err(e) => {
                return Err(rec.fail(
                    step,
                    codes::INVALID_TARGET,
                    format!("cannot read CA file {}: {e}", path.display()),
                ))
            }
        };
        match reqwest::Certificate::from_pem_bundle(&pem) {
            Ok(certs) if !certs.is_empty() => {
                let n = certs.len();
                for c in certs {
                    b = b.add_root_certificate(c);
                }
                rec.ok(step, format!("{n} extra trusted certificate(s) from {}", path.display()));
            }
            _ => {
                return Err(rec.fail(
                    step,
                    codes::INVALID_TARGET,
                    format!("{} holds no PEM certificate", path.display()),
                ))
            }
        }
    }
    b.build().map_err(|e| {
        let step = rec.begin("HTTP client");
        rec.fail(step, codes::HTTP_FAILED, describe(&e).1)
    })
}

/// A transport error in plain words and its code. The URL is removed (it may carry a key).
pub(crate) fn describe(e: &reqwest::Error) -> (&'static str, String) {
    let mut chain = Vec::new();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !chain.contains(&t) {
            chain.push(t);
        }
        src = s.source();
    }
    let all = chain.join(": ").to_lowercase();
    let code = if e.is_timeout() {
        codes::TIMEOUT
    } else if all.contains("certificate") || all.contains("unknownissuer") {
        codes::TLS_UNTRUSTED_CERTIFICATE
    } else if all.contains("tls") || all.contains("handshake") {
        codes::TLS_FAILED
    } else if e.is_connect() {
        codes::UNREACHABLE
    } else {
        codes::HTTP_FAILED
    };
    let head = match code {
        codes::TIMEOUT => "no answer in time",
        codes::TLS_UNTRUSTED_CERTIFICATE => "the server's TLS certificate is not trusted",
        codes::TLS_FAILED => "TLS handshake failed",
        codes::UNREACHABLE => "cannot connect",
        _ => "HTTP request failed",
    };
    if chain.is_empty() {
        (code, head.to_string())
    } else {
        (code, format!("{head}: {}", chain.join(": ")))
    }
}

/// Map a transport error to a failed step.
pub(crate) fn fail_transport(rec: &Recorder, step: crate::run::Step, e: reqwest::Error) -> Stop {
    let e = e.without_url();
    let (code, text) = describe(&e);
    rec.fail(step, code, text)
}
