//! Items managed one by one: domains, OIDC clients, SAML service providers.

use super::CmdResult;
use crate::AppState;
use hes_core::settings::domains::DomainInput;
use hes_core::settings::oidc::OidcClientInput;
use hes_core::settings::saml::SamlSpInput;
use hes_core::settings::view::{Revisions, SettingsView};
use hes_store::mysql::bounded;
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn domain_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: DomainInput,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.domain_save(id.as_deref(), input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn domain_delete(state: State<'_, AppState>, id: String, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.domain_delete(&id, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn oidc_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: OidcClientInput,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.oidc_save(id.as_deref(), input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn oidc_delete(state: State<'_, AppState>, id: String, revisions: Revisions) -> CmdResult<SettingsView> {
    bounded(state.console().await?.oidc_delete(&id, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn saml_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: SamlSpInput,
    revision: Option<String>,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.saml_save(id.as_deref(), input, revision.as_deref())).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn saml_delete(state: State<'_, AppState>, id: String, revision: Option<String>) -> CmdResult<SettingsView> {
    bounded(state.console().await?.saml_delete(&id, revision.as_deref())).await
}
