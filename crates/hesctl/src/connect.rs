//! Opening the database the global options name (`--db`, `--profile`), and unlocking HES Data
//! Protection when a password is at hand.

use crate::cli::Cli;
use crate::input::Passwords;
use crate::output;
use hes_core::connections::{parse_mysql_url, DEFAULT_TIMEOUT_MS};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use hes_store::profiles::{target_of, Profiles};
use hes_store::{Console, MySqlTarget};
use std::time::Duration;

/// A MySQL target and the connection's display name, from `--profile` or a `--db mysql://` URL.
/// `None` when the options name a local workspace.
pub struct Resolved {
    pub target: MySqlTarget,
    pub name: String,
    /// The profile, when there is one (for its remembered Data Protection password).
    pub profiles: Option<(Profiles, String)>,
}

/// `--profile NAME` or `--db mysql://…` as a target (with its password), else `None`.
pub fn resolve_mysql(cli: &Cli, passwords: &Passwords, profile: Option<&str>) -> AppResult<Option<Resolved>> {
    if let Some(name) = profile.or(cli.profile.as_deref()) {
        let profiles = Profiles::open_default();
        let mut target = profiles.target(name, passwords.db())?;
        if let Some(ms) = cli.timeout_ms {
            target.timeout = Duration::from_millis(u64::from(ms));
        }
        let stored_name = profiles.get(name)?.name;
        return Ok(Some(Resolved { target, name: stored_name.clone(), profiles: Some((profiles, stored_name)) }));
    }
    match cli.db.as_deref() {
        Some(url) if url.starts_with("mysql:") => {
            let profile = parse_mysql_url(url)?;
            let password = passwords.db().ok_or_else(no_password)?;
            let mut target = target_of(&profile, password);
            target.timeout = Duration::from_millis(u64::from(cli.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS)));
            Ok(Some(Resolved { target, name: profile.name, profiles: None }))
        }
        _ => Ok(None),
    }
}

fn no_password() -> AppError {
    AppError::new(ErrorCode::DbAuthFailed, "No database password was given.")
        .with_field("Password")
        .with_hint("Pipe it with --password-stdin or set HESCTL_DB_PASSWORD (never put it in the URL).")
}

/// Open what the options name, unlocking Data Protection when a password is given or remembered.
pub async fn open(cli: &Cli, passwords: &Passwords) -> AppResult<Console> {
    if let Some(r) = resolve_mysql(cli, passwords, None)? {
        let console = Console::open_mysql(&r.target, &r.name).await?;
        let remembered = || match &r.profiles {
            Some((profiles, name)) => profiles.dp_password(name).unwrap_or_else(|e| {
                output::note(
                    &format!("the remembered Data Protection password could not be read: {}", e.message),
                    cli.json,
                );
                None
            }),
            None => None,
        };
        unlock(&console, passwords.dp(), remembered, cli.json).await?;
        return Ok(console);
    }
    if cli.password_stdin {
        output::note("a local workspace needs no database password; it was not used", cli.json);
    }
    let console = match cli.db.as_deref() {
        Some(path) => Console::open_workspace(path).await?,
        None => Console::open_workspace(&hes_store::paths::default_workspace().to_string_lossy()).await?,
    };
    unlock(&console, passwords.dp(), || None, cli.json).await?;
    Ok(console)
}

/// Unlock a locked database with the given password, else a remembered one. A wrong password is
/// an error (exit 8); a password for a database without Data Protection is only noted.
async fn unlock(
    console: &Console,
    given: Option<Secret>,
    remembered: impl FnOnce() -> Option<Secret>,
    json: bool,
) -> AppResult<()> {
    match console.info().data_protection {
        DataProtectionState::Locked => {
            let explicit = given.is_some();
            if let Some(password) = given.or_else(remembered) {
                console.unlock(&password).await.map_err(|e| {
                    if explicit || e.code != ErrorCode::DataProtectionWrongPassword {
                        e
                    } else {
                        e.with_hint("The Data Protection password remembered for this connection is wrong (was it changed in HES?). Give the new one with --dp-password-stdin and store it with `hesctl connections edit NAME --dp-password-stdin`.")
                    }
                })?;
            }
        }
        DataProtectionState::Off if given.is_some() => {
            output::note("Data Protection is off in this database: the Data Protection password was not used", json)
        }
        DataProtectionState::Broken if given.is_some() => output::note(
            "Data Protection is mid-way through a password change in HES: the database is read-only and the Data Protection password was not used",
            json,
        ),
        _ => {}
    }
    Ok(())
}
