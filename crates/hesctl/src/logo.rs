//! `hesctl logo set <slot> <file> | reset <slot>`: the same pipeline and codes as the app
//! (PNG/JPEG/WebP by their bytes, at most 2 MB and 4096 px, scaled to the slot, stored as PNG).

use crate::cli::{Cli, LogoCommand};
use crate::input::Passwords;
use crate::{connect, output};
use hes_core::error::AppResult;
use hes_core::settings::customization::{LogoView, MAX_LOGO_BYTES};
use hes_core::settings::view::SettingsView;
use std::path::Path;

pub async fn run(cli: &Cli, command: &LogoCommand, passwords: &Passwords) -> AppResult<()> {
    let (slot, view) = match command {
        LogoCommand::Set { slot, file } => {
            let bytes = if file == "-" {
                hes_core::logo::slot_size(slot)?;
                crate::input::read_bytes_stdin(MAX_LOGO_BYTES)?
                    .ok_or_else(|| hes_core::logo::file_too_large(slot, None))?
            } else {
                hes_store::files::read_logo(slot, Path::new(file))?
            };
            let console = connect::open(cli, passwords).await?;
            let revisions = console.current_revisions().await?;
            (slot, console.logo_set(slot, bytes, &revisions).await?)
        }
        LogoCommand::Reset { slot } => {
            let console = connect::open(cli, passwords).await?;
            let revisions = console.current_revisions().await?;
            (slot, console.logo_reset(slot, &revisions).await?)
        }
    };
    print(&view, slot, cli.json);
    Ok(())
}

fn print(view: &SettingsView, slot: &str, as_json: bool) {
    let Some(l): Option<&LogoView> = view.customization.logos.iter().find(|l| l.slot == slot) else { return };
    if as_json {
        // The data URL is for the app's preview; scripts get the size and hash.
        output::json(&serde_json::json!({ "Slot": l.slot, "Custom": l.custom, "Sha256": l.sha256 }));
    } else if l.custom {
        output::line(format!("logo {} set · sha256 {}", l.slot, l.sha256.as_deref().unwrap_or("")));
    } else {
        output::line(format!("logo {} reset to HES's default", l.slot));
    }
}
