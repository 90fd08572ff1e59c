//! E-mail (SMTP): `AppSettings['email']` = `{"Host","Port","Security","UserName","Password","From","FromName"}`.
//! HES 3.8.x reads SMTP from its config file, not from here; the UI says so.

use super::{clean, resolve_secret, SingleSection};
use crate::error::AppResult;
use crate::protect::Protector;
use crate::secret::{SecretInput, SecretState, StoredSecret};
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    #[default]
    StartTls,
    /// Implicit TLS (port 465).
    Tls,
    /// No encryption (port 25); the UI warns.
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EmailStored {
    #[serde(default)]
    pub host: String,
    #[serde(default = "default_port")]
    pub port: i32,
    #[serde(default)]
    pub security: SmtpSecurity,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub password: Option<StoredSecret>,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub from_name: Option<String>,
}

fn default_port() -> i32 {
    587
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct EmailView {
    pub host: String,
    pub port: i32,
    pub security: SmtpSecurity,
    pub user_name: String,
    pub password: SecretState,
    pub from: String,
    pub from_name: String,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EmailInput {
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    #[ts(optional)]
    pub port: Option<i32>,
    #[serde(default)]
    #[ts(optional)]
    pub security: Option<SmtpSecurity>,
    #[serde(default)]
    #[ts(optional)]
    pub user_name: Option<String>,
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub password: SecretInput,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    #[ts(optional)]
    pub from_name: Option<String>,
}

pub struct Email;

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| clean(&s)).filter(|s| !s.is_empty())
}

impl SingleSection for Email {
    const KEY: &'static str = "email";
    const TITLE: &'static str = "e-mail";
    type Stored = EmailStored;
    type View = EmailView;
    type Input = EmailInput;

    fn view(s: &EmailStored) -> EmailView {
        EmailView {
            host: s.host.clone(),
            port: s.port,
            security: s.security,
            user_name: s.user_name.clone().unwrap_or_default(),
            password: SecretState::of_stored(&s.password),
            from: s.from.clone(),
            from_name: s.from_name.clone().unwrap_or_default(),
        }
    }

    fn apply(input: EmailInput, old: Option<&EmailStored>, p: &dyn Protector) -> AppResult<EmailStored> {
        let mut v = Validator::new();
        let host = clean(&input.host);
        if v.required("Host", "SMTP Host", &host) && (host.contains("://") || host.chars().any(char::is_whitespace)) {
            v.error("Host", "The SMTP Host is a host name like smtp.example.com, without a scheme or spaces.");
        }
        let port = input.port.unwrap_or(587);
        v.port("Port", "Port", port);
        let user_name = non_empty(input.user_name);
        let password = resolve_secret(
            &mut v,
            p,
            "Password",
            "Password",
            input.password,
            old.and_then(|o| o.password.as_ref()),
            false,
        )?;
        if password.is_some() && user_name.is_none() {
            v.error("UserName", "Enter the User Name that goes with the password, or remove the password.");
        }
        let from = clean(&input.from);
        if v.required("From", "From address", &from) {
            v.email("From", "From address", &from);
        }
        v.finish()?;
        Ok(EmailStored {
            host,
            port,
            security: input.security.unwrap_or_default(),
            user_name,
            password,
            from,
            from_name: non_empty(input.from_name),
        })
    }
}
