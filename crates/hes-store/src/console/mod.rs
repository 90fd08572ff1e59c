//! The services the desktop app and `hesctl` share: one [`Console`] per open database.
//! Every change: check the caller's revision tokens, validate, build HES's JSON, and write it
//! with compare-and-swap in one transaction. Nothing invalid or stale is ever written.

mod backup;
pub use backup::{BackupInfo, KEEP_BACKUPS};
mod check_form;
mod check_inputs;
mod data_protection;
pub use data_protection::SecretRepairReport;
mod history;
mod json_set;
mod licenses;
pub use check_form::{CheckForm, RETARGETED};
pub use check_inputs::{AdInput, AzureInput, CheckInputs, CheckSecret, DataProtectionInput, DatabaseInput, SmtpInput};
pub use json_set::{SetMode, SetOutcome, SECTIONS};
mod domains;
mod logo;
mod oidc;
mod release;
mod reveal;
mod saml;
mod single;
mod stage;
pub use stage::{stage_keys, StagePlan};

use crate::db::{Db, DpRows, OpenFacts, Opened};
use crate::dp_archive::DpArchive;
use crate::mysql::MySqlTarget;
use crate::rows::{self, RowChange};
use crate::saml_rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::protect::{protect_error, Locked, Plaintext, Protector};
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::revision::RevisionKey;
use hes_core::settings::view::{build_view, Revisions, SettingsView};
use hes_core::workspace::{DataProtectionState, WorkspaceInfo};
use hes_core::Secret;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub struct Console {
    db: Db,
    kind: hes_core::workspace::DbKind,
    location: String,
    connection: String,
    hes_version: Option<String>,
    /// Newer than 3.8.4 (writes need an acknowledgement), and the SAML columns that exist.
    release: release::Release,
    rev: RevisionKey,
    /// Plaintext (protection off), Locked, or the unlocked key; replaced by [`Console::unlock`].
    protector: RwLock<Arc<dyn Protector>>,
    data_protection: RwLock<DataProtectionState>,
    /// The `DataProtection` rows the current state was built from; every write re-reads them
    /// inside its transaction ([`DpRows::verify`]).
    dp_rows: RwLock<DpRows>,
    /// Copies of the Data Protection params rows seen for this database (to recover stale values).
    archive: RwLock<DpArchive>,
    read_only: RwLock<Option<String>>,
    /// The local workspace's own key for its secret fields (workspace_key.rs), and how its
    /// secrets are kept; `None` for a HES database.
    own_key: RwLock<Option<hes_core::protect::ProtectionKey>>,
    at_rest: RwLock<Option<crate::workspace_key::AtRest>>,
    /// One change at a time from this process; the database's CAS guards against other processes.
    write_lock: tokio::sync::Mutex<()>,
    /// Where this database's changes are recorded (history.rs).
    history: crate::history::History,
    /// The first screen's rows, read with the opening facts; taken by the first [`Console::view`]
    /// when still fresh (see [`FIRST_VIEW_FRESH`]).
    first_view: std::sync::Mutex<Option<crate::db::FirstView>>,
    /// The pool's first login, after the opening's own (see `Db::open_mysql_with_facts`);
    /// stopped with the console.
    warm_up: Option<crate::guard::AbortOnDrop>,
}

/// How long rows read while opening may stand for the first screen instead of a new read.
const FIRST_VIEW_FRESH: std::time::Duration = std::time::Duration::from_secs(2);

impl Console {
    /// Open (creating on first use) a local SQLite workspace.
    pub async fn open_workspace(path_or_url: &str) -> AppResult<Console> {
        if path_or_url.trim().is_empty() {
            // SQLite would open a throwaway in-memory database: settings typed there would be lost.
            return Err(AppError::new(ErrorCode::Io, "There is no private folder for the local workspace.").with_hint(
                format!("Set {} to a workspace file in a folder only you can read.", crate::paths::WORKSPACE_ENV),
            ));
        }
        let opened = Db::open_sqlite(path_or_url).await?;
        let console = Self::from_opened(opened, "Local workspace", None).await?;
        console.use_workspace_key(Arc::new(crate::keychain::Keychain::new())).await?;
        Ok(console)
    }

    /// [`open_workspace`](Self::open_workspace) with the workspace key kept in `store` (tests:
    /// an in-memory store, or one that fails like a missing keychain).
    pub async fn open_workspace_in(
        path_or_url: &str,
        store: Arc<dyn crate::keychain::SecretStore>,
    ) -> AppResult<Console> {
        let opened = Db::open_sqlite(path_or_url).await?;
        let console = Self::from_opened(opened, "Local workspace", None).await?;
        console.use_workspace_key(store).await?;
        Ok(console)
    }

    /// Load (or make) the workspace's key from `store`, then encrypt any secret still stored in
    /// plaintext (a workspace from an older console) so the file alone reveals nothing.
    async fn use_workspace_key(&self, store: Arc<dyn crate::keychain::SecretStore>) -> AppResult<()> {
        let Db::Sqlite(pool) = &self.db else { return Ok(()) };
        if self.read_only.read().expect("lock").is_some() {
            return Ok(());
        }
        let (key, at_rest) = crate::workspace_key::load_or_create(pool, store).await?;
        *self.own_key.write().expect("lock") = key;
        *self.at_rest.write().expect("lock") = Some(at_rest);
        let rows = self.dp_expected();
        self.set_protection_state(rows);
        let plain = self
            .secret_findings()
            .await?
            .iter()
            .any(|f| f.health == hes_core::secret_health::SecretHealth::Unprotected);
        if plain && self.own_key.read().expect("lock").is_some() {
            let report = self.protect_now().await?;
            tracing::info!(target: "audit", repaired = report.repaired, "workspace secrets encrypted with the workspace key");
        }
        Ok(())
    }

    /// Open a workspace a person named (`hesctl --db`): see [`crate::db::CreateMode`]. Also says
    /// whether a new workspace was created, so the caller can tell the admin.
    pub async fn open_workspace_with(path_or_url: &str, mode: crate::db::CreateMode) -> AppResult<(Console, bool)> {
        let (opened, created) = Db::open_sqlite_with(path_or_url, mode).await?;
        let console = Self::from_opened(opened, "Local workspace", None).await?;
        console.use_workspace_key(Arc::new(crate::keychain::Keychain::new())).await?;
        Ok((console, created))
    }

    /// Open a real HES database. `name` is the connection profile's name, for the header.
    pub async fn open_mysql(target: &MySqlTarget, name: &str) -> AppResult<Console> {
        let opened = Db::open_mysql_with_facts(target).await?;
        let mut console = Self::from_opened(opened.opened, name, opened.facts).await?;
        console.warm_up = opened.warm_up;
        Ok(console)
    }

    /// The console on `opened`, with the opening `facts` already read, or read here one by one.
    async fn from_opened(opened: Opened, connection: &str, facts: Option<OpenFacts>) -> AppResult<Console> {
        let Opened { db, kind, location } = opened;
        let history = crate::history::History::new(connection, &location);
        let mut first_view = None;
        let (hes_version, release, dp_rows, may_write) = match facts {
            Some(mut f) => (
                {
                    first_view = f.first_view.take();
                    hes_core::hes_version::release_of(&f.newest_migration)
                },
                release::Release::from_facts(f.newest_migration),
                f.dp,
                f.may_write,
            ),
            None => (
                db.hes_version().await?,
                release::Release::probe(&db).await?,
                db.data_protection_rows().await?,
                db.can_write().await?,
            ),
        };
        let hes_version = Some(hes_version);
        let console = Console {
            db,
            kind,
            location,
            connection: connection.to_string(),
            hes_version,
            release,
            rev: RevisionKey::random(),
            protector: RwLock::new(Arc::new(Locked)),
            data_protection: RwLock::new(DataProtectionState::Locked),
            dp_rows: RwLock::new(DpRows::default()),
            archive: RwLock::new(DpArchive::open_default()),
            read_only: RwLock::new(None),
            own_key: RwLock::new(None),
            at_rest: RwLock::new(None),
            write_lock: tokio::sync::Mutex::new(()),
            history,
            first_view: std::sync::Mutex::new(first_view),
            warm_up: None,
        };
        if !may_write {
            *console.read_only.write().expect("lock") =
                Some("this database user may read but not change the settings (helpdesk).".to_string());
        }
        console.set_protection_state(dp_rows);
        Ok(console)
    }

    /// Take `rows` as the Data Protection state: off → plaintext, one row → locked until the
    /// password is entered, more → read-only (an unfinished password change in HES).
    fn set_protection_state(&self, rows: DpRows) {
        const BROKEN: &str = "a Data Protection password change did not finish in HES (more than one DataProtection row). Finish it in HES first; the console never changes Data Protection.";
        let own_key = self.own_key.read().expect("lock").clone();
        let (state, protector): (_, Arc<dyn Protector>) = match (rows.len(), own_key) {
            (0, Some(k)) => (DataProtectionState::Off, Arc::new(hes_core::protect::WorkspaceKey(k))),
            (0, None) => (DataProtectionState::Off, Arc::new(Plaintext)),
            (1, _) => (DataProtectionState::Locked, Arc::new(Locked)),
            _ => (DataProtectionState::Broken, Arc::new(Locked)),
        };
        {
            let mut ro = self.read_only.write().expect("lock");
            if state == DataProtectionState::Broken {
                *ro = Some(BROKEN.to_string());
            } else if ro.as_deref() == Some(BROKEN) {
                *ro = None;
            }
        }
        // Remember every params row seen: not secret, and the only way back to values HES left
        // under an old key. A failure to save the copy must not stop the console from opening.
        if let Err(e) = self.archive.read().expect("lock").remember(&self.location, &rows) {
            tracing::warn!(code = %e.code, "cannot save a copy of the Data Protection params: {}", e.message);
        }
        *self.protector.write().expect("lock") = protector;
        *self.data_protection.write().expect("lock") = state;
        *self.dp_rows.write().expect("lock") = rows;
    }

    /// Re-read Data Protection after a write found it changed, so the console shows the new state.
    async fn reload_protection(&self) {
        match self.db.data_protection_rows().await {
            Ok(rows) => {
                tracing::info!(target: "audit", rows = rows.len(), "Data Protection changed in HES: console reloaded its state");
                self.set_protection_state(rows);
            }
            Err(e) => tracing::warn!(code = %e.code, "cannot re-read Data Protection: {}", e.message),
        }
    }

    /// The Data Protection rows a write must still find inside its transaction.
    pub(crate) fn dp_expected(&self) -> DpRows {
        self.dp_rows.read().expect("lock").clone()
    }

    /// Pass a write's result through; on `DataProtectionChanged` reload the state first.
    pub(crate) async fn after_write<T>(&self, r: AppResult<T>) -> AppResult<T> {
        if matches!(&r, Err(e) if e.code == ErrorCode::DataProtectionChanged) {
            self.reload_protection().await;
        }
        r
    }

    /// Keep the copies of Data Protection params in `path` instead of the default file (tests,
    /// portable use); the rows seen so far are saved there at once.
    pub fn use_params_archive(&self, path: impl Into<std::path::PathBuf>) -> AppResult<()> {
        let archive = DpArchive::new(path);
        archive.remember(&self.location, &self.dp_expected())?;
        *self.archive.write().expect("lock") = archive;
        Ok(())
    }

    /// A SQLite pragma's value on the workspace's own connections (tests and diagnostics).
    pub async fn sqlite_pragma(&self, name: &str) -> AppResult<i64> {
        match &self.db {
            Db::Sqlite(pool) if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                sqlx::query_scalar(&format!("PRAGMA {name}")).fetch_one(pool).await.map_err(crate::db::db_err)
            }
            _ => Err(AppError::new(ErrorCode::BadRequest, "Not a SQLite workspace, or not a pragma name.")),
        }
    }

    pub fn info(&self) -> WorkspaceInfo {
        let mut info = WorkspaceInfo {
            connection: self.connection.clone(),
            kind: self.kind,
            location: self.location.clone(),
            hes_version: self.hes_version.clone(),
            data_protection: *self.data_protection.read().expect("lock"),
            read_only: self.read_only.read().expect("lock").is_some(),
            read_only_reason: self.read_only.read().expect("lock").clone(),
            support: hes_core::workspace::support_for(self.hes_version.as_deref()),
            newest_migration: None,
            newer_release: false,
            newer_release_acknowledged: false,
            saml_name_id: true,
            secrets_at_rest: self.at_rest.read().expect("lock").as_ref().map(|a| match a {
                crate::workspace_key::AtRest::Encrypted => "encrypted with a key in the OS keychain".to_string(),
                crate::workspace_key::AtRest::Plaintext { reason } => format!("not encrypted: {reason}"),
            }),
        };
        self.release.fill(&mut info);
        info
    }

    pub async fn view(&self) -> AppResult<SettingsView> {
        let opened = self.first_view.lock().expect("lock").take().filter(|f| f.at.elapsed() < FIRST_VIEW_FRESH);
        let (rows, saml) = match opened {
            Some(f) if self.saml_columns() == hes_core::settings::saml::SamlColumns::HES_3_8_4 => (f.rows, f.saml),
            _ => (rows::read_all(&self.db).await?, saml_rows::list_in(&self.db, self.saml_columns()).await?),
        };
        let mut view = build_view(&rows, &saml, &self.rev);
        view.secret_findings = self.findings_of(&rows);
        Ok(view)
    }

    /// The revision tokens as they are now (for `hesctl`, which loads and saves in one go).
    pub async fn current_revisions(&self) -> AppResult<Revisions> {
        Ok(self.view().await?.revisions)
    }

    /// Every write starts here: not read-only, and a newer HES release acknowledged.
    fn check_writable(&self) -> AppResult<()> {
        match &*self.read_only.read().expect("lock") {
            Some(reason) => Err(AppError::read_only(reason)),
            None => self.release.check_write(),
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
            // The console's own rows carry their format version; a newer one is not overwritten.
            let new = hes_core::settings::console_format::prepare_write(key, expected.as_deref(), new)?;
            if expected == new {
                continue;
            }
            out.push(RowChange { key: key.to_string(), expected, new, title: title.to_string() });
        }
        let action = if out.iter().all(|c| c.new.is_none()) { "delete" } else { "set" };
        self.write_recorded(action, String::new(), None, &out, &[]).await?;
        for c in &out {
            tracing::info!(target: "audit", key = %c.key, action = if c.new.is_some() { "set" } else { "delete" }, "setting changed");
        }
        Ok(())
    }

    fn protector(&self) -> Arc<dyn Protector> {
        self.protector.read().expect("lock").clone()
    }

    /// Enter the Data Protection password. A wrong password is rejected by
    /// the verification code before anything is decrypted. The console never enables, disables
    /// or re-keys Data Protection.
    pub async fn unlock(&self, password: &Secret) -> AppResult<()> {
        let rows = self.db.data_protection_rows().await?;
        if rows != self.dp_expected() {
            // HES changed Data Protection since the console opened it: take the new state first.
            self.set_protection_state(rows.clone());
        }
        let [(key_id, Some(params))] = rows.0.as_slice() else {
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

/// HES's System.Text.Json form of a stored value about to be written. Every AppSettings write of
/// new input passes here, so this is where control characters in any text field are refused
/// (`Validation`, the field named; nothing is written).
fn to_stj<T: serde::Serialize>(v: &T) -> AppResult<String> {
    let value = serde_json::to_value(v).map_err(|e| AppError::internal(format!("cannot serialize a setting: {e}")))?;
    hes_core::validate::no_control_chars(&value, &[])?;
    hes_core::stj::to_string(v).map_err(|e| AppError::internal(format!("cannot serialize a setting: {e}")))
}
