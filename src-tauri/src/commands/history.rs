//! The History view: the change history of the open database, and revert with a preview.
//! Nothing here carries a stored value: entries and previews mask every secret.

use super::CmdResult;
use crate::AppState;
use hes_core::history::{HistoryList, RevertPreview};
use hes_core::settings::view::SettingsView;
use hes_store::mysql::bounded;
use tauri::State;

#[tauri::command]
pub async fn history_list(state: State<'_, AppState>, section: Option<String>) -> CmdResult<HistoryList> {
    bounded(state.console()?.history(section.as_deref())).await
}

#[tauri::command]
pub async fn history_revert_preview(state: State<'_, AppState>, id: i64) -> CmdResult<RevertPreview> {
    bounded(state.console()?.revert_preview(id)).await
}

#[tauri::command]
pub async fn history_revert(state: State<'_, AppState>, id: i64) -> CmdResult<SettingsView> {
    bounded(state.console()?.revert(id)).await
}
