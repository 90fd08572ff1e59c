//! Opening the database the global options name (`--db`, `--profile`), and unlocking HES Data
//! Protection when a password is at hand. A profile or a `mysql://` URL is opened by hes-service's
//! `connections` functions, the ones the app's `connection_open` calls; this module maps the
//! options onto them and says what was not used.

use crate::cli::Cli;
use crate::input::Passwords;
use crate::output;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::workspace::DataProtectionState;
use hes_service::connections::{self, Reach, RememberedFailed};
use hes_service::ProfileStore;
use hes_store::db::CreateMode;
use hes_store::{Console, MySqlTarget};
use std::time::Duration;

/// A MySQL target and the connection's display name, from `--profile` or a `--db mysql://` URL.
pub struct Resolved {
    pub target: MySqlTarget,
    pub name: String,
}

/// This run's options over a connection: the database password, `--timeout-ms`, `--ssh …`.
fn reach(cli: &Cli, passwords: &Passwords) -> AppResult<Reach> {
    let timeout = cli.timeout_ms.map(|ms| Duration::from_millis(u64::from(ms)));
    let mut reach = Reach { password: passwords.db(), timeout, ..Reach::default() };
    crate::ssh::lay_on(cli, &mut reach)?;
    Ok(reach)
}

/// `--db mysql://…` as a target (its password given: a URL has no keychain entry).
fn url_target(cli: &Cli, passwords: &Passwords) -> AppResult<Option<Resolved>> {
    match cli.db.as_deref() {
        Some(url) if url.starts_with("mysql:") => {
            hes_core::connections::parse_mysql_url(url)?;
            let password = passwords.db().ok_or_else(no_password)?;
            let (target, name) = connections::url_target(url, password, &reach(cli, passwords)?)?;
            Ok(Some(Resolved { target, name }))
        }
        _ => Ok(None),
    }
}

/// `--profile NAME` (or `profile`) or `--db mysql://…` as a target, built by hes-service as the
/// app builds it, with this run's options laid over it; `None` when the options name a local
/// workspace. For `connections test`, which connects without opening.
pub async fn resolve_mysql(cli: &Cli, passwords: &Passwords, profile: Option<&str>) -> AppResult<Option<Resolved>> {
    if let Some(name) = profile.or(cli.profile.as_deref()) {
        let profiles = ProfileStore::open_default().await?;
        let (target, name) = connections::profile_target(&profiles, name, reach(cli, passwords)?).await?;
        return Ok(Some(Resolved { target, name }));
    }
    url_target(cli, passwords)
}

fn no_password() -> AppError {
    AppError::new(ErrorCode::DbAuthFailed, "No database password was given.")
        .with_field("Password")
        .with_hint("Pipe it with --password-stdin or set HESCTL_DB_PASSWORD (never put it in the URL).")
}

/// Open what the options name, unlocking Data Protection when a password is given or remembered.
pub async fn open(cli: &Cli, passwords: &Passwords) -> AppResult<Console> {
    // A profile opens exactly as the app's `connection_open` opens it; a URL through the same
    // open, without a remembered password.
    let given = passwords.dp();
    let explicit = given.is_some();
    let opened = if let Some(name) = cli.profile.as_deref() {
        let profiles = ProfileStore::open_default().await?;
        Some(connections::open_profile(&profiles, name, reach(cli, passwords)?, given).await?)
    } else if let Some(r) = url_target(cli, passwords)? {
        Some(connections::open_target(&r.target, &r.name, given, None).await?)
    } else {
        None
    };
    if let Some(opened) = opened {
        match opened.remembered {
            Some(RememberedFailed::Unreadable(e)) => output::note(
                &format!("the remembered Data Protection password could not be read: {}", e.message),
                cli.json,
            ),
            Some(RememberedFailed::Refused(e)) if e.code == ErrorCode::DataProtectionWrongPassword => {
                return Err(e.with_hint(REMEMBERED_WRONG))
            }
            Some(RememberedFailed::Refused(e)) => return Err(e),
            None => {}
        }
        note_unused_dp_password(&opened.console, explicit, cli.json);
        allow_newer(&opened.console, cli);
        return Ok(opened.console);
    }
    if cli.password_stdin {
        output::note("a local workspace needs no database password; it was not used", cli.json);
    }
    let console = match cli.db.as_deref() {
        Some(path) => open_named_workspace(path, cli.create, cli.json).await?,
        // The console's own data folder may be made on first use.
        None => Console::open_workspace(&hes_store::paths::default_workspace()?.to_string_lossy()).await?,
    };
    let given = passwords.dp();
    if let (Some(password), DataProtectionState::Locked) = (&given, console.info().data_protection) {
        console.unlock(password).await?;
    }
    note_unused_dp_password(&console, explicit, cli.json);
    allow_newer(&console, cli);
    Ok(console)
}

const REMEMBERED_WRONG: &str = "The Data Protection password remembered for this connection is wrong (was it changed in HES?). Give the new one with --dp-password-stdin and store it with `hesctl connections edit NAME --dp-password-stdin`.";

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

/// A Data Protection password given for a database that does not use it is only noted.
fn note_unused_dp_password(console: &Console, given: bool, json: bool) {
    match console.info().data_protection {
        DataProtectionState::Off if given => {
            output::note("Data Protection is off in this database: the Data Protection password was not used", json)
        }
        DataProtectionState::Broken if given => output::note(
            "Data Protection is mid-way through a password change in HES: the database is read-only and the Data Protection password was not used",
            json,
        ),
        _ => {}
    }
}
