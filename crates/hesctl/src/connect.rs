//! Opening the database the global options name (`--db`, `--profile`), and unlocking HES Data
//! Protection when a password is at hand.

use crate::cli::Cli;
use crate::input::Passwords;
use crate::output;
use hes_core::connections::{parse_mysql_url, DEFAULT_TIMEOUT_MS};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use hes_store::db::CreateMode;
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
        let stored = profiles.get(name)?;
        crate::ssh::apply(cli, &stored, &mut target)?;
        let stored_name = stored.name;
        return Ok(Some(Resolved { target, name: stored_name.clone(), profiles: Some((profiles, stored_name)) }));
    }
    match cli.db.as_deref() {
        Some(url) if url.starts_with("mysql:") => {
            let profile = parse_mysql_url(url)?;
            let password = passwords.db().ok_or_else(no_password)?;
            let mut target = target_of(&profile, password);
            // A certificate trusted on this computer for that server (pins.json) applies here too.
            target.pin =
                hes_store::pins::Pins::open_default().get(&hes_store::pins::mysql_key(&profile.host, profile.port));
            target.timeout = Duration::from_millis(u64::from(cli.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS)));
            crate::ssh::apply(cli, &profile, &mut target)?;
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
        allow_newer(&console, cli);
        return Ok(console);
    }
    if cli.password_stdin {
        output::note("a local workspace needs no database password; it was not used", cli.json);
    }
    let console = match cli.db.as_deref() {
        Some(path) => open_named_workspace(path, cli.create, cli.json).await?,
        // The console's own data folder may be made on first use.
        None => Console::open_workspace(&hes_store::paths::default_workspace()?.to_string_lossy()).await?,
    };
    unlock(&console, passwords.dp(), || None, cli.json).await?;
    allow_newer(&console, cli);
    Ok(console)
}

/// A workspace named on the command line: an unknown URL scheme is refused, and a new workspace
/// is created only in a folder that exists unless `--create` (a typo must not leave an empty
/// workspace nobody reads). Says so when one was created.
pub async fn open_named_workspace(path: &str, create: bool, json: bool) -> AppResult<Console> {
    let mode = if create { CreateMode::WithFolders } else { CreateMode::InExistingFolder };
    let (console, created) = Console::open_workspace_with(path, mode).await?;
    if created {
        output::created_workspace(&console.info().location, json);
    }
    Ok(console)
}

/// `--allow-newer-hes`: the admin's acknowledgement, for this run, that a database of a newer HES
/// release gets HES 3.8.4's formats (the console logs it with the audit target). Said on stderr.
pub fn allow_newer(console: &Console, cli: &Cli) {
    if cli.allow_newer_hes && console.info().newer_release {
        let info = console.acknowledge_newer_release();
        output::note(
            &format!(
                "{}: a HES release newer than 3.8.4 (newest migration {}); writing HES 3.8.4's formats as --allow-newer-hes allows",
                info.connection,
                info.newest_migration.unwrap_or_default()
            ),
            cli.json,
        );
    }
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
