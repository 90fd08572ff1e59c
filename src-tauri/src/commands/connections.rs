//! Connection profiles, switching databases, and unlocking HES Data Protection.

use super::CmdResult;
use crate::AppState;
use hes_core::connections::{ConnectionProfileInput, ConnectionProfileView, ConnectionTestResult};
use hes_core::workspace::WorkspaceInfo;
use hes_core::{AppError, ErrorCode, Secret, SecretInput};
use tauri::State;

#[tauri::command]
pub async fn connections_list(state: State<'_, AppState>) -> CmdResult<Vec<ConnectionProfileView>> {
    state.with_profiles_blocking(|p| p.list()).await
}

#[tauri::command]
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
pub async fn connection_delete(state: State<'_, AppState>, name: String) -> CmdResult<Vec<ConnectionProfileView>> {
    state
        .with_profiles_blocking(move |p| {
            p.delete(&name)?;
            p.list()
        })
        .await
}

/// Test the form's values; without a typed password, the stored one of `original` is used.
#[tauri::command]
pub async fn connection_test(
    state: State<'_, AppState>,
    original: Option<String>,
    input: ConnectionProfileInput,
) -> CmdResult<ConnectionTestResult> {
    let (profile, password) = state
        .with_profiles_blocking(move |p| {
            let others = p.list()?.into_iter().map(|v| v.profile).collect::<Vec<_>>();
            let (profile, password) = input.into_profile(&others, original.as_deref())?;
            let password = match password {
                SecretInput::Replace(pw) => pw,
                _ => match original.as_deref() {
                    Some(name) => p.target(name, None).map_err(|_| no_password())?.password,
                    None => return Err(no_password()),
                },
            };
            Ok((profile, password))
        })
        .await?;
    let target = hes_store::profiles::target_of(&profile, password);
    Ok(hes_store::profiles::test_connection(&target, &profile.name).await)
}

fn no_password() -> AppError {
    AppError::new(ErrorCode::DbAuthFailed, "Enter the database password to test this connection.")
        .with_field("Password")
}

#[tauri::command]
pub async fn connection_open(state: State<'_, AppState>, name: Option<String>) -> CmdResult<WorkspaceInfo> {
    state.open(name.as_deref()).await
}

/// Unlock HES Data Protection; `remember` keeps the password in the OS keychain for this profile.
#[tauri::command]
pub async fn dp_unlock(state: State<'_, AppState>, password: String, remember: bool) -> CmdResult<WorkspaceInfo> {
    let console = state.console()?;
    let password = Secret::new(password);
    console.unlock(&password).await?;
    let info = console.info();
    if remember && info.kind == "mysql" {
        let name = info.connection.clone();
        state.with_profiles_blocking(move |p| p.set_dp_password(&name, Some(&password))).await?;
    }
    Ok(info)
}
