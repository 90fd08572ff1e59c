use super::CmdResult;
use crate::AppState;
use hes_core::settings::view::SettingsView;
use hes_core::workspace::{SecretRef, WorkspaceInfo};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn workspace_info(state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    Ok(state.console().await?.info())
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn settings_get(state: State<'_, AppState>) -> CmdResult<SettingsView> {
    hes_service::settings::view(&*state.console().await?).await
}

/// Show: the one place a secret crosses IPC, because the admin clicked Show for it.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn secret_show(state: State<'_, AppState>, target: SecretRef) -> CmdResult<String> {
    Ok(hes_service::settings::reveal(&*state.console().await?, &target).await?.expose().to_string())
}
