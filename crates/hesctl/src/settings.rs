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
            let view = console.view().await?;
            output::print_settings(&console.info(), &view, cli.json);
        }
        SettingsCommand::Set { section, file, replace } => {
            let text = read_input(file)?;
            let mode = if *replace { SetMode::Replace } else { SetMode::Merge };
            let outcome = console.set_section(section, &text, mode).await?;
            output::print_changed(&format!("{section} saved"), &outcome.changed, cli.json);
        }
        SettingsCommand::Delete { section } => {
            console.delete_section(section).await?;
            output::print_done(&format!("{section} deleted"), cli.json);
        }
    }
    Ok(())
}
