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

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceInfo {
    /// "Local workspace" or the connection profile's name.
    pub connection: String,
    /// `sqlite` or `mysql`.
    pub kind: String,
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
}

/// Whether HES reads a setting, and when a direct database edit takes effect (reference 4.7, 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    /// Read on each use: takes effect at once.
    Live,
    /// Cached by HES: takes effect after HES restarts.
    Restart,
    /// This HES release does not read it (stored for newer releases).
    Ignored,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SectionSupport {
    pub key: String,
    pub support: Support,
}

/// HES 3.x (every release the console knows) reads licensing and domain live, caches splunk and
/// SAML until a restart, and has no storage for the rest.
pub fn support_for(_hes_version: Option<&str>) -> Vec<SectionSupport> {
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
    .map(|(k, s)| SectionSupport { key: k.to_string(), support: s })
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
