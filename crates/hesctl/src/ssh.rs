//! `--ssh user@host[:port]`, `--ssh-key FILE`, `--ssh-password`: the SSH host a database is
//! reached through. Secrets only from the environment (HESCTL_SSH_PASSWORD,
//! HESCTL_SSH_PASSPHRASE) or a profile's keychain entry, never from the command line.

use crate::cli::Cli;
use hes_core::connections::{parse_ssh_destination, ConnectionProfile, SshAuth, SshProfile};
use hes_core::error::AppResult;
use hes_core::Secret;
use hes_store::MySqlTarget;

pub const PASSWORD_ENV: &str = "HESCTL_SSH_PASSWORD";
pub const PASSPHRASE_ENV: &str = "HESCTL_SSH_PASSPHRASE";

/// The SSH part the options give, if `--ssh` is there.
pub fn profile_from(cli: &Cli) -> AppResult<Option<SshProfile>> {
    let Some(dest) = cli.ssh.as_deref() else { return Ok(None) };
    let (user, host, port) = parse_ssh_destination(dest)?;
    let auth = match (&cli.ssh_key, cli.ssh_password) {
        (Some(path), _) => SshAuth::Key { path: path.clone() },
        (None, true) => SshAuth::Password,
        (None, false) => SshAuth::Agent,
    };
    Ok(Some(SshProfile { host, port, user, auth }))
}

/// The SSH password or passphrase from the environment, for this method.
pub fn secret_from_env(auth: &SshAuth) -> Option<Secret> {
    let var = match auth {
        SshAuth::Password => PASSWORD_ENV,
        SshAuth::Key { .. } => PASSPHRASE_ENV,
        SshAuth::Agent => return None,
    };
    std::env::var(var).ok().filter(|v| !v.is_empty()).map(Secret::new)
}

/// Route `target` through SSH: `--ssh` replaces a profile's SSH host; a secret in the
/// environment replaces the keychain's.
pub fn apply(cli: &Cli, profile: &ConnectionProfile, target: &mut MySqlTarget) -> AppResult<()> {
    let profiles = hes_store::profiles::Profiles::open_default();
    if let Some(ssh) = profile_from(cli)? {
        let with = ConnectionProfile { ssh: Some(ssh.clone()), ..profile.clone() };
        let pin = profiles.ssh_pin(&ssh.host, ssh.port);
        target.ssh = Some(hes_store::profiles::ssh_target_of(&with, secret_from_env(&ssh.auth), pin));
    } else if let (Some(ssh), Some(t)) = (&profile.ssh, target.ssh.as_mut()) {
        if let Some(secret) = secret_from_env(&ssh.auth) {
            t.secret = Some(secret);
        }
    }
    if let Some(t) = target.ssh.as_mut() {
        t.timeout = target.timeout;
    }
    Ok(())
}
