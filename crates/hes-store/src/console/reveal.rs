//! Show: one stored secret in clear, because the admin asked for it.

use super::oidc::strict_oidc;
use super::Console;
use crate::rows;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::secret::{Secret, StoredSecret};
use hes_core::settings::{email::Email, licensing::Licensing, parse_stored, splunk::Splunk, SingleSection};
use hes_core::workspace::SecretRef;
use std::collections::HashMap;

impl Console {
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
