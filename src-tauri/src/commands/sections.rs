//! Sections stored as one `AppSettings` row: licensing, Splunk, e-mail, security keys, customization.

use super::CmdResult;
use crate::AppState;
use hes_core::settings::customization::{Customization, CustomizationInput};
use hes_core::settings::email::{Email, EmailInput};
use hes_core::settings::fido::{Fido, FidoInput};
use hes_core::settings::licensing::{Licensing, LicensingInput};
use hes_core::settings::splunk::{Splunk, SplunkInput};
use hes_core::settings::view::{Revisions, SettingsView};
use hes_store::mysql::bounded;
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licensing_set(
    state: State<'_, AppState>,
    input: LicensingInput,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.set_single::<Licensing>(input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn licensing_delete(state: State<'_, AppState>, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.delete_single::<Licensing>(&revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn splunk_set(
    state: State<'_, AppState>,
    input: SplunkInput,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.set_single::<Splunk>(input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn splunk_delete(state: State<'_, AppState>, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.delete_single::<Splunk>(&revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn email_set(state: State<'_, AppState>, input: EmailInput, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.set_single::<Email>(input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn email_delete(state: State<'_, AppState>, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.delete_single::<Email>(&revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn fido_set(state: State<'_, AppState>, input: FidoInput, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.set_single::<Fido>(input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn customization_set(
    state: State<'_, AppState>,
    input: CustomizationInput,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.set_single::<Customization>(input, &revisions)).await
}
