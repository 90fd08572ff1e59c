//! License import and summary for the desktop app and `hesctl` (issue 5). The document is parsed
//! by the caller (`crate::licenses::parse_file`, or hes-checks' licensing-server fetch); this
//! adds the read-only check, one import at a time per process, and the saved licensing settings.

use super::Console;
use crate::licenses;
use crate::rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::{ApplyResult, ImportControl, ImportPlan, LicenseSummary, ParsedDocument};
use hes_core::settings::licensing::{Licensing, DEFAULT_API_ADDRESS};
use hes_core::settings::{parse_stored, SingleSection};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;

/// The longest a license import's write may take.
const LICENSE_APPLY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

impl Console {
    /// The preview: what importing `doc` would write now. Allowed read-only (helpdesk may look).
    pub async fn license_check(&self, doc: &ParsedDocument, ctl: &ImportControl) -> AppResult<ImportPlan> {
        licenses::check(&self.db, doc, ctl).await
    }

    /// Import `doc` in one transaction (checked again inside it), or nothing.
    pub async fn license_apply(
        &self,
        doc: &ParsedDocument,
        source: &str,
        ctl: &ImportControl,
    ) -> AppResult<ApplyResult> {
        self.license_write(doc, None, source, ctl).await
    }

    /// Import an indexed file, its licenses streamed from a second read ([`licenses::apply_file_recorded`]).
    pub async fn license_apply_file(
        &self,
        file: &licenses::IndexedFile,
        source: &str,
        ctl: &ImportControl,
    ) -> AppResult<ApplyResult> {
        self.license_write(&file.doc, Some(file), source, ctl).await
    }

    async fn license_write(
        &self,
        doc: &ParsedDocument,
        file: Option<&licenses::IndexedFile>,
        source: &str,
        ctl: &ImportControl,
    ) -> AppResult<ApplyResult> {
        self.check_writable()?;
        let _one = self.write_lock.lock().await;
        let mut change = hes_core::history::Change::new("license-import", Vec::new());
        change.section = "licenses".into();
        let pending = self.history.pending(&self.db, change).await?;
        let dp = self.dp_expected();
        // Bounded like every database operation, generously: 100 000 licenses apply in ~20 s on a
        // production-sized MariaDB; a network cut ends in Timeout (the transaction rolls back).
        let written = crate::mysql::bounded_by(LICENSE_APPLY_TIMEOUT, async {
            match file {
                None => licenses::apply_recorded(&self.db, Some(&dp), doc, source, ctl, Some(&pending)).await,
                Some(f) => licenses::apply_file_recorded(&self.db, Some(&dp), f, source, ctl, Some(&pending)).await,
            }
        })
        .await;
        self.after_write(written).await
    }

    /// Vaults by license status today (UTC) and licenses ending per month for 12 months.
    pub async fn license_summary(&self) -> AppResult<LicenseSummary> {
        licenses::summary(&self.db, hes_core::licenses::status::utc_today()).await
    }

    /// The saved licensing server address and API key in clear, for an import from the server.
    pub async fn licensing_server(&self) -> AppResult<(String, Secret)> {
        let rows = rows::read_all(&self.db).await?;
        let no_key = || {
            AppError::field_error("ApiKey", "API Key is empty.")
                .with_hint("Save the licensing API key (Licensing tab, or `hesctl settings set licensing`) first.")
        };
        let raw = rows.get(Licensing::KEY).ok_or_else(no_key)?;
        let stored = parse_stored::<<Licensing as SingleSection>::Stored>(Licensing::KEY, raw)?;
        let address =
            stored.api_address.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| DEFAULT_API_ADDRESS.into());
        let key = stored.api_key.as_ref().ok_or_else(no_key)?;
        if self.info().data_protection == DataProtectionState::Locked {
            return Err(AppError::new(
                ErrorCode::DataProtectionLocked,
                "The API key is protected by HES Data Protection, which is locked.",
            )
            .with_hint(
                "Enter the Data Protection password first (hesctl: --dp-password-stdin or HESCTL_DP_PASSWORD).",
            ));
        }
        let key = self.protector().unprotect(key.as_stored())?;
        if key.is_blank() {
            return Err(no_key());
        }
        Ok((address, key))
    }
}
