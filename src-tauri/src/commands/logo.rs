//! Customization logos: set a slot from a file the admin chose or dropped (`path`), or from the
//! file's bytes (`bytes`, e.g. a browser File), or reset it to HES's default.

use super::CmdResult;
use crate::AppState;
use hes_core::error::{AppError, ErrorCode};
use hes_core::settings::view::{Revisions, SettingsView};
use hes_store::mysql::bounded;
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn logo_set(
    state: State<'_, AppState>,
    slot: String,
    path: Option<String>,
    bytes: Option<Vec<u8>>,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    let bytes = match (path, bytes) {
        (Some(p), None) => {
            let s = slot.clone();
            tauri::async_runtime::spawn_blocking(move || hes_store::files::read_logo(&s, &PathBuf::from(p)))
                .await
                .map_err(|e| AppError::internal(format!("reading the file stopped: {e}")))??
        }
        (None, Some(b)) => b,
        _ => return Err(AppError::new(ErrorCode::BadRequest, "Give either a file path or the bytes, not both.")),
    };
    bounded(state.console().await?.logo_set(&slot, bytes, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn logo_reset(state: State<'_, AppState>, slot: String, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.logo_reset(&slot, &revisions)).await
}
