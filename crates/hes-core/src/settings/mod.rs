//! The Parameters sections. Each module owns one section: its stored form (HES's JSON, PascalCase),
//! the view sent to the UI (secrets as `"stored"`/`"not set"`), the input it accepts
//! (secrets as keep/replace/clear), and its validation.
//!
//! | section        | stored in                         | module            |
//! |----------------|-----------------------------------|-------------------|
//! | licensing      | `AppSettings['licensing']`        | [`licensing`]     |
//! | domains        | `AppSettings['domain']`+`['domains']` | [`domains`]   |
//! | splunk         | `AppSettings['splunk']`           | [`splunk`]        |
//! | security keys  | `AppSettings['fido']`             | [`fido`]          |
//! | OIDC clients   | `AppSettings['oidc']`             | [`oidc`]          |
//! | SAML SPs       | table `SamlRelyingParties`        | [`saml`]          |
//! | e-mail         | `AppSettings['email']`            | [`email`]         |
//! | customization  | `AppSettings['customization']`    | [`customization`] |

pub mod console_format;
pub mod customization;
pub mod domains;
pub mod email;
pub mod fido;
pub mod licensing;
pub mod oidc;
pub mod oidc_rules;
pub mod oidc_secret;
pub mod saml;
pub mod saml_cert;
pub mod saml_metadata;
pub mod splunk;
pub mod view;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::protect::Protector;
use crate::secret::{SecretInput, StoredSecret};
use crate::validate::Validator;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// An `AppSettings` row holding one JSON object (not a list).
pub trait SingleSection {
    /// The `AppSettings.Id`.
    const KEY: &'static str;
    /// How people call it in messages ("licensing", "Splunk").
    const TITLE: &'static str;
    type Stored: Serialize + DeserializeOwned;
    type View: Serialize;
    type Input: DeserializeOwned;

    fn view(stored: &Self::Stored) -> Self::View;
    /// Validate `input` and build the new stored form; `old` supplies kept secrets.
    fn apply(input: Self::Input, old: Option<&Self::Stored>, p: &dyn Protector) -> AppResult<Self::Stored>;
}

/// Parse a stored row; a row HES would fail to read is reported, never silently replaced.
pub fn parse_stored<T: DeserializeOwned>(key: &str, value: &str) -> AppResult<T> {
    serde_json::from_str(value).map_err(|e| {
        AppError::new(
            ErrorCode::CorruptSetting,
            format!("The stored '{key}' setting cannot be read: {}", describe_json_error(&e)),
        )
        .with_hint("Fix or delete the row; HES itself would fail to load it.")
    })
}

/// serde_json's message without the offending text (it might be part of a secret).
pub fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "I/O error",
        Category::Syntax => "not valid JSON",
        Category::Data => "unexpected value or type",
        Category::Eof => "the JSON ends too early",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

/// Resolve a secret field's input against the stored value: keep, replace or clear.
/// Pushes a validation error when a required secret would end up missing.
pub fn resolve_secret(
    v: &mut Validator,
    p: &dyn Protector,
    field: &str,
    label: &str,
    input: SecretInput,
    old: Option<&StoredSecret>,
    required: bool,
) -> AppResult<Option<StoredSecret>> {
    let resolved = match input {
        SecretInput::Keep => old.cloned(),
        SecretInput::Clear => None,
        SecretInput::Replace(s) if s.expose().is_empty() => None,
        SecretInput::Replace(s) => {
            if s.is_blank() {
                v.error(field, format!("The {label} field is required."));
                return Ok(None);
            }
            // Checked on the clear value: once encrypted (HES Data Protection, the workspace key)
            // the stored form is base64 and the check on stored JSON cannot see it.
            if s.expose().chars().any(crate::validate::is_control) {
                v.error(
                    field,
                    format!(
                        "The {label} field must not contain control characters (such as NUL, tab or a line break)."
                    ),
                );
                return Ok(None);
            }
            Some(StoredSecret::new(p.protect(&s)?))
        }
    };
    if required && resolved.is_none() {
        v.error(field, format!("The {label} field is required."));
    }
    Ok(resolved)
}

/// Trim the ends of a text field; HES stores what the form sent, but stray spaces only cause trouble.
pub fn clean(s: &str) -> String {
    s.trim().to_string()
}
