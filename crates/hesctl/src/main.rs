//! `hesctl`: HES Console for scripts. The same services as the desktop app (crates/hes-store).
//! One module per command group: settings, connections, protect; connect.rs opens the database
//! the global options name, input.rs reads passwords (never from the command line).

mod check;
mod cli;
mod connect;
mod connections;
mod export;
mod fido;
mod history;
mod input;
mod licenses;
mod logo;
mod oidc;
mod output;
mod protect;
mod saml;
mod settings;
mod ssh;
mod stage;
mod version;

use clap::Parser;
use cli::{Cli, Command};
use hes_core::error::AppResult;
use hes_store::mysql::bounded;
use input::Passwords;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let json = cli.json;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::print_error(&e, json);
            ExitCode::from(e.code.exit_code() as u8)
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HESCTL_LOG").unwrap_or_else(|_| "warn".into());
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).init();
}

/// The exit code on success paths (0, or a failed `connections test`'s code). Settings, items,
/// staging and Data Protection repairs are bounded in time as a whole (hes_store::mysql::bounded:
/// a network cut mid-statement ends with Timeout, never a hang); checks and license imports carry
/// their own per-step bounds.
async fn run(cli: Cli) -> AppResult<u8> {
    let passwords = Passwords::read(cli.password_stdin, cli.dp_password_stdin)?;
    match &cli.command {
        Command::Settings { command } => bounded(settings::run(&cli, command, &passwords)).await.map(|()| 0),
        Command::Connections { command } => connections::run(&cli, command, &passwords).await,
        Command::Protect { command } => bounded(protect::run(&cli, command, &passwords)).await,
        Command::Check { what, name, starttls, server, trust_certificate, send_test_to } => {
            let extra = check::Extra {
                server: server.clone(),
                timeout_ms: cli.timeout_ms.map(u64::from),
                starttls: *starttls,
                trust_certificate: trust_certificate.clone(),
                send_test_to: send_test_to.clone(),
            };
            check::run(&cli, &passwords, what, name.clone(), extra).await
        }
        Command::Export(args) => bounded(export::export(&cli, args, &passwords)).await,
        Command::Import(args) => bounded(export::import(&cli, args, &passwords)).await,
        Command::Backups(args) => bounded(export::backups(&cli, args, &passwords)).await,
        Command::History(args) => bounded(history::run(&cli, args, &passwords)).await,
        Command::Fido { command } => bounded(fido::run(&cli, command, &passwords)).await.map(|()| 0),
        Command::Licenses { command } => licenses::run(&cli, command, &passwords).await,
        Command::Oidc { command } => bounded(oidc::run(&cli, command, &passwords)).await.map(|()| 0),
        Command::Saml { command } => bounded(saml::run(&cli, command, &passwords)).await.map(|()| 0),
        Command::Logo { command } => bounded(logo::run(&cli, command, &passwords)).await.map(|()| 0),
        Command::Stage { to_db, to_profile, sections, apply, remove } => bounded(stage::run(
            &cli,
            &passwords,
            stage::Target { db: to_db.clone(), profile: to_profile.clone() },
            sections,
            stage::Apply { apply: *apply, remove },
        ))
        .await
        .map(|()| 0),
    }
}
