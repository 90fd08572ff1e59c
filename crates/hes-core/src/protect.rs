//! HES Data Protection crypto, byte-compatible with `HES.Core/Crypto`.
//!
//! - [`DataProtectionParams`]: the `DataProtection.Value` JSON (salt, KDF settings, verification code).
//! - [`ProtectionKey`]: a password-verified AES-256 key plus the key id (the params row id).
//! - Values: `base64(keyId i32 LE | 16 i32 LE | iv | AES-256-CBC-PKCS7("HES" + plaintext))`.
//!
//! - [`health`]: whether a stored secret can be vouched for under the database's state now.
//!
//! Errors never carry plaintext or key material.

pub mod health;
mod key;
mod params;
mod protector;
mod wire;

pub use key::ProtectionKey;
pub use params::DataProtectionParams;
pub use protector::{protect_error, Locked, Plaintext, Protector, WorkspaceKey};

/// Why a Data Protection operation failed. Reasons are fixed phrases, safe to log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtectError {
    /// The 32-bit verification code did not match (HES: `IncorrectPassword`).
    #[error("wrong Data Protection password")]
    WrongPassword,
    /// The value carries another key id; checked before any cryptography, like HES.
    #[error("value is encrypted with key id {found}, expected key id {expected}")]
    WrongKeyId { expected: i32, found: i32 },
    /// Bad base64, bad layout, bad padding (usually a wrong key) or missing "HES" magic.
    #[error("protected value is corrupt: {0}")]
    CorruptValue(String),
    /// The params JSON is unusable (bad JSON, salt, verification code or iteration count).
    #[error("invalid Data Protection params: {0}")]
    BadParams(String),
    /// `HashAlgorithmName` is not exactly `SHA1`, `SHA256`, `SHA384` or `SHA512`.
    #[error("unsupported Data Protection hash algorithm {0:?}")]
    UnsupportedHash(String),
}

/// The key id of a protected value, without decrypting it (e.g. to spot values left
/// behind by an unfinished password change).
pub fn peek_key_id(ciphertext: &str) -> Result<i32, ProtectError> {
    let buf = wire::decode_base64(ciphertext).ok_or_else(|| ProtectError::CorruptValue("invalid base64".into()))?;
    wire::key_id(&buf)
}

/// The key id of `stored` when it has the shape of HES's envelope (base64 of key id, `16`, a
/// 16-byte IV and whole AES blocks; the layout of HES's `CryptoHelper.Encrypt`), else
/// `None`. Used to tell a ciphertext from a plaintext secret without any key: a typed secret
/// that happens to be base64 with `10 00 00 00` at bytes 4–7 and a block-aligned tail is not a
/// realistic password, and the console refuses to store such a value as plaintext anyway.
pub fn envelope_key_id(stored: &str) -> Option<i32> {
    let buf = wire::decode_base64(stored)?;
    let key_id = wire::key_id(&buf).ok()?;
    wire::split_envelope(&buf).ok()?;
    (buf.len() >= 40).then_some(key_id)
}
