//! Opening the local workspace or a saved profile, and "Test connection".

use crate::ProfileStore;
use hes_core::connections::{ConnectionProfileInput, ConnectionTestResult};
use hes_core::error::AppResult;
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use hes_store::{Console, MySqlTarget};
use std::time::Duration;

/// A saved profile as a MySQL target (its password from the keychain unless `password` is given),
/// and the profile's name as stored (profiles are found ignoring case). `timeout` overrides the profile's.
pub async fn profile_target(
    profiles: &ProfileStore,
    name: &str,
    password: Option<Secret>,
    timeout: Option<Duration>,
) -> AppResult<(MySqlTarget, String)> {
    let name = name.to_string();
    let (mut target, stored) = profiles.call(move |p| Ok((p.target(&name, password)?, p.get(&name)?.name))).await?;
    if let Some(t) = timeout {
        target.timeout = t;
    }
    Ok((target, stored))
}

/// The Data Protection password remembered for a profile, if any.
pub async fn remembered_dp_password(profiles: &ProfileStore, name: &str) -> AppResult<Option<Secret>> {
    let name = name.to_string();
    profiles.call(move |p| p.dp_password(&name)).await
}

/// Open a saved profile; a Data Protection password remembered for it unlocks it. A remembered
/// password that no longer unlocks is only logged: the console opens locked and asks.
pub async fn open_profile(profiles: &ProfileStore, name: &str) -> AppResult<Console> {
    let (target, _) = profile_target(profiles, name, None, None).await?;
    let remembered = remembered_dp_password(profiles, name).await?;
    // Open under the name asked for: the app names the connection as its list does.
    let console = Console::open_mysql(&target, name).await?;
    if console.info().data_protection == DataProtectionState::Locked {
        if let Some(pw) = remembered {
            if let Err(e) = console.unlock(&pw).await {
                tracing::warn!(code = %e.code, "the remembered Data Protection password did not unlock");
            }
        }
    }
    Ok(console)
}

/// Test a connection form's values; without a typed password, the stored one of `original`, only
/// while host, port and user are unchanged (`Profiles::test_password`).
pub async fn test_form(
    profiles: &ProfileStore,
    original: Option<String>,
    mut input: ConnectionProfileInput,
) -> AppResult<ConnectionTestResult> {
    let ssh_secret = std::mem::take(&mut input.ssh_secret);
    let (profile, password, pin, ssh) = profiles
        .call(move |p| {
            let others = p.list()?.into_iter().map(|v| v.profile).collect::<Vec<_>>();
            let (profile, password) = input.into_profile(&others, original.as_deref())?;
            let password = p.test_password(original.as_deref(), &profile, password)?;
            let pin = p.pin_for(&profile);
            let ssh_secret = p.test_ssh_secret(original.as_deref(), &profile, ssh_secret)?;
            // Only the secret test_ssh_secret allows (never the keychain's for another SSH host).
            let ssh = profile
                .ssh
                .as_ref()
                .map(|s| hes_store::profiles::ssh_target_of(&profile, ssh_secret, p.ssh_pin(&s.host, s.port)));
            Ok((profile, password, pin, ssh))
        })
        .await?;
    let mut target = hes_store::profiles::target_of(&profile, password);
    target.pin = pin;
    target.ssh = ssh;
    Ok(test(&target, &profile.name).await)
}

/// Connect and report the HES release, read-only and Data Protection state, or the error.
pub async fn test(target: &MySqlTarget, name: &str) -> ConnectionTestResult {
    hes_store::profiles::test_connection(target, name).await
}
