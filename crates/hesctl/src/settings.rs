//! `hesctl settings show|set|delete`.

use crate::cli::{Cli, SettingsCommand};
use crate::input::{read_input, Passwords};
use crate::{connect, output};
use hes_core::error::AppResult;
use hes_store::console::SetMode;

pub async fn run(cli: &Cli, command: &SettingsCommand, passwords: &Passwords) -> AppResult<()> {
    let console = connect::open(cli, passwords).await?;
    match command {
        SettingsCommand::Show => {
            let view = hes_service::settings::view(&console).await?;
            output::print_settings(&console.info(), &view, cli.json);
        }
        SettingsCommand::Set { section, file, replace } => {
            let text = read_input(file)?;
            let mode = if *replace { SetMode::Replace } else { SetMode::Merge };
            let outcome = hes_service::settings::set_section(&console, section, &text, mode).await?;
            output::print_changed(&format!("{section} saved"), &outcome.changed, cli.json);
        }
        SettingsCommand::Delete { section } => {
            hes_service::settings::delete_section(&console, section).await?;
            output::print_done(&format!("{section} deleted"), cli.json);
        }
    }
    Ok(())
}
