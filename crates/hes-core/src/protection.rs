//! How a secret field is turned into its stored form and back. HES stores secrets in plaintext
//! when Data Protection is off (no `DataProtection` row) and encrypted when it is on (reference 3).
//! Settings code only sees this trait, so the same code serves both states.

use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::Secret;

pub trait Protector: Send + Sync {
    /// The stored text for a new secret value.
    fn protect(&self, value: &Secret) -> AppResult<String>;
    /// The clear value of a stored secret field.
    fn unprotect(&self, stored: &str) -> AppResult<Secret>;
}

/// Data Protection off: stored text is the value itself, as HES does.
pub struct Plaintext;

impl Protector for Plaintext {
    fn protect(&self, value: &Secret) -> AppResult<String> {
        Ok(value.expose().to_string())
    }
    fn unprotect(&self, stored: &str) -> AppResult<Secret> {
        Ok(Secret::new(stored))
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

/// Data Protection on and unlocked: HES's AES envelope under the current key id (reference 3.5).
impl Protector for crate::protect::ProtectionKey {
    fn protect(&self, value: &Secret) -> AppResult<String> {
        Ok(self.encrypt(value.expose()))
    }
    fn unprotect(&self, stored: &str) -> AppResult<Secret> {
        self.decrypt(stored).map(Secret::new).map_err(protect_error)
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
