//! What the connectivity checks need from the stored settings: targets and their secrets in clear.
//! Allowed in read-only mode (helpdesk runs diagnostics); never serialized.

use super::lists::strict_domains;
use super::Console;
use crate::rows;
use hes_core::error::AppResult;
use hes_core::secret::StoredSecret;
use hes_core::settings::domains::DomainEntry;
use hes_core::settings::licensing::Licensing;
use hes_core::settings::splunk::Splunk;
use hes_core::settings::{parse_stored, SingleSection};
use hes_core::Secret;

/// A secret field for a check: its clear value, or why it is not available (not set, locked).
pub type CheckSecret = Result<Secret, String>;

#[derive(Debug)]
pub struct AzureInput {
    pub id: String,
    pub name: String,
    pub tenant_id: String,
    pub application_id: String,
    pub client_secret: CheckSecret,
}

#[derive(Debug, Default)]
pub struct CheckInputs {
    pub splunk: Option<(String, CheckSecret)>,
    pub licensing: Option<(String, CheckSecret)>,
    pub azure: Vec<AzureInput>,
}

impl Console {
    fn clear(&self, stored: Option<&StoredSecret>) -> CheckSecret {
        match stored {
            None => Err("no secret is stored".into()),
            Some(s) => self.protector().unprotect(s.as_stored()).map_err(|e| e.message),
        }
    }

    /// The configured outside connections and their secrets, for the checks.
    pub async fn check_inputs(&self) -> AppResult<CheckInputs> {
        let rows = rows::read_all(&self.db).await?;
        let mut out = CheckInputs::default();
        if let Some(raw) = rows.get(Splunk::KEY) {
            let s = parse_stored::<<Splunk as SingleSection>::Stored>(Splunk::KEY, raw)?;
            out.splunk = Some((s.host.clone().unwrap_or_default(), self.clear(s.token.as_ref())));
        }
        if let Some(raw) = rows.get(Licensing::KEY) {
            let l = parse_stored::<<Licensing as SingleSection>::Stored>(Licensing::KEY, raw)?;
            let address =
                l.api_address.clone().unwrap_or_else(|| hes_core::settings::licensing::DEFAULT_API_ADDRESS.into());
            out.licensing = Some((address, self.clear(l.api_key.as_ref())));
        }
        for e in strict_domains(&rows)?.others {
            if let DomainEntry::AzureAd { id, name, tenant_id, application_id, client_secret, .. } = e {
                out.azure.push(AzureInput {
                    id,
                    name: name.unwrap_or_default(),
                    tenant_id: tenant_id.unwrap_or_default(),
                    application_id: application_id.unwrap_or_default(),
                    client_secret: self.clear(client_secret.as_ref()),
                });
            }
        }
        Ok(out)
    }
}
