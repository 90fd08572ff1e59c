//! OIDC clients whose secret the console generates. `oidc_add` and `oidc_regenerate_secret` are
//! the only commands that return a client secret in clear: once, right after making it.

use super::CmdResult;
use crate::AppState;
use hes_core::settings::oidc::OidcClientInput;
use hes_core::settings::oidc_secret::OidcSecretIssued;
use hes_core::settings::view::{Revisions, SettingsView};
use hes_store::mysql::bounded;
use tauri::State;

/// Add a client: `ClientSecret` absent → generated and returned once; `null` → public client.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn oidc_add(
    state: State<'_, AppState>,
    input: OidcClientInput,
    revisions: Revisions,
) -> CmdResult<OidcSecretIssued> {
    bounded(state.console().await?.oidc_add(input, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn oidc_regenerate_secret(
    state: State<'_, AppState>,
    id: String,
    revisions: Revisions,
) -> CmdResult<OidcSecretIssued> {
    bounded(state.console().await?.oidc_regenerate_secret(&id, &revisions)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn oidc_set_enabled(
    state: State<'_, AppState>,
    id: String,
    enabled: bool,
    revisions: Revisions,
) -> CmdResult<SettingsView> {
    bounded(state.console().await?.oidc_set_enabled(&id, enabled, &revisions)).await
}
