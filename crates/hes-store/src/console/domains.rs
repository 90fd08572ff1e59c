//! Domains (two rows: `domain` and `domains`: the primary on-premises domain, further domains
//! and Azure AD tenants), each managed on its own.

use super::{to_stj, Console};
use crate::rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::domains::{DomainInput, DomainsState, LIST_KEY, PRIMARY_KEY};
use hes_core::settings::view::{domains_state, Revisions, SettingsView};
use std::collections::HashMap;

pub(super) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Both domain rows, refusing to edit on top of a row that cannot be read.
pub(super) fn strict_domains(rows: &HashMap<String, String>) -> AppResult<DomainsState> {
    let mut problems = Vec::new();
    let state = domains_state(rows, &mut problems);
    match problems.into_iter().next() {
        Some(p) => Err(AppError::new(ErrorCode::CorruptSetting, p.message)),
        None => Ok(state),
    }
}

impl Console {
    pub async fn domain_save(
        &self,
        id: Option<&str>,
        input: DomainInput,
        revisions: &Revisions,
    ) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let state = strict_domains(&rows)?;
        let (next, _id) = state.upsert(id, input, self.protector().as_ref(), new_id)?;
        self.write_domains(&rows, revisions, &state, &next).await?;
        drop(guard);
        self.view().await
    }

    pub async fn domain_delete(&self, id: &str, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let state = strict_domains(&rows)?;
        let next = state.delete(id)?;
        self.write_domains(&rows, revisions, &state, &next).await?;
        drop(guard);
        self.view().await
    }

    /// Replace the further domains (`domains` row) wholesale, as `hesctl settings set domains` does.
    pub(super) async fn write_domains(
        &self,
        rows: &HashMap<String, String>,
        revisions: &Revisions,
        old: &DomainsState,
        next: &DomainsState,
    ) -> AppResult<()> {
        let mut changes = Vec::new();
        if old.primary != next.primary {
            changes.push((PRIMARY_KEY, "domain", next.primary.as_ref().map(to_stj).transpose()?));
        }
        if old.others != next.others {
            let list = if next.others.is_empty() { None } else { Some(to_stj(&next.others)?) };
            changes.push((LIST_KEY, "domain", list));
        }
        self.write_rows(rows, revisions, changes).await
    }
}
