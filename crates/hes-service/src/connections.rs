//! Opening the local workspace or a saved profile, and "Test connection".

use crate::ProfileStore;
use hes_core::connections::{
    parse_mysql_url, ConnectionProfile, ConnectionProfileInput, ConnectionTestResult, SshAuth, SshProfile,
};
use hes_core::error::{AppError, AppResult};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use hes_store::pins::{mysql_key, ssh_key, Pins};
use hes_store::profiles::{ssh_target_of, target_of};
use hes_store::{Console, MySqlTarget};
use std::time::Duration;

/// What a front end lays over a connection for one run: hesctl's global options (`--timeout-ms`,
/// `--ssh …`, secrets from the environment); the app gives none ([`Reach::default`]).
#[derive(Default)]
pub struct Reach {
    /// The database password (else the keychain's, for a saved profile).
    pub password: Option<Secret>,
    /// Replaces the profile's timeout, the SSH leg's too.
    pub timeout: Option<Duration>,
    /// Another SSH host for this run, in place of the profile's (its key pinned on this computer).
    pub ssh: Option<SshProfile>,
    /// The SSH password, replacing the keychain's (password authentication).
    pub ssh_password: Option<Secret>,
    /// The SSH key's passphrase, replacing the keychain's (key authentication).
    pub ssh_passphrase: Option<Secret>,
}

impl Reach {
    /// The secret given for an SSH authentication method.
    fn ssh_secret(&self, auth: &SshAuth) -> Option<Secret> {
        match auth {
            SshAuth::Password => self.ssh_password.clone(),
            SshAuth::Key { .. } => self.ssh_passphrase.clone(),
            SshAuth::Agent => None,
        }
    }

    /// Lay this run's timeout and SSH host or secret over `target`, the target of `profile`
    /// (`pins`: the certificates and host keys trusted on this computer).
    fn lay_over(&self, pins: &Pins, profile: &ConnectionProfile, target: &mut MySqlTarget) {
        if let Some(t) = self.timeout {
            target.timeout = t;
        }
        if let Some(ssh) = &self.ssh {
            let with = ConnectionProfile { ssh: Some(ssh.clone()), ..profile.clone() };
            // A host other than the profile's: never the keychain's secret for the profile's host.
            let pinned = pins.get(&ssh_key(&ssh.host, ssh.port));
            target.ssh = Some(ssh_target_of(&with, self.ssh_secret(&ssh.auth), pinned));
        } else if let (Some(ssh), Some(t)) = (&profile.ssh, target.ssh.as_mut()) {
            if let Some(secret) = self.ssh_secret(&ssh.auth) {
                t.secret = Some(secret);
            }
        }
        if let Some(t) = target.ssh.as_mut() {
            t.timeout = target.timeout;
        }
    }
}

/// A saved profile as a MySQL target (through its SSH host, when it has one) and the profile's
/// name as stored (profiles are found ignoring case), with `reach` laid over it.
pub async fn profile_target(profiles: &ProfileStore, name: &str, reach: Reach) -> AppResult<(MySqlTarget, String)> {
    let name = name.to_string();
    profiles
        .call(move |p| {
            let profile = p.get(&name)?;
            let mut target = p.target(&profile.name, reach.password.clone())?;
            reach.lay_over(&p.pins(), &profile, &mut target);
            Ok((target, profile.name))
        })
        .await
}

/// A `mysql://user@host:port/database` URL as a MySQL target (the certificate pinned on this
/// computer for that server applies) and its display name, with `reach` laid over it. No
/// keychain: the password is given.
pub fn url_target(url: &str, password: Secret, reach: &Reach) -> AppResult<(MySqlTarget, String)> {
    let profile = parse_mysql_url(url)?;
    let pins = Pins::open_default();
    let mut target = target_of(&profile, password);
    target.pin = pins.get(&mysql_key(&profile.host, profile.port));
    reach.lay_over(&pins, &profile, &mut target);
    Ok((target, profile.name))
}

/// The Data Protection password remembered for a profile, if any.
pub async fn remembered_dp_password(profiles: &ProfileStore, name: &str) -> AppResult<Option<Secret>> {
    let name = name.to_string();
    profiles.call(move |p| p.dp_password(&name)).await
}

/// A remembered Data Protection password that did not unlock: the console is open, locked.
#[derive(Debug)]
pub enum RememberedFailed {
    /// The keychain could not be read.
    Unreadable(AppError),
    /// The password was read, and unlocking with it failed (changed in HES?).
    Refused(AppError),
}

/// An opened MySQL console and how a remembered Data Protection password fared.
pub struct Opened {
    pub console: Console,
    pub remembered: Option<RememberedFailed>,
}

/// Open a MySQL target (its SSH tunnel first, when it has one) under `name`, and unlock a locked
/// Data Protection: with `dp_password` when given (a wrong one is the error), else with the one
/// remembered for the saved profile `remembered_for`. A remembered password that cannot be read
/// or does not unlock leaves the console open and locked, and is reported in [`Opened`].
pub async fn open_target(
    target: &MySqlTarget,
    name: &str,
    dp_password: Option<Secret>,
    remembered_for: Option<&ProfileStore>,
) -> AppResult<Opened> {
    let console = Console::open_mysql(target, name).await?;
    let mut remembered = None;
    if console.info().data_protection == DataProtectionState::Locked {
        if let Some(password) = dp_password {
            console.unlock(&password).await?;
        } else if let Some(profiles) = remembered_for {
            remembered = match remembered_dp_password(profiles, name).await {
                Ok(Some(password)) => console.unlock(&password).await.err().map(RememberedFailed::Refused),
                Ok(None) => None,
                Err(e) => Some(RememberedFailed::Unreadable(e)),
            };
        }
    }
    Ok(Opened { console, remembered })
}

/// Open a saved profile with `reach` laid over it: [`profile_target`], then [`open_target`]
/// under the profile's stored name, unlocking with `dp_password` or the remembered one. The app's
/// `connection_open` and every hesctl command with `--profile` open a profile this way.
pub async fn open_profile(
    profiles: &ProfileStore,
    name: &str,
    reach: Reach,
    dp_password: Option<Secret>,
) -> AppResult<Opened> {
    let (target, stored) = profile_target(profiles, name, reach).await?;
    open_target(&target, &stored, dp_password, Some(profiles)).await
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
            let ssh = profile.ssh.as_ref().map(|s| ssh_target_of(&profile, ssh_secret, p.ssh_pin(&s.host, s.port)));
            Ok((profile, password, pin, ssh))
        })
        .await?;
    let mut target = target_of(&profile, password);
    target.pin = pin;
    target.ssh = ssh;
    Ok(test(&target, &profile.name).await)
}

/// Connect and report the HES release, read-only and Data Protection state, or the error.
pub async fn test(target: &MySqlTarget, name: &str) -> ConnectionTestResult {
    hes_store::profiles::test_connection(target, name).await
}
