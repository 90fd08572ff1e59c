//! Domains: several at once, each managed on its own.
//!
//! - `AppSettings['domain']` = `{"Host","UserName","Password","MaxPasswordAge"}`: the primary
//!   on-premises domain, the one HES 3.x reads. Its id in the console is `primary`.
//! - `AppSettings['domains']` = array of further domains, on-premises or Azure AD, each with an `Id`.
//!
//! Removing the primary promotes the next on-premises domain, so HES keeps syncing with one.

use super::{clean, resolve_secret};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::protect::Protector;
use crate::secret::{SecretInput, SecretState, StoredSecret};
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const PRIMARY_KEY: &str = "domain";
pub const LIST_KEY: &str = "domains";
/// The console's id for the domain stored in `AppSettings['domain']`.
pub const PRIMARY_ID: &str = "primary";
pub const DEFAULT_MAX_PASSWORD_AGE: i32 = 28;

fn default_age() -> i32 {
    DEFAULT_MAX_PASSWORD_AGE
}

/// HES's `LdapSettings` in declaration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LdapStored {
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub password: Option<StoredSecret>,
    /// HES 3.5 rows have none: it reads as 28.
    #[serde(default = "default_age")]
    pub max_password_age: i32,
}

/// An entry of `AppSettings['domains']`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Type")]
pub enum DomainEntry {
    #[serde(rename_all = "PascalCase")]
    ActiveDirectory {
        id: String,
        #[serde(default)]
        host: Option<String>,
        #[serde(default)]
        user_name: Option<String>,
        #[serde(default)]
        password: Option<StoredSecret>,
        #[serde(default = "default_age")]
        max_password_age: i32,
    },
    #[serde(rename_all = "PascalCase")]
    AzureAd {
        id: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        tenant_id: Option<String>,
        #[serde(default)]
        application_id: Option<String>,
        #[serde(default)]
        client_secret: Option<StoredSecret>,
        #[serde(default = "default_age")]
        max_password_age: i32,
    },
}

impl DomainEntry {
    pub fn id(&self) -> &str {
        match self {
            DomainEntry::ActiveDirectory { id, .. } | DomainEntry::AzureAd { id, .. } => id,
        }
    }
}

/// What the UI sees of a domain. Logon secrets only as their state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "Type")]
pub enum DomainView {
    #[serde(rename_all = "PascalCase")]
    ActiveDirectory {
        id: String,
        /// The domain in `AppSettings['domain']`, the one HES 3.x syncs with.
        primary: bool,
        host: String,
        user_name: String,
        password: SecretState,
        max_password_age: i32,
    },
    #[serde(rename_all = "PascalCase")]
    AzureAd {
        id: String,
        name: String,
        tenant_id: String,
        application_id: String,
        client_secret: SecretState,
        max_password_age: i32,
    },
}

/// A new or edited domain. The type of an existing domain cannot change.
#[derive(Debug, Deserialize, TS)]
#[serde(tag = "Type", deny_unknown_fields)]
pub enum DomainInput {
    #[serde(rename_all = "PascalCase")]
    ActiveDirectory {
        #[serde(default)]
        host: String,
        #[serde(default)]
        user_name: String,
        #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
        #[ts(as = "Option<String>", optional = nullable)]
        password: SecretInput,
        #[serde(default)]
        #[ts(optional)]
        max_password_age: Option<i32>,
    },
    #[serde(rename_all = "PascalCase")]
    AzureAd {
        #[serde(default)]
        name: String,
        #[serde(default)]
        tenant_id: String,
        #[serde(default)]
        application_id: String,
        #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
        #[ts(as = "Option<String>", optional = nullable)]
        client_secret: SecretInput,
        #[serde(default)]
        #[ts(optional)]
        max_password_age: Option<i32>,
    },
}

/// Both rows together: every domain operation reads and writes this pair.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DomainsState {
    pub primary: Option<LdapStored>,
    pub others: Vec<DomainEntry>,
}

impl DomainsState {
    pub fn views(&self) -> Vec<DomainView> {
        let mut out = Vec::new();
        if let Some(p) = &self.primary {
            out.push(DomainView::ActiveDirectory {
                id: PRIMARY_ID.into(),
                primary: true,
                host: p.host.clone().unwrap_or_default(),
                user_name: p.user_name.clone().unwrap_or_default(),
                password: SecretState::of_stored(&p.password),
                max_password_age: p.max_password_age,
            });
        }
        out.extend(self.others.iter().map(entry_view));
        out
    }

    /// Add (`id` = None) or edit a domain. Returns the new state and the domain's id.
    pub fn upsert(
        &self,
        id: Option<&str>,
        input: DomainInput,
        p: &dyn Protector,
        new_id: impl FnOnce() -> String,
    ) -> AppResult<(Self, String)> {
        let mut next = self.clone();
        match (id, input) {
            (Some(PRIMARY_ID), DomainInput::ActiveDirectory { host, user_name, password, max_password_age }) => {
                let old = self.primary.as_ref().ok_or_else(|| not_found(PRIMARY_ID))?;
                let (host, user, pw, age) = ad_fields(
                    self,
                    Some(PRIMARY_ID),
                    host,
                    user_name,
                    password,
                    max_password_age,
                    old.password.as_ref(),
                    p,
                )?;
                next.primary =
                    Some(LdapStored { host: Some(host), user_name: Some(user), password: pw, max_password_age: age });
                Ok((next, PRIMARY_ID.into()))
            }
            (Some(PRIMARY_ID), DomainInput::AzureAd { .. }) => Err(type_change()),
            (Some(id), input) => {
                let idx = self.others.iter().position(|e| e.id() == id).ok_or_else(|| not_found(id))?;
                let entry = build_entry(self, id, input, Some(&self.others[idx]), p)?;
                next.others[idx] = entry;
                Ok((next, id.to_string()))
            }
            (None, DomainInput::ActiveDirectory { host, user_name, password, max_password_age })
                if self.primary.is_none() =>
            {
                let (host, user, pw, age) =
                    ad_fields(self, None, host, user_name, password, max_password_age, None, p)?;
                next.primary =
                    Some(LdapStored { host: Some(host), user_name: Some(user), password: pw, max_password_age: age });
                Ok((next, PRIMARY_ID.into()))
            }
            (None, input) => {
                let id = new_id();
                let entry = build_entry(self, &id, input, None, p)?;
                next.others.push(entry);
                Ok((next, id))
            }
        }
    }

    /// Remove a domain; removing the primary promotes the next on-premises domain.
    pub fn delete(&self, id: &str) -> AppResult<Self> {
        let mut next = self.clone();
        if id == PRIMARY_ID {
            if next.primary.take().is_none() {
                return Err(not_found(id));
            }
            if let Some(idx) = next.others.iter().position(|e| matches!(e, DomainEntry::ActiveDirectory { .. })) {
                if let DomainEntry::ActiveDirectory { host, user_name, password, max_password_age, .. } =
                    next.others.remove(idx)
                {
                    next.primary = Some(LdapStored { host, user_name, password, max_password_age });
                }
            }
            return Ok(next);
        }
        let idx = next.others.iter().position(|e| e.id() == id).ok_or_else(|| not_found(id))?;
        next.others.remove(idx);
        Ok(next)
    }
}

fn entry_view(e: &DomainEntry) -> DomainView {
    match e {
        DomainEntry::ActiveDirectory { id, host, user_name, password, max_password_age } => {
            DomainView::ActiveDirectory {
                id: id.clone(),
                primary: false,
                host: host.clone().unwrap_or_default(),
                user_name: user_name.clone().unwrap_or_default(),
                password: SecretState::of_stored(password),
                max_password_age: *max_password_age,
            }
        }
        DomainEntry::AzureAd { id, name, tenant_id, application_id, client_secret, max_password_age } => {
            DomainView::AzureAd {
                id: id.clone(),
                name: name.clone().unwrap_or_default(),
                tenant_id: tenant_id.clone().unwrap_or_default(),
                application_id: application_id.clone().unwrap_or_default(),
                client_secret: SecretState::of_stored(client_secret),
                max_password_age: *max_password_age,
            }
        }
    }
}

fn not_found(id: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("There is no domain with id '{id}'."))
        .with_hint("Reload: it may have been removed by someone else.")
}

fn age_of(v: &mut Validator, age: Option<i32>) -> i32 {
    let age = age.unwrap_or(DEFAULT_MAX_PASSWORD_AGE);
    v.range("MaxPasswordAge", "Auto Password Change", age, 1, 180);
    age
}

/// Validate an on-premises domain's fields (HES's rules plus a DNS-name check and uniqueness).
#[allow(clippy::too_many_arguments)]
fn ad_fields(
    state: &DomainsState,
    self_id: Option<&str>,
    host: String,
    user_name: String,
    password: SecretInput,
    age: Option<i32>,
    old_password: Option<&StoredSecret>,
    p: &dyn Protector,
) -> AppResult<(String, String, Option<StoredSecret>, i32)> {
    let mut v = Validator::new();
    let host = clean(&host);
    if v.required("Host", "Domain Name", &host) {
        if !is_dns_name(&host) {
            v.error("Host", "The Domain Name is the AD DNS domain, like corp.example.com (letters, digits, hyphens and dots).");
        } else if state.views().iter().any(|d| matches!(d, DomainView::ActiveDirectory { id, host: h, .. } if Some(id.as_str()) != self_id && h.eq_ignore_ascii_case(&host))) {
            v.error("Host", format!("The domain {host} is already configured."));
        }
    }
    let user = clean(&user_name);
    v.required("UserName", "User Logon Name", &user);
    let pw = resolve_secret(&mut v, p, "Password", "Password", password, old_password, true)?;
    let age = age_of(&mut v, age);
    v.finish()?;
    Ok((host, user, pw, age))
}

fn build_entry(
    state: &DomainsState,
    id: &str,
    input: DomainInput,
    old: Option<&DomainEntry>,
    p: &dyn Protector,
) -> AppResult<DomainEntry> {
    match (input, old) {
        (
            DomainInput::ActiveDirectory { host, user_name, password, max_password_age },
            None | Some(DomainEntry::ActiveDirectory { .. }),
        ) => {
            let old_pw = match old {
                Some(DomainEntry::ActiveDirectory { password, .. }) => password.as_ref(),
                _ => None,
            };
            let (host, user, pw, age) =
                ad_fields(state, Some(id), host, user_name, password, max_password_age, old_pw, p)?;
            Ok(DomainEntry::ActiveDirectory {
                id: id.into(),
                host: Some(host),
                user_name: Some(user),
                password: pw,
                max_password_age: age,
            })
        }
        (
            DomainInput::AzureAd { name, tenant_id, application_id, client_secret, max_password_age },
            None | Some(DomainEntry::AzureAd { .. }),
        ) => {
            let old_secret = match old {
                Some(DomainEntry::AzureAd { client_secret, .. }) => client_secret.as_ref(),
                _ => None,
            };
            let mut v = Validator::new();
            let name = clean(&name);
            if v.required("Name", "Name", &name)
                && state.views().iter().any(|d| matches!(d, DomainView::AzureAd { id: other, name: n, .. } if other != id && n.eq_ignore_ascii_case(&name)))
            {
                v.error("Name", format!("An Azure AD domain named {name} already exists."));
            }
            let application_id = clean(&application_id);
            if v.required("ApplicationId", "Application ID", &application_id) {
                v.guid("ApplicationId", "Application ID", &application_id);
            }
            let client_secret =
                resolve_secret(&mut v, p, "ClientSecret", "Client secret", client_secret, old_secret, true)?;
            let tenant_id = clean(&tenant_id);
            if v.required("TenantId", "Tenant ID", &tenant_id) {
                v.guid("TenantId", "Tenant ID", &tenant_id);
            }
            let age = age_of(&mut v, max_password_age);
            v.finish()?;
            Ok(DomainEntry::AzureAd {
                id: id.into(),
                name: Some(name),
                tenant_id: Some(tenant_id.to_ascii_lowercase()),
                application_id: Some(application_id.to_ascii_lowercase()),
                client_secret,
                max_password_age: age,
            })
        }
        _ => Err(type_change()),
    }
}

fn type_change() -> AppError {
    AppError::new(ErrorCode::BadRequest, "A domain's type cannot be changed.")
        .with_hint("Remove the domain and add a new one of the other type.")
}

/// An AD DNS domain name: dot-separated labels of letters, digits and hyphens.
pub fn is_dns_name(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// HES binds as `<first DNS label>\<UserName>`.
pub fn hes_bind_name(host: &str, user_name: &str) -> String {
    format!("{}\\{}", host.split('.').next().unwrap_or(host), user_name)
}

/// HES's base DN: each label of the domain as `dc=<label>`.
pub fn hes_base_dn(host: &str) -> String {
    host.split('.').map(|l| format!("dc={l}")).collect::<Vec<_>>().join(",")
}

impl DomainsState {
    /// Replace the further domains with `items` (`hesctl settings set domains`): an item whose
    /// `Id` exists keeps its stored secret unless replaced; others are new.
    pub fn replace_others(
        &self,
        items: Vec<(Option<String>, DomainInput)>,
        p: &dyn Protector,
        mut new_id: impl FnMut() -> String,
    ) -> AppResult<Self> {
        let mut next = DomainsState { primary: self.primary.clone(), others: Vec::new() };
        for (i, (id, input)) in items.into_iter().enumerate() {
            let old = id.as_deref().and_then(|id| self.others.iter().find(|e| e.id() == id));
            let id = id.unwrap_or_else(&mut new_id);
            if id == PRIMARY_ID || next.others.iter().any(|e| e.id() == id) {
                return Err(AppError::new(
                    ErrorCode::BadRequest,
                    format!("Domain Id '{id}' is used twice or reserved."),
                ));
            }
            let entry = build_entry(&next, &id, input, old, p).map_err(|e| e.at_index(i))?;
            next.others.push(entry);
        }
        Ok(next)
    }
}
