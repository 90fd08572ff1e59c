//! Diagnostics: run every configured connectivity check at once; each finished step reaches the
//! window live as a `check-step` event (a `CheckProgress`). Read-only users may run it.

use super::CmdResult;
use crate::AppState;
use hes_checks::diagnostics::{self, Endpoints, Selection};
use hes_checks::report::CheckProgress;
use hes_checks::{CheckOptions, CheckReport};
use hes_core::{AppError, ErrorCode};
use std::time::Duration;
use tauri::{Emitter, Runtime};

#[tauri::command]
pub async fn diagnostics_run<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    check: Option<String>,
    name: Option<String>,
    timeout_ms: Option<u64>,
) -> CmdResult<Vec<CheckReport>> {
    let selection = match check.as_deref().unwrap_or("all") {
        "all" => Selection::All,
        "splunk" => Selection::Splunk,
        "licensing" => Selection::Licensing,
        "azure" => Selection::Azure(name),
        other => return Err(AppError::new(ErrorCode::BadRequest, format!("There is no check '{other}'."))),
    };
    let inputs = state.console()?.check_inputs().await?;
    let timeout = Duration::from_millis(timeout_ms.unwrap_or(10_000).clamp(100, 120_000));
    let opts = CheckOptions::default().with_timeout(timeout);
    // Steps carry no secret (the checks scrub them); the event is the step plus its check.
    let on_step: diagnostics::OnStep = std::sync::Arc::new(move |p: CheckProgress| {
        let _ = app.emit("check-step", p);
    });
    Ok(diagnostics::run(inputs, &selection, &opts, &Endpoints::from_env(), Some(on_step)).await)
}
