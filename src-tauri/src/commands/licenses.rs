//! License import (issue 5): preview from the licensing server (the saved key) or a file, then
//! apply in one transaction, or cancel. Progress reaches the window as `license-progress` events
//! (an `ImportProgress`, at least every 250 ms while work runs). The parsed document waits in the
//! app state between preview and apply; the API key never leaves the backend.

use super::CmdResult;
use crate::AppState;
use hes_checks::license_import::{fetch_licenses, shown_url, FetchOptions};
use hes_core::licenses::{ApplyResult, ImportControl, ImportPreview, ImportProgress, LicenseSummary, ParsedDocument};
use hes_core::{AppError, ErrorCode};
use serde::Deserialize;
use tauri::{Emitter, Runtime};

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

/// The document of the last preview, what it came from, and every rejection (for the report).
pub struct PendingImport {
    doc: ParsedDocument,
    source: String,
    rejections_csv: String,
}

fn control<R: Runtime>(app: &tauri::AppHandle<R>, state: &AppState) -> ImportControl {
    let app = app.clone();
    let ctl = ImportControl::with_progress(move |p: &ImportProgress| {
        let _ = app.emit("license-progress", *p);
    });
    *state.license_control.lock().expect("lock") = Some(ctl.clone());
    ctl
}

/// Parse and check the document; nothing is written. Read-only users may preview.
#[tauri::command]
pub async fn licenses_preview<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    source: LicenseSource,
) -> CmdResult<ImportPreview> {
    let console = state.console()?;
    let ctl = control(&app, &state);
    let (doc, shown) = match source {
        LicenseSource::Server => {
            let (address, key) = console.licensing_server().await?;
            let opts = FetchOptions {
                extra_ca_pem: hes_checks::CheckOptions::default().with_extra_ca_from_env().extra_ca_pem,
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
    let mut csv = Vec::new();
    hes_core::licenses::preview::write_report_csv(&plan.rejections, &mut csv)
        .map_err(|e| AppError::internal(format!("the rejection report failed: {e}")))?;
    *state.license_pending.lock().await =
        Some(PendingImport { doc, source: shown, rejections_csv: String::from_utf8_lossy(&csv).into_owned() });
    Ok(preview)
}

/// Every rejection of the last preview as CSV (record, table, code, reason), for "Export report".
#[tauri::command]
pub async fn licenses_rejections_csv(state: tauri::State<'_, AppState>) -> CmdResult<String> {
    let pending = state.license_pending.lock().await;
    let p = pending.as_ref().ok_or_else(no_preview)?;
    Ok(p.rejections_csv.clone())
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
