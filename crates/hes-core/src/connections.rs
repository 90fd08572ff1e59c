//! Connection profiles: how the console reaches a HES database. The non-secret part is a file in
//! the app's config dir; the database password and (optionally) the Data Protection password live
//! only in the OS keychain.

use crate::error::{AppError, AppResult, ErrorCode};
use crate::secret::SecretInput;
use crate::validate::Validator;
use crate::workspace::TlsMode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_MS
}

fn default_port() -> u16 {
    3306
}

/// One saved connection, as stored in `connections.json` (no secrets in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionProfile {
    pub name: String,
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub tls: TlsMode,
    #[serde(default)]
    #[ts(optional)]
    pub ca_file: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_ms: u32,
    /// Reach the database through this SSH host (a local forward): `Host` and `Port` are then the
    /// database as seen from the SSH host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ssh: Option<SshProfile>,
}

fn default_ssh_port() -> u16 {
    22
}

/// The SSH host a profile goes through (no secret in it: the SSH password or the key's
/// passphrase is in the keychain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SshProfile {
    pub host: String,
    #[serde(default = "default_ssh_port")]
    pub port: u16,
    pub user: String,
    #[serde(default)]
    pub auth: SshAuth,
}

/// How the console authenticates to the SSH host.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "Kind")]
pub enum SshAuth {
    /// A private key file (OpenSSH or PEM), maybe protected by a passphrase (keychain).
    Key {
        #[serde(rename = "Path")]
        path: String,
    },
    /// The running SSH agent (ssh-agent via SSH_AUTH_SOCK; Pageant on Windows).
    #[default]
    Agent,
    /// A password (keychain).
    Password,
}

impl SshAuth {
    /// Whether this method uses the keychain's SSH secret (a password, or a key's passphrase).
    pub fn uses_secret(&self) -> bool {
        !matches!(self, SshAuth::Agent)
    }
}

/// An SSH host key as shown to the administrator: what "Trust this host key" pins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SshHostKey {
    pub host: String,
    pub port: u16,
    /// The key's algorithm, e.g. `ssh-ed25519`.
    pub algorithm: String,
    /// `SHA256:<base64>`, as `ssh-keygen -l` and OpenSSH's prompt show it.
    pub sha256: String,
}

/// Parse `user@host[:port]` (or `user@[v6]:port`).
pub fn parse_ssh_destination(text: &str) -> AppResult<(String, String, u16)> {
    let bad = |why: &str| {
        AppError::new(ErrorCode::BadRequest, format!("Not a usable SSH destination: {why}."))
            .with_hint("Use user@host or user@host:port.")
    };
    let (user, hostport) = text.trim().rsplit_once('@').ok_or_else(|| bad("the user is missing"))?;
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || (h.starts_with('[') && h.ends_with(']')) => (
            h.trim_start_matches('[').trim_end_matches(']'),
            p.parse::<u16>().map_err(|_| bad("the port is not a number"))?,
        ),
        _ => (hostport.trim_start_matches('[').trim_end_matches(']'), 22),
    };
    if user.is_empty() || host.is_empty() || port == 0 {
        return Err(bad("user and host are both needed"));
    }
    Ok((user.to_string(), host.to_string(), port))
}

/// What the UI lists: the profile plus which of its secrets the keychain holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionProfileView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub profile: ConnectionProfile,
    pub password_stored: bool,
    pub data_protection_password_stored: bool,
    /// The SSH password or the key's passphrase is in the keychain.
    #[serde(default)]
    pub ssh_secret_stored: bool,
}

/// A new or edited profile. `Password`: absent keeps the keychain entry, `null` removes it,
/// a string replaces it.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConnectionProfileInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    #[ts(optional)]
    pub port: Option<u32>,
    #[serde(default)]
    pub database: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    #[ts(optional)]
    pub tls: Option<TlsMode>,
    #[serde(default)]
    #[ts(optional)]
    pub ca_file: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub timeout_ms: Option<u32>,
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub password: SecretInput,
    #[serde(default)]
    #[ts(optional)]
    pub ssh: Option<SshProfile>,
    /// The SSH password or the key's passphrase, like `Password`: absent keeps, `null` removes.
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub ssh_secret: SecretInput,
}

/// A server's TLS certificate as shown to the administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ServerCertificate {
    /// Distinguished names as RFC 4514 text, e.g. `CN=dc1.corp.example.com`.
    pub subject: String,
    pub issuer: String,
    /// Validity in UTC, RFC 3339 (`2026-11-25T18:44:33Z`).
    pub not_before: String,
    pub not_after: String,
    /// The DNS names and IP addresses it is issued for (subjectAltName).
    pub names: Vec<String>,
    /// SHA-256 of the DER certificate: uppercase hex pairs joined by colons (`AB:CD:…`), as
    /// Windows and OpenSSL show it. A pin may be given in this form or as plain hex, any case.
    pub sha256: String,
    /// Verified: issued by a trusted CA for the name the check (or connection) connected to, and in its validity.
    pub trusted: bool,
    /// Not verified, but accepted because its SHA-256 equals the pin the administrator chose.
    pub pinned: bool,
}

/// The result of "Test connection": reached or not, and what was found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionTestResult {
    pub ok: bool,
    #[ts(optional)]
    pub hes_version: Option<String>,
    #[ts(optional)]
    pub read_only: Option<bool>,
    #[ts(optional)]
    pub data_protection: Option<crate::workspace::DataProtectionState>,
    #[ts(optional)]
    pub error: Option<AppError>,
    /// The profile's TLS mode leaves the connection open to an attacker on the path (shown with
    /// the result, reached or not).
    #[ts(optional)]
    pub warning: Option<ConnectionWarning>,
    /// The server's certificate when it was not trusted (`TlsUntrustedCertificate`) or is not the
    /// pinned one (`TlsCertificateChanged`), or when it was accepted only by its pin: what
    /// "Trust this certificate" pins (by its `Sha256`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub certificate: Option<ServerCertificate>,
    /// The SSH host's key when it was refused as unknown (`SshHostKeyUnknown`: what "Trust this
    /// host key" pins) or changed (`SshHostKeyChanged`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ssh_host_key: Option<SshHostKey>,
    pub duration_ms: u32,
}

/// A stable code and a sentence: what is weak about a connection that may still work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionWarning {
    pub code: ConnectionWarningCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ConnectionWarningCode {
    /// TLS mode Disabled.
    TlsDisabled,
    /// TLS mode Preferred or Required: encrypted (maybe), but the server is not verified.
    TlsNotVerified,
}

impl ConnectionWarning {
    /// The warning for a profile using `tls`, if its mode is weak.
    pub fn for_tls(tls: TlsMode) -> Option<ConnectionWarning> {
        let message = tls.weakness()?.to_string();
        let code = match tls {
            TlsMode::Disabled => ConnectionWarningCode::TlsDisabled,
            _ => ConnectionWarningCode::TlsNotVerified,
        };
        Some(ConnectionWarning { code, message })
    }
}

impl ConnectionProfileInput {
    /// Validate against the other profiles; returns the profile and the password change (the
    /// SSH secret's change stays in `ssh_secret`: take it first).
    pub fn into_profile(
        self,
        others: &[ConnectionProfile],
        editing: Option<&str>,
    ) -> AppResult<(ConnectionProfile, SecretInput)> {
        let mut v = Validator::new();
        let name = self.name.trim().to_string();
        if v.required("Name", "Name", &name) {
            v.max_len("Name", "Name", &name, 64);
            if others.iter().any(|p| Some(p.name.as_str()) != editing && p.name.eq_ignore_ascii_case(&name)) {
                v.error("Name", format!("A connection named {name} already exists."));
            }
        }
        let host = self.host.trim().to_string();
        if v.required("Host", "Host", &host)
            && (host.contains("://") || host.contains('/') || host.chars().any(char::is_whitespace))
        {
            v.error("Host", "The Host is a host name or IP address, like db.example.com, without a scheme or path.");
        }
        let port = self.port.unwrap_or(3306);
        v.port("Port", "Port", i32::try_from(port).unwrap_or(0));
        let database = self.database.trim().to_string();
        v.required("Database", "Database", &database);
        let user = self.user.trim().to_string();
        v.required("User", "User", &user);
        let tls = self.tls.unwrap_or_default();
        let ca_file = self.ca_file.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if ca_file.is_some() && matches!(tls, TlsMode::Disabled) {
            v.error("CaFile", "A CA file is used only with TLS: choose a TLS mode or remove the file.");
        }
        let timeout_ms = self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        if !(500..=120_000).contains(&timeout_ms) {
            v.error("TimeoutMs", "The timeout must be between 500 ms and 120 s.");
        }
        let ssh = self.ssh.map(|s| validate_ssh(&mut v, s));
        v.finish()?;
        Ok((
            ConnectionProfile { name, host, port: port as u16, database, user, tls, ca_file, timeout_ms, ssh },
            self.password,
        ))
    }
}

/// The SSH part of a profile, trimmed, its errors on `Ssh.*` fields.
fn validate_ssh(v: &mut Validator, s: SshProfile) -> SshProfile {
    let host = s.host.trim().to_string();
    if v.required("Ssh.Host", "SSH host", &host)
        && (host.contains("://") || host.contains('/') || host.contains('@') || host.chars().any(char::is_whitespace))
    {
        v.error(
            "Ssh.Host",
            "The SSH host is a host name or IP address, like hes.example.com, without a user or scheme.",
        );
    }
    v.port("Ssh.Port", "SSH port", i32::from(s.port));
    let user = s.user.trim().to_string();
    v.required("Ssh.User", "SSH user", &user);
    let auth = match s.auth {
        SshAuth::Key { path } => {
            let path = path.trim().to_string();
            v.required("Ssh.KeyPath", "Private key file", &path);
            SshAuth::Key { path }
        }
        other => other,
    };
    SshProfile { host, port: s.port, user, auth }
}

/// Parse `mysql://user@host:port/database` (a password in the URL is refused: it would end up
/// in shell history and process lists). Without `ssl-mode` the mode is `VERIFY_IDENTITY`, not
/// MySQL's `PREFERRED`: a script must not silently send the password to an unverified server;
/// `?ssl-mode=PREFERRED` (or any other mode) is still accepted when asked for.
pub fn parse_mysql_url(url: &str) -> AppResult<ConnectionProfile> {
    let bad = |why: &str| {
        AppError::new(ErrorCode::BadRequest, format!("Not a usable MySQL URL: {why}."))
            .with_hint("Use mysql://user@host:port/database; give the password on stdin or in HESCTL_DB_PASSWORD.")
    };
    let rest = url.strip_prefix("mysql://").ok_or_else(|| bad("it must start with mysql://"))?;
    let (authority, database) = rest.split_once('/').ok_or_else(|| bad("the database name is missing"))?;
    let (database, query) = database.split_once('?').unwrap_or((database, ""));
    let (user, hostport) = authority.rsplit_once('@').ok_or_else(|| bad("the user is missing"))?;
    if user.contains(':') {
        return Err(bad("a password must not be part of the URL"));
    }
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => (
            h.trim_start_matches('[').trim_end_matches(']'),
            p.parse::<u16>().map_err(|_| bad("the port is not a number"))?,
        ),
        _ => (hostport, 3306),
    };
    let mut tls = TlsMode::VerifyIdentity;
    let mut ca_file = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("ssl-mode", m)) => {
                tls = match m.to_ascii_uppercase().as_str() {
                    "DISABLED" => TlsMode::Disabled,
                    "PREFERRED" => TlsMode::Preferred,
                    "REQUIRED" => TlsMode::Required,
                    "VERIFY_CA" => TlsMode::VerifyCa,
                    "VERIFY_IDENTITY" => TlsMode::VerifyIdentity,
                    _ => {
                        return Err(bad("ssl-mode is one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY"))
                    }
                }
            }
            Some(("ssl-ca", path)) => ca_file = Some(path.to_string()),
            _ => return Err(bad(&format!("unknown parameter {pair}"))),
        }
    }
    if user.is_empty() || host.is_empty() || database.is_empty() {
        return Err(bad("user, host and database are all needed"));
    }
    Ok(ConnectionProfile {
        name: format!("{user}@{host}:{port}/{database}"),
        host: host.to_string(),
        port,
        database: database.to_string(),
        user: user.to_string(),
        tls,
        ca_file,
        timeout_ms: DEFAULT_TIMEOUT_MS,
        ssh: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_and_refuses_passwords() {
        let p = parse_mysql_url("mysql://hes@db.example.com:13306/hes?ssl-mode=VERIFY_IDENTITY&ssl-ca=/tmp/ca.crt")
            .unwrap();
        assert_eq!(
            (p.user.as_str(), p.host.as_str(), p.port, p.database.as_str()),
            ("hes", "db.example.com", 13306, "hes")
        );
        assert_eq!(p.tls, TlsMode::VerifyIdentity);
        assert_eq!(p.ca_file.as_deref(), Some("/tmp/ca.crt"));
        assert_eq!(parse_mysql_url("mysql://u@h/db").unwrap().port, 3306);
        // No ssl-mode: verified, not MySQL's PREFERRED; an explicit PREFERRED stays possible.
        assert_eq!(parse_mysql_url("mysql://u@h/db").unwrap().tls, TlsMode::VerifyIdentity);
        assert_eq!(parse_mysql_url("mysql://u@h/db?ssl-mode=preferred").unwrap().tls, TlsMode::Preferred);
        for bad in [
            "mysql://u:pw@h/db",
            "postgres://u@h/db",
            "mysql://h/db",
            "mysql://u@h",
            "mysql://u@h:x/db",
            "mysql://u@h/db?ssl-mode=maybe",
        ] {
            assert_eq!(parse_mysql_url(bad).unwrap_err().code, ErrorCode::BadRequest, "{bad}");
        }
    }

    #[test]
    fn weak_tls_modes_warn() {
        assert_eq!(TlsMode::default(), TlsMode::VerifyIdentity);
        let old: ConnectionProfile =
            serde_json::from_str(r#"{"Name":"a","Host":"h","Database":"d","User":"u"}"#).unwrap();
        assert_eq!(old.tls, TlsMode::VerifyIdentity, "a profile without Tls is verified");
        for (mode, code) in [
            (TlsMode::Disabled, Some(ConnectionWarningCode::TlsDisabled)),
            (TlsMode::Preferred, Some(ConnectionWarningCode::TlsNotVerified)),
            (TlsMode::Required, Some(ConnectionWarningCode::TlsNotVerified)),
            (TlsMode::VerifyCa, None),
            (TlsMode::VerifyIdentity, None),
        ] {
            assert_eq!(ConnectionWarning::for_tls(mode).map(|w| w.code), code, "{mode:?}");
        }
        let json = serde_json::to_value(ConnectionWarning::for_tls(TlsMode::Preferred).unwrap()).unwrap();
        assert_eq!(json["Code"], "TlsNotVerified");
    }

    #[test]
    fn profile_input_rules() {
        let input = |name: &str, host: &str, port: Option<u32>| ConnectionProfileInput {
            name: name.into(),
            host: host.into(),
            port,
            database: "hes".into(),
            user: "hes".into(),
            tls: None,
            ca_file: None,
            timeout_ms: None,
            password: SecretInput::Keep,
            ssh: None,
            ssh_secret: SecretInput::Keep,
        };
        let (p, _) = input("Prod", "db.example.com", None).into_profile(&[], None).unwrap();
        assert_eq!((p.port, p.tls, p.timeout_ms), (3306, TlsMode::VerifyIdentity, DEFAULT_TIMEOUT_MS));
        assert_eq!(
            input("prod", "x", None).into_profile(std::slice::from_ref(&p), None).unwrap_err().field.as_deref(),
            Some("Name")
        );
        assert!(
            input("Prod", "x", None).into_profile(std::slice::from_ref(&p), Some("Prod")).is_ok(),
            "editing keeps its name"
        );
        assert_eq!(input("A", "mysql://db", None).into_profile(&[], None).unwrap_err().field.as_deref(), Some("Host"));
        assert_eq!(input("A", "db", Some(70000)).into_profile(&[], None).unwrap_err().field.as_deref(), Some("Port"));
        let ssh = |host: &str, user: &str, auth: SshAuth| {
            let mut i = input("S", "127.0.0.1", None);
            i.ssh = Some(SshProfile { host: host.into(), port: 22, user: user.into(), auth });
            i.into_profile(&[], None)
        };
        let (p, _) = ssh(" hes.example.com ", "admin", SshAuth::Agent).unwrap();
        assert_eq!(p.ssh.as_ref().map(|s| s.host.as_str()), Some("hes.example.com"));
        assert_eq!(ssh("a@b", "admin", SshAuth::Agent).unwrap_err().field.as_deref(), Some("Ssh.Host"));
        assert_eq!(ssh("b", " ", SshAuth::Agent).unwrap_err().field.as_deref(), Some("Ssh.User"));
        let no_key = ssh("b", "u", SshAuth::Key { path: " ".into() }).unwrap_err();
        assert_eq!(no_key.field.as_deref(), Some("Ssh.KeyPath"));
    }

    #[test]
    fn ssh_profiles_and_destinations() {
        let json = r#"{"Name":"a","Host":"127.0.0.1","Database":"d","User":"u","Ssh":{"Host":"h","User":"admin","Auth":{"Kind":"Key","Path":"/k"}}}"#;
        let p: ConnectionProfile = serde_json::from_str(json).unwrap();
        let ssh = p.ssh.clone().unwrap();
        assert_eq!((ssh.port, ssh.auth), (22, SshAuth::Key { path: "/k".into() }));
        let back = serde_json::to_value(&p).unwrap();
        assert_eq!(back["Ssh"]["Auth"]["Kind"], "Key");
        let plain: ConnectionProfile =
            serde_json::from_str(r#"{"Name":"a","Host":"h","Database":"d","User":"u"}"#).unwrap();
        assert!(serde_json::to_value(&plain).unwrap().get("Ssh").is_none(), "no Ssh key without SSH");
        assert_eq!(
            parse_ssh_destination("admin@hes.example.com").unwrap(),
            ("admin".into(), "hes.example.com".into(), 22)
        );
        assert_eq!(parse_ssh_destination("admin@h:2222").unwrap().2, 2222);
        assert_eq!(parse_ssh_destination("admin@[::1]:2222").unwrap().1, "::1");
        for bad in ["hes.example.com", "@h", "u@", "u@h:x", "u@h:0"] {
            assert_eq!(parse_ssh_destination(bad).unwrap_err().code, ErrorCode::BadRequest, "{bad}");
        }
    }
}
