//! Connection profiles, switching databases, and unlocking HES Data Protection.

use super::CmdResult;
use crate::AppState;
use hes_core::connections::{ConnectionProfileInput, ConnectionProfileView, ConnectionTestResult};
use hes_core::workspace::{DbKind, WorkspaceInfo};
use hes_core::Secret;
use hes_store::console::SecretRepairReport;
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connections_list(state: State<'_, AppState>) -> CmdResult<Vec<ConnectionProfileView>> {
    state.with_profiles_blocking(|p| p.list()).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_save(
    state: State<'_, AppState>,
    original: Option<String>,
    input: ConnectionProfileInput,
) -> CmdResult<Vec<ConnectionProfileView>> {
    state
        .with_profiles_blocking(move |p| {
            p.save(original.as_deref(), input)?;
            p.list()
        })
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_delete(state: State<'_, AppState>, name: String) -> CmdResult<Vec<ConnectionProfileView>> {
    state
        .with_profiles_blocking(move |p| {
            p.delete(&name)?;
            p.list()
        })
        .await
}

/// Test the form's values; without a typed password, the stored one of `original`, only while
/// host, port and user are unchanged (`Profiles::test_password`).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_test(
    state: State<'_, AppState>,
    original: Option<String>,
    input: ConnectionProfileInput,
) -> CmdResult<ConnectionTestResult> {
    hes_service::connections::test_form(&state.profiles().await?, original, input).await
}

/// "Trust this certificate" in a connection test's result: pin exactly the certificate with this
/// SHA-256 (the result's `Certificate.Sha256`) for the server `host:port` on this computer. With
/// Verify CA/identity, that server must then present a trusted certificate or exactly this one.
/// Returns the pin as stored.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_trust_certificate(
    state: State<'_, AppState>,
    host: String,
    port: u16,
    sha256: String,
) -> CmdResult<String> {
    state.with_profiles_blocking(move |p| p.trust_server_certificate(&host, port, &sha256)).await
}

/// "Trust this host key" in a connection test's result: pin the SSH host's key (the result's
/// `SshHostKey`, as `<Algorithm> <Sha256>`) for `host:port` on this computer. Returns the pin.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_trust_host_key(
    state: State<'_, AppState>,
    host: String,
    port: u16,
    key: String,
) -> CmdResult<String> {
    state.with_profiles_blocking(move |p| p.trust_ssh_host_key(&host, port, &key)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn connection_open(state: State<'_, AppState>, name: Option<String>) -> CmdResult<WorkspaceInfo> {
    state.open(name.as_deref()).await
}

/// Protect now: encrypt the secrets left in plaintext after HES enabled Data Protection.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn dp_protect_now(state: State<'_, AppState>) -> CmdResult<SecretRepairReport> {
    hes_service::protect::now(&*state.console().await?).await
}

/// Re-encrypt secrets left under a key HES replaced, with the old Data Protection password.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn dp_recover(state: State<'_, AppState>, old_password: String) -> CmdResult<SecretRepairReport> {
    hes_service::protect::recover(&*state.console().await?, &Secret::new(old_password)).await
}

/// Unlock HES Data Protection; `remember` keeps the password in the OS keychain for this profile.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn dp_unlock(state: State<'_, AppState>, password: String, remember: bool) -> CmdResult<WorkspaceInfo> {
    let console = state.console().await?;
    let password = Secret::new(password);
    state.unlock(&console, &password).await?;
    let info = console.info();
    if remember && info.kind == DbKind::Mysql {
        let name = info.connection.clone();
        state.with_profiles_blocking(move |p| p.set_dp_password(&name, Some(&password))).await?;
    }
    Ok(info)
}

/// Stop a running `dp_unlock` (it returns `Cancelled`, the console stays locked).
#[tauri::command]
pub fn dp_unlock_cancel(state: State<'_, AppState>) {
    state.cancel_unlock();
}

/// The admin confirmed, in the save dialog, writing HES 3.8.4's formats into a database of a newer
/// HES release: allowed for this connection until it is closed (logged with the audit target).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn acknowledge_newer_release(state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    Ok(state.console().await?.acknowledge_newer_release())
}
