//! `hesctl fido show|set`: the security-key policy (`AppSettings['fido']`).

use crate::cli::Cli;
use crate::input::Passwords;
use crate::{connect, lines};
use clap::{Subcommand, ValueEnum};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::fido::{AuthenticatorAttachment, Fido, FidoInput};
use hes_core::settings::view::SettingsView;
use serde_json::json;

#[derive(Subcommand, Debug)]
pub enum FidoCommand {
    /// Show whether platform authenticators are allowed and the default key type.
    Show,
    /// Change the policy; only the options given change.
    Set {
        /// Allow platform authenticators (built into the computer or phone: Windows Hello,
        /// Touch ID) besides security keys: true or false.
        #[arg(long, value_name = "BOOL")]
        allow_platform_authenticators: Option<bool>,
        /// The key type enrollment starts with: cross-platform (a USB/NFC security key, the
        /// default) or platform (needs --allow-platform-authenticators true).
        #[arg(long, value_enum)]
        default_key_type: Option<KeyType>,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum KeyType {
    CrossPlatform,
    Platform,
}

impl From<KeyType> for AuthenticatorAttachment {
    fn from(k: KeyType) -> Self {
        match k {
            KeyType::CrossPlatform => AuthenticatorAttachment::CrossPlatform,
            KeyType::Platform => AuthenticatorAttachment::Platform,
        }
    }
}

pub async fn run(cli: &Cli, command: &FidoCommand, passwords: &Passwords) -> AppResult<()> {
    let console = connect::open(cli, passwords).await?;
    let view = match command {
        FidoCommand::Show => console.view().await?,
        FidoCommand::Set { allow_platform_authenticators, default_key_type } => {
            if allow_platform_authenticators.is_none() && default_key_type.is_none() {
                return Err(AppError::new(ErrorCode::BadRequest, "Nothing to change.")
                    .with_hint("Give --allow-platform-authenticators true|false and/or --default-key-type."));
            }
            let now = console.view().await?;
            let input = FidoInput {
                allow_platform_authenticators: allow_platform_authenticators
                    .unwrap_or(now.fido.allow_platform_authenticators),
                default_authenticator_attachment: default_key_type
                    .map(AuthenticatorAttachment::from)
                    .unwrap_or(now.fido.default_authenticator_attachment),
            };
            console.set_single::<Fido>(input, &now.revisions).await?
        }
    };
    print(&view, cli.json);
    Ok(())
}

fn print(v: &SettingsView, as_json: bool) {
    let key_type = serde_json::to_value(v.fido.default_authenticator_attachment).unwrap_or_default();
    if as_json {
        lines::json(&json!({ "Fido": v.fido, "FidoSet": v.fido_set }));
        return;
    }
    let allowed = v.fido.allow_platform_authenticators;
    lines::line(format!("Allow platform authenticators: {}", if allowed { "yes" } else { "no" }));
    lines::line(format!("Default key type: {}", key_type.as_str().unwrap_or_default()));
    if !v.fido_set {
        lines::line("(not set: these are the defaults)");
    }
}
