//! OIDC client secrets are made by the console, never typed: 32 bytes from the OS's random
//! source, URL-safe base64 (43 characters). The clear value leaves the backend exactly once, in
//! the answer to the add or regenerate request ([`OneTimeSecret`]); afterwards it is only "stored".

use super::oidc::{upsert, OidcClientInput, OidcClientStored};
use super::view::SettingsView;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::protect::Protector;
use crate::secret::{Secret, SecretInput, StoredSecret};
use base64::Engine;
use rand::RngCore;
use serde::{Serialize, Serializer};
use ts_rs::TS;
use zeroize::Zeroize;

/// Random bytes in a generated client secret (256 bits).
pub const CLIENT_SECRET_BYTES: usize = 32;

/// A fresh client secret.
pub fn generate_client_secret() -> Secret {
    let mut bytes = [0u8; CLIENT_SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    bytes.zeroize();
    Secret::new(text)
}

/// A secret shown once. Unlike [`Secret`] it serializes (to its clear value): it exists only for
/// the response of the call that generated it. `Debug` stays redacted, so logs never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeSecret(Secret);

impl OneTimeSecret {
    pub fn new(secret: Secret) -> Self {
        OneTimeSecret(secret)
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl std::fmt::Debug for OneTimeSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<one-time secret>")
    }
}

impl Serialize for OneTimeSecret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.expose())
    }
}

/// The answer to "add client" and "regenerate secret": the fresh page, the client's `Id`, and
/// its new secret (`null` for a public client added without one).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct OidcSecretIssued {
    pub settings: SettingsView,
    pub id: String,
    #[ts(type = "string | null")]
    pub client_secret: Option<OneTimeSecret>,
}

/// Add a client whose secret the console generates. `ClientSecret` absent: generate one;
/// `null`: a public client (PKCE) without a secret; a typed string is refused. Returns the new
/// list, the client's `Id` and the clear secret to show once.
pub fn add_client(
    list: &[OidcClientStored],
    mut input: OidcClientInput,
    p: &dyn Protector,
    new_id: impl FnOnce() -> String,
) -> AppResult<(Vec<OidcClientStored>, String, Option<Secret>)> {
    let secret = match input.client_secret {
        SecretInput::Keep => Some(generate_client_secret()),
        SecretInput::Clear => None,
        SecretInput::Replace(_) => {
            return Err(AppError::field_error(
                "ClientSecret",
                "The console generates the client secret: leave the field empty (or null for a public client).",
            ))
        }
    };
    input.client_secret = match &secret {
        Some(s) => SecretInput::Replace(s.clone()),
        None => SecretInput::Clear,
    };
    let (next, id) = upsert(list, None, input, p, new_id)?;
    Ok((next, id, secret))
}

/// Give client `id` a new generated secret; the old one stops working once HES reads the change.
pub fn regenerate_secret(
    list: &[OidcClientStored],
    id: &str,
    p: &dyn Protector,
) -> AppResult<(Vec<OidcClientStored>, Secret)> {
    let i = list.iter().position(|c| c.id == id).ok_or_else(|| {
        AppError::new(ErrorCode::NotFound, format!("There is no OIDC client with id '{id}'."))
            .with_hint("Reload: it may have been removed by someone else.")
    })?;
    let secret = generate_client_secret();
    let mut next = list.to_vec();
    next[i].client_secret = Some(StoredSecret::new(p.protect(&secret)?));
    Ok((next, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_43_url_safe_characters_and_differ() {
        let a = generate_client_secret();
        let b = generate_client_secret();
        assert_eq!(a.expose().len(), 43, "32 bytes in unpadded base64");
        assert!(a.expose().chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{a:?}");
        assert_ne!(a.expose(), b.expose());
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(a.expose()).unwrap();
        assert_eq!(decoded.len(), CLIENT_SECRET_BYTES);
    }

    #[test]
    fn a_one_time_secret_serializes_but_never_debug_prints() {
        let s = OneTimeSecret::new(Secret::new("shown-once-value"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"shown-once-value\"");
        assert!(!format!("{s:?}").contains("shown-once"));
    }
}
