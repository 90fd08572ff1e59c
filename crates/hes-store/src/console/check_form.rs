//! Checks of an edit dialog's values ("Test" before "Save"). A stored secret is used
//! only while the target and identity are the stored ones (AD: host + logon name; Azure: tenant +
//! application id; SMTP: host + user; Splunk: URL; licensing: API address). Once either is edited the
//! admin must type the secret again, so a retargeted test cannot send the stored secret elsewhere.

use super::check_inputs::{AdInput, AzureInput, CheckInputs, CheckSecret, SmtpInput};
use super::domains::strict_domains;
use super::Console;
use crate::rows;
use hes_core::error::AppResult;
use hes_core::secret::StoredSecret;
use hes_core::settings::domains::{DomainEntry, DomainInput, PRIMARY_ID};
use hes_core::settings::email::{Email, EmailInput, SmtpSecurity};
use hes_core::settings::licensing::{Licensing, LicensingInput, DEFAULT_API_ADDRESS};
use hes_core::settings::splunk::{Splunk, SplunkInput};
use hes_core::settings::{parse_stored, SingleSection};
use hes_core::SecretInput;
use serde::Deserialize;
use ts_rs::TS;

/// The values of one edit dialog, as the UI sends them to be checked (never stored by a check).
#[derive(Debug, Deserialize, TS)]
#[serde(tag = "Section", content = "Input")]
pub enum CheckForm {
    #[serde(rename = "splunk")]
    Splunk(SplunkInput),
    #[serde(rename = "licensing")]
    Licensing(LicensingInput),
    /// `TestTo`: also send a test e-mail to this address.
    #[serde(rename = "email")]
    Email {
        #[serde(rename = "Email")]
        email: EmailInput,
        #[serde(rename = "TestTo", default)]
        #[ts(optional)]
        test_to: Option<String>,
    },
    /// `Id`: the domain being edited (absent for a new one).
    #[serde(rename = "domain")]
    Domain {
        #[serde(rename = "Id", default)]
        #[ts(optional)]
        id: Option<String>,
        #[serde(rename = "Domain")]
        domain: DomainInput,
        /// AD only: test over StartTLS on 389 instead of LDAPS on 636 (what HES uses).
        #[serde(rename = "StartTls", default)]
        #[ts(as = "Option<bool>", optional)]
        starttls: bool,
    },
}

/// Why a stored secret is not used for a retargeted check (shown in the report's Settings step).
pub const RETARGETED: &str = "the target or identity was changed: type the secret again to test it";

/// Why a stored SMTP password is not used with Security None (a typed one may be, by choice).
pub const SMTP_NO_TLS: &str =
    "a stored password is never sent without TLS: choose StartTls or Tls, or type the password to test without TLS";

/// Host names, domains, URLs and ids compare without case and surrounding spaces.
fn same(a: &str, b: Option<&str>) -> bool {
    b.is_some_and(|b| a.trim().eq_ignore_ascii_case(b.trim()))
}

impl Console {
    fn form_secret(&self, input: SecretInput, stored: Option<&StoredSecret>, unchanged: bool) -> CheckSecret {
        match input {
            SecretInput::Replace(s) if !s.is_blank() => Ok(s),
            SecretInput::Replace(_) | SecretInput::Clear => Err("no secret was typed".into()),
            SecretInput::Keep if !unchanged => Err(RETARGETED.into()),
            SecretInput::Keep => match stored {
                None => Err("no secret is stored".into()),
                Some(s) => self.protector().unprotect(s.as_stored()).map_err(|e| e.message),
            },
        }
    }

    /// What to check for a dialog's values; secrets follow the retarget rule above.
    pub async fn check_form_inputs(&self, form: CheckForm) -> AppResult<CheckInputs> {
        let rows = rows::read_all(&self.db).await?;
        let mut out = CheckInputs::default();
        match form {
            CheckForm::Splunk(input) => {
                let stored = match rows.get(Splunk::KEY) {
                    Some(raw) => Some(parse_stored::<<Splunk as SingleSection>::Stored>(Splunk::KEY, raw)?),
                    None => None,
                };
                let unchanged = stored.as_ref().is_some_and(|s| same(&input.host, s.host.as_deref()));
                let token = stored.as_ref().and_then(|s| s.token.as_ref());
                out.splunk = Some((input.host.trim().to_string(), self.form_secret(input.token, token, unchanged)));
            }
            CheckForm::Licensing(input) => {
                let stored = match rows.get(Licensing::KEY) {
                    Some(raw) => Some(parse_stored::<<Licensing as SingleSection>::Stored>(Licensing::KEY, raw)?),
                    None => None,
                };
                let address = input
                    .api_address
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .unwrap_or(DEFAULT_API_ADDRESS)
                    .to_string();
                let stored_address = stored.as_ref().map(|s| s.api_address.as_deref().unwrap_or(DEFAULT_API_ADDRESS));
                let unchanged = same(&address, stored_address);
                let key = stored.as_ref().and_then(|s| s.api_key.as_ref());
                out.licensing = Some((address, self.form_secret(input.api_key, key, unchanged)));
            }
            CheckForm::Email { email: input, test_to } => {
                let stored = match rows.get(Email::KEY) {
                    Some(raw) => Some(parse_stored::<<Email as SingleSection>::Stored>(Email::KEY, raw)?),
                    None => None,
                };
                let user = input.user_name.clone().filter(|u| !u.trim().is_empty());
                let port = input.port.and_then(|p| u16::try_from(p).ok()).unwrap_or(587);
                let security = input.security.unwrap_or_default();
                // Port and security are part of the target: another port may be another server,
                // and the password goes in the clear without TLS.
                let unchanged = stored.as_ref().is_some_and(|s| {
                    same(&input.host, Some(&s.host))
                        && user.as_deref().unwrap_or("") == s.user_name.as_deref().unwrap_or("").trim()
                        && i32::from(port) == s.port
                        && security == s.security
                });
                let pw = stored.as_ref().and_then(|s| s.password.as_ref());
                let password = user.as_ref().map(|_| match (&input.password, security) {
                    (SecretInput::Keep, SmtpSecurity::None) => Err(SMTP_NO_TLS.to_string()),
                    _ => self.form_secret(input.password, pw, unchanged),
                });
                out.smtp = Some(SmtpInput {
                    host: input.host.trim().to_string(),
                    port,
                    security,
                    user_name: user,
                    password,
                    from: input.from.trim().to_string(),
                    test_recipient: test_to.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
                });
            }
            CheckForm::Domain { id, domain, starttls } => {
                let state = strict_domains(&rows)?;
                match domain {
                    DomainInput::ActiveDirectory { host, user_name, password, .. } => {
                        let old = match id.as_deref() {
                            Some(PRIMARY_ID) => state
                                .primary
                                .as_ref()
                                .map(|p| (p.host.clone(), p.user_name.clone(), p.password.clone())),
                            Some(id) => state.others.iter().find(|e| e.id() == id).and_then(|e| match e {
                                DomainEntry::ActiveDirectory { host, user_name, password, .. } => {
                                    Some((host.clone(), user_name.clone(), password.clone()))
                                }
                                DomainEntry::AzureAd { .. } => None,
                            }),
                            None => None,
                        };
                        let unchanged = old
                            .as_ref()
                            .is_some_and(|(h, u, _)| same(&host, h.as_deref()) && same(&user_name, u.as_deref()));
                        let stored = old.as_ref().and_then(|(_, _, p)| p.as_ref());
                        out.ad.push(AdInput {
                            id: id.clone().unwrap_or_default(),
                            domain: host.trim().to_string(),
                            logon_name: user_name.trim().to_string(),
                            password: self.form_secret(password, stored, unchanged),
                            starttls,
                            pinned_sha256: None,
                            server: None,
                        });
                    }
                    DomainInput::AzureAd { name, tenant_id, application_id, client_secret, .. } => {
                        let old = id.as_deref().and_then(|id| state.others.iter().find(|e| e.id() == id));
                        let (unchanged, stored) = match old {
                            Some(DomainEntry::AzureAd {
                                tenant_id: t, application_id: a, client_secret: s, ..
                            }) => (same(&tenant_id, t.as_deref()) && same(&application_id, a.as_deref()), s.as_ref()),
                            _ => (false, None),
                        };
                        out.azure.push(AzureInput {
                            id: id.clone().unwrap_or_default(),
                            name: name.trim().to_string(),
                            tenant_id: tenant_id.trim().to_string(),
                            application_id: application_id.trim().to_string(),
                            client_secret: self.form_secret(client_secret, stored, unchanged),
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}
