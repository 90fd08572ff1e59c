//! `hesctl`: HES Console for scripts. The same services as the desktop app (crates/hes-store).

mod cli;
mod output;

use clap::Parser;
use cli::{Cli, Command, SettingsCommand};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_store::Console;
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let json = cli.json;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
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

async fn open(db: Option<&str>) -> AppResult<Console> {
    match db {
        Some(url) if url.starts_with("mysql:") => {
            Err(AppError::new(ErrorCode::BadRequest, "MySQL connections arrive with the next release of hesctl.")
                .with_hint("Use a workspace file path or sqlite: URL for now."))
        }
        Some(path) => Console::open_workspace(path).await,
        None => Console::open_workspace(&hes_store::paths::default_workspace().to_string_lossy()).await,
    }
}

async fn run(cli: Cli) -> AppResult<()> {
    let console = open(cli.db.as_deref()).await?;
    match cli.command {
        Command::Settings { command } => match command {
            SettingsCommand::Show => {
                let view = console.view().await?;
                output::print_settings(&console.info(), &view, cli.json);
            }
            SettingsCommand::Set { section, file } => {
                let text = read_input(&file)?;
                console.set_section_json(&section, &text).await?;
                output::print_done(&format!("{section} saved"), cli.json);
            }
            SettingsCommand::Delete { section } => {
                console.delete_section(&section).await?;
                output::print_done(&format!("{section} deleted"), cli.json);
            }
        },
    }
    Ok(())
}

/// A file path, or `-` for standard input.
fn read_input(file: &str) -> AppResult<String> {
    let mut text = String::new();
    let res = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    res.map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read {file}: {e}")))?;
    Ok(text)
}
