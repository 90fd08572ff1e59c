//! The console's own `AppSettings` rows and their format version.
//!
//! `domains`, `fido`, `oidc`, `email` and `customization` are rows no HES release is known to
//! read: HES 3.8.x has no such settings, and the console defined their JSON
//! itself (docs/console-rows.md). So that a later console, or a later mapping to whatever HES
//! itself stores, can tell which format a row is in, every write of one of these rows carries
//! `"ConsoleFormat": 1`: first in an object row, and in every item of a list row (`domains`,
//! `oidc`: the console deletes a list row rather than store an empty list).
//!
//! Reading accepts a row without the marker (written before it existed: format 1) and any higher
//! version (unknown properties are ignored, as far as the row still parses). Writing over a row of
//! a higher version than [`CONSOLE_FORMAT`] — or deleting it — is refused with
//! [`ErrorCode::ConsoleFormatNewer`]: a newer console wrote it, and this one would lose what it
//! does not know.

use crate::error::{AppError, AppResult, ErrorCode};
use serde_json::{Map, Value};

/// The format version this console writes (docs/console-rows.md).
pub const CONSOLE_FORMAT: u64 = 1;
/// The marker's property name.
pub const FIELD: &str = "ConsoleFormat";
/// The `AppSettings` keys whose format the console defined.
pub const CONSOLE_ROWS: [&str; 5] = ["domains", "fido", "oidc", "email", "customization"];
/// Where the formats are documented (for messages).
pub const DOC: &str = "docs/console-rows.md";

pub fn is_console_row(key: &str) -> bool {
    CONSOLE_ROWS.contains(&key)
}

fn marker(v: &Value) -> Option<u64> {
    // A marker that is not a whole number counts as unknown: higher than any version.
    v.as_object()?.get(FIELD).map(|m| m.as_u64().unwrap_or(u64::MAX))
}

/// The format version a stored row declares: its own marker (an object), the highest of its
/// items' markers (a list), or `None` when there is none (a row written before the marker: format
/// 1) or the row is not JSON.
pub fn row_format(raw: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(raw).ok()?;
    match &v {
        Value::Array(items) => items.iter().filter_map(marker).max(),
        other => marker(other),
    }
}

/// Whether this console may replace or delete the row `key` holding `raw`.
pub fn check_writable(key: &str, raw: Option<&str>) -> AppResult<()> {
    if !is_console_row(key) {
        return Ok(());
    }
    match raw.and_then(row_format) {
        Some(v) if v > CONSOLE_FORMAT => {
            let shown = if v == u64::MAX { "an unknown format".to_string() } else { format!("format {v}") };
            Err(AppError::new(
                ErrorCode::ConsoleFormatNewer,
                format!(
                    "The '{key}' row is in {shown} of the console's own rows; this console writes format \
                     {CONSOLE_FORMAT}. It stays readable here, but changing or deleting it could lose what a newer \
                     console stored. Nothing was written."
                ),
            )
            .with_hint(format!("Use the console release that wrote it (see {DOC}).")))
        }
        _ => Ok(()),
    }
}

/// `v` with `"ConsoleFormat": 1` first (an object) or first in every object item (a list).
pub fn stamp_value(v: Value) -> Value {
    fn stamp_object(m: Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::with_capacity(m.len() + 1);
        out.insert(FIELD.to_string(), Value::from(CONSOLE_FORMAT));
        out.extend(m.into_iter().filter(|(k, _)| k != FIELD));
        out
    }
    match v {
        Value::Object(m) => Value::Object(stamp_object(m)),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| match i {
                    Value::Object(m) => Value::Object(stamp_object(m)),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

/// `v` without any marker (to compare two rows by their content, e.g. when staging).
pub fn without_marker(v: Value) -> Value {
    let strip = |v: Value| match v {
        Value::Object(mut m) => {
            m.shift_remove(FIELD);
            Value::Object(m)
        }
        other => other,
    };
    match v {
        Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
        other => strip(other),
    }
}

/// The JSON text of `new` for row `key` with the marker, in HES's System.Text.Json form; rows
/// HES reads are returned unchanged.
pub fn stamp(key: &str, new: String) -> AppResult<String> {
    if !is_console_row(key) {
        return Ok(new);
    }
    let v: Value = serde_json::from_str(&new).map_err(|e| {
        AppError::internal(format!("a '{key}' row to write is not JSON: {}", super::describe_json_error(&e)))
    })?;
    crate::stj::to_string(&stamp_value(v)).map_err(|e| AppError::internal(format!("cannot serialize a setting: {e}")))
}

/// Every write of an `AppSettings` row goes through here: refuse to replace or delete a console
/// row of a newer format (`expected` is the row as it is now), and stamp the new value.
pub fn prepare_write(key: &str, expected: Option<&str>, new: Option<String>) -> AppResult<Option<String>> {
    check_writable(key, expected)?;
    new.map(|n| stamp(key, n)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_objects_and_list_items_first_and_leaves_hes_rows_alone() {
        let s = stamp("fido", r#"{"AllowPlatformAuthenticators":true}"#.into()).unwrap();
        assert_eq!(s, r#"{"ConsoleFormat":1,"AllowPlatformAuthenticators":true}"#);
        let s = stamp("oidc", r#"[{"Id":"a"},{"ConsoleFormat":1,"Id":"b"}]"#.into()).unwrap();
        assert_eq!(s, r#"[{"ConsoleFormat":1,"Id":"a"},{"ConsoleFormat":1,"Id":"b"}]"#);
        let hes = r#"{"Host":"dc","UserName":"u"}"#;
        assert_eq!(stamp("domain", hes.into()).unwrap(), hes, "HES's own rows are HES's format");
        assert_eq!(stamp("licensing", hes.into()).unwrap(), hes);
    }

    #[test]
    fn versions_are_read_and_newer_ones_refused_for_writing() {
        assert_eq!(row_format(r#"{"Host":"x"}"#), None);
        assert_eq!(row_format(r#"{"ConsoleFormat":1}"#), Some(1));
        assert_eq!(row_format(r#"[{"ConsoleFormat":1},{"ConsoleFormat":2},{}]"#), Some(2));
        assert_eq!(row_format(r#"{"ConsoleFormat":"2"}"#), Some(u64::MAX));
        assert!(check_writable("email", Some(r#"{"Host":"x"}"#)).is_ok(), "no marker: format 1");
        assert!(check_writable("email", Some(r#"{"ConsoleFormat":1}"#)).is_ok());
        assert!(check_writable("email", None).is_ok());
        let e = check_writable("email", Some(r#"{"ConsoleFormat":2,"Host":"x"}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ConsoleFormatNewer);
        assert!(e.message.contains("format 2") && e.message.contains("Nothing was written"), "{}", e.message);
        let e = check_writable("domains", Some(r#"[{"ConsoleFormat":1},{"ConsoleFormat":7}]"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ConsoleFormatNewer);
        assert!(check_writable("licensing", Some(r#"{"ConsoleFormat":9}"#)).is_ok(), "not a console row");
        assert!(prepare_write("fido", Some(r#"{"ConsoleFormat":2}"#), None).is_err(), "deleting is writing too");
    }
}
