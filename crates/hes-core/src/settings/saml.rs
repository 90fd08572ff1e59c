//! SAML service providers: HES's table `SamlRelyingParties` (reference 1.5, 4.5, 5.4).
//! HES caches this table until it restarts (reference 4.7); the UI says so.

use super::clean;
use super::saml_cert::{self, CertificateInfo};
use crate::error::AppResult;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// ITfoxtec's `NameIdentifierFormats`, as HES's dropdown shows them: (label, stored URI).
pub const NAME_ID_FORMATS: [(&str, &str); 8] = [
    ("Unspecified", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"),
    ("Email", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"),
    ("X509 Subject Name", "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"),
    ("Windows", "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName"),
    ("Kerberos", "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos"),
    ("Entity", "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"),
    ("Persistent", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"),
    ("Transient", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"),
];
pub const DEFAULT_NAME_ID_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/// `SamlNameIdentifierType`: stored as its C# ordinal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub enum NameIdField {
    #[default]
    Email,
    External,
}

impl NameIdField {
    pub fn ordinal(self) -> i32 {
        match self {
            NameIdField::Email => 0,
            NameIdField::External => 1,
        }
    }
    pub fn from_ordinal(n: i32) -> Option<Self> {
        match n {
            0 => Some(NameIdField::Email),
            1 => Some(NameIdField::External),
            _ => None,
        }
    }
}

/// One row of `SamlRelyingParties`, column for column. Also the view: nothing here is secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SamlSp {
    pub id: String,
    pub issuer: String,
    pub single_sign_on_destination: String,
    pub single_logout_response_destination: Option<String>,
    pub signature_validation_certificate_base64: Option<String>,
    pub name_identifier_format: String,
    pub name_identifier_field: NameIdField,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SamlSpView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub sp: SamlSp,
    /// Compare-and-swap token of this row.
    pub revision: String,
    /// What the stored certificate says (subject, validity, fingerprint, expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub certificate: Option<CertificateInfo>,
    /// Why the stored certificate text does not parse, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub certificate_problem: Option<String>,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SamlSpInput {
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub single_sign_on_destination: String,
    #[serde(default)]
    #[ts(optional)]
    pub single_logout_response_destination: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub signature_validation_certificate_base64: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub name_identifier_format: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub name_identifier_field: Option<NameIdField>,
}

/// Validate and build the row. `others` are the other rows, for the case-insensitive Issuer check
/// HES makes (and its unique index enforces).
pub fn build(id: String, input: SamlSpInput, others: &[SamlSp]) -> AppResult<SamlSp> {
    let mut v = Validator::new();
    let issuer = clean(&input.issuer);
    if v.required("Issuer", "Issuer", &issuer) {
        v.max_len("Issuer", "Issuer", &issuer, 255);
        if others.iter().any(|o| o.id != id && o.issuer.to_lowercase() == issuer.to_lowercase()) {
            v.error("Issuer", "Issuer already exist.");
        }
    }
    let acs = clean(&input.single_sign_on_destination);
    if v.required("SingleSignOnDestination", "Assertion Consumer Service", &acs) {
        v.url("SingleSignOnDestination", "Assertion Consumer Service", &acs);
    }
    let slo = input.single_logout_response_destination.map(|s| clean(&s)).filter(|s| !s.is_empty());
    if let Some(slo) = &slo {
        v.url("SingleLogoutResponseDestination", "Single Logout Service", slo);
    }
    // Empty means "no certificate", which HES allows; anything else must parse as X.509 and is
    // stored as bare base64 of the DER, as HES's metadata import stores it.
    let cert = input.signature_validation_certificate_base64.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let cert = cert.and_then(|c| match saml_cert::inspect(c.as_bytes()) {
        Ok(info) => Some(info.base64),
        // HES's exact words at the field; `saml_cert::inspect` tells the UI what exactly is wrong.
        Err(_) => {
            v.error("SignatureValidationCertificateBase64", "Invalid certificate.");
            None
        }
    });
    let format = input.name_identifier_format.map(|s| clean(&s)).unwrap_or_else(|| DEFAULT_NAME_ID_FORMAT.to_string());
    if !NAME_ID_FORMATS.iter().any(|(_, uri)| *uri == format) {
        v.error("NameIdentifierFormat", "Choose one of the listed Name Identifier Formats.");
    }
    v.finish()?;
    Ok(SamlSp {
        id,
        issuer,
        single_sign_on_destination: acs,
        single_logout_response_destination: slo,
        signature_validation_certificate_base64: cert,
        name_identifier_format: format,
        name_identifier_field: input.name_identifier_field.unwrap_or_default(),
    })
}

/// A Name Identifier Format given as its URI or its label in HES's dropdown ("Email",
/// "persistent"; any case) → the stored URI.
pub fn name_id_format_uri(label_or_uri: &str) -> Option<&'static str> {
    let want = label_or_uri.trim();
    NAME_ID_FORMATS.iter().find(|(label, uri)| *uri == want || label.eq_ignore_ascii_case(want)).map(|(_, uri)| *uri)
}
