//! What the header shows about the open database, and how the UI names one secret for Show.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DataProtectionState {
    /// No `DataProtection` row: HES stores secrets in plaintext.
    Off,
    /// One row, password not entered yet.
    Locked,
    /// One row, password verified.
    Unlocked,
    /// More than one row: a password change did not finish in HES (read-only).
    Broken,
}

/// Which kind of database is open: the local workspace file or a HES database on MySQL/MariaDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
    Sqlite,
    Mysql,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceInfo {
    /// "Local workspace" or the connection profile's name.
    pub connection: String,
    /// `sqlite` or `mysql`.
    pub kind: DbKind,
    /// The file path or `host:port/database` (never a password).
    pub location: String,
    /// The HES release the schema matches, e.g. "3.8.4".
    #[ts(optional)]
    pub hes_version: Option<String>,
    pub data_protection: DataProtectionState,
    pub read_only: bool,
    #[ts(optional)]
    pub read_only_reason: Option<String>,
    /// How the HES release of this database treats each `AppSettings` key and `saml`.
    pub support: Vec<SectionSupport>,
    /// The newest `__EFMigrationsHistory.MigrationId`: all that is known of a newer release.
    #[ts(optional)]
    pub newest_migration: Option<String>,
    /// The database is from a HES release newer than the newest the console knows (3.8.4): every
    /// write is refused (`NewerHesRelease`) until the admin acknowledges it for this connection.
    pub newer_release: bool,
    /// The admin acknowledged writing HES 3.8.4's formats into that newer release (this
    /// connection, this session).
    pub newer_release_acknowledged: bool,
    /// Whether `SamlRelyingParties` has NameIdentifierFormat and NameIdentifierField (HES 3.8.4);
    /// false on HES 3.8.3, where the console neither shows nor writes them.
    pub saml_name_id: bool,
    /// The local workspace only: how its secret fields are kept on this computer ("encrypted with
    /// a key in the OS keychain", or why they are in plaintext).
    #[ts(optional)]
    pub secrets_at_rest: Option<String>,
}

/// Whether HES reads a setting, and when a direct database edit takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    /// Read on each use: takes effect at once.
    Live,
    /// Cached by HES: takes effect after HES restarts.
    Restart,
    /// HES does not read it: no HES release is known to. The console keeps it in its own
    /// `AppSettings` row, in a format the console defined (docs/console-rows.md, versioned by
    /// `ConsoleFormat`), so that a later mapping to what a HES release reads stays possible.
    Ignored,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SectionSupport {
    pub key: String,
    pub support: Support,
    /// Whether this HES release reads the section at all (`Live` or `Restart`).
    pub hes_reads: bool,
    /// The section is stored in one of the console's own rows (docs/console-rows.md).
    pub console_row: bool,
    /// One sentence for people: what HES does with it.
    pub note: String,
}

/// HES 3.x (every release the console knows) reads licensing and domain live, caches splunk and
/// SAML until a restart, and reads none of the rest: those are the console's own rows.
pub fn support_for(hes_version: Option<&str>) -> Vec<SectionSupport> {
    let release = hes_version.map_or_else(|| "This HES release".to_string(), |v| format!("HES {v}"));
    [
        ("licensing", Support::Live),
        ("domain", Support::Live),
        ("domains", Support::Ignored),
        ("splunk", Support::Restart),
        ("fido", Support::Ignored),
        ("oidc", Support::Ignored),
        ("email", Support::Ignored),
        ("customization", Support::Ignored),
        ("saml", Support::Restart),
    ]
    .into_iter()
    .map(|(k, s)| SectionSupport {
        key: k.to_string(),
        support: s,
        hes_reads: s != Support::Ignored,
        console_row: crate::settings::console_format::is_console_row(k),
        note: match s {
            Support::Live => format!("{release} reads this setting on each use: a change takes effect at once."),
            Support::Restart => {
                format!("{release} reads this setting at start-up: a change takes effect after HES restarts.")
            }
            Support::Ignored => format!(
                "{release} does not read this setting, and no HES release is known to: the console keeps it in its own \
                 row, in a format documented in {}.",
                crate::settings::console_format::DOC
            ),
        },
    })
    .collect()
}

/// The one secret a Show request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SecretRef {
    /// `licensing`, `splunk`, `email`, `domain` (with `Id`) or `oidc` (with `Id`).
    pub section: String,
    #[ts(optional)]
    pub id: Option<String>,
}

/// How a MySQL connection uses TLS (MySQL's `--ssl-mode` values).
/// New profiles default to `VerifyIdentity` (MySQL's own clients default to `PREFERRED`, which
/// takes any certificate and falls back to plaintext: the password would be open to anyone on the
/// path). The weaker modes stay available when chosen explicitly, with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub enum TlsMode {
    Disabled,
    /// TLS when the server offers it, without verifying the certificate.
    Preferred,
    /// TLS always, without verifying the certificate.
    Required,
    /// TLS with the server certificate checked against the CA.
    VerifyCa,
    /// TLS with the certificate checked against the CA and the host name.
    #[default]
    VerifyIdentity,
}

impl TlsMode {
    /// Why this mode leaves the connection open to an attacker on the path, if it does.
    pub fn weakness(self) -> Option<&'static str> {
        match self {
            TlsMode::Disabled => Some(
                "TLS is off: the database password and every setting cross the network in plain text.",
            ),
            TlsMode::Preferred => Some(
                "Preferred accepts any certificate and falls back to plain text without TLS: anyone on the network path can read the password and the settings. Choose Verify identity (and pin the server's certificate if it is self-signed).",
            ),
            TlsMode::Required => Some(
                "Required encrypts but accepts any certificate: anyone on the network path can pose as the server and take the password. Choose Verify identity (and pin the server's certificate if it is self-signed).",
            ),
            TlsMode::VerifyCa | TlsMode::VerifyIdentity => None,
        }
    }
}
