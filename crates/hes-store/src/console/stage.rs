//! Staging: copy sections from this database (the source) to another (the target), for example
//! from the local workspace to a HES server. A plan is computed first (the preview); nothing is
//! written until it is applied, and then only if the target is still as it was previewed.
//! Secrets are decrypted with the source's key and re-encrypted with the target's.

use super::Console;
use crate::rows::{self, RowChange};
use crate::saml_rows::{self, SamlChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::console_format;
use hes_core::settings::saml::{SamlColumns, SamlSp, DEFAULT_NAME_ID_FORMAT, NO_NAME_ID_COLUMNS};
use hes_core::settings::saml_cert;
use hes_core::settings::view::APP_SETTING_KEYS;
use hes_core::stage::{
    diff, is_item_list, keeping_removed, map_secrets, removed_names, StageAction, StagePreview, StageSection,
};
use hes_core::Secret;
use serde_json::Value;
use std::collections::HashMap;

/// What applying will write. Holds stored values (possibly secrets): never serialized or logged.
pub struct StagePlan {
    pub preview: StagePreview,
    pub(super) rows: Vec<RowChange>,
    pub(super) saml_old: Vec<SamlSp>,
    pub(super) saml_new: Option<Vec<SamlSp>>,
    /// How the history names the write: `stage`, or `import` / `restore` (backup.rs).
    pub(super) action: &'static str,
    /// For each row whose copy removes something: what it writes instead when that removal is
    /// not confirmed (the target's current value for a `Remove` section, skipped).
    pub(super) keeping: HashMap<String, Option<String>>,
    /// The sections whose removals the admin confirmed; none by default for a copy.
    pub(super) removals: Vec<String>,
}

impl std::fmt::Debug for StagePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagePlan").field("preview", &self.preview).finish_non_exhaustive()
    }
}

/// The sections `hesctl stage` and the UI offer: the AppSettings keys plus `saml`.
pub fn stage_keys() -> Vec<&'static str> {
    APP_SETTING_KEYS.iter().copied().chain(["saml"]).collect()
}

impl StagePlan {
    /// Also remove what the preview lists for `keys` (a `Remove` section, or a list's items the
    /// source does not have). Without it, applying keeps them in the target.
    pub fn confirm_removals(&mut self, keys: &[String]) {
        self.removals = keys.to_vec();
    }

    fn removes(&self, key: &str) -> bool {
        self.removals.iter().any(|k| k == key)
    }
}

impl Console {
    /// Decrypt (with `self`'s key) every secret of a stored setting into clear JSON.
    fn clear_json(&self, key: &str, raw: &str) -> AppResult<Value> {
        let mut v: Value = serde_json::from_str(raw).map_err(|e| {
            AppError::new(
                ErrorCode::CorruptSetting,
                format!("The stored '{key}' setting is not JSON: {}", hes_core::settings::describe_json_error(&e)),
            )
        })?;
        let p = self.protector();
        map_secrets(key, &mut v, &mut |s| p.unprotect(s).map(|x| x.expose().to_string()))?;
        Ok(v)
    }

    /// Plan copying `keys` from this database to `target`.
    pub async fn stage_plan(&self, target: &Console, keys: &[String]) -> AppResult<StagePlan> {
        target.check_writable()?;
        let valid = stage_keys();
        if let Some(bad) = keys.iter().find(|k| !valid.contains(&k.as_str())) {
            return Err(AppError::new(ErrorCode::BadRequest, format!("There is no section '{bad}' to copy."))
                .with_hint(format!("Sections: {}.", valid.join(", "))));
        }
        let src_rows = rows::read_all(&self.db).await?;
        let dst_rows = rows::read_all(&target.db).await?;
        let mut preview = StagePreview { from: self.info().location, to: target.info().location, sections: Vec::new() };
        let mut changes = Vec::new();
        let mut keeping = HashMap::new();
        for key in keys.iter().filter(|k| *k != "saml") {
            // The console's own rows: a row of a newer format is neither copied nor overwritten,
            // the marker is not content (compared without it) and the copy carries this console's.
            console_format::check_writable(key, src_rows.get(key.as_str()).map(String::as_str))?;
            console_format::check_writable(key, dst_rows.get(key.as_str()).map(String::as_str))?;
            let src = src_rows.get(key.as_str()).map(|raw| self.clear_json(key, raw)).transpose()?;
            let dst = dst_rows.get(key.as_str()).map(|raw| target.clear_json(key, raw)).transpose()?;
            let (src, dst) = (src.map(console_format::without_marker), dst.map(console_format::without_marker));
            let action = match (&src, &dst) {
                (None, None) => StageAction::Unchanged,
                (Some(_), None) => StageAction::Create,
                (None, Some(_)) => StageAction::Remove,
                (Some(a), Some(b)) if a == b => StageAction::Unchanged,
                _ => StageAction::Replace,
            };
            let removes = match (&src, &dst) {
                (Some(a), Some(b)) if is_item_list(key) => removed_names(b, a),
                _ => Vec::new(),
            };
            preview.sections.push(StageSection {
                key: key.clone(),
                action,
                fields: diff(key, dst.as_ref(), src.as_ref()),
                removes: removes.clone(),
            });
            if action == StageAction::Unchanged {
                continue;
            }
            let expected = dst_rows.get(key.as_str()).cloned();
            if action == StageAction::Remove {
                keeping.insert(key.clone(), expected.clone());
            } else if !removes.is_empty() {
                let (a, b) = (src.as_ref().expect("a list on both sides"), dst.as_ref().expect("a list on both sides"));
                let kept = keeping_removed(b, a);
                let write = if &kept == b { expected.clone() } else { target.stored_form(key, Some(kept))? };
                keeping.insert(key.clone(), write);
            }
            let new = target.stored_form(key, src)?;
            changes.push(RowChange { key: key.clone(), expected, new, title: key.clone() });
        }
        let (saml_old, saml_new) = if keys.iter().any(|k| k == "saml") {
            let (src_cols, dst_cols) = (self.saml_columns(), target.saml_columns());
            let dst = saml_rows::list_in(&target.db, dst_cols).await?;
            // Compared and written as the target will hold them, so a row that differs only in
            // its certificate's text form is unchanged.
            let src = saml_rows::list_in(&self.db, src_cols)
                .await?
                .iter()
                .map(|s| for_target(s, dst.iter().find(|d| d.id == s.id), src_cols, dst_cols))
                .collect::<AppResult<Vec<_>>>()?;
            let same = src.len() == dst.len() && src.iter().all(|s| dst.contains(s));
            // A side without name-id columns (HES 3.8.3) has no such fields to show.
            let name_id = src_cols.name_id && dst_cols.name_id;
            let as_json = |l: &[SamlSp]| {
                let mut v = serde_json::to_value(l).ok()?;
                if !name_id {
                    for row in v.as_array_mut()? {
                        let o = row.as_object_mut()?;
                        o.remove("NameIdentifierFormat");
                        o.remove("NameIdentifierField");
                    }
                }
                Some(v)
            };
            let removes = if same {
                Vec::new()
            } else {
                dst.iter().filter(|d| !src.iter().any(|s| s.id == d.id)).map(|d| d.issuer.clone()).collect()
            };
            preview.sections.push(StageSection {
                key: "saml".into(),
                action: if same {
                    StageAction::Unchanged
                } else if dst.is_empty() {
                    StageAction::Create
                } else if src.is_empty() {
                    StageAction::Remove
                } else {
                    StageAction::Replace
                },
                fields: diff("saml", as_json(&dst).as_ref(), as_json(&src).as_ref()),
                removes,
            });
            (dst, (!same).then_some(src))
        } else {
            (Vec::new(), None)
        };
        Ok(StagePlan { preview, rows: changes, saml_old, saml_new, action: "stage", keeping, removals: Vec::new() })
    }

    /// A setting's clear JSON as this database stores it: secrets encrypted under its key, a
    /// console row stamped with this console's format. `None` stays `None` (no row).
    fn stored_form(&self, key: &str, clear: Option<Value>) -> AppResult<Option<String>> {
        let Some(mut v) = clear else { return Ok(None) };
        let p = self.protector();
        map_secrets(key, &mut v, &mut |s| p.protect(&Secret::new(s)))?;
        if console_format::is_console_row(key) {
            v = console_format::stamp_value(v);
        }
        Ok(Some(hes_core::stj::to_string(&v).map_err(|e| AppError::internal(e.to_string()))?))
    }

    /// Write a plan to `target` (this console is the source): settings rows and SAML rows in one
    /// transaction that first re-reads Data Protection; `ConcurrentChange` (nothing written) if
    /// any target row changed since the preview.
    pub async fn stage_apply(target: &Console, plan: StagePlan) -> AppResult<()> {
        target.check_writable()?;
        let _guard = target.write_lock.lock().await;
        let mut saml_changes: Vec<SamlChange> = Vec::new();
        if let Some(new) = &plan.saml_new {
            // The target's service providers the source lacks go only when that was confirmed.
            if plan.removes("saml") {
                saml_changes.extend(
                    plan.saml_old
                        .iter()
                        .filter(|o| !new.iter().any(|n| n.id == o.id))
                        .map(|o| SamlChange { old: Some(o), new: None }),
                );
            }
            for n in new {
                let old = plan.saml_old.iter().find(|o| o.id == n.id);
                if old != Some(n) {
                    saml_changes.push(SamlChange { old, new: Some(n) });
                }
            }
        }
        saml_rows::check_changes(&saml_changes)?;
        // Removals not confirmed: the row keeps the target's items, or is not written at all.
        let rows: Vec<RowChange> = plan
            .rows
            .iter()
            .filter_map(|c| match plan.keeping.get(&c.key) {
                Some(keep) if !plan.removes(&c.key) => {
                    (keep != &c.expected).then(|| RowChange { new: keep.clone(), ..c.clone() })
                }
                _ => Some(c.clone()),
            })
            .collect();
        // The target as it was, in a private local file, restorable from the History view.
        target.auto_backup(&format!("before {}", plan.action)).await?;
        let summary = format!("{} from {}", plan.action, plan.preview.from);
        target.write_recorded(plan.action, summary, None, &rows, &saml_changes).await?;
        tracing::info!(target: "audit", sections = plan.preview.sections.len(), to = %plan.preview.to, "staged settings applied");
        Ok(())
    }
}

/// The source row `src` as the target will hold it. Its certificate is written as PEM (the form
/// HES on Linux can load, see `saml_cert::to_pem`), unless the target's row `dst` holds the same
/// certificate: then the target's text stays byte for byte. A certificate that does not parse is
/// never copied. Name-id values follow the target's columns: a 3.8.3 source keeps the target's
/// values, a 3.8.3 target cannot take anything but HES's defaults.
fn for_target(src: &SamlSp, dst: Option<&SamlSp>, src_cols: SamlColumns, dst_cols: SamlColumns) -> AppResult<SamlSp> {
    let mut out = src.clone();
    let stored = dst.and_then(|d| d.signature_validation_certificate_base64.as_deref());
    out.signature_validation_certificate_base64 = match src.signature_validation_certificate_base64.as_deref() {
        None => None,
        Some(text) if text.trim().is_empty() => None,
        Some(text) => match stored {
            Some(d) if saml_cert::same_certificate(d, text) => Some(d.to_string()),
            _ => Some(
                saml_cert::inspect(text.as_bytes())
                    .map_err(|e| AppError {
                        message: format!("The source's service provider {}: {}", src.issuer, e.message),
                        ..e
                    })?
                    .pem,
            ),
        },
    };
    if !src_cols.name_id {
        if let Some(d) = dst {
            out.name_identifier_format = d.name_identifier_format.clone();
            out.name_identifier_field = d.name_identifier_field;
        }
    } else if !dst_cols.name_id
        && (src.name_identifier_format != DEFAULT_NAME_ID_FORMAT || src.name_identifier_field.ordinal() != 0)
    {
        return Err(AppError::new(
            ErrorCode::BadRequest,
            format!("The source's service provider {} uses a Name Identifier Format or Field other than HES's default. {NO_NAME_ID_COLUMNS}", src.issuer),
        )
        .with_hint("Copy the other sections without 'saml', or set that service provider to Email / Email in the source."));
    }
    Ok(out)
}
