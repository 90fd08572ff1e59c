use super::CmdResult;
use crate::AppState;
use std::sync::atomic::Ordering;
use tauri::{Manager, State};

/// The UI has painted its first screen with data: show the window (it starts hidden, so there is
/// no white flash) and log `ready_ms` once; the start-up benchmark reads that line.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub fn ui_ready<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.set_focus();
    }
    if !state.ready_logged.swap(true, Ordering::SeqCst) {
        tracing::info!("ready_ms={}", state.started.elapsed().as_millis());
    }
    Ok(())
}
