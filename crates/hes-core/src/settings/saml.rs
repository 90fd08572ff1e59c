//! SAML service providers: HES's table `SamlRelyingParties`.
//! HES caches this table until it restarts; the UI says so.

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

/// Which of HES's `SamlRelyingParties` columns a database has: HES 3.8.3 created
/// the table without `NameIdentifierFormat` / `NameIdentifierField`; 3.8.4's migrations
/// 20210630114557 and 20210701083146 added them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamlColumns {
    pub name_id: bool,
}

impl SamlColumns {
    pub const HES_3_8_3: SamlColumns = SamlColumns { name_id: false };
    pub const HES_3_8_4: SamlColumns = SamlColumns { name_id: true };
}

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
/// HES makes (and its unique index enforces); `previous` is the stored row being edited, if any.
///
/// The certificate is stored as PEM ([`saml_cert::to_pem`]: the form HES on Linux can load), except
/// that a certificate equal to `previous`'s (same DER) keeps `previous`'s text byte for byte, so
/// editing another field never rewrites a row's certificate. Without name-id columns (HES 3.8.3)
/// the row carries the values HES 3.8.4's migrations backfill, and other values are refused.
pub fn build(
    id: String,
    input: SamlSpInput,
    others: &[SamlSp],
    previous: Option<&SamlSp>,
    columns: SamlColumns,
) -> AppResult<SamlSp> {
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
    // Empty means "no certificate", which HES allows; anything else must parse as X.509.
    let cert = input.signature_validation_certificate_base64.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let stored = previous.and_then(|p| p.signature_validation_certificate_base64.as_deref());
    let cert = cert.and_then(|c| match saml_cert::inspect(c.as_bytes()) {
        Ok(info) => Some(match stored {
            Some(s) if saml_cert::same_certificate(s, &info.pem) => s.to_string(),
            _ => info.pem,
        }),
        // HES's exact words at the field; `saml_cert::inspect` tells the UI what exactly is wrong.
        Err(_) => {
            v.error("SignatureValidationCertificateBase64", "Invalid certificate.");
            None
        }
    });
    let format = input.name_identifier_format.map(|s| clean(&s)).unwrap_or_else(|| DEFAULT_NAME_ID_FORMAT.to_string());
    let field = input.name_identifier_field.unwrap_or_default();
    if !NAME_ID_FORMATS.iter().any(|(_, uri)| *uri == format) {
        v.error("NameIdentifierFormat", "Choose one of the listed Name Identifier Formats.");
    } else if !columns.name_id && format != DEFAULT_NAME_ID_FORMAT {
        v.error("NameIdentifierFormat", NO_NAME_ID_COLUMNS);
    }
    if !columns.name_id && field != NameIdField::Email {
        v.error("NameIdentifierField", NO_NAME_ID_COLUMNS);
    }
    v.finish()?;
    Ok(SamlSp {
        id,
        issuer,
        single_sign_on_destination: acs,
        single_logout_response_destination: slo,
        signature_validation_certificate_base64: cert,
        name_identifier_format: format,
        name_identifier_field: field,
    })
}

/// Why a name-id value is refused on a HES 3.8.3 database.
pub const NO_NAME_ID_COLUMNS: &str =
    "This database is HES 3.8.3's, which has no Name Identifier Format or Field (HES 3.8.4 added them); upgrade HES to choose them.";

/// A Name Identifier Format given as its URI or its label in HES's dropdown ("Email",
/// "persistent"; any case) → the stored URI.
pub fn name_id_format_uri(label_or_uri: &str) -> Option<&'static str> {
    let want = label_or_uri.trim();
    NAME_ID_FORMATS.iter().find(|(label, uri)| *uri == want || label.eq_ignore_ascii_case(want)).map(|(_, uri)| *uri)
}
