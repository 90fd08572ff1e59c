//! License import (issue 5): preview from the licensing server (the saved key) or a file, then
//! apply in one transaction, or cancel. Progress reaches the window as `license-progress` events
//! (an `ImportProgress`, at least every 250 ms while work runs). The parsed document waits in the
//! app state between preview and apply; the API key never leaves the backend.

use super::CmdResult;
use crate::AppState;
use hes_checks::license_import::{fetch_licenses, plain_http_warning, shown_url, FetchOptions};
use hes_core::error::AppResult;
use hes_core::licenses::{
    ApplyResult, ImportControl, ImportPreview, ImportProgress, LicenseSummary, ParsedDocument, RejectionLog,
};
use hes_core::{AppError, ErrorCode};
use serde::Deserialize;
use tauri::{Emitter, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Where the document comes from.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(tag = "Kind")]
pub enum LicenseSource {
    /// The licensing server, with the saved API address and key.
    Server,
    /// A license file picked with the native dialog.
    File {
        #[serde(rename = "Path")]
        path: String,
    },
}

/// The document of the last preview, what it came from, and its rejections (for the report:
/// all counted, the first 1 000 kept).
pub struct PendingImport {
    doc: ParsedDocument,
    source: String,
    rejections: RejectionLog,
}

fn control<R: Runtime>(app: &tauri::AppHandle<R>, state: &AppState) -> ImportControl {
    let app = app.clone();
    let ctl = ImportControl::with_progress(move |p: &ImportProgress| {
        let _ = app.emit("license-progress", *p);
    });
    *state.license_control.lock().expect("lock") = Some(ctl.clone());
    ctl
}

/// Parse and check the document; nothing is written. Read-only users may preview. From the
/// server, a plain `http://` API address is refused (`PlainHttpRefused`, nothing sent: the key is
/// in the URL path) unless `allow_plain_http` says the admin confirmed it.
#[tauri::command]
pub async fn licenses_preview<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    source: LicenseSource,
    allow_plain_http: Option<bool>,
) -> CmdResult<ImportPreview> {
    let console = state.console()?;
    let ctl = control(&app, &state);
    let (doc, shown) = match source {
        LicenseSource::Server => {
            let (address, key) = console.licensing_server().await?;
            let allow_plain_http = allow_plain_http.unwrap_or(false);
            if let Some(w) = plain_http_warning(&address).filter(|_| allow_plain_http) {
                tracing::warn!(code = "PlainHttp", "license import: {w} (the admin confirmed)");
            }
            let opts = FetchOptions {
                extra_ca_pem: hes_checks::CheckOptions::default().with_extra_ca_from_env().extra_ca_pem,
                allow_plain_http,
                ..FetchOptions::default()
            };
            (fetch_licenses(&address, &key, &opts, &ctl).await?, shown_url(&address))
        }
        LicenseSource::File { path } => {
            let p = std::path::PathBuf::from(&path);
            let doc = hes_store::licenses::parse_file(&p, hes_core::licenses::DEFAULT_MAX_BYTES, &ctl).await?;
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(path);
            (doc, name)
        }
    };
    let plan = console.license_check(&doc, &ctl).await?;
    let preview = plan.preview(&shown, doc.bytes);
    *state.license_pending.lock().await = Some(PendingImport { doc, source: shown, rejections: plan.rejections });
    Ok(preview)
}

/// Save the rejection report of the last preview (CSV: table, position, key, code, field, reason,
/// record) where the admin picks in the native save dialog, written to the file as it goes. The
/// path written, or `None` when the admin cancels.
#[tauri::command]
pub async fn licenses_report_save<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let rejections = state.license_pending.lock().await.as_ref().ok_or_else(no_preview)?.rejections.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the rejection report")
        .set_file_name("rejected-licenses.csv")
        .add_filter("CSV", &["csv"])
        .save_file(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    write_report_file(&path, &rejections)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// The rejection report as CSV into `path`, streamed through a buffered writer.
pub fn write_report_file(path: &std::path::Path, rejections: &RejectionLog) -> AppResult<()> {
    let io =
        |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot write the report {}: {e}", path.display()));
    let f = std::fs::File::create(path).map_err(io)?;
    hes_core::licenses::preview::write_report_csv(rejections.kept(), rejections.not_kept(), std::io::BufWriter::new(f))
        .map_err(io)
}

/// Write the previewed document in one transaction (checked again inside it), or nothing.
#[tauri::command]
pub async fn licenses_apply<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> CmdResult<ApplyResult> {
    let console = state.console()?;
    let pending = state.license_pending.lock().await.take().ok_or_else(no_preview)?;
    let ctl = control(&app, &state);
    let result = console.license_apply(&pending.doc, &pending.source, &ctl).await;
    if result.is_err() && !ctl.is_cancelled() {
        // A failed apply (not a cancel) may be tried again with the same preview.
        *state.license_pending.lock().await = Some(pending);
    }
    result
}

/// Cancel the running preview or import; an import in progress is rolled back.
#[tauri::command]
pub fn licenses_cancel(state: tauri::State<'_, AppState>) {
    if let Some(ctl) = state.license_control.lock().expect("lock").as_ref() {
        ctl.cancel();
    }
}

/// Vaults by license status today and licenses ending per month for the next 12 months.
#[tauri::command]
pub async fn licenses_summary(state: tauri::State<'_, AppState>) -> CmdResult<LicenseSummary> {
    state.console()?.license_summary().await
}

fn no_preview() -> AppError {
    AppError::new(ErrorCode::BadRequest, "There is no license preview to apply: preview the import first.")
}
