//! Whether a stored secret can be vouched for under the database's Data Protection state *now*.
//!
//! HES's enable / disable / change-password operations (`DataProtectionService`) re-encrypt only
//! the three rows HES itself reads (`licensing`, `domain`, `splunk`). The console keeps more
//! secrets under the same key (further domains, Azure AD, OIDC, e-mail), and anything can be
//! restored from an old backup, so every secret is classified when it is read:
//!
//! | state                                   | stored text                         | health             |
//! |-----------------------------------------|-------------------------------------|--------------------|
//! | Data Protection on, key id K            | envelope with key id K              | `Current`          |
//! |                                         | envelope with another key id        | `StaleKey`         |
//! |                                         | anything else                       | `Unprotected`      |
//! | Data Protection off                     | envelope                            | `EnvelopeWhileOff` |
//! |                                         | anything else                       | `Current`          |
//!
//! Only `Current` values are ever used, shown, sent or copied ([`super::Protector`] enforces it
//! on every decrypt); the others are reported field by field with what to do.

use super::envelope_key_id;
use crate::error::{AppError, ErrorCode};
use crate::stage::secret_fields;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use ts_rs::TS;

/// The Data Protection state of a database, as far as classifying a secret needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// No `DataProtection` row: HES stores secrets in plaintext.
    Off,
    /// One row: its `Id` is the key id of every current ciphertext.
    On { key_id: i32 },
    /// More than one row (an unfinished password change in HES): ciphertexts of any of them are current.
    Broken { key_ids: Vec<i32> },
    /// The local workspace, whose secrets are encrypted under its own key from the OS keychain.
    Workspace { key_id: i32 },
}

impl KeyState {
    /// From the `DataProtection` row ids.
    pub fn from_ids(ids: &[i32]) -> KeyState {
        match ids {
            [] => KeyState::Off,
            [k] => KeyState::On { key_id: *k },
            _ => KeyState::Broken { key_ids: ids.to_vec() },
        }
    }

    fn is_current_key(&self, k: i32) -> bool {
        match self {
            KeyState::Off => false,
            KeyState::On { key_id } => *key_id == k,
            KeyState::Broken { key_ids } => key_ids.contains(&k),
            KeyState::Workspace { key_id } => *key_id == k,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum SecretHealth {
    /// Decryptable under the current key (or plaintext while Data Protection is off).
    Current,
    /// An envelope whose key id has no `DataProtection` row: HES changed the password since.
    StaleKey,
    /// Plaintext while Data Protection is on (HES enabled it; it re-encrypted only its own rows).
    Unprotected,
    /// An envelope while Data Protection is off (HES disabled it; it decrypted only its own rows).
    EnvelopeWhileOff,
    /// In the local workspace: encrypted with a key this computer's keychain does not hold (a
    /// copied workspace file, a wiped keychain).
    StoredElsewhere,
}

/// Classify one stored (non-empty) secret text.
pub fn classify(stored: &str, state: &KeyState) -> SecretHealth {
    match (envelope_key_id(stored), state) {
        (Some(_), KeyState::Off) => SecretHealth::EnvelopeWhileOff,
        (None, KeyState::Off) => SecretHealth::Current,
        (Some(k), s) if s.is_current_key(k) => SecretHealth::Current,
        (Some(_), KeyState::Workspace { .. }) => SecretHealth::StoredElsewhere,
        (Some(_), _) => SecretHealth::StaleKey,
        (None, _) => SecretHealth::Unprotected,
    }
}

/// The error for a value that must not be used; `label` names the field ("API Key").
pub fn unusable(health: SecretHealth, label: &str, found_key_id: Option<i32>) -> AppError {
    let (code, message, hint) = match health {
        SecretHealth::Current => unreachable!("a current value is usable"),
        SecretHealth::StaleKey => (
            ErrorCode::DataProtectionStaleKey,
            format!(
                "The stored {label} is encrypted under a Data Protection key HES has replaced{}: enter it again.",
                found_key_id.map(|k| format!(" (key id {k})")).unwrap_or_default()
            ),
            "HES re-encrypts only its own licensing, domain and Splunk settings when its Data Protection password changes. Type the secret again, or recover it with the old Data Protection password.",
        ),
        SecretHealth::Unprotected => (
            ErrorCode::DataProtectionUnprotected,
            format!("The stored {label} is stored unprotected while HES Data Protection is on: Protect now."),
            "HES encrypts only its own settings when Data Protection is enabled. Protect now encrypts this value under the current key.",
        ),
        SecretHealth::EnvelopeWhileOff => (
            ErrorCode::DataProtectionEnvelopeWhileOff,
            format!("The stored {label} is encrypted, but HES Data Protection is now off: enter it again."),
            "HES decrypts only its own settings when Data Protection is disabled. Type the secret again, or recover it with the old Data Protection password.",
        ),
        SecretHealth::StoredElsewhere => (
            ErrorCode::SecretStoredElsewhere,
            format!("The stored {label} was encrypted with a key this computer does not have (stored elsewhere): enter it again."),
            "The workspace's secrets are encrypted with a key kept in the OS keychain of the computer that saved them. Type the secret again; nothing else is lost.",
        ),
    };
    AppError::new(code, message).with_hint(hint)
}

/// What to do about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum SecretRepair {
    /// Encrypt the plaintext under the current key (needs the Data Protection password).
    ProtectNow,
    /// Decrypt with the old key (a saved copy of its params and the old password) and store again.
    RecoverWithOldPassword,
    /// Nothing the console can do but type the secret again.
    EnterAgain,
}

/// One stored secret that needs attention. Never carries the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SecretFinding {
    /// The `AppSettings` key: `licensing`, `domain`, `domains`, `splunk`, `oidc`, `email`.
    pub section: String,
    /// The list item's `Id` (`domains`, `oidc`); absent for single-object rows.
    #[ts(optional)]
    pub item: Option<String>,
    /// The JSON property: `ApiKey`, `Password`, `Token`, `ClientSecret`.
    pub field: String,
    /// How the UI names the field.
    pub label: String,
    pub health: SecretHealth,
    /// The key id the envelope carries (stale key, envelope while off).
    #[ts(optional)]
    pub key_id: Option<i32>,
    pub repair: SecretRepair,
    pub message: String,
    pub hint: String,
}

/// How people call a secret field of a section.
pub fn field_label(section: &str, field: &str) -> &'static str {
    match (section, field) {
        ("licensing", _) => "API Key",
        ("splunk", _) => "Token",
        ("email", _) => "SMTP password",
        ("oidc", _) => "Client secret",
        (_, "ClientSecret") => "Client secret",
        _ => "Password",
    }
}

/// Every secret of every row that is not [`SecretHealth::Current`], in key order. `recoverable`
/// tells which old key ids the console holds a saved params copy for.
pub fn audit_rows(
    rows: &HashMap<String, String>,
    state: &KeyState,
    recoverable: &dyn Fn(i32) -> bool,
) -> Vec<SecretFinding> {
    let mut keys: Vec<&String> = rows.keys().filter(|k| !secret_fields(k).is_empty()).collect();
    keys.sort();
    let mut out = Vec::new();
    for key in keys {
        // A row that is not JSON is reported by the view as a problem of its own.
        let Ok(v) = serde_json::from_str::<Value>(&rows[key]) else { continue };
        for_each_secret(key, &v, &mut |item, field, stored| {
            let health = classify(stored, state);
            if health == SecretHealth::Current {
                return;
            }
            let label = field_label(key, field);
            let key_id = envelope_key_id(stored);
            let repair = match health {
                SecretHealth::Unprotected => SecretRepair::ProtectNow,
                _ if key_id.is_some_and(recoverable) => SecretRepair::RecoverWithOldPassword,
                _ => SecretRepair::EnterAgain,
            };
            let e = unusable(health, label, key_id);
            out.push(SecretFinding {
                section: key.clone(),
                item: item.map(str::to_string),
                field: field.to_string(),
                label: label.to_string(),
                health,
                key_id,
                repair,
                message: e.message,
                hint: e.hint.unwrap_or_default(),
            });
        });
    }
    out
}

/// Visit every non-empty secret string of a setting's JSON: (item id, field, stored text).
pub fn for_each_secret(key: &str, v: &Value, f: &mut dyn FnMut(Option<&str>, &str, &str)) {
    let fields = secret_fields(key);
    let mut on_object = |o: &serde_json::Map<String, Value>| {
        let item = o.get("Id").and_then(Value::as_str);
        for name in fields {
            if let Some(Value::String(s)) = o.get(*name) {
                if !s.is_empty() {
                    f(item, name, s);
                }
            }
        }
    };
    match v {
        Value::Object(o) => on_object(o),
        Value::Array(items) => items.iter().filter_map(Value::as_object).for_each(on_object),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protect::ProtectionKey;

    fn key(id: i32) -> ProtectionKey {
        ProtectionKey::from_bytes(id, [7u8; 32])
    }

    #[test]
    fn classifies_each_state() {
        let on2 = KeyState::On { key_id: 2 };
        assert_eq!(classify(&key(2).encrypt("s"), &on2), SecretHealth::Current);
        assert_eq!(classify(&key(1).encrypt("s"), &on2), SecretHealth::StaleKey);
        assert_eq!(classify("plain-secret", &on2), SecretHealth::Unprotected);
        // Short base64 is still plaintext: no envelope shape.
        assert_eq!(classify("QUJD", &on2), SecretHealth::Unprotected);
        assert_eq!(classify(&key(1).encrypt("s"), &KeyState::Off), SecretHealth::EnvelopeWhileOff);
        assert_eq!(classify("plain-secret", &KeyState::Off), SecretHealth::Current);
        let ws = KeyState::Workspace { key_id: 5 };
        assert_eq!(classify(&key(5).encrypt("s"), &ws), SecretHealth::Current);
        assert_eq!(classify(&key(6).encrypt("s"), &ws), SecretHealth::StoredElsewhere);
        assert_eq!(classify("plain", &ws), SecretHealth::Unprotected);
        let broken = KeyState::from_ids(&[2, 3]);
        assert_eq!(classify(&key(3).encrypt("s"), &broken), SecretHealth::Current);
        assert_eq!(classify(&key(1).encrypt("s"), &broken), SecretHealth::StaleKey);
    }

    #[test]
    fn audit_lists_items_and_fields_without_values() {
        let stale = key(1).encrypt("old-secret");
        let rows = HashMap::from([
            ("licensing".to_string(), format!(r#"{{"ApiKey":"{}","ApiAddress":"https://x"}}"#, key(2).encrypt("k"))),
            (
                "domains".to_string(),
                format!(
                    r#"[{{"Type":"AzureAd","Id":"az1","ClientSecret":"{stale}"}},{{"Type":"ActiveDirectory","Id":"ad2","Password":"plain-pw"}}]"#
                ),
            ),
            ("email".to_string(), r#"{"Host":"smtp","Password":""}"#.to_string()),
        ]);
        let found = audit_rows(&rows, &KeyState::On { key_id: 2 }, &|k| k == 1);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].item.as_deref(), Some("az1"));
        assert_eq!(found[0].health, SecretHealth::StaleKey);
        assert_eq!(found[0].key_id, Some(1));
        assert_eq!(found[0].repair, SecretRepair::RecoverWithOldPassword);
        assert!(found[0].message.contains("HES has replaced"), "{}", found[0].message);
        assert_eq!(found[1].item.as_deref(), Some("ad2"));
        assert_eq!(found[1].repair, SecretRepair::ProtectNow);
        let json = serde_json::to_string(&found).unwrap();
        assert!(!json.contains("plain-pw") && !json.contains(&stale));
    }
}
