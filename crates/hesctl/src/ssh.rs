//! `--ssh user@host[:port]`, `--ssh-key FILE`, `--ssh-password`: the SSH host a database is
//! reached through. Secrets only from the environment (HESCTL_SSH_PASSWORD,
//! HESCTL_SSH_PASSPHRASE) or a profile's keychain entry, never from the command line. hes-service
//! lays them over the connection (`connections::Reach`) as for the app.

use crate::cli::Cli;
use hes_core::connections::{parse_ssh_destination, SshAuth, SshProfile};
use hes_core::error::AppResult;
use hes_core::Secret;
use hes_service::connections::Reach;

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
    match auth {
        SshAuth::Password => env_secret(PASSWORD_ENV),
        SshAuth::Key { .. } => env_secret(PASSPHRASE_ENV),
        SshAuth::Agent => None,
    }
}

fn env_secret(var: &str) -> Option<Secret> {
    std::env::var(var).ok().filter(|v| !v.is_empty()).map(Secret::new)
}

/// This run's SSH options on `reach`: `--ssh` replaces a profile's SSH host; a secret in the
/// environment replaces the keychain's.
pub fn lay_on(cli: &Cli, reach: &mut Reach) -> AppResult<()> {
    reach.ssh = profile_from(cli)?;
    reach.ssh_password = env_secret(PASSWORD_ENV);
    reach.ssh_passphrase = env_secret(PASSPHRASE_ENV);
    Ok(())
}
