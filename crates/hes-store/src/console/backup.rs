//! Configuration export and import, and automatic backups.
//!
//! Export: every section the console manages, the SAML rows and the logos (in `customization`)
//! in one [`ConfigFile`]; secrets only sealed under a passphrase. Import is planned like staging
//! (a field-by-field preview, removals listed) and applied by the same one-transaction write.
//!
//! Automatic backups (before a staging apply, an import, a restore or a revert of several
//! sections) keep the rows *exactly as stored*, secrets included as they are (ciphertext while
//! Data Protection is on), in a private file on this computer. That is the only form that
//! restores exactly: a backup without secrets could not bring a replaced secret back, and no
//! passphrase can be asked for before an automatic step. The file is as private as the history
//! fallback and reveals no more than the database row itself.

use super::{Console, StagePlan};
use crate::history::{now, row_section_json};
use crate::rows::{self, RowChange};
use crate::saml_rows;
use hes_core::config_file::{ConfigFile, StoredRows};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::history::RowKind;
use hes_core::protect::envelope_key_id;
use hes_core::secret_health::{classify, field_label, for_each_secret, unusable, SecretHealth};
use hes_core::settings::saml::SamlSp;
use hes_core::settings::view::{SettingsView, APP_SETTING_KEYS};
use hes_core::stage::{diff, is_item_list, keeping_removed, removed_names, StageAction, StagePreview, StageSection};
use hes_core::Secret;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// Automatic backups kept per database (the oldest are removed).
pub const KEEP_BACKUPS: usize = 20;

/// An automatic backup as listed (no content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct BackupInfo {
    /// The file name: what restore takes.
    pub name: String,
    pub at: String,
    /// Why it was taken ("before stage", "before import", …).
    pub reason: String,
    pub source: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct BackupFile {
    reason: String,
    file: ConfigFile,
    stored: StoredRows,
}

impl Console {
    /// The stored rows of every section the console manages, and the SAML rows.
    async fn stored_config(&self) -> AppResult<(BTreeMap<String, String>, Vec<SamlSp>)> {
        let rows = rows::read_all(&self.db).await?;
        let rows = rows.into_iter().filter(|(k, _)| APP_SETTING_KEYS.contains(&k.as_str())).collect();
        Ok((rows, saml_rows::list_in(&self.db, self.saml_columns()).await?))
    }

    /// The configuration file's bytes; with `passphrase`, the stored rows sealed inside.
    pub async fn export_config(&self, passphrase: Option<&Secret>) -> AppResult<Vec<u8>> {
        let (rows, saml) = self.stored_config().await?;
        let saml = saml.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>().map_err(internal)?;
        let (location, pass) = (self.location.clone(), passphrase.cloned());
        // Argon2id (64 MiB): off the async threads.
        let bytes = tokio::task::spawn_blocking(move || {
            ConfigFile::build(&location, env!("CARGO_PKG_VERSION"), &now(), &rows, saml, pass.as_ref())?.to_bytes()
        })
        .await
        .map_err(internal)??;
        tracing::info!(target: "audit", sealed = passphrase.is_some(), "configuration exported");
        Ok(bytes)
    }

    /// Plan importing a configuration file: the preview of every section (field by field,
    /// removals listed). Without the passphrase, a sealed file's secrets are not imported: the
    /// target keeps its own.
    pub async fn import_plan(&self, bytes: Vec<u8>, passphrase: Option<&Secret>) -> AppResult<StagePlan> {
        self.check_writable()?;
        let pass = passphrase.cloned();
        let (file, stored) =
            tokio::task::spawn_blocking(move || ConfigFile::parse(&bytes, pass.as_ref())).await.map_err(internal)??;
        self.plan_from(&file, stored.as_ref(), "import").await
    }

    /// Write an import (or restore) plan: an automatic backup first, then one transaction.
    pub async fn import_apply(&self, plan: StagePlan) -> AppResult<SettingsView> {
        Console::stage_apply(self, plan).await?;
        self.view().await
    }

    async fn plan_from(
        &self,
        file: &ConfigFile,
        stored: Option<&StoredRows>,
        action: &'static str,
    ) -> AppResult<StagePlan> {
        let now_rows = rows::read_all(&self.db).await?;
        let state = self.key_state();
        let mut preview = StagePreview {
            from: format!("configuration file of {} ({})", file.source, file.exported_at),
            to: self.location.clone(),
            sections: Vec::new(),
        };
        let mut changes = Vec::new();
        let mut keeping = HashMap::new();
        for key in APP_SETTING_KEYS {
            let current = now_rows.get(key).cloned();
            let new = match stored {
                // The exact stored bytes; refused when a secret in them is under a key this
                // database does not have (it would come back unreadable).
                Some(s) => {
                    let text = s.rows.get(key).cloned();
                    if let Some(v) = text.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok()) {
                        let mut bad = None;
                        for_each_secret(key, &v, &mut |_, field, s| {
                            let h = classify(s, &state);
                            if bad.is_none() && h != SecretHealth::Current && h != SecretHealth::Unprotected {
                                bad = Some(unusable(h, field_label(key, field), envelope_key_id(s)));
                            }
                        });
                        if let Some(e) = bad {
                            return Err(AppError { message: format!("Cannot import {key}: {}", e.message), ..e });
                        }
                    }
                    text
                }
                None => file.settings.get(key).map(|v| keep_secrets(key, v, current.as_deref())).transpose()?,
            };
            let mut section = row_section_json(RowKind::Setting, key, current.as_deref(), new.as_deref());
            if section.action == StageAction::Unchanged {
                preview.sections.push(section);
                continue;
            }
            // What the file lacks is removed only when the admin confirms it (as for staging):
            // until then the row, or the list's other items, stay as the target has them.
            match (&current, &new) {
                (Some(_), None) => {
                    keeping.insert(key.to_string(), current.clone());
                }
                (Some(cur), Some(new)) if is_item_list(key) => {
                    let (cur_v, new_v) = (parse_stored(key, cur)?, parse_stored(key, new)?);
                    section.removes = removed_names(&cur_v, &new_v);
                    if !section.removes.is_empty() {
                        let kept = hes_core::stj::to_string(&keeping_removed(&cur_v, &new_v)).map_err(internal)?;
                        keeping.insert(key.to_string(), Some(kept));
                    }
                }
                _ => {}
            }
            preview.sections.push(section);
            changes.push(RowChange { key: key.to_string(), expected: current, new, title: key.to_string() });
        }
        let saml_old = saml_rows::list_in(&self.db, self.saml_columns()).await?;
        let saml_new: Vec<SamlSp> =
            file.saml.iter().map(|v| serde_json::from_value(v.clone())).collect::<Result<_, _>>().map_err(|e| {
                AppError::new(ErrorCode::ConfigFileDamaged, format!("A SAML row of the file is malformed: {e}"))
            })?;
        let same = saml_new.len() == saml_old.len() && saml_new.iter().all(|s| saml_old.contains(s));
        let as_json = |l: &[SamlSp]| serde_json::to_value(l).ok();
        preview.sections.push(StageSection {
            key: "saml".into(),
            action: if same {
                StageAction::Unchanged
            } else if saml_new.is_empty() {
                StageAction::Remove
            } else if saml_old.is_empty() {
                StageAction::Create
            } else {
                StageAction::Replace
            },
            fields: diff("saml", as_json(&saml_old).as_ref(), as_json(&saml_new).as_ref()),
            removes: if same {
                Vec::new()
            } else {
                saml_old.iter().filter(|o| !saml_new.iter().any(|n| n.id == o.id)).map(|o| o.issuer.clone()).collect()
            },
        });
        // No removal is confirmed by default: see StagePlan::confirm_removals.
        Ok(StagePlan {
            preview,
            rows: changes,
            saml_old,
            saml_new: (!same).then_some(saml_new),
            action,
            keeping,
            removals: Vec::new(),
        })
    }

    /// Write the current configuration, stored bytes as they are, to a private local file;
    /// keep the newest [`KEEP_BACKUPS`]. A backup that cannot be written stops the step it guards.
    pub(crate) async fn auto_backup(&self, reason: &str) -> AppResult<()> {
        let dir = self.history.backups_dir();
        if dir.as_os_str().is_empty() {
            return Err(AppError::new(
                ErrorCode::Io,
                "There is no private folder for automatic backups; nothing was written.",
            ));
        }
        let (rows, saml) = self.stored_config().await?;
        let saml = saml.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>().map_err(internal)?;
        let at = now();
        let file = ConfigFile::build(&self.location, env!("CARGO_PKG_VERSION"), &at, &rows, saml, None)?;
        let backup = BackupFile { reason: reason.to_string(), file, stored: StoredRows { rows } };
        let bytes = serde_json::to_vec(&backup).map_err(internal)?;
        crate::files::create_private_dir(&dir)?;
        let stem: String = at.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        // A fixed-width counter keeps two backups of the same millisecond in order by name.
        let mut n = 1;
        let mut name = format!("{stem}-{n:03}.json");
        while dir.join(&name).exists() {
            n += 1;
            name = format!("{stem}-{n:03}.json");
        }
        crate::files::write_private_atomic(&dir.join(&name), &bytes)?;
        let mut all = backup_names(&dir);
        while all.len() > KEEP_BACKUPS {
            let _ = std::fs::remove_file(dir.join(all.remove(0)));
        }
        tracing::info!(target: "audit", reason, "automatic backup written");
        Ok(())
    }

    /// The automatic backups of this database, newest first.
    pub fn backups(&self) -> AppResult<Vec<BackupInfo>> {
        let dir = self.history.backups_dir();
        let mut out = Vec::new();
        for name in backup_names(&dir).into_iter().rev() {
            let b = read_backup(&dir, &name)?;
            out.push(BackupInfo { name, at: b.file.exported_at, reason: b.reason, source: b.file.source });
        }
        Ok(out)
    }

    /// Plan restoring backup `name` (the preview); apply with [`Console::import_apply`].
    pub async fn restore_plan(&self, name: &str) -> AppResult<StagePlan> {
        self.check_writable()?;
        if !backup_names(&self.history.backups_dir()).iter().any(|n| n == name) {
            return Err(AppError::new(ErrorCode::NotFound, format!("There is no automatic backup '{name}'.")));
        }
        let b = read_backup(&self.history.backups_dir(), name)?;
        self.plan_from(&b.file, Some(&b.stored), "restore").await
    }
}

/// A setting from a file without secrets: each secret field the file leaves out keeps the
/// target's stored value (for list items, the item with the same Id).
fn keep_secrets(key: &str, v: &Value, current: Option<&str>) -> AppResult<String> {
    let mut v = v.clone();
    let now: Value = current.and_then(|c| serde_json::from_str(c).ok()).unwrap_or(Value::Null);
    let fields = hes_core::stage::secret_fields(key);
    let fill = |o: &mut serde_json::Map<String, Value>, from: Option<&serde_json::Map<String, Value>>| {
        for f in fields {
            if o.get(*f).is_some_and(Value::is_null) {
                match from.and_then(|m| m.get(*f)) {
                    Some(stored) => {
                        o.insert(f.to_string(), stored.clone());
                    }
                    None => {
                        o.remove(*f);
                    }
                }
            }
        }
    };
    match &mut v {
        Value::Object(o) => fill(o, now.as_object()),
        Value::Array(items) => {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                let id = item.get("Id").cloned();
                let from = now.as_array().and_then(|l| {
                    l.iter().filter_map(Value::as_object).find(|m| id.is_some() && m.get("Id") == id.as_ref())
                });
                fill(item, from);
            }
        }
        _ => {}
    }
    hes_core::stj::to_string(&v).map_err(internal)
}

/// A stored row of the file or the target as JSON (a list's items are compared by Id).
fn parse_stored(key: &str, text: &str) -> AppResult<Value> {
    serde_json::from_str(text).map_err(|e| {
        AppError::new(
            ErrorCode::CorruptSetting,
            format!("The '{key}' setting is not JSON: {}", hes_core::settings::describe_json_error(&e)),
        )
    })
}

fn backup_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn read_backup(dir: &std::path::Path, name: &str) -> AppResult<BackupFile> {
    let bytes = crate::files::read_limited(&dir.join(name), hes_core::config_file::MAX_BYTES)?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("There is no automatic backup '{name}'.")))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        AppError::new(ErrorCode::ConfigFileDamaged, format!("The automatic backup '{name}' cannot be read: {e}"))
    })
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(e.to_string())
}
