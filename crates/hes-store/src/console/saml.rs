//! SAML service providers: rows of `SamlRelyingParties`, each with its own revision token.

use super::Console;
use crate::saml_rows::{self, SamlChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::{self, SamlSpInput};
use hes_core::settings::view::{saml_revision, SettingsView};

impl Console {
    /// Add (`id` None) or edit a service provider; `revision` is the row's token when editing.
    pub async fn saml_save(
        &self,
        id: Option<&str>,
        input: SamlSpInput,
        revision: Option<&str>,
    ) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let all = saml_rows::list_in(&self.db, self.saml_columns()).await?;
        match id {
            None => {
                let sp = saml::build(uuid::Uuid::new_v4().to_string(), input, &all, None, self.saml_columns())?;
                self.write_recorded("set", String::new(), None, &[], &[SamlChange { old: None, new: Some(&sp) }])
                    .await?;
            }
            Some(id) => {
                let old = self.saml_current(&all, id, revision)?;
                // An unchanged certificate keeps its stored text (see `saml::build`).
                let sp = saml::build(id.to_string(), input, &all, Some(old), self.saml_columns())?;
                // MySQL reports 0 affected rows for an update that changes nothing: skip it.
                if sp != *old {
                    self.write_recorded(
                        "set",
                        String::new(),
                        None,
                        &[],
                        &[SamlChange { old: Some(old), new: Some(&sp) }],
                    )
                    .await?;
                }
            }
        }
        tracing::info!(target: "audit", table = "SamlRelyingParties", "service provider saved");
        drop(guard);
        self.view().await
    }

    pub async fn saml_delete(&self, id: &str, revision: Option<&str>) -> AppResult<SettingsView> {
        self.check_writable()?;
        let guard = self.write_lock.lock().await;
        let all = saml_rows::list_in(&self.db, self.saml_columns()).await?;
        let old = self.saml_current(&all, id, revision)?;
        self.write_recorded("delete", String::new(), None, &[], &[SamlChange { old: Some(old), new: None }]).await?;
        tracing::info!(target: "audit", table = "SamlRelyingParties", "service provider removed");
        drop(guard);
        self.view().await
    }

    /// The row as it is now, if the caller's token still matches it.
    fn saml_current<'a>(
        &self,
        all: &'a [saml::SamlSp],
        id: &str,
        revision: Option<&str>,
    ) -> AppResult<&'a saml::SamlSp> {
        let old = all.iter().find(|s| s.id == id).ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "Service provider not found.")
                .with_hint("Reload: someone may have removed it.")
        })?;
        match revision {
            Some(r) if r == saml_revision(&self.rev, old) => Ok(old),
            Some(_) => Err(AppError::concurrent("SAML service provider")),
            None => {
                Err(AppError::new(ErrorCode::BadRequest, "The change carries no revision for this service provider."))
            }
        }
    }
}
