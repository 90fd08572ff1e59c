//! `hesctl settings show|set|delete`.

use crate::cli::{Cli, SettingsCommand};
use crate::input::{read_input, Passwords};
use crate::{connect, output};
use hes_core::error::AppResult;

pub async fn run(cli: &Cli, command: &SettingsCommand, passwords: &Passwords) -> AppResult<()> {
    let console = connect::open(cli, passwords).await?;
    match command {
        SettingsCommand::Show => {
            let view = console.view().await?;
            output::print_settings(&console.info(), &view, cli.json);
        }
        SettingsCommand::Set { section, file } => {
            let text = read_input(file)?;
            console.set_section_json(section, &text).await?;
            output::print_done(&format!("{section} saved"), cli.json);
        }
        SettingsCommand::Delete { section } => {
            console.delete_section(section).await?;
            output::print_done(&format!("{section} deleted"), cli.json);
        }
    }
    Ok(())
}
