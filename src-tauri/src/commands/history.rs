//! The History view: the change history of the open database, and revert with a preview.
//! Nothing here carries a stored value: entries and previews mask every secret.

use super::CmdResult;
use crate::AppState;
use hes_core::history::{HistoryList, RevertPreview};
use hes_core::settings::view::SettingsView;
use hes_core::stage::StagePreview;
use hes_core::{AppError, ErrorCode};
use hes_store::console::BackupInfo;
use hes_store::mysql::bounded;
use tauri::State;

#[tauri::command]
pub async fn history_list(state: State<'_, AppState>, section: Option<String>) -> CmdResult<HistoryList> {
    bounded(state.console().await?.history(section.as_deref())).await
}

#[tauri::command]
pub async fn history_revert_preview(state: State<'_, AppState>, id: i64) -> CmdResult<RevertPreview> {
    bounded(state.console().await?.revert_preview(id)).await
}

#[tauri::command]
pub async fn history_revert(state: State<'_, AppState>, id: i64) -> CmdResult<SettingsView> {
    bounded(state.console().await?.revert(id)).await
}

/// Export the configuration where the admin picks in the native save dialog; with `passphrase`,
/// the secrets sealed under it. The path written, or `None` when the admin cancels.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn config_export<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> CmdResult<Option<String>> {
    let console = state.console().await?;
    let pass = passphrase.map(hes_core::Secret::new);
    // Sealing first: a passphrase that is too short is said before the dialog opens.
    let bytes = bounded(console.export_config(pass.as_ref())).await?;
    let filter = ("Configuration file (JSON)", &["json"][..]);
    let Some(path) =
        super::files::save_path(&app, &state.save_dialog, "Export configuration", "hes-configuration.json", filter)
            .await
    else {
        return Ok(None);
    };
    hes_store::files::write_private_atomic(&path, &bytes)?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Preview importing the configuration file at `path` into the open connection; the plan waits
/// in the backend for `stage_apply` (as a staging preview does), which removes only what the
/// admin ticked.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn config_import_preview(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
) -> CmdResult<StagePreview> {
    let console = state.console().await?;
    let bytes = hes_store::files::read_limited(std::path::Path::new(&path), hes_core::config_file::MAX_BYTES)?
        .ok_or_else(|| AppError::new(ErrorCode::ConfigFileDamaged, "The configuration file is too large."))?;
    let pass = passphrase.map(hes_core::Secret::new);
    let plan = bounded(console.import_plan(bytes, pass.as_ref())).await?;
    let preview = plan.preview.clone();
    *state.staged.lock().await = Some((console, plan));
    Ok(preview)
}

#[tauri::command]
pub async fn backups_list(state: State<'_, AppState>) -> CmdResult<Vec<BackupInfo>> {
    state.console().await?.backups()
}

/// Preview restoring an automatic backup; applied by `stage_apply`.
#[tauri::command]
pub async fn backup_restore_preview(state: State<'_, AppState>, name: String) -> CmdResult<StagePreview> {
    let console = state.console().await?;
    let plan = bounded(console.restore_plan(&name)).await?;
    let preview = plan.preview.clone();
    *state.staged.lock().await = Some((console, plan));
    Ok(preview)
}
