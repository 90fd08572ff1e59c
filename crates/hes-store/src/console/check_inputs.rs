//! What the connectivity checks need from the stored settings: targets and their secrets in clear.
//! Allowed in read-only mode (helpdesk runs diagnostics); never serialized.

use super::domains::strict_domains;
use super::Console;
use crate::rows;
use hes_core::error::AppResult;
use hes_core::secret::StoredSecret;
use hes_core::settings::domains::{DomainEntry, PRIMARY_ID};
use hes_core::settings::email::Email;
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

/// An on-premises Active Directory domain as HES binds to it (`Host` is the domain name).
#[derive(Debug)]
pub struct AdInput {
    pub id: String,
    pub domain: String,
    pub logon_name: String,
    pub password: CheckSecret,
    /// Test over StartTLS on 389 instead of LDAPS on 636 (HES uses LDAPS): a dialog's choice.
    pub starttls: bool,
    /// A certificate this workstation trusts for the server (see `pins`), filled by hes-service's `checks::apply_pins`.
    pub pinned_sha256: Option<String>,
    /// Connect to this domain controller instead of the domain name (`hesctl check ad --server`).
    pub server: Option<String>,
}

/// The SMTP server HES sends e-mail through; `password` is `None` when no user name is set.
#[derive(Debug)]
pub struct SmtpInput {
    pub host: String,
    pub port: u16,
    pub security: hes_core::settings::email::SmtpSecurity,
    pub user_name: Option<String>,
    pub password: Option<CheckSecret>,
    pub from: String,
    /// Send a test e-mail here (a dialog's "Send test e-mail"); never from the stored settings.
    pub test_recipient: Option<String>,
}

/// A saved connection profile to check, with its keychain password (or why it has none).
#[derive(Debug)]
pub struct DatabaseInput {
    pub name: String,
    pub target: Result<crate::MySqlTarget, String>,
}

#[derive(Debug, Default)]
pub struct CheckInputs {
    pub splunk: Option<(String, CheckSecret)>,
    pub licensing: Option<(String, CheckSecret)>,
    pub azure: Vec<AzureInput>,
    pub ad: Vec<AdInput>,
    pub smtp: Option<SmtpInput>,
    /// Not read from the settings: the caller adds the connection profiles (see `Profiles::check_inputs`).
    pub databases: Vec<DatabaseInput>,
    /// The open database's Data Protection state and every stored secret it makes unusable.
    pub data_protection: Option<DataProtectionInput>,
}

/// What the Diagnostics' Data Protection check reports (no values, only where and why).
#[derive(Debug, Clone)]
pub struct DataProtectionInput {
    pub state: hes_core::workspace::DataProtectionState,
    /// The `DataProtection` row ids (the current key id when there is one).
    pub key_ids: Vec<i32>,
    pub findings: Vec<hes_core::secret_health::SecretFinding>,
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
        let mut out = CheckInputs {
            data_protection: Some(DataProtectionInput {
                state: self.info().data_protection,
                key_ids: self.dp_expected().ids(),
                findings: self.findings_of(&rows),
            }),
            ..CheckInputs::default()
        };
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
        if let Some(raw) = rows.get(Email::KEY) {
            let e = parse_stored::<<Email as SingleSection>::Stored>(Email::KEY, raw)?;
            if !e.host.trim().is_empty() {
                let user = e.user_name.clone().filter(|u| !u.trim().is_empty());
                out.smtp = Some(SmtpInput {
                    host: e.host.clone(),
                    port: u16::try_from(e.port).unwrap_or(0),
                    security: e.security,
                    // Never a stored secret in the clear (issue 11), even though HES sends it so.
                    password: user.as_ref().map(|_| match e.security {
                        hes_core::settings::email::SmtpSecurity::None => {
                            Err(super::check_form::SMTP_NO_TLS.to_string())
                        }
                        _ => self.clear(e.password.as_ref()),
                    }),
                    user_name: user,
                    from: e.from.clone(),
                    test_recipient: None,
                });
            }
        }
        let domains = strict_domains(&rows)?;
        if let Some(p) = domains.primary {
            out.ad.push(AdInput {
                id: PRIMARY_ID.into(),
                domain: p.host.unwrap_or_default(),
                logon_name: p.user_name.unwrap_or_default(),
                password: self.clear(p.password.as_ref()),
                starttls: false,
                pinned_sha256: None,
                server: None,
            });
        }
        for e in domains.others {
            match e {
                DomainEntry::AzureAd { id, name, tenant_id, application_id, client_secret, .. } => {
                    out.azure.push(AzureInput {
                        id,
                        name: name.unwrap_or_default(),
                        tenant_id: tenant_id.unwrap_or_default(),
                        application_id: application_id.unwrap_or_default(),
                        client_secret: self.clear(client_secret.as_ref()),
                    })
                }
                DomainEntry::ActiveDirectory { id, host, user_name, password, .. } => out.ad.push(AdInput {
                    id,
                    domain: host.unwrap_or_default(),
                    logon_name: user_name.unwrap_or_default(),
                    password: self.clear(password.as_ref()),
                    starttls: false,
                    pinned_sha256: None,
                    server: None,
                }),
            }
        }
        Ok(out)
    }
}
