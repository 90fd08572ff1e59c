//! License import from the licensing server: HES's own call
//! `GET {ApiAddress}/api/Devices/GetDevicesWithLicenses/{ApiKey}`, its body streamed chunk by
//! chunk into the same parser as a license file (hes-core `licenses::parse_document`) on a
//! blocking thread, so the answer is never held whole. Bounded waits (the answer's headers, then
//! each chunk), a size limit, Cancel, TLS verified (rustls), no redirects (the key is in the URL).
//! The key never appears in an error or a log: messages name the address with `<redacted>`, and
//! every text from reqwest is stripped of the URL and scrubbed of the key.
//!
//! The key travels in the URL path, so over plain `http://` anyone on the path reads it. Such an
//! address is refused (`PlainHttpRefused`, nothing sent) unless the admin confirms
//! ([`FetchOptions::allow_plain_http`]); the confirmed request is then sent with a warning
//! ([`plain_http_warning`], code `PlainHttp` as the Splunk check says it).

use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::{parse_document, ImportControl, ParsedDocument, DEFAULT_MAX_BYTES};
use hes_core::Secret;

const IMPORT_PATH: &str = "api/Devices/GetDevicesWithLicenses/";
/// How often a wait looks at the cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// One piece of the body for the parser thread (`Err`: the download failed, see `failed`).
type Chunk = Result<Vec<u8>, ()>;

#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Longest wait for the answer's headers, and for each further piece of the body.
    pub timeout: Duration,
    pub max_bytes: u64,
    /// An extra trusted CA (PEM), e.g. a private CA in front of the licensing server, or tests.
    pub extra_ca_pem: Option<PathBuf>,
    /// The admin confirmed sending the stored API key over plain `http://` (off: refused with
    /// `PlainHttpRefused` before anything is sent).
    pub allow_plain_http: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            max_bytes: DEFAULT_MAX_BYTES,
            extra_ca_pem: None,
            allow_plain_http: false,
        }
    }
}

/// The address the import would use (blank: HES's default), trimmed.
fn effective_address(api_address: &str) -> &str {
    let a = api_address.trim();
    if a.is_empty() {
        hes_core::settings::licensing::DEFAULT_API_ADDRESS
    } else {
        a
    }
}

/// The warning (code `PlainHttp`, the Splunk check's) for an API address on plain `http://`:
/// the API key would travel unencrypted in the URL path. `None` for https (or an unusable address).
pub fn plain_http_warning(api_address: &str) -> Option<String> {
    let u = url::Url::parse(effective_address(api_address)).ok()?;
    (u.scheme() == "http").then(|| {
        format!(
            "{} uses plain http: the API key travels unencrypted in the URL, readable by anyone on the network path",
            u.host_str().map_or_else(
                || "The licensing server".to_string(),
                |h| match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h.to_string(),
                }
            )
        )
    })
}

/// The refusal of a plain-http address without the admin's confirmation.
pub fn plain_http_refused(api_address: &str) -> AppError {
    let why = plain_http_warning(api_address).unwrap_or_else(|| "The API address uses plain http".into());
    AppError::new(ErrorCode::PlainHttpRefused, format!("{why}. Nothing was sent.")).with_field("ApiAddress").with_hint(
        "Use an https:// API address, or confirm sending the key over plain http (hesctl: --allow-plain-http).",
    )
}

/// The address as it may be shown: the import URL with the key replaced by `<redacted>`.
pub fn shown_url(api_address: &str) -> String {
    let a = api_address.trim();
    let a = if a.is_empty() { hes_core::settings::licensing::DEFAULT_API_ADDRESS } else { a };
    format!("{}/{IMPORT_PATH}<redacted>", a.trim_end_matches('/'))
}

/// Remove the key (clear and percent-encoded) from a text that might carry it.
fn scrub(text: &str, key: &Secret) -> String {
    let k = key.expose();
    if k.is_empty() {
        return text.to_string();
    }
    let encoded: String = url::form_urlencoded::byte_serialize(k.as_bytes()).collect();
    let path_encoded = {
        let mut u = url::Url::parse("http://x/").expect("static URL");
        u.path_segments_mut().expect("http URL").push(k);
        u.path().trim_start_matches('/').to_string()
    };
    let mut out = text.replace(k, "<redacted>");
    for e in [encoded, path_encoded] {
        if !e.is_empty() {
            out = out.replace(&e, "<redacted>");
        }
    }
    out
}

fn unavailable(message: String) -> AppError {
    AppError::new(ErrorCode::LicensingUnavailable, message)
        .with_hint("Check the API address and the network; the licensing check (Diagnostics) shows each step.")
}

fn transport(e: reqwest::Error, key: &Secret, shown: &str) -> AppError {
    use std::error::Error as _;
    let e = e.without_url();
    if e.is_timeout() {
        return AppError::new(ErrorCode::Timeout, format!("{shown} did not answer in time."));
    }
    let mut chain = Vec::new();
    let mut src = e.source();
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    let all = scrub(&chain.join(": "), key);
    let lower = all.to_lowercase();
    if lower.contains("certificate") || lower.contains("unknownissuer") {
        return AppError::new(
            ErrorCode::TlsUntrustedCertificate,
            format!("The TLS certificate of {shown} is not trusted: {all}"),
        );
    }
    if e.is_connect() {
        return unavailable(format!("Cannot connect to {shown}: {all}"));
    }
    unavailable(format!("The request to {shown} failed: {}", if all.is_empty() { "no detail".into() } else { all }))
}

fn client(opts: &FetchOptions) -> AppResult<reqwest::Client> {
    let mut b = crate::tls::with_os_roots(reqwest::Client::builder())
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hes-console/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(opts.timeout);
    if let Some(path) = &opts.extra_ca_pem {
        let pem = std::fs::read(path)
            .map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read the CA file {}: {e}", path.display())))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|_| AppError::new(ErrorCode::Io, format!("{} holds no PEM certificate.", path.display())))?;
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    b.build().map_err(|e| AppError::internal(format!("cannot build the HTTP client: {}", e.without_url())))
}

/// Wait for `fut` at most `timeout`, stopping early when the import is cancelled.
async fn bounded<T>(
    fut: impl std::future::Future<Output = T>,
    timeout: Duration,
    ctl: &ImportControl,
    shown: &str,
) -> AppResult<T> {
    let cancelled = async {
        loop {
            tokio::time::sleep(CANCEL_POLL).await;
            if ctl.is_cancelled() {
                return;
            }
        }
    };
    tokio::select! {
        out = tokio::time::timeout(timeout, fut) => out.map_err(|_| {
            AppError::new(ErrorCode::Timeout, format!("{shown} did not answer within {} s.", timeout.as_secs_f32()))
                .with_hint("The licensing server is slow or unreachable; try again later. Nothing was imported.")
        }),
        () = cancelled => Err(AppError::new(ErrorCode::Cancelled, "The import was cancelled. Nothing was imported.")),
    }
}

/// The body pieces, read by the parser thread as one stream.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<Chunk>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for ChannelReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            match self.rx.blocking_recv() {
                None => return Ok(0),
                Some(Ok(b)) => (self.buf, self.pos) = (b, 0),
                Some(Err(())) => return Err(std::io::Error::other("the download stopped")),
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Fetch the licenses of `api_key` from the licensing server at `api_address` (blank: HES's
/// default) and parse them as they arrive. Progress (bytes) is re-sent every 200 ms even while
/// the server keeps us waiting.
pub async fn fetch_licenses(
    api_address: &str,
    api_key: &Secret,
    opts: &FetchOptions,
    ctl: &ImportControl,
) -> AppResult<ParsedDocument> {
    hes_store::licenses::with_heartbeat(ctl, fetch(api_address, api_key, opts, ctl)).await
}

async fn fetch(
    api_address: &str,
    api_key: &Secret,
    opts: &FetchOptions,
    ctl: &ImportControl,
) -> AppResult<ParsedDocument> {
    let shown = shown_url(api_address);
    if api_key.is_blank() {
        return Err(AppError::field_error("ApiKey", "API Key is empty."));
    }
    let raw = effective_address(api_address);
    let base = match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => return Err(AppError::field_error("ApiAddress", "The API address must be an http:// or https:// URL.")),
    };
    // Confirmed plain http goes ahead; the callers show plain_http_warning.
    if base.scheme() == "http" && !opts.allow_plain_http {
        return Err(plain_http_refused(api_address));
    }
    // Relative, as HES resolves it (an address with a path and no trailing slash loses its last segment).
    let mut url = base
        .join(IMPORT_PATH)
        .map_err(|_| AppError::field_error("ApiAddress", "The API address is not a base URL."))?;
    url.path_segments_mut()
        .map_err(|_| AppError::field_error("ApiAddress", "The API address is not a base URL."))?
        .pop_if_empty()
        .push(api_key.expose());

    let http = client(opts)?;
    ctl.begin(hes_core::licenses::ImportPhase::Parse, 0);
    let send = http.get(url).header("Accept", "application/json").send();
    let mut resp = bounded(send, opts.timeout, ctl, &shown).await?.map_err(|e| transport(e, api_key, &shown))?;
    let status = resp.status().as_u16();
    match status {
        200 => {}
        401 | 403 | 404 => {
            return Err(AppError::new(
                ErrorCode::LicensingKeyRejected,
                format!("The licensing server refused the API key (HTTP {status} from {shown})."),
            )
            .with_field("ApiKey")
            .with_hint(
                "Check the API key (and that the API address is the Hideez licensing server). Nothing was imported.",
            ))
        }
        300..=399 => {
            return Err(unavailable(format!(
                "HTTP {status} from {shown}: the server redirects; set the API address to the final address."
            )))
        }
        _ => return Err(unavailable(format!("HTTP {status} from {shown}: the licensing server could not answer."))),
    }
    let length = resp.content_length();
    if let Some(n) = length.filter(|n| *n > opts.max_bytes) {
        // Let the parser say it, with the same code and message as for a file.
        return parse_document(std::io::empty(), Some(n), opts.max_bytes, ctl);
    }

    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(16);
    let (max, c) = (opts.max_bytes, ctl.clone());
    let parser = tokio::task::spawn_blocking(move || {
        parse_document(ChannelReader { rx, buf: Vec::new(), pos: 0 }, length, max, &c)
    });
    let failed: Arc<Mutex<Option<AppError>>> = Arc::default();
    let pump = async {
        loop {
            let piece = match bounded(resp.chunk(), opts.timeout, ctl, &shown).await {
                Ok(Ok(Some(b))) => Ok(b.to_vec()),
                Ok(Ok(None)) => break,
                Ok(Err(e)) => Err(transport(e, api_key, &shown)),
                Err(e) => Err(e),
            };
            match piece {
                // A closed channel: the parser stopped (an error of its own), nothing more to send.
                Ok(b) => {
                    if tx.send(Ok(b)).await.is_err() {
                        break;
                    }
                }
                Err(e) => {
                    *failed.lock().expect("lock") = Some(e);
                    let _ = tx.send(Err(())).await;
                    break;
                }
            }
        }
        drop(tx);
    };
    let ((), parsed) = tokio::join!(pump, parser);
    if let Some(e) = failed.lock().expect("lock").take() {
        return Err(e);
    }
    parsed.map_err(|e| AppError::internal(format!("the parser stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_scrubbed_in_every_form() {
        let key = Secret::new("k3y with/space+plus");
        let text = "GET /api/Devices/GetDevicesWithLicenses/k3y%20with%2Fspace+plus failed; k3y+with%2Fspace%2Bplus; k3y with/space+plus";
        let out = scrub(text, &key);
        assert!(!out.contains("k3y"), "{out}");
        assert_eq!(shown_url(""), "https://hls.hideez.com/api/Devices/GetDevicesWithLicenses/<redacted>");
    }
}
