//! Security keys: `AppSettings['fido']` = `{"ConsoleFormat":1,"AllowPlatformAuthenticators","DefaultAuthenticatorAttachment"}`.
//! HES 3.8.x has no such setting and no HES release is known to read this row:
//! the console defined its format and keeps it in its own row, versioned by `ConsoleFormat`
//! (docs/console-rows.md, [`super::console_format`]).

use super::SingleSection;
use crate::error::AppResult;
use crate::protect::Protector;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum AuthenticatorAttachment {
    #[serde(rename = "cross-platform")]
    CrossPlatform,
    #[serde(rename = "platform")]
    Platform,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct FidoStored {
    #[serde(default)]
    pub allow_platform_authenticators: bool,
    #[serde(default = "cross_platform")]
    pub default_authenticator_attachment: AuthenticatorAttachment,
}

fn cross_platform() -> AuthenticatorAttachment {
    AuthenticatorAttachment::CrossPlatform
}

impl Default for FidoStored {
    fn default() -> Self {
        FidoStored { allow_platform_authenticators: false, default_authenticator_attachment: cross_platform() }
    }
}

/// No secrets here: the view, the input and the stored form are the same shape.
pub type FidoView = FidoStored;

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FidoInput {
    pub allow_platform_authenticators: bool,
    #[serde(default = "cross_platform")]
    #[ts(as = "Option<AuthenticatorAttachment>", optional)]
    pub default_authenticator_attachment: AuthenticatorAttachment,
}

pub struct Fido;

impl SingleSection for Fido {
    const KEY: &'static str = "fido";
    const TITLE: &'static str = "security key";
    type Stored = FidoStored;
    type View = FidoView;
    type Input = FidoInput;

    fn view(s: &FidoStored) -> FidoView {
        s.clone()
    }

    fn apply(input: FidoInput, _old: Option<&FidoStored>, _p: &dyn Protector) -> AppResult<FidoStored> {
        let mut v = Validator::new();
        if !input.allow_platform_authenticators
            && input.default_authenticator_attachment == AuthenticatorAttachment::Platform
        {
            v.error(
                "DefaultAuthenticatorAttachment",
                "The default key type can be \"platform\" only when platform authenticators are allowed.",
            );
        }
        v.finish()?;
        Ok(FidoStored {
            allow_platform_authenticators: input.allow_platform_authenticators,
            default_authenticator_attachment: input.default_authenticator_attachment,
        })
    }
}
