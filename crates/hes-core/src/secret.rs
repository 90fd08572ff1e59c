//! Secrets and the masking contract.
//!
//! - [`Secret`] holds a clear value in memory only: no `Serialize`, `Debug`/`Display` print
//!   `<redacted>`, and the bytes are zeroized on drop.
//! - What leaves the backend for a secret field is a [`SecretState`]: `"stored"` or `"not set"`.
//! - What comes in is a [`SecretInput`]: absent = keep, `null` = clear, a string = replace.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret value in clear. Deliberately not `Serialize` and not `Clone`-by-accident-into-logs.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The clear value. Every call site is a place where a secret leaves its box: keep them few.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// The read side of a secret field: the only thing the UI and `hesctl` ever receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum SecretState {
    #[serde(rename = "not set")]
    NotSet,
    #[serde(rename = "stored")]
    Stored,
}

impl SecretState {
    pub fn of(stored: &Option<String>) -> Self {
        match stored {
            Some(v) if !v.is_empty() => SecretState::Stored,
            _ => SecretState::NotSet,
        }
    }
}

/// The write side of a secret field. In JSON: absent → `Keep`, `null` → `Clear`, string → `Replace`.
/// Use with `#[serde(default, deserialize_with = "SecretInput::deserialize_field")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SecretInput {
    #[default]
    Keep,
    Replace(Secret),
    Clear,
}

impl SecretInput {
    pub fn replace(value: impl Into<String>) -> Self {
        SecretInput::Replace(Secret::new(value))
    }

    /// Present in the JSON: `null` clears, a string replaces (serde's `default` covers "absent").
    pub fn deserialize_field<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<String>::deserialize(d)? {
            None => SecretInput::Clear,
            Some(s) => SecretInput::Replace(Secret(s)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Form {
        #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
        key: SecretInput,
    }

    #[test]
    fn absent_keeps_null_clears_string_replaces() {
        let f: Form = serde_json::from_str("{}").unwrap();
        assert_eq!(f.key, SecretInput::Keep);
        let f: Form = serde_json::from_str(r#"{"key":null}"#).unwrap();
        assert_eq!(f.key, SecretInput::Clear);
        let f: Form = serde_json::from_str(r#"{"key":"s3cr3t"}"#).unwrap();
        assert_eq!(f.key, SecretInput::replace("s3cr3t"));
    }

    #[test]
    fn debug_and_display_never_print_the_value() {
        let s = Secret::new("hunter2-value");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        let input = SecretInput::replace("hunter2-value");
        assert!(!format!("{input:?}").contains("hunter2"));
    }

    #[test]
    fn state_serializes_as_words() {
        assert_eq!(serde_json::to_string(&SecretState::Stored).unwrap(), r#""stored""#);
        assert_eq!(serde_json::to_string(&SecretState::NotSet).unwrap(), r#""not set""#);
        assert_eq!(SecretState::of(&Some("x".into())), SecretState::Stored);
        assert_eq!(SecretState::of(&None), SecretState::NotSet);
    }
}

/// The stored text of a secret field, as it sits in HES's JSON: ciphertext when Data Protection is
/// on, the clear value when it is off. Serializes transparently (it is what HES stores) but never
/// debug-prints, so a stored form can be logged or asserted on without leaking.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoredSecret(String);

impl StoredSecret {
    pub fn new(stored: impl Into<String>) -> Self {
        StoredSecret(stored.into())
    }

    /// The stored text (to decrypt it, or to compare rows).
    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<stored secret>")
    }
}

impl SecretState {
    pub fn of_stored(stored: &Option<StoredSecret>) -> Self {
        match stored {
            Some(v) if !v.0.is_empty() => SecretState::Stored,
            _ => SecretState::NotSet,
        }
    }
}
