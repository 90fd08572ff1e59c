//! The change history as the app and `hesctl` use it: every write goes through
//! [`Console::write_recorded`] (the change and its entry in one transaction); the history is
//! listed, and an entry reverted with a preview and a compare-and-swap write.

use super::Console;
use crate::history::{rows_of, saml_from_json, saml_json, Place};
use crate::rows::{self, RowChange as StoreRow};
use crate::saml_rows::{self, SamlChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::history::{row_section, section_of, Change, HistoryList, RevertPreview, RowChange, RowKind};
use hes_core::protect::envelope_key_id;
use hes_core::secret_health::{classify, field_label, for_each_secret, unusable, SecretHealth};
use hes_core::settings::saml::SamlSp;
use hes_core::settings::view::SettingsView;

impl Console {
    /// Write settings rows and SAML rows with their history entry, in one transaction.
    pub(crate) async fn write_recorded(
        &self,
        action: &str,
        summary: String,
        reverts: Option<i64>,
        rows: &[StoreRow],
        saml: &[SamlChange<'_>],
    ) -> AppResult<()> {
        let pending = if rows.is_empty() && saml.is_empty() {
            None
        } else {
            let mut change = Change::new(action, rows_of(rows, saml));
            change.summary = summary;
            change.reverts = reverts;
            Some(self.history.pending(&self.db, change).await?)
        };
        let written =
            crate::history::write(&self.db, &self.dp_expected(), self.saml_columns(), rows, saml, pending.as_ref())
                .await;
        self.after_write(written).await
    }

    /// Keep this database's local history file (used when the table cannot be) in `dir`.
    pub fn use_history_dir(&self, dir: impl Into<std::path::PathBuf>) {
        self.history.set_dir(dir.into());
    }

    /// The history, newest first; read-only users see it too.
    pub async fn history(&self, section: Option<&str>) -> AppResult<HistoryList> {
        let (place, entries) = self.history.list(&self.db, section).await?;
        let (kept_in, notice) = match place {
            Place::Table => ("database", None),
            Place::File { reason } => ("local-file", (!reason.is_empty()).then_some(reason)),
        };
        Ok(HistoryList { kept_in: kept_in.into(), notice, entries: entries.iter().map(|e| e.view()).collect() })
    }

    /// What reverting entry `id` would write, what changed since (refusal), or why it cannot.
    pub async fn revert_preview(&self, id: i64) -> AppResult<RevertPreview> {
        Ok(self.revert_plan(id).await?.0)
    }

    async fn revert_plan(&self, id: i64) -> AppResult<(RevertPreview, Vec<RowChange>)> {
        let entry = self.history.get(&self.db, id).await?;
        let inverse = entry.inverse()?;
        let now_rows = rows::read_all(&self.db).await?;
        let now_saml = saml_rows::list_in(&self.db, self.saml_columns()).await?;
        let now_of = |r: &RowChange| match r.kind {
            RowKind::Setting => now_rows.get(&r.key).cloned(),
            RowKind::Saml => now_saml.iter().find(|s| s.id == r.key).map(saml_json),
        };
        let state = self.key_state();
        let mut preview =
            RevertPreview { entry: entry.view(), sections: Vec::new(), changed_since: Vec::new(), blocked: None };
        for r in &inverse {
            let now = now_of(r);
            if now != r.before {
                preview.changed_since.push(row_section(r.kind, &r.key, r.before.as_deref(), now.as_deref()));
            }
            preview.sections.push(row_section(r.kind, &r.key, now.as_deref(), r.after.as_deref()));
            // Previous bytes under a key HES no longer has would come back unreadable.
            let (RowKind::Setting, Some(text)) = (r.kind, &r.after) else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { continue };
            for_each_secret(&r.key, &v, &mut |_, field, stored| {
                let health = classify(stored, &state);
                if preview.blocked.is_none()
                    && matches!(
                        health,
                        SecretHealth::StaleKey | SecretHealth::EnvelopeWhileOff | SecretHealth::StoredElsewhere
                    )
                {
                    let e = unusable(health, field_label(&r.key, field), envelope_key_id(stored));
                    preview.blocked =
                        Some(AppError { message: format!("Cannot revert entry {id}: {}", e.message), ..e });
                }
            });
        }
        Ok((preview, inverse))
    }

    /// Put back the rows entry `id` changed, exactly as they were stored, if they still hold
    /// what the entry wrote (else `ConcurrentChange`, nothing written). Recorded as a revert.
    pub async fn revert(&self, id: i64) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let (preview, inverse) = self.revert_plan(id).await?;
        if let Some(e) = preview.blocked {
            return Err(e);
        }
        if let Some(first) = preview.changed_since.first() {
            return Err(AppError::new(
                ErrorCode::ConcurrentChange,
                format!(
                    "{} changed after history entry {id}; reverting would overwrite that change. Nothing was written.",
                    first.key
                ),
            )
            .with_hint("Open the revert preview to see what changed since, or revert the newer entries first."));
        }
        let mut settings = Vec::new();
        let mut saml_pairs: Vec<(Option<SamlSp>, Option<SamlSp>)> = Vec::new();
        for r in &inverse {
            match r.kind {
                RowKind::Setting => settings.push(StoreRow {
                    key: r.key.clone(),
                    expected: r.before.clone(),
                    new: r.after.clone(),
                    title: r.key.clone(),
                }),
                RowKind::Saml => saml_pairs.push((
                    r.before.as_deref().map(saml_from_json).transpose()?,
                    r.after.as_deref().map(saml_from_json).transpose()?,
                )),
            }
        }
        let saml: Vec<SamlChange> =
            saml_pairs.iter().map(|(o, n)| SamlChange { old: o.as_ref(), new: n.as_ref() }).collect();
        saml_rows::check_changes(&saml)?;
        let mut sections: Vec<&str> = inverse.iter().map(|r| section_of(r.kind, &r.key)).collect();
        sections.sort_unstable();
        sections.dedup();
        if sections.len() > 1 {
            self.auto_backup("before revert").await?;
        }
        self.write_recorded("revert", format!("revert of entry {id}"), Some(id), &settings, &saml).await?;
        tracing::info!(target: "audit", entry = id, rows = inverse.len(), "history entry reverted");
        drop(guard);
        self.view().await
    }
}
