use super::CmdResult;
use crate::AppState;
use hes_core::settings::view::SettingsView;
use hes_core::workspace::{SecretRef, WorkspaceInfo};
use hes_store::mysql::bounded;
use tauri::State;

#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    Ok(state.console()?.info())
}

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> CmdResult<SettingsView> {
    bounded(state.console()?.view()).await
}

/// Show: the one place a secret crosses IPC, because the admin clicked Show for it.
#[tauri::command]
pub async fn secret_show(state: State<'_, AppState>, target: SecretRef) -> CmdResult<String> {
    Ok(state.console()?.reveal(&target).await?.expose().to_string())
}
