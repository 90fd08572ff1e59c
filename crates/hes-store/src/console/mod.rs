//! The services the desktop app and `hesctl` share: one [`Console`] per open database.
//! Every change: check the caller's revision tokens, validate, build HES's JSON, and write it
//! with compare-and-swap in one transaction. Nothing invalid or stale is ever written.

mod check_form;
mod check_inputs;
mod json_set;
mod licenses;
pub use check_form::{CheckForm, RETARGETED};
pub use check_inputs::{AdInput, AzureInput, CheckInputs, CheckSecret, DatabaseInput, SmtpInput};
pub use json_set::SECTIONS;
mod lists;
mod logo;
mod oidc;
mod saml;
mod single;
mod stage;
pub use stage::{stage_keys, StagePlan};

use crate::db::{Db, Opened};
use crate::mysql::MySqlTarget;
use crate::rows::{self, RowChange};
use crate::saml_rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::protection::{protect_error, Locked, Plaintext, Protector};
use hes_core::revision::RevisionKey;
use hes_core::settings::view::{build_view, Revisions, SettingsView};
use hes_core::workspace::{DataProtectionState, WorkspaceInfo};
use hes_core::Secret;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub struct Console {
    db: Db,
    kind: &'static str,
    location: String,
    connection: String,
    hes_version: Option<String>,
    rev: RevisionKey,
    /// Plaintext (protection off), Locked, or the unlocked key; replaced by [`Console::unlock`].
    protector: RwLock<Arc<dyn Protector>>,
    data_protection: RwLock<DataProtectionState>,
    read_only: Option<String>,
    /// One change at a time from this process; the database's CAS guards against other processes.
    write_lock: tokio::sync::Mutex<()>,
}

impl Console {
    /// Open (creating on first use) a local SQLite workspace.
    pub async fn open_workspace(path_or_url: &str) -> AppResult<Console> {
        let opened = Db::open_sqlite(path_or_url).await?;
        Self::from_opened(opened, "Local workspace").await
    }

    /// Open a real HES database. `name` is the connection profile's name, for the header.
    pub async fn open_mysql(target: &MySqlTarget, name: &str) -> AppResult<Console> {
        let opened = Db::open_mysql(target).await?;
        Self::from_opened(opened, name).await
    }

    async fn from_opened(opened: Opened, connection: &str) -> AppResult<Console> {
        let Opened { db, kind, location } = opened;
        let hes_version = Some(db.hes_version().await?);
        let dp_rows = db.data_protection_rows().await?;
        let mut read_only = None;
        let (data_protection, protector): (_, Arc<dyn Protector>) = match dp_rows.len() {
            0 => (DataProtectionState::Off, Arc::new(Plaintext)),
            1 => (DataProtectionState::Locked, Arc::new(Locked)),
            _ => {
                read_only = Some("a Data Protection password change did not finish in HES (more than one DataProtection row). Finish it in HES first; the console never changes Data Protection.".to_string());
                (DataProtectionState::Broken, Arc::new(Locked))
            }
        };
        if read_only.is_none() && !db.can_write().await? {
            read_only = Some("this database user may read but not change the settings (helpdesk).".to_string());
        }
        Ok(Console {
            db,
            kind,
            location,
            connection: connection.to_string(),
            hes_version,
            rev: RevisionKey::random(),
            protector: RwLock::new(protector),
            data_protection: RwLock::new(data_protection),
            read_only,
            write_lock: tokio::sync::Mutex::new(()),
        })
    }

    pub fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            connection: self.connection.clone(),
            kind: self.kind.to_string(),
            location: self.location.clone(),
            hes_version: self.hes_version.clone(),
            data_protection: *self.data_protection.read().expect("lock"),
            read_only: self.read_only.is_some(),
            read_only_reason: self.read_only.clone(),
            support: hes_core::workspace::support_for(self.hes_version.as_deref()),
        }
    }

    pub async fn view(&self) -> AppResult<SettingsView> {
        let rows = rows::read_all(&self.db).await?;
        let saml = saml_rows::list(&self.db).await?;
        Ok(build_view(&rows, &saml, &self.rev))
    }

    /// The revision tokens as they are now (for `hesctl`, which loads and saves in one go).
    pub async fn current_revisions(&self) -> AppResult<Revisions> {
        Ok(self.view().await?.revisions)
    }

    fn check_writable(&self) -> AppResult<()> {
        match &self.read_only {
            Some(reason) => Err(AppError::read_only(reason)),
            None => Ok(()),
        }
    }

    /// The caller's token for `key` must match the row as it is now.
    fn check_revision(
        &self,
        rows: &HashMap<String, String>,
        key: &str,
        title: &str,
        revisions: &Revisions,
    ) -> AppResult<()> {
        let Some(theirs) = revisions.get(key) else {
            return Err(AppError::new(ErrorCode::BadRequest, format!("The change carries no revision for '{key}'."))
                .with_hint("Send back the Revisions of the settings you loaded."));
        };
        if theirs != self.rev.token(rows.get(key).map(String::as_str)) {
            return Err(AppError::concurrent(title));
        }
        Ok(())
    }

    /// Check revisions, then write `changes` (key → new JSON or None to delete) atomically.
    async fn write_rows(
        &self,
        rows: &HashMap<String, String>,
        revisions: &Revisions,
        changes: Vec<(&str, &str, Option<String>)>,
    ) -> AppResult<()> {
        let mut out = Vec::new();
        for (key, title, new) in changes {
            self.check_revision(rows, key, title, revisions)?;
            let expected = rows.get(key).cloned();
            if expected == new {
                continue;
            }
            out.push(RowChange { key: key.to_string(), expected, new, title: title.to_string() });
        }
        rows::apply(&self.db, &out).await?;
        for c in &out {
            tracing::info!(target: "audit", key = %c.key, action = if c.new.is_some() { "set" } else { "delete" }, "setting changed");
        }
        Ok(())
    }

    fn protector(&self) -> Arc<dyn Protector> {
        self.protector.read().expect("lock").clone()
    }

    /// Enter the Data Protection password (reference 3.3–3.4). A wrong password is rejected by
    /// the verification code before anything is decrypted. The console never enables, disables
    /// or re-keys Data Protection.
    pub async fn unlock(&self, password: &Secret) -> AppResult<()> {
        let rows = self.db.data_protection_rows().await?;
        let [(key_id, Some(params))] = rows.as_slice() else {
            return Err(match rows.len() {
                0 => AppError::new(
                    ErrorCode::BadRequest,
                    "Data Protection is off in this database: there is nothing to unlock.",
                ),
                _ => AppError::new(
                    ErrorCode::DataProtectionBroken,
                    "The DataProtection table does not hold exactly one usable row.",
                ),
            });
        };
        let params = DataProtectionParams::from_json(params).map_err(protect_error)?;
        let (key_id, password) = (*key_id, password.clone());
        // PBKDF2 with 100 000 iterations: off the async threads.
        let key = tokio::task::spawn_blocking(move || ProtectionKey::derive(&params, key_id, password.expose()))
            .await
            .map_err(|e| AppError::internal(format!("key derivation stopped: {e}")))?
            .map_err(protect_error)?;
        *self.protector.write().expect("lock") = Arc::new(key);
        *self.data_protection.write().expect("lock") = DataProtectionState::Unlocked;
        tracing::info!(target: "audit", key_id, "Data Protection unlocked");
        Ok(())
    }
}

/// HES's System.Text.Json form of a stored value.
fn to_stj<T: serde::Serialize>(v: &T) -> AppResult<String> {
    hes_core::stj::to_string(v).map_err(|e| AppError::internal(format!("cannot serialize a setting: {e}")))
}
