//! License import (issue 5): preview from the licensing server (the saved key) or a file, then
//! apply in one transaction, or cancel. Progress reaches the caller over the call's own channel
//! (`onProgress`, an `ImportProgress`, at least every 250 ms while work runs); the channel's id
//! names the run for `licenses_cancel`. The parsed document waits in the app state between preview
//! and apply; the API key never leaves the backend.

use super::CmdResult;
use crate::AppState;
use hes_core::licenses::{ApplyResult, ImportControl, ImportPreview, ImportProgress, LicenseSummary};
use hes_service::licenses::{self, LicenseSource, ReadOptions};
use tauri::ipc::Channel;

/// An import control whose progress goes to `channel`.
fn control(channel: &Channel<ImportProgress>) -> ImportControl {
    let channel = channel.clone();
    ImportControl::with_progress(move |p: &ImportProgress| {
        let _ = channel.send(*p);
    })
}

/// Parse and check the document; nothing is written. Read-only users may preview. From the
/// server, a plain `http://` API address is refused (`PlainHttpRefused`, nothing sent: the key is
/// in the URL path) unless `allow_plain_http` says the admin confirmed it.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licenses_preview(
    state: tauri::State<'_, AppState>,
    source: LicenseSource,
    allow_plain_http: Option<bool>,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ImportPreview> {
    let console = state.console().await?;
    let ctl = control(&on_progress);
    let _run = state.licenses.start(on_progress.id(), ctl.clone());
    let opts = ReadOptions { allow_plain_http: allow_plain_http.unwrap_or(false), ..ReadOptions::default() };
    let document = licenses::read(&console, &source, &opts, &ctl).await?;
    let (preview, pending) = licenses::preview(&console, document, &ctl).await?;
    *state.license_pending.lock().await = Some(pending);
    Ok(preview)
}

/// Save the rejection report of the last preview (CSV: table, position, key, code, field, reason,
/// record) where the admin picks in the native save dialog, written to the file as it goes. The
/// path written, or `None` when the admin cancels.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licenses_report_save<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let rejections = state.license_pending.lock().await.as_ref().ok_or_else(licenses::no_preview)?.rejections.clone();
    let filter = ("CSV", &["csv"][..]);
    let title = "Save the rejection report";
    let Some(path) = super::files::save_path(&app, &state.save_dialog, title, "rejected-licenses.csv", filter).await
    else {
        return Ok(None);
    };
    licenses::write_report(&path, &rejections)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Write the previewed document in one transaction (checked again inside it), or nothing.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licenses_apply(
    state: tauri::State<'_, AppState>,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ApplyResult> {
    let console = state.console().await?;
    let pending = state.license_pending.lock().await.take().ok_or_else(licenses::no_preview)?;
    let ctl = control(&on_progress);
    let _run = state.licenses.start(on_progress.id(), ctl.clone());
    let result = licenses::apply(&console, &pending, &ctl).await;
    if result.is_err() && !ctl.is_cancelled() {
        // A failed apply (not a cancel) may be tried again with the same preview.
        *state.license_pending.lock().await = Some(pending);
    }
    result
}

/// Cancel the preview or import whose channel has the id `run` (every running one without it);
/// an import in progress is rolled back.
#[tauri::command]
pub fn licenses_cancel(state: tauri::State<'_, AppState>, run: Option<u32>) {
    for ctl in state.licenses.find(run) {
        ctl.cancel();
    }
}

/// Vaults by license status today and licenses ending per month for the next 12 months.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licenses_summary(state: tauri::State<'_, AppState>) -> CmdResult<LicenseSummary> {
    state.console().await?.license_summary().await
}
