//! Secrets under HES's Data Protection operations: which stored secrets the console cannot vouch
//! for now (see [`hes_core::secret_health`]), and the two repairs: *Protect now* (encrypt values
//! left in plaintext after HES enabled Data Protection) and *Recover* (re-encrypt values left
//! under an old key, with a saved copy of its params and the old password). Both write with
//! compare-and-swap in one transaction that re-checks Data Protection.

use super::Console;
use crate::rows::{self, RowChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::protect::protect_error;
use hes_core::protect::{envelope_key_id, DataProtectionParams, ProtectionKey};
use hes_core::secret_health::{audit_rows, classify, KeyState, SecretFinding, SecretHealth};
use hes_core::stage::{map_secrets, secret_fields};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// What a repair did. Never carries a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SecretRepairReport {
    /// Secrets re-encrypted (or, with Data Protection off, decrypted) and written.
    pub repaired: usize,
    /// What still needs attention afterwards.
    pub remaining: Vec<SecretFinding>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Repair {
    ProtectNow,
    Recover,
}

impl Console {
    pub(crate) fn key_state(&self) -> KeyState {
        let ids = self.dp_expected().ids();
        match (&*self.own_key.read().expect("lock"), ids.is_empty()) {
            (Some(k), true) => KeyState::Workspace { key_id: k.key_id() },
            _ => KeyState::from_ids(&ids),
        }
    }

    /// Every stored secret that is not usable under the current Data Protection state.
    pub async fn secret_findings(&self) -> AppResult<Vec<SecretFinding>> {
        let rows = rows::read_all(&self.db).await?;
        Ok(self.findings_of(&rows))
    }

    pub(crate) fn findings_of(&self, rows: &HashMap<String, String>) -> Vec<SecretFinding> {
        let state = self.key_state();
        // The saved params copies are a file: read only for a secret under another key (rare),
        // not for every view.
        let archive = self.archive.read().expect("lock");
        let saved = std::cell::OnceCell::new();
        audit_rows(rows, &state, &|k| saved.get_or_init(|| archive.key_ids(&self.location)).contains(&k))
    }

    /// Encrypt every secret stored in plaintext while Data Protection is on, under the current key.
    pub async fn protect_now(&self) -> AppResult<SecretRepairReport> {
        self.repair(Repair::ProtectNow, None).await
    }

    /// Re-encrypt secrets left under an old key (or as ciphertext after HES disabled Data
    /// Protection) with the old password and the saved copy of that key's params.
    pub async fn recover_secrets(&self, old_password: &Secret) -> AppResult<SecretRepairReport> {
        self.repair(Repair::Recover, Some(old_password)).await
    }

    async fn repair(&self, mode: Repair, old_password: Option<&Secret>) -> AppResult<SecretRepairReport> {
        self.check_writable()?;
        let _guard = self.write_lock.lock().await;
        let state = self.key_state();
        if matches!(state, KeyState::On { .. }) && self.info().data_protection != DataProtectionState::Unlocked {
            return Err(AppError::new(
                ErrorCode::DataProtectionLocked,
                "Enter the current Data Protection password first: repaired values are encrypted under it.",
            ));
        }
        if mode == Repair::ProtectNow && state == KeyState::Off {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "HES Data Protection is off in this database: there is nothing to protect.",
            ));
        }
        let rows = rows::read_all(&self.db).await?;
        let old_keys = match (mode, old_password) {
            (Repair::Recover, Some(pw)) => self.old_keys(&rows, pw).await?,
            _ => HashMap::new(),
        };
        let p = self.protector();
        let mut keys: Vec<&String> = rows.keys().filter(|k| !secret_fields(k).is_empty()).collect();
        keys.sort();
        let mut changes = Vec::new();
        let mut repaired = 0;
        for key in keys {
            let raw = &rows[key];
            let Ok(mut v) = serde_json::from_str::<serde_json::Value>(raw) else { continue };
            let mut n = 0;
            map_secrets(key, &mut v, &mut |s| {
                let health = if s.is_empty() { SecretHealth::Current } else { classify(s, &state) };
                match (mode, health) {
                    (Repair::ProtectNow, SecretHealth::Unprotected) => {
                        n += 1;
                        p.protect(&Secret::new(s))
                    }
                    (Repair::Recover, SecretHealth::StaleKey | SecretHealth::EnvelopeWhileOff) => {
                        match envelope_key_id(s).and_then(|id| old_keys.get(&id)) {
                            Some(old) => {
                                let clear = Secret::new(old.decrypt(s).map_err(protect_error)?);
                                n += 1;
                                p.protect(&clear)
                            }
                            None => Ok(s.to_string()),
                        }
                    }
                    _ => Ok(s.to_string()),
                }
            })?;
            if n > 0 {
                repaired += n;
                let new = hes_core::stj::to_string(&v).map_err(|e| AppError::internal(e.to_string()))?;
                // The console's own rows: refused when newer than this console, stamped otherwise.
                let new = hes_core::settings::console_format::prepare_write(key, Some(raw), Some(new))?
                    .ok_or_else(|| AppError::internal("a repaired row cannot be empty"))?;
                changes.push(RowChange {
                    key: key.clone(),
                    expected: Some(raw.clone()),
                    new: Some(new),
                    title: key.clone(),
                });
            }
        }
        if !changes.is_empty() {
            let action = if mode == Repair::ProtectNow { "protect now" } else { "recover with old password" };
            let summary = format!("{repaired} secret(s) repaired");
            let recorded = if mode == Repair::ProtectNow { "protect-now" } else { "recover" };
            self.write_recorded(recorded, summary, None, &changes, &[]).await?;
            tracing::info!(target: "audit", action, repaired, rows = changes.len(), "secrets repaired");
        }
        Ok(SecretRepairReport { repaired, remaining: self.secret_findings().await? })
    }

    /// The old keys the findings need, derived from the saved params with `password`.
    async fn old_keys(
        &self,
        rows: &HashMap<String, String>,
        password: &Secret,
    ) -> AppResult<HashMap<i32, ProtectionKey>> {
        let mut wanted: Vec<i32> = self
            .findings_of(rows)
            .into_iter()
            .filter(|f| matches!(f.health, SecretHealth::StaleKey | SecretHealth::EnvelopeWhileOff))
            .filter_map(|f| f.key_id)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(HashMap::new());
        }
        let archive = self.archive.read().expect("lock").clone();
        let mut keys = HashMap::new();
        let mut wrong = false;
        for id in &wanted {
            let Some(json) = archive.params(&self.location, *id) else { continue };
            let params = DataProtectionParams::from_json(&json).map_err(protect_error)?;
            let (id, pw) = (*id, password.clone());
            // PBKDF2: off the async threads.
            let derived = tokio::task::spawn_blocking(move || ProtectionKey::derive(&params, id, pw.expose()))
                .await
                .map_err(|e| AppError::internal(format!("key derivation stopped: {e}")))?;
            match derived {
                Ok(k) => {
                    keys.insert(id, k);
                }
                Err(hes_core::protect::ProtectError::WrongPassword) => wrong = true,
                Err(e) => return Err(protect_error(e)),
            }
        }
        if keys.is_empty() {
            return Err(if wrong {
                AppError::new(
                    ErrorCode::DataProtectionWrongPassword,
                    "That is not the old Data Protection password of the replaced key. Nothing was changed.",
                )
            } else {
                AppError::new(
                    ErrorCode::NotFound,
                    "The console has no saved copy of the replaced key's params for this database: the values must be entered again.",
                )
            });
        }
        Ok(keys)
    }
}
