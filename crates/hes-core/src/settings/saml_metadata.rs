//! Import a service provider from its SAML 2.0 metadata XML, as HES's "Add service provider"
//! dialog does: `Issuer` = `entityID`, the ACS and SLO locations, and the signing
//! certificate, given as PEM (the form the console stores: `saml_cert::to_pem`). HES's error cases
//! get stable codes.
//!
//! One deliberate difference: HES takes the *first* ACS and SLO service whatever its binding;
//! the console takes the first one with the HTTP-POST binding, because HES answers only with
//! HTTP-POST, and falls back to the first one when there is none.

use super::saml::NAME_ID_FORMATS;
use super::saml_cert::{self, CertificateInfo};
use crate::error::{AppError, AppResult, ErrorCode};
use roxmltree::{Document, Node, ParsingOptions};
use serde::Serialize;
use ts_rs::TS;

pub const MD_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
/// Largest metadata file read (one SP's metadata is a few KB; federation aggregates are refused).
pub const MAX_METADATA_BYTES: usize = 1024 * 1024;

/// The fields the metadata fills in; the admin reviews them and saves with the usual rules.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SamlMetadataImport {
    pub issuer: String,
    pub single_sign_on_destination: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub single_logout_response_destination: Option<String>,
    /// The signing certificate as PEM text, the form the console stores.
    pub signature_validation_certificate_base64: String,
    pub certificate: CertificateInfo,
    /// The SP's first `NameIDFormat` when it is one HES offers (HES itself leaves the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name_identifier_format: Option<String>,
}

fn err(code: ErrorCode, message: &str) -> AppError {
    AppError::new(code, message).with_field("Metadata")
}

/// More than [`MAX_METADATA_BYTES`]: not one SP's metadata.
pub fn too_large() -> AppError {
    err(
        ErrorCode::SamlMetadataNotMetadata,
        "The metadata file is larger than 1 MB; one service provider's metadata is a few KB.",
    )
}

/// Parse SP metadata. `now` (Unix seconds) judges the certificate's expiry.
pub fn import_at(xml: &[u8], now: i64) -> AppResult<SamlMetadataImport> {
    if xml.len() > MAX_METADATA_BYTES {
        return Err(too_large());
    }
    let text = std::str::from_utf8(xml)
        .map_err(|_| err(ErrorCode::SamlMetadataNotXml, "The file is not XML: it is not UTF-8 text."))?;
    let text = text.trim_start_matches('\u{feff}');
    // No DTDs (so no entity expansion), and a bound on the tree.
    let opts = ParsingOptions { allow_dtd: false, nodes_limit: 200_000, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, opts).map_err(|e| {
        let why = match e {
            roxmltree::Error::DtdDetected => "it declares a DTD, which is not accepted".to_string(),
            other => other.to_string(),
        };
        err(ErrorCode::SamlMetadataNotXml, &format!("The file is not XML: {why}."))
    })?;
    let root = doc.root_element();
    if !is(root, MD_NS, "EntityDescriptor") {
        let hint = if is(root, MD_NS, "EntitiesDescriptor") {
            "This is a metadata aggregate of several entities; export the metadata of the one service provider."
        } else {
            "Choose the service provider's SAML 2.0 metadata (an md:EntityDescriptor document)."
        };
        return Err(
            err(ErrorCode::SamlMetadataNotMetadata, "Not metadata or descriptor element not found.").with_hint(hint)
        );
    }
    let issuer = root.attribute("entityID").map(str::trim).unwrap_or_default();
    if issuer.is_empty() {
        return Err(err(ErrorCode::SamlMetadataNotMetadata, "The EntityDescriptor has no entityID."));
    }
    let Some(sp) = children(root, MD_NS, "SPSSODescriptor").next() else {
        return Err(err(
            ErrorCode::SamlMetadataNoSpDescriptor,
            "Service Provider descriptor not loaded from metadata.",
        )
        .with_hint("The metadata describes no service provider (it may be an identity provider's)."));
    };
    let acs = pick_service(sp, "AssertionConsumerService", |n| n.attribute("Location")).ok_or_else(|| {
        err(ErrorCode::SamlMetadataNoAcs, "The metadata has no AssertionConsumerService with a Location.")
    })?;
    let slo = pick_service(sp, "SingleLogoutService", |n| n.attribute("ResponseLocation").or(n.attribute("Location")));
    let cert_text = signing_certificate(sp).ok_or_else(|| {
        err(ErrorCode::SamlMetadataNoSigningCertificate, "The metadata has no signing certificate.")
            .with_hint("HES needs the SP's signing certificate to check its logout requests; ask the SP for metadata that includes it.")
    })?;
    let certificate = saml_cert::inspect_at(cert_text.as_bytes(), now).map_err(|e| AppError {
        message: format!("In the metadata's signing certificate: {}", e.message),
        field: Some("Metadata".into()),
        ..e
    })?;
    let name_identifier_format = children(sp, MD_NS, "NameIDFormat")
        .filter_map(|n| n.text().map(str::trim))
        .find(|f| NAME_ID_FORMATS.iter().any(|(_, uri)| uri == f))
        .map(String::from);
    Ok(SamlMetadataImport {
        issuer: issuer.to_string(),
        single_sign_on_destination: acs,
        single_logout_response_destination: slo,
        signature_validation_certificate_base64: certificate.pem.clone(),
        certificate,
        name_identifier_format,
    })
}

/// [`import_at`] against the system clock.
pub fn import(xml: &[u8]) -> AppResult<SamlMetadataImport> {
    import_at(xml, crate::dates::now_unix())
}

fn is(n: Node, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
}

fn children<'a, 'i>(n: Node<'a, 'i>, ns: &'a str, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children().filter(move |c| is(*c, ns, name))
}

/// The first service of that kind with the HTTP-POST binding, else the first one; its location.
fn pick_service<'a>(
    sp: Node<'a, '_>,
    name: &str,
    location: impl Fn(Node<'a, '_>) -> Option<&'a str>,
) -> Option<String> {
    let with_location: Vec<(Node, &str)> = sp
        .children()
        .filter(|c| is(*c, MD_NS, name))
        .filter_map(|c| location(c).map(str::trim).filter(|l| !l.is_empty()).map(|l| (c, l)))
        .collect();
    with_location
        .iter()
        .find(|(n, _)| n.attribute("Binding") == Some(HTTP_POST))
        .or(with_location.first())
        .map(|(_, l)| l.to_string())
}

/// The first `KeyDescriptor` for signing (`use="signing"`, or no `use`: both) with an X.509 certificate.
fn signing_certificate(sp: Node) -> Option<String> {
    children(sp, MD_NS, "KeyDescriptor").filter(|k| matches!(k.attribute("use"), None | Some("signing"))).find_map(
        |k| {
            k.descendants()
                .find(|d| is(*d, DS_NS, "X509Certificate"))
                .and_then(|c| c.text())
                .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                .filter(|t| !t.is_empty())
        },
    )
}
