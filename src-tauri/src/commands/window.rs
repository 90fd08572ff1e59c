use super::CmdResult;
use crate::{startup, AppState};
use serde::Deserialize;
use std::sync::atomic::Ordering;
use tauri::{Manager, State};
use ts_rs::TS;

/// The page's own start-up steps, in its clock (`performance.timeOrigin` + `performance.now()`),
/// sent with `ui_ready` so the start-up timeline covers what happens inside the webview.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct PageTimeline {
    /// `performance.timeOrigin`: the page's start, in ms since the Unix epoch.
    pub time_origin: f64,
    /// Step name and `performance.now()` at that step, in order.
    pub steps: Vec<PageStep>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct PageStep {
    pub name: String,
    pub at: f64,
}

/// The UI has painted its first screen with data: show the window (it starts hidden, so there is
/// no white flash) and log `ready_ms` once; the start-up benchmark reads that line. `timeline`
/// adds the page's steps to the start-up timeline (debug level).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub fn ui_ready<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    timeline: Option<PageTimeline>,
) -> CmdResult<()> {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.set_focus();
    }
    if !state.ready_logged.swap(true, Ordering::SeqCst) {
        if let Some(t) = timeline {
            for step in t.steps.iter().take(32) {
                startup::mark_page(&step.name, t.time_origin + step.at);
            }
        }
        tracing::info!("ready_ms={}", state.started.elapsed().as_millis());
    }
    Ok(())
}
