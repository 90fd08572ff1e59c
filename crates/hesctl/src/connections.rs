//! `hesctl connections list|add|edit|remove|test`: the saved connection profiles, shared with the
//! desktop app (`connections.json` + the OS keychain).

use crate::cli::{Cli, ConnectionsCommand, ProfileFields};
use crate::connect;
use crate::input::Passwords;
use crate::output;
use hes_core::connections::{ConnectionProfile, ConnectionProfileInput};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::secret::SecretInput;
use hes_store::profiles::Profiles;

/// Returns the exit code: 0, or for a failed `test` (already printed) the code of its error.
pub async fn run(cli: &Cli, command: &ConnectionsCommand, passwords: &Passwords) -> AppResult<u8> {
    match command {
        ConnectionsCommand::List => {
            let list = Profiles::open_default().list()?;
            output::print_connections(&list, cli.json);
        }
        ConnectionsCommand::Add { fields } => {
            let profiles = Profiles::open_default();
            let password = match passwords.db_from_stdin() {
                Some(p) => SecretInput::Replace(p.clone()),
                None => SecretInput::Keep,
            };
            let mut input = input_from(fields, cli.timeout_ms, None, password);
            with_ssh(cli, &mut input, None)?;
            let view = profiles.save(None, input)?;
            let view = remember_dp(&profiles, &view.profile.name, passwords, false)?.unwrap_or(view);
            output::print_connection_saved(&view, "added", cli.json);
        }
        ConnectionsCommand::Edit { connection, fields, forget_password, forget_dp_password } => {
            let profiles = Profiles::open_default();
            let current = profiles.get(connection)?;
            let password = match (passwords.db_from_stdin(), forget_password) {
                (Some(p), _) => SecretInput::Replace(p.clone()),
                (None, true) => SecretInput::Clear,
                (None, false) => SecretInput::Keep,
            };
            let mut input = input_from(fields, cli.timeout_ms, Some(&current), password);
            with_ssh(cli, &mut input, Some(&current))?;
            let view = profiles.save(Some(&current.name), input)?;
            let view = remember_dp(&profiles, &view.profile.name, passwords, *forget_dp_password)?.unwrap_or(view);
            output::print_connection_saved(&view, "saved", cli.json);
        }
        ConnectionsCommand::Remove { connection } => {
            let profiles = Profiles::open_default();
            let name = profiles.get(connection)?.name;
            profiles.delete(&name)?;
            output::print_done(&format!("connection {name} removed"), cli.json);
        }
        ConnectionsCommand::Test { connection } => {
            let Some(resolved) = connect::resolve_mysql(cli, passwords, connection.as_deref()).await? else {
                return Err(AppError::new(ErrorCode::BadRequest, "Name the connection to test.").with_hint(
                    "hesctl connections test NAME, or --profile NAME, or --db mysql://user@host:port/database.",
                ));
            };
            let result = hes_service::connections::test(&resolved.target, &resolved.name).await;
            output::print_test_result(&resolved.name, &result, cli.json);
            if let Some(e) = result.error {
                return Ok(e.code.exit_code() as u8);
            }
        }
        ConnectionsCommand::TrustCertificate { connection, sha256 } => {
            let profiles = Profiles::open_default();
            let profile = profiles.get(connection)?;
            let pin = profiles.trust_certificate(&profile.name, sha256)?;
            let server = hes_store::pins::mysql_key(&profile.host, profile.port);
            output::print_done(
                &format!("connection {}: certificate {pin} trusted for {server}", profile.name),
                cli.json,
            );
        }
        ConnectionsCommand::TrustHostKey { connection, key } => {
            let profiles = Profiles::open_default();
            let (host, port) = match profiles.get(connection).ok().and_then(|p| p.ssh) {
                Some(ssh) => (ssh.host, ssh.port),
                None => {
                    let (_, host, port) = hes_core::connections::parse_ssh_destination(&format!("-@{connection}"))?;
                    (host, port)
                }
            };
            let pin = profiles.trust_ssh_host_key(&host, port, key)?;
            output::print_done(&format!("SSH host key {pin} trusted for {host}:{port}"), cli.json);
        }
    }
    Ok(0)
}

/// `--ssh …` saves the SSH host in the profile (else an edit keeps the current one); the SSH
/// secret from the environment is stored in the keychain.
fn with_ssh(cli: &Cli, input: &mut ConnectionProfileInput, current: Option<&ConnectionProfile>) -> AppResult<()> {
    input.ssh = crate::ssh::profile_from(cli)?.or_else(|| current.and_then(|c| c.ssh.clone()));
    if let Some(secret) = input.ssh.as_ref().and_then(|s| crate::ssh::secret_from_env(&s.auth)) {
        input.ssh_secret = SecretInput::Replace(secret);
    }
    Ok(())
}

/// `--dp-password-stdin` remembers the Data Protection password, `--forget-dp-password` forgets it.
/// Returns the fresh view when something changed.
fn remember_dp(
    profiles: &Profiles,
    name: &str,
    passwords: &Passwords,
    forget: bool,
) -> AppResult<Option<hes_core::connections::ConnectionProfileView>> {
    match (passwords.dp_from_stdin(), forget) {
        (Some(p), _) => profiles.set_dp_password(name, Some(p))?,
        (None, true) => profiles.set_dp_password(name, None)?,
        (None, false) => return Ok(None),
    }
    profiles.get_view(name).map(Some)
}

/// The input `save` validates: the flags given, over the current profile when editing.
fn input_from(
    f: &ProfileFields,
    timeout_ms: Option<u32>,
    current: Option<&ConnectionProfile>,
    password: SecretInput,
) -> ConnectionProfileInput {
    let keep = |flag: &Option<String>, cur: Option<&String>| flag.clone().or_else(|| cur.cloned()).unwrap_or_default();
    ConnectionProfileInput {
        name: keep(&f.name, current.map(|c| &c.name)),
        host: keep(&f.host, current.map(|c| &c.host)),
        port: f.port.or(current.map(|c| u32::from(c.port))),
        database: keep(&f.database, current.map(|c| &c.database)),
        user: keep(&f.user, current.map(|c| &c.user)),
        tls: f.tls.map(Into::into).or(current.map(|c| c.tls)),
        ca_file: f.ca_file.clone().or_else(|| current.and_then(|c| c.ca_file.clone())),
        timeout_ms: timeout_ms.or(current.map(|c| c.timeout_ms)),
        password,
        ssh: None,
        ssh_secret: SecretInput::Keep,
    }
}
