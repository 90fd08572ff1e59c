//! Domains (two rows: `domain` and `domains`) and OIDC clients (`oidc`), each item managed on
//! its own, plus Show for one secret.

use super::{to_stj, Console};
use crate::rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::secret::{Secret, StoredSecret};
use hes_core::settings::domains::{DomainInput, DomainsState, LIST_KEY, PRIMARY_KEY};
use hes_core::settings::view::{domains_state, oidc_list, Revisions, SettingsView};
use hes_core::settings::{email::Email, licensing::Licensing, oidc, parse_stored, splunk::Splunk, SingleSection};
use hes_core::workspace::SecretRef;
use std::collections::HashMap;

fn new_id() -> String {
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

    pub async fn oidc_save(
        &self,
        id: Option<&str>,
        input: oidc::OidcClientInput,
        revisions: &Revisions,
    ) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let list = strict_oidc(&rows)?;
        let (next, _id) = oidc::upsert(&list, id, input, self.protector().as_ref(), new_id)?;
        self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", Some(to_stj(&next)?))]).await?;
        drop(guard);
        self.view().await
    }

    pub async fn oidc_delete(&self, id: &str, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let next = oidc::delete(&strict_oidc(&rows)?, id)?;
        let value = if next.is_empty() { None } else { Some(to_stj(&next)?) };
        self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", value)]).await?;
        drop(guard);
        self.view().await
    }

    /// Show: the clear value of one stored secret, only on an explicit request, never read-only.
    /// The audit line names the field, never the value. Domain logon secrets (the on-premises bind
    /// password, Azure client secrets) are never shown, as in HES: there is no path that returns them.
    pub async fn reveal(&self, target: &SecretRef) -> AppResult<Secret> {
        if target.section == "domain" {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                "Domain logon secrets (bind passwords, client secrets) are never shown, as in HES.",
            )
            .with_hint("To change one, enter the new value in the domain's form; the stored one is kept otherwise."));
        }
        self.check_writable()?;
        let rows = rows::read_all(&self.db).await?;
        let stored: Option<StoredSecret> = match (target.section.as_str(), target.id.as_deref()) {
            ("licensing", None) => stored_single::<Licensing>(&rows)?.and_then(|s| s.api_key),
            ("splunk", None) => stored_single::<Splunk>(&rows)?.and_then(|s| s.token),
            ("email", None) => stored_single::<Email>(&rows)?.and_then(|s| s.password),
            ("oidc", Some(id)) => {
                strict_oidc(&rows)?
                    .into_iter()
                    .find(|c| c.id == id)
                    .ok_or_else(|| {
                        AppError::new(ErrorCode::NotFound, format!("There is no OIDC client with id '{id}'."))
                    })?
                    .client_secret
            }
            _ => {
                return Err(AppError::new(
                    ErrorCode::BadRequest,
                    format!("There is no secret to show for '{}'.", target.section),
                ))
            }
        };
        let stored = stored.ok_or_else(|| AppError::new(ErrorCode::NotFound, "No secret is stored there."))?;
        let secret = self.protector().unprotect(stored.as_stored())?;
        tracing::info!(target: "audit", section = %target.section, id = ?target.id, "secret shown on request");
        Ok(secret)
    }
}

fn stored_single<S: SingleSection>(rows: &HashMap<String, String>) -> AppResult<Option<S::Stored>> {
    rows.get(S::KEY).map(|raw| parse_stored::<S::Stored>(S::KEY, raw)).transpose()
}

pub(super) fn strict_oidc(rows: &HashMap<String, String>) -> AppResult<Vec<oidc::OidcClientStored>> {
    let mut problems = Vec::new();
    let list = oidc_list(rows, &mut problems);
    match problems.into_iter().next() {
        Some(p) => Err(AppError::new(ErrorCode::CorruptSetting, p.message)),
        None => Ok(list),
    }
}
