//! Staging: preview copying sections from one connection to another, then apply that preview.

use super::CmdResult;
use crate::AppState;
use hes_core::stage::StagePreview;
use hes_service::stage;
use tauri::State;

/// `from`/`to`: a profile name, or null for the local workspace. The plan stays in the backend
/// (it holds stored secrets); the UI gets only the preview. `allow_newer`: the admin confirmed
/// writing to a target of a HES release newer than 3.8.4 (asked after `NewerHesRelease`; the
/// target is a connection of this preview only, so it is asked per preview).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn stage_preview(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    sections: Vec<String>,
    allow_newer: Option<bool>,
) -> CmdResult<StagePreview> {
    if from == to {
        return Err(stage::same_connection());
    }
    let source = state.connect(from.as_deref()).await?;
    let target = state.connect(to.as_deref()).await?;
    let plan = stage::preview(&source, &target, &sections, allow_newer == Some(true)).await?;
    let preview = plan.preview.clone();
    *state.staged.lock().await = Some((target, plan));
    Ok(preview)
}

/// Apply the last preview; `ConcurrentChange` if the target changed since. `remove`: the sections
/// whose removals (a section the source lacks, or a list's items) the admin confirmed; anything
/// else the preview would remove is kept.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn stage_apply(state: State<'_, AppState>, remove: Option<Vec<String>>) -> CmdResult<()> {
    let (target, plan) = state.staged.lock().await.take().ok_or_else(stage::no_preview)?;
    stage::apply(&target, plan, &remove.unwrap_or_default()).await
}
