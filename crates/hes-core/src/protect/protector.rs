//! How a secret field is turned into its stored form and back. HES stores secrets in plaintext
//! when Data Protection is off (no `DataProtection` row) and encrypted when it is on.
//! Settings code only sees this trait, so the same code serves both states.

use super::health::{classify, unusable, KeyState, SecretHealth};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::protect::envelope_key_id;
use crate::secret::Secret;

pub trait Protector: Send + Sync {
    /// The stored text for a new secret value.
    fn protect(&self, value: &Secret) -> AppResult<String>;
    /// The clear value of a stored secret field; a value the console cannot vouch for under the
    /// current Data Protection state ([`super::health`]) is an error, never a value.
    fn unprotect(&self, stored: &str) -> AppResult<Secret>;
    /// [`unprotect`](Self::unprotect) with the field named in the error ("API Key").
    fn unprotect_as(&self, stored: &str, label: &str) -> AppResult<Secret> {
        self.unprotect(stored).map_err(|e| match health_of(e.code) {
            Some(h) => unusable(h, label, envelope_key_id(stored)),
            None => e,
        })
    }
}

fn health_of(code: ErrorCode) -> Option<SecretHealth> {
    match code {
        ErrorCode::DataProtectionStaleKey => Some(SecretHealth::StaleKey),
        ErrorCode::DataProtectionUnprotected => Some(SecretHealth::Unprotected),
        ErrorCode::DataProtectionEnvelopeWhileOff => Some(SecretHealth::EnvelopeWhileOff),
        ErrorCode::SecretStoredElsewhere => Some(SecretHealth::StoredElsewhere),
        _ => None,
    }
}

/// Data Protection off: stored text is the value itself, as HES does. An envelope left behind
/// after HES disabled Data Protection is refused: its base64 is not the secret.
pub struct Plaintext;

impl Protector for Plaintext {
    fn protect(&self, value: &Secret) -> AppResult<String> {
        if envelope_key_id(value.expose()).is_some() {
            return Err(AppError::new(
                ErrorCode::Validation,
                "This value looks like an HES-encrypted value, not a secret: type the secret itself.",
            ));
        }
        Ok(value.expose().to_string())
    }
    fn unprotect(&self, stored: &str) -> AppResult<Secret> {
        match classify(stored, &KeyState::Off) {
            SecretHealth::Current => Ok(Secret::new(stored)),
            h => Err(unusable(h, "secret", envelope_key_id(stored))),
        }
    }
}

/// Data Protection on but not unlocked: settings without secrets work, secrets do not.
pub struct Locked;

impl Protector for Locked {
    fn protect(&self, _: &Secret) -> AppResult<String> {
        Err(locked())
    }
    fn unprotect(&self, _: &str) -> AppResult<Secret> {
        Err(locked())
    }
}

fn locked() -> AppError {
    AppError::new(ErrorCode::DataProtectionLocked, "HES Data Protection is on and the console is locked.")
        .with_hint("Enter the Data Protection password to read or change secret fields.")
}

/// Data Protection on and unlocked: HES's AES envelope under the current key id.
/// Plaintext (HES enabled protection and left the console's rows alone) and other key ids (HES
/// changed the password) are refused before any decryption.
impl Protector for crate::protect::ProtectionKey {
    fn protect(&self, value: &Secret) -> AppResult<String> {
        Ok(self.encrypt(value.expose()))
    }
    fn unprotect(&self, stored: &str) -> AppResult<Secret> {
        match classify(stored, &KeyState::On { key_id: self.key_id() }) {
            SecretHealth::Current => self.decrypt(stored).map(Secret::new).map_err(protect_error),
            h => Err(unusable(h, "secret", envelope_key_id(stored))),
        }
    }
}

/// The local workspace: HES's envelope under the workspace's own key (from the OS keychain).
/// A value under another key id was saved on another computer (or before the keychain lost the
/// key): "stored elsewhere", never decrypted.
pub struct WorkspaceKey(pub crate::protect::ProtectionKey);

impl Protector for WorkspaceKey {
    fn protect(&self, value: &Secret) -> AppResult<String> {
        Ok(self.0.encrypt(value.expose()))
    }
    fn unprotect(&self, stored: &str) -> AppResult<Secret> {
        match classify(stored, &KeyState::Workspace { key_id: self.0.key_id() }) {
            SecretHealth::Current => self.0.decrypt(stored).map(Secret::new).map_err(protect_error),
            h => Err(unusable(h, "secret", envelope_key_id(stored))),
        }
    }
}

/// A Data Protection failure as an `AppError` with its stable code.
pub fn protect_error(e: crate::protect::ProtectError) -> AppError {
    use crate::protect::ProtectError as P;
    let code = match &e {
        P::WrongPassword => ErrorCode::DataProtectionWrongPassword,
        P::WrongKeyId { .. } => ErrorCode::DataProtectionWrongKeyId,
        P::CorruptValue(_) => ErrorCode::DataProtectionCorruptValue,
        P::BadParams(_) | P::UnsupportedHash(_) => ErrorCode::DataProtectionBroken,
    };
    AppError::new(code, e.to_string())
}
