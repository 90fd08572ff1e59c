//! License import: read a document from the licensing server (the saved address and key) or a
//! file, preview it (nothing written), apply the preview in one transaction, or cancel through its
//! `ImportControl`. The API key never leaves this layer; the server shows as `…/<redacted>`.

use hes_checks::license_import::{fetch_licenses, plain_http_warning, shown_url, FetchOptions};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::{ApplyResult, ImportControl, ImportPreview, ParsedDocument, RejectionLog};
use hes_store::Console;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the document comes from.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(tag = "Kind")]
pub enum LicenseSource {
    /// The licensing server, with the saved API address and key.
    Server,
    /// A license file (picked with the native dialog, or named on the command line).
    File {
        #[serde(rename = "Path")]
        path: String,
    },
}

/// How a document is read. `Default`: the fetch defaults (30 s, 768 MB), plain http refused.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The admin confirmed sending the API key to a plain `http://` address.
    pub allow_plain_http: bool,
    /// The longest wait for the server's answer and each piece of it.
    pub server_timeout: Duration,
    /// The largest document accepted.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        let f = FetchOptions::default();
        ReadOptions { allow_plain_http: false, server_timeout: f.timeout, max_bytes: f.max_bytes }
    }
}

/// A document read, what it is called in the preview, and the warning to show for it (a plain
/// `http://` server the admin allowed).
pub struct Document {
    pub body: Body,
    pub source: String,
    pub warning: Option<String>,
}

/// A document as read: the server's answer whole, or a file indexed (its licenses without their
/// `Data`; the apply streams them from the file again, so they are never all in memory).
pub enum Body {
    Parsed(ParsedDocument),
    File(hes_store::licenses::IndexedFile),
}

impl Body {
    pub fn doc(&self) -> &ParsedDocument {
        match self {
            Body::Parsed(d) => d,
            Body::File(f) => &f.doc,
        }
    }

    async fn apply(&self, console: &Console, source: &str, ctl: &ImportControl) -> AppResult<ApplyResult> {
        match self {
            Body::Parsed(d) => console.license_apply(d, source, ctl).await,
            Body::File(f) => console.license_apply_file(f, source, ctl).await,
        }
    }
}

/// Read and parse the document. From the server the extra CA of `HES_CHECKS_CA_FILE` is trusted
/// as the checks trust it; a plain `http://` address is refused (`PlainHttpRefused`, nothing sent)
/// unless allowed.
pub async fn read(
    console: &Console,
    source: &LicenseSource,
    o: &ReadOptions,
    ctl: &ImportControl,
) -> AppResult<Document> {
    match source {
        LicenseSource::Server => {
            let (address, key) = console.licensing_server().await?;
            let warning = plain_http_warning(&address).filter(|_| o.allow_plain_http);
            if let Some(w) = &warning {
                tracing::warn!(code = "PlainHttp", "license import: {w} (the admin confirmed)");
            }
            let opts = FetchOptions {
                timeout: o.server_timeout,
                max_bytes: o.max_bytes,
                extra_ca_pem: hes_checks::CheckOptions::default().with_extra_ca_from_env().extra_ca_pem,
                allow_plain_http: o.allow_plain_http,
            };
            let doc = fetch_licenses(&address, &key, &opts, ctl).await?;
            Ok(Document { body: Body::Parsed(doc), source: shown_url(&address), warning })
        }
        LicenseSource::File { path } => {
            let p = PathBuf::from(path);
            let file = hes_store::licenses::index_file(&p, o.max_bytes, ctl).await?;
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.clone());
            Ok(Document { body: Body::File(file), source: name, warning: None })
        }
    }
}

/// A previewed document waiting for its apply, with its rejections (all counted, the first 1 000 kept).
pub struct Pending {
    pub body: Body,
    pub source: String,
    pub rejections: RejectionLog,
}

/// Check `document` against the database: the preview, and what its apply needs. Writes nothing.
pub async fn preview(
    console: &Console,
    document: Document,
    ctl: &ImportControl,
) -> AppResult<(ImportPreview, Pending)> {
    let doc = document.body.doc();
    let plan = console.license_check(doc, ctl).await?;
    let preview = plan.preview(&document.source, doc.bytes);
    Ok((preview, Pending { body: document.body, source: document.source, rejections: plan.rejections }))
}

/// Write the document in one transaction (checked again inside it), or nothing.
pub async fn apply(console: &Console, pending: &Pending, ctl: &ImportControl) -> AppResult<ApplyResult> {
    pending.body.apply(console, &pending.source, ctl).await
}

/// Write without a preview first (`hesctl licenses import` without `--dry-run`).
pub async fn apply_document(console: &Console, document: &Document, ctl: &ImportControl) -> AppResult<ApplyResult> {
    document.body.apply(console, &document.source, ctl).await
}

/// The rejection report as CSV into `path` (table, position, key, code, field, reason, record).
pub fn write_report(path: &Path, rejections: &RejectionLog) -> AppResult<()> {
    let io =
        |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot write the report {}: {e}", path.display()));
    let f = std::fs::File::create(path).map_err(io)?;
    hes_core::licenses::preview::write_report_csv(rejections.kept(), rejections.not_kept(), std::io::BufWriter::new(f))
        .map_err(io)
}

/// Apply asked for without a preview waiting.
pub fn no_preview() -> AppError {
    AppError::new(ErrorCode::BadRequest, "There is no license preview to apply: preview the import first.")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app holds a preview between its commands and applies it on its async runtime.
    #[test]
    fn a_pending_import_and_its_apply_cross_threads() {
        fn send<T: Send>(_: &T) {}
        #[allow(dead_code)]
        fn apply_is_send(console: &Console, pending: &Pending, ctl: &ImportControl) {
            send(&apply(console, pending, ctl));
        }
        fn pending_is_send(p: Option<Pending>) {
            send(&p);
        }
        pending_is_send(None);
    }
}
