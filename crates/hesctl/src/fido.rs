//! `hesctl fido show|set`: the security-key policy (`AppSettings['fido']`).

use crate::cli::{Cli, FidoCommand, KeyType};
use crate::input::Passwords;
use crate::{connect, output};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::fido::{AuthenticatorAttachment, Fido, FidoInput};
use hes_core::settings::view::SettingsView;
use serde_json::json;

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
        output::json(&json!({ "Fido": v.fido, "FidoSet": v.fido_set }));
        return;
    }
    let allowed = v.fido.allow_platform_authenticators;
    output::line(format!("Allow platform authenticators: {}", if allowed { "yes" } else { "no" }));
    output::line(format!("Default key type: {}", key_type.as_str().unwrap_or_default()));
    if !v.fido_set {
        output::line("(not set: these are the defaults)");
    }
}
