//! Staging: copy sections from this database (the source) to another (the target), for example
//! from the local workspace to a HES server. A plan is computed first (the preview); nothing is
//! written until it is applied, and then only if the target is still as it was previewed.
//! Secrets are decrypted with the source's key and re-encrypted with the target's.

use super::Console;
use crate::rows::{self, RowChange};
use crate::saml_rows::{self, SamlChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::SamlSp;
use hes_core::settings::view::APP_SETTING_KEYS;
use hes_core::stage::{diff, map_secrets, StageAction, StagePreview, StageSection};
use hes_core::Secret;
use serde_json::Value;

/// What applying will write. Holds stored values (possibly secrets): never serialized or logged.
pub struct StagePlan {
    pub preview: StagePreview,
    rows: Vec<RowChange>,
    saml_old: Vec<SamlSp>,
    saml_new: Option<Vec<SamlSp>>,
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
        for key in keys.iter().filter(|k| *k != "saml") {
            let src = src_rows.get(key.as_str()).map(|raw| self.clear_json(key, raw)).transpose()?;
            let dst = dst_rows.get(key.as_str()).map(|raw| target.clear_json(key, raw)).transpose()?;
            let action = match (&src, &dst) {
                (None, None) => StageAction::Unchanged,
                (Some(_), None) => StageAction::Create,
                (None, Some(_)) => StageAction::Remove,
                (Some(a), Some(b)) if a == b => StageAction::Unchanged,
                _ => StageAction::Replace,
            };
            preview.sections.push(StageSection {
                key: key.clone(),
                action,
                fields: diff(key, dst.as_ref(), src.as_ref()),
            });
            if action == StageAction::Unchanged {
                continue;
            }
            let new = match src {
                Some(mut v) => {
                    let p = target.protector();
                    map_secrets(key, &mut v, &mut |s| p.protect(&Secret::new(s)))?;
                    Some(hes_core::stj::to_string(&v).map_err(|e| AppError::internal(e.to_string()))?)
                }
                None => None,
            };
            changes.push(RowChange {
                key: key.clone(),
                expected: dst_rows.get(key.as_str()).cloned(),
                new,
                title: key.clone(),
            });
        }
        let (saml_old, saml_new) = if keys.iter().any(|k| k == "saml") {
            let src = saml_rows::list(&self.db).await?;
            let dst = saml_rows::list(&target.db).await?;
            let same = src.len() == dst.len() && src.iter().all(|s| dst.contains(s));
            let as_json = |l: &[SamlSp]| serde_json::to_value(l).ok();
            preview.sections.push(StageSection {
                key: "saml".into(),
                action: if same {
                    StageAction::Unchanged
                } else if dst.is_empty() {
                    StageAction::Create
                } else {
                    StageAction::Replace
                },
                fields: diff("saml", as_json(&dst).as_ref(), as_json(&src).as_ref()),
            });
            (dst, (!same).then_some(src))
        } else {
            (Vec::new(), None)
        };
        Ok(StagePlan { preview, rows: changes, saml_old, saml_new })
    }

    /// Write a plan to `target` (this console is the source); `ConcurrentChange` if the target
    /// changed since the preview. Settings rows are one transaction; SAML rows another.
    pub async fn stage_apply(target: &Console, plan: StagePlan) -> AppResult<()> {
        target.check_writable()?;
        let _guard = target.write_lock.lock().await;
        rows::apply(&target.db, &plan.rows).await?;
        if let Some(new) = &plan.saml_new {
            let mut changes: Vec<SamlChange> = plan
                .saml_old
                .iter()
                .filter(|o| !new.iter().any(|n| n.id == o.id))
                .map(|o| SamlChange { old: Some(o), new: None })
                .collect();
            for n in new {
                let old = plan.saml_old.iter().find(|o| o.id == n.id);
                if old != Some(n) {
                    changes.push(SamlChange { old, new: Some(n) });
                }
            }
            saml_rows::apply(&target.db, &changes).await?;
        }
        tracing::info!(target: "audit", sections = plan.preview.sections.len(), to = %plan.preview.to, "staged settings applied");
        Ok(())
    }
}
