//! OIDC clients whose secret the console generates: add and regenerate answer with the clear
//! secret exactly once ([`OidcSecretIssued`]); edit, enable/disable and delete.

use super::domains::new_id;
use super::{to_stj, Console};
use crate::rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::oidc::{self, OidcClientInput};
use hes_core::settings::oidc_secret::{self, OidcSecretIssued, OneTimeSecret};
use hes_core::settings::view::{oidc_list, Revisions, SettingsView};
use std::collections::HashMap;

impl Console {
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

    /// Add a client; `ClientSecret` absent generates one, `null` makes a public client.
    pub async fn oidc_add(&self, input: OidcClientInput, revisions: &Revisions) -> AppResult<OidcSecretIssued> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let list = strict_oidc(&rows)?;
        let new_id = || uuid::Uuid::new_v4().to_string();
        let (next, id, secret) = oidc_secret::add_client(&list, input, self.protector().as_ref(), new_id)?;
        self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", Some(to_stj(&next)?))]).await?;
        drop(guard);
        tracing::info!(target: "audit", section = "oidc", id = %id, "client added");
        Ok(OidcSecretIssued { settings: self.view().await?, id, client_secret: secret.map(OneTimeSecret::new) })
    }

    /// Replace client `id`'s secret with a fresh one; the old one stops working.
    pub async fn oidc_regenerate_secret(&self, id: &str, revisions: &Revisions) -> AppResult<OidcSecretIssued> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let list = strict_oidc(&rows)?;
        let (next, secret) = oidc_secret::regenerate_secret(&list, id, self.protector().as_ref())?;
        self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", Some(to_stj(&next)?))]).await?;
        drop(guard);
        tracing::info!(target: "audit", section = "oidc", id = %id, "client secret regenerated");
        Ok(OidcSecretIssued {
            settings: self.view().await?,
            id: id.to_string(),
            client_secret: Some(OneTimeSecret::new(secret)),
        })
    }

    pub async fn oidc_set_enabled(&self, id: &str, enabled: bool, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        let next = oidc::set_enabled(&strict_oidc(&rows)?, id, enabled)?;
        self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", Some(to_stj(&next)?))]).await?;
        drop(guard);
        self.view().await
    }

    /// The client `key` names (its Id, or its Client ID in any case), as stored now.
    pub async fn oidc_find(&self, key: &str) -> AppResult<oidc::OidcClientStored> {
        let rows = rows::read_all(&self.db).await?;
        Ok(oidc::find(&strict_oidc(&rows)?, key)?.clone())
    }
}

pub(super) fn strict_oidc(rows: &HashMap<String, String>) -> AppResult<Vec<oidc::OidcClientStored>> {
    let mut problems = Vec::new();
    let list = oidc_list(rows, &mut problems);
    match problems.into_iter().next() {
        Some(p) => Err(AppError::new(ErrorCode::CorruptSetting, p.message)),
        None => Ok(list),
    }
}
