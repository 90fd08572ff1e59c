//! What the console knows about the HES release of the open database, for writing: which
//! `SamlRelyingParties` columns exist (HES 3.8.3 lacks the name-id ones) and whether the database
//! is from a release newer than 3.8.4, whose formats the console cannot know. Writes to such a
//! database are refused until the admin acknowledges it for this connection and session.

use super::Console;
use crate::db::Db;
use crate::saml_rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::hes_version::is_newer_than_known;
use hes_core::settings::saml::SamlColumns;
use hes_core::workspace::WorkspaceInfo;
use std::sync::atomic::{AtomicBool, Ordering};

/// The newest HES release whose formats the console writes.
pub const NEWEST_KNOWN_RELEASE: &str = "3.8.4";

pub(super) struct Release {
    pub(super) newest_migration: String,
    pub(super) newer: bool,
    /// Set by [`Console::acknowledge_newer_release`]; lives as long as this connection.
    pub(super) acknowledged: AtomicBool,
    pub(super) saml: SamlColumns,
}

impl Release {
    /// From what [`crate::db::open_facts`] read (HES 3.8.4's SAML columns found).
    pub(super) fn from_facts(newest_migration: String) -> Release {
        Release {
            newer: is_newer_than_known(&newest_migration),
            newest_migration,
            acknowledged: AtomicBool::new(false),
            saml: SamlColumns::HES_3_8_4,
        }
    }

    pub(super) async fn probe(db: &Db) -> AppResult<Release> {
        let newest_migration = db.newest_migration().await?;
        // Probed rather than inferred from the migrations: a newer release may have changed them.
        let saml = saml_rows::probe_columns(db).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotHesDatabase,
                "SamlRelyingParties has only one of NameIdentifierFormat and NameIdentifierField, a shape no HES release has.",
            )
            .with_hint("Let HES finish its migrations (it applies them when it starts), then open the database again. Nothing was changed.")
        })?;
        Ok(Release {
            newer: is_newer_than_known(&newest_migration),
            newest_migration,
            acknowledged: AtomicBool::new(false),
            saml,
        })
    }

    pub(super) fn acknowledged(&self) -> bool {
        self.acknowledged.load(Ordering::SeqCst)
    }

    /// `NewerHesRelease` while a newer release is not acknowledged.
    pub(super) fn check_write(&self) -> AppResult<()> {
        if !self.newer || self.acknowledged() {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::NewerHesRelease,
            format!(
                "This database is from a HES release newer than {NEWEST_KNOWN_RELEASE} (newest migration {}). The console writes HES {NEWEST_KNOWN_RELEASE}'s formats; whether this release reads them is not known. Nothing was saved.",
                self.newest_migration
            ),
        )
        .with_hint("Confirm writing to this release (the console asks once per connection; hesctl: --allow-newer-hes), then save again."))
    }

    /// The release's fields of [`WorkspaceInfo`].
    pub(super) fn fill(&self, info: &mut WorkspaceInfo) {
        info.newest_migration = Some(self.newest_migration.clone());
        info.newer_release = self.newer;
        info.newer_release_acknowledged = self.acknowledged();
        info.saml_name_id = self.saml.name_id;
    }
}

impl Console {
    /// The admin's informed consent to write HES 3.8.4's formats into a database of a newer HES
    /// release, for this connection and session. Logged with the audit target and the release's
    /// newest migration, so the changes that follow in the audit log are attributable to it.
    /// A no-op for a release the console knows.
    pub fn acknowledge_newer_release(&self) -> WorkspaceInfo {
        let r = &self.release;
        if r.newer && !r.acknowledged.swap(true, Ordering::SeqCst) {
            tracing::warn!(target: "audit", connection = %self.connection, newest_migration = %r.newest_migration,
                writes_formats_of = NEWEST_KNOWN_RELEASE, "writes to a newer HES release acknowledged");
        }
        self.info()
    }

    /// Which `SamlRelyingParties` columns this database has.
    pub fn saml_columns(&self) -> SamlColumns {
        self.release.saml
    }
}
