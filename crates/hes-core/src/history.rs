//! Change history: one entry per write the console makes. An entry keeps every changed row's
//! value before and after *exactly as stored* (ciphertext stays ciphertext), so a revert can
//! put the previous bytes back. What is shown or exported is [`HistoryEntryView`]: a field-level
//! diff where secret fields read only "set", "changed" or "cleared".

use crate::error::{AppError, AppResult, ErrorCode};
use crate::stage::{diff, secret_fields, StageAction, StageField, StageSection};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// The console's own table in the database it describes. HES's Entity Framework model does not
/// map it, so HES neither reads nor migrates it.
pub const TABLE: &str = "HesConsoleHistory";

/// The largest history an entry list returns at once (newest first).
pub const MAX_LIST: u32 = 500;

/// Which kind of row a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowKind {
    /// An `AppSettings` row; `key` is its Id.
    Setting,
    /// A `SamlRelyingParties` row; `key` is its Id, the values are the row as JSON.
    Saml,
}

/// One row's value before and after a write, as stored. Holds ciphertext (or plaintext secrets
/// while Data Protection is off): never sent to a front end, never logged (Debug omits values).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChange {
    pub kind: RowKind,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl std::fmt::Debug for RowChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowChange")
            .field("kind", &self.kind)
            .field("key", &self.key)
            .field("before", &self.before.as_ref().map(|_| "…"))
            .field("after", &self.after.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Actor {
    pub db_user: String,
    pub os_user: String,
    pub computer: String,
    pub console_version: String,
}

/// What a write changed, before it is stored as an entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// `set`, `delete`, `stage`, `import`, `license-import`, `protect-now`, `recover`, `revert`, `restore`.
    pub action: String,
    /// The section (`licensing`, `domains`, `saml`, …) or several, comma-separated.
    pub section: String,
    /// A short line for people ("3 vaults, 12 licenses"); never a secret.
    pub summary: String,
    /// The entry this one reverts.
    pub reverts: Option<i64>,
    pub rows: Vec<RowChange>,
}

impl Change {
    pub fn new(action: &str, rows: Vec<RowChange>) -> Change {
        let mut sections: Vec<String> = rows.iter().map(|r| section_of(r.kind, &r.key).to_string()).collect();
        sections.sort();
        sections.dedup();
        Change { action: action.to_string(), section: sections.join(","), rows, ..Change::default() }
    }
}

/// The section a row belongs to (both domain rows are the Domains section).
pub fn section_of(kind: RowKind, key: &str) -> &str {
    match (kind, key) {
        (RowKind::Saml, _) => "saml",
        (RowKind::Setting, "domain") => "domains",
        (RowKind::Setting, k) => k,
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub actor: Actor,
    /// The connection profile the change was made through, and the database it names.
    pub connection: String,
    pub change: Change,
}

/// An entry as shown and exported: no stored value, secrets masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct HistoryEntryView {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub db_user: String,
    pub os_user: String,
    pub computer: String,
    pub console_version: String,
    pub connection: String,
    pub action: String,
    pub section: String,
    pub summary: String,
    #[ts(optional, type = "number")]
    pub reverts: Option<i64>,
    /// Field-level changes, one section per changed row (the staging preview's shape).
    pub sections: Vec<StageSection>,
    /// Whether the entry can be reverted at all (it changed rows; a license import cannot).
    pub revertible: bool,
}

/// Where the history is kept, for the notice the History view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct HistoryList {
    /// `database` (the console's table in the database) or `local-file` (a private file here).
    pub kept_in: String,
    /// Why the history is not in the database, when it is not.
    #[ts(optional)]
    pub notice: Option<String>,
    pub entries: Vec<HistoryEntryView>,
}

/// What a revert would write, shown before it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct RevertPreview {
    pub entry: HistoryEntryView,
    /// From the values as they are now to the values before the entry.
    pub sections: Vec<StageSection>,
    /// When a row changed since the entry: from the entry's result to the value now (why the
    /// revert would be refused with `ConcurrentChange`). Empty when the revert can go ahead.
    pub changed_since: Vec<StageSection>,
    /// A stable error code when the revert is refused whatever happens (a secret under a key HES
    /// no longer has), with its message.
    #[ts(optional)]
    pub blocked: Option<crate::AppError>,
}

/// The diff of one row from `from` to `to` (stored texts), secrets masked.
pub fn row_section(kind: RowKind, key: &str, from: Option<&str>, to: Option<&str>) -> StageSection {
    let action = match (from, to) {
        (None, Some(_)) => StageAction::Create,
        (Some(_), None) => StageAction::Remove,
        (a, b) if a == b => StageAction::Unchanged,
        _ => StageAction::Replace,
    };
    let (shown_key, diff_key) = match kind {
        RowKind::Setting => (key.to_string(), key),
        RowKind::Saml => (format!("saml {}", saml_label(from, to, key)), "saml"),
    };
    let parse = |s: Option<&str>| s.map(|t| serde_json::from_str::<Value>(t).unwrap_or(Value::String(t.into())));
    let (a, b) = (parse(from), parse(to));
    let fields = if !secret_fields(diff_key).is_empty()
        && (matches!(a, Some(Value::String(_))) || matches!(b, Some(Value::String(_))))
    {
        // Not JSON, in a row that holds secrets: nothing of it may be shown.
        vec![StageField { field: "(value)".into(), from: from.map(|_| "set".into()), to: to.map(|_| "changed".into()) }]
    } else {
        mask(diff_key, diff(diff_key, a.as_ref(), b.as_ref()))
    };
    StageSection { key: shown_key, action, fields, removes: Vec::new() }
}

/// The staging diff says "stored"/"changed" for secrets; history says set / changed / cleared.
fn mask(key: &str, fields: Vec<StageField>) -> Vec<StageField> {
    fields
        .into_iter()
        .map(|f| {
            let name = f.field.rsplit(['.', ']']).next().unwrap_or(&f.field);
            if !secret_fields(key).contains(&name) {
                return f;
            }
            let to = match (&f.from, &f.to) {
                (Some(_), Some(_)) => "changed",
                (None, Some(_)) => "set",
                _ => "cleared",
            };
            StageField { field: f.field, from: f.from.map(|_| "set".into()), to: Some(to.into()) }
        })
        .collect()
}

/// A SAML row's Issuer (its name in HES) from either side, else its Id.
fn saml_label(from: Option<&str>, to: Option<&str>, id: &str) -> String {
    [to, from]
        .into_iter()
        .flatten()
        .filter_map(|t| serde_json::from_str::<Value>(t).ok())
        .find_map(|v| v.get("Issuer").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| id.to_string())
}

impl Entry {
    pub fn view(&self) -> HistoryEntryView {
        HistoryEntryView {
            id: self.id,
            at: self.at.clone(),
            db_user: self.actor.db_user.clone(),
            os_user: self.actor.os_user.clone(),
            computer: self.actor.computer.clone(),
            console_version: self.actor.console_version.clone(),
            connection: self.connection.clone(),
            action: self.change.action.clone(),
            section: self.change.section.clone(),
            summary: self.change.summary.clone(),
            reverts: self.change.reverts,
            sections: self
                .change
                .rows
                .iter()
                .map(|r| row_section(r.kind, &r.key, r.before.as_deref(), r.after.as_deref()))
                .collect(),
            revertible: !self.change.rows.is_empty(),
        }
    }

    /// Whether the entry touched `section` (filter of the History view and `hesctl history --section`).
    pub fn touches(&self, section: &str) -> bool {
        self.change.section.split(',').any(|s| s == section)
            || self.change.rows.iter().any(|r| section_of(r.kind, &r.key) == section)
    }

    /// The rows a revert writes: each row from the entry's result back to its previous value.
    pub fn inverse(&self) -> AppResult<Vec<RowChange>> {
        if self.change.rows.is_empty() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("History entry {} changed no settings row; there is nothing to revert.", self.id),
            )
            .with_hint("A license import is undone in HES (licenses and vaults are HES's own records)."));
        }
        Ok(self
            .change
            .rows
            .iter()
            .map(|r| RowChange { kind: r.kind, key: r.key.clone(), before: r.after.clone(), after: r.before.clone() })
            .collect())
    }
}

/// The stored form of an entry's rows (the `Changes` column).
pub fn rows_to_json(rows: &[RowChange]) -> AppResult<String> {
    serde_json::to_string(rows).map_err(|e| AppError::internal(format!("history rows as JSON: {e}")))
}

pub fn rows_from_json(text: &str) -> AppResult<Vec<RowChange>> {
    serde_json::from_str(text)
        .map_err(|e| AppError::new(ErrorCode::CorruptSetting, format!("A history entry's changes cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rows: Vec<RowChange>) -> Entry {
        Entry {
            id: 7,
            at: "2026-01-01T00:00:00Z".into(),
            actor: Actor::default(),
            connection: "prod".into(),
            change: Change::new("set", rows),
        }
    }

    #[test]
    fn secrets_read_set_changed_or_cleared_and_never_their_value() {
        let rows = vec![
            RowChange {
                kind: RowKind::Setting,
                key: "licensing".into(),
                before: Some(r#"{"ApiKey":"CIPHER-OLD","ApiAddress":"https://a"}"#.into()),
                after: Some(r#"{"ApiKey":"CIPHER-NEW","ApiAddress":"https://b"}"#.into()),
            },
            RowChange {
                kind: RowKind::Setting,
                key: "email".into(),
                before: None,
                after: Some(r#"{"Host":"smtp","Password":"pw-plain"}"#.into()),
            },
            RowChange {
                kind: RowKind::Setting,
                key: "splunk".into(),
                before: Some(r#"{"Token":"tok"}"#.into()),
                after: Some(r#"{}"#.into()),
            },
        ];
        let v = entry(rows).view();
        let json = serde_json::to_string(&v).unwrap();
        for secret in ["CIPHER-OLD", "CIPHER-NEW", "pw-plain", "tok\""] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        let f = |s: usize, name: &str| v.sections[s].fields.iter().find(|f| f.field == name).unwrap().clone();
        assert_eq!(f(0, "ApiKey").to.as_deref(), Some("changed"));
        assert_eq!(f(0, "ApiAddress").to.as_deref(), Some("https://b"));
        assert_eq!(f(1, "Password").to.as_deref(), Some("set"));
        assert_eq!(f(2, "Token").to.as_deref(), Some("cleared"));
        assert_eq!(v.section, "email,licensing,splunk");
    }

    #[test]
    fn list_secrets_are_masked_and_inverse_swaps_bytes() {
        let before = r#"[{"Id":"a","ClientSecret":"X1"}]"#;
        let after = r#"[{"Id":"a","ClientSecret":"X2"}]"#;
        let e = entry(vec![RowChange {
            kind: RowKind::Setting,
            key: "oidc".into(),
            before: Some(before.into()),
            after: Some(after.into()),
        }]);
        let v = e.view();
        assert_eq!(v.sections[0].fields[0].to.as_deref(), Some("changed"));
        assert!(!serde_json::to_string(&v).unwrap().contains("X2"));
        let inv = e.inverse().unwrap();
        assert_eq!((inv[0].before.as_deref(), inv[0].after.as_deref()), (Some(after), Some(before)));
        assert!(e.touches("oidc") && !e.touches("saml"));
        assert!(!format!("{:?}", e).contains("X1"));
    }

    #[test]
    fn an_entry_without_rows_cannot_be_reverted() {
        let e = entry(Vec::new());
        assert_eq!(e.inverse().unwrap_err().code, ErrorCode::BadRequest);
        assert!(!e.view().revertible);
    }
}
