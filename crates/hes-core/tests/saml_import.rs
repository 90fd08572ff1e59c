//! SAML service providers: certificates in every form an admin has them (PEM, bare base64, DER)
//! and the ones that must be refused, SP metadata files with HES's error cases, and the row
//! rules (case-insensitive issuer, name-id format, stored form). Fixtures: tests/fixtures/saml/
//! (made by make.sh there with openssl; the committed files are what runs).

use base64::Engine;
use hes_core::settings::saml::{self, name_id_format_uri, NameIdField, SamlSpInput};
use hes_core::settings::saml_cert::{inspect_at, CertificateInfo};
use hes_core::settings::saml_metadata::import_at;
use hes_core::ErrorCode;
use std::path::PathBuf;

// The .NET-on-Linux check of tests/support, by path: hes-core cannot depend on that crate.
#[path = "../../../tests/support/src/dotnet_pem.rs"]
mod dotnet_pem;
use dotnet_pem::{assert_dotnet_loadable_pem, pem_der};

const HES_3_8_4: saml::SamlColumns = saml::SamlColumns::HES_3_8_4;

/// 2027-01-01T00:00:00Z: the fixtures' "now" (the SP certificate is valid from 2026-11-25 for 100 years).
const NOW: i64 = 1_798_761_600;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/saml").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn der_base64() -> String {
    base64::engine::general_purpose::STANDARD.encode(fixture("sp-signing.der"))
}

enum Want {
    /// Accepted; the subject contains this, and whether it counts as expired.
    Ok(&'static str, bool),
    /// Refused with InvalidCertificate; the message contains this.
    Refused(&'static str),
}

#[test]
fn certificates_table() {
    let pem = fixture("sp-signing.pem");
    let pem_text = String::from_utf8(pem.clone()).unwrap();
    let crlf = pem_text.replace('\n', "\r\n").into_bytes();
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(&pem);
    let mut bad_tail = fixture("sp-signing.der");
    bad_tail.extend_from_slice(b"\0\0");
    let cases: Vec<(&str, Vec<u8>, Want)> = vec![
        ("PEM", pem.clone(), Want::Ok("CN=sp.example.com", false)),
        ("PEM with CRLF and a BOM", [&bom[..3], &crlf[..]].concat(), Want::Ok("CN=sp.example.com", false)),
        (
            "PEM inside other text",
            format!("Our cert:\n{pem_text}\nthanks").into_bytes(),
            Want::Ok("sp.example.com", false),
        ),
        ("bare base64, wrapped", fixture("sp-signing.b64"), Want::Ok("CN=sp.example.com", false)),
        ("bare base64, one line", der_base64().into_bytes(), Want::Ok("CN=sp.example.com", false)),
        ("DER bytes", fixture("sp-signing.der"), Want::Ok("CN=sp.example.com", false)),
        ("expired PEM (2020-2021)", fixture("expired.pem"), Want::Ok("CN=old-sp.example.com", true)),
        ("garbage text", fixture("garbage.txt"), Want::Refused("not valid base64")),
        ("empty", b"   \n".to_vec(), Want::Refused("empty")),
        ("base64 that is not a certificate", b"SGVsbG8sIHdvcmxkIQ==".to_vec(), Want::Refused("not an X.509")),
        ("PEM without END", pem_text.lines().take(5).collect::<Vec<_>>().join("\n").into_bytes(), Want::Refused("END")),
        (
            "a private key pasted by mistake",
            b"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n".to_vec(),
            Want::Refused("private key"),
        ),
        ("truncated DER", fixture("sp-signing.der")[..400].to_vec(), Want::Refused("not an X.509")),
        ("DER with trailing bytes", bad_tail, Want::Refused("extra bytes")),
        ("binary that is not DER", vec![0xFF, 0x00, 0x12, 0x80], Want::Refused("neither DER nor text")),
        ("too large", vec![b'A'; 70 * 1024], Want::Refused("64 KB")),
    ];
    let reference = inspect_at(&fixture("sp-signing.der"), NOW).unwrap();
    for (name, input, want) in cases {
        let r = inspect_at(&input, NOW);
        match want {
            Want::Ok(subject, expired) => {
                let info = r.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                assert!(info.subject.contains(subject), "{name}: {}", info.subject);
                assert_eq!(info.expired, expired, "{name}");
                if !expired {
                    assert_eq!(info, reference, "{name}: every form is the same certificate");
                }
            }
            Want::Refused(part) => {
                let e = r.expect_err(name);
                assert_eq!(e.code, ErrorCode::InvalidCertificate, "{name}: {e:?}");
                assert!(e.message.starts_with("Invalid certificate."), "{name}: HES's words first: {}", e.message);
                assert!(e.message.contains(part), "{name}: {:?} lacks {part:?}", e.message);
                assert_eq!(e.field.as_deref(), Some("SignatureValidationCertificateBase64"));
                assert!(!e.message.contains("MIIEvQ"), "{name}: the input is never echoed");
            }
        }
    }
}

#[test]
fn certificate_details_match_openssl() {
    let info: CertificateInfo = inspect_at(&fixture("expired.pem"), NOW).unwrap();
    assert_eq!(info.subject, "CN=old-sp.example.com, O=Example SP");
    assert_eq!(info.issuer, info.subject, "self-signed");
    assert_eq!((info.not_before.as_str(), info.not_after.as_str()), ("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"));
    assert!(info.expired && !info.not_yet_valid);
    // expired.sha256 is `openssl x509 -noout -fingerprint -sha256` of the same file (make.sh).
    let openssl = String::from_utf8(fixture("expired.sha256")).unwrap();
    assert_eq!(info.sha256_fingerprint, openssl.trim());
    assert_eq!(info.sha256_fingerprint.len(), 32 * 3 - 1);
    let early = inspect_at(&fixture("expired.pem"), 1_500_000_000).unwrap();
    assert!(early.not_yet_valid && !early.expired, "judged against the given time");
}

#[test]
fn metadata_table() {
    let good = import_at(&fixture("sp-metadata.xml"), NOW).unwrap();
    assert_eq!(good.issuer, "https://sp.example.com/saml");
    assert_eq!(good.single_sign_on_destination, "https://sp.example.com/saml/acs", "the HTTP-POST ACS, not the first");
    assert_eq!(
        good.single_logout_response_destination.as_deref(),
        Some("https://sp.example.com/saml/slo-response"),
        "the POST SLO's ResponseLocation"
    );
    assert_dotnet_loadable_pem(&good.signature_validation_certificate_base64, "metadata import");
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(pem_der(&good.signature_validation_certificate_base64)),
        der_base64(),
        "the signing key, as PEM"
    );
    assert!(good.certificate.subject.contains("CN=sp.example.com,"), "not the encryption certificate");
    assert_eq!(good.name_identifier_format.as_deref(), Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"));

    let sp = |body: &str| {
        format!(
            r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="urn:sp">
                 <SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{body}</SPSSODescriptor>
               </EntityDescriptor>"#
        )
        .into_bytes()
    };
    let key = |attrs: &str, cert: &str| {
        format!(
            r#"<KeyDescriptor {attrs}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>"#
        )
    };
    let acs = r#"<AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://r.example.com/acs" index="0"/>"#;
    let cert = der_base64();
    let cases: Vec<(&str, Vec<u8>, Result<&str, ErrorCode>)> = vec![
        ("good file", fixture("sp-metadata.xml"), Ok("https://sp.example.com/saml/acs")),
        (
            "no use attribute means signing too",
            sp(&format!("{}{acs}", key("", &cert))),
            Ok("https://r.example.com/acs"),
        ),
        ("no SLO is fine", sp(&format!("{}{acs}", key(r#"use="signing""#, &cert))), Ok("https://r.example.com/acs")),
        ("not XML", fixture("not-xml.txt"), Err(ErrorCode::SamlMetadataNotXml)),
        ("binary", vec![0xFF, 0xFE, 0x00, 0x3C], Err(ErrorCode::SamlMetadataNotXml)),
        (
            "a DTD (entity expansion) is refused",
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>".to_vec(),
            Err(ErrorCode::SamlMetadataNotXml),
        ),
        ("XML that is not metadata", b"<html><body/></html>".to_vec(), Err(ErrorCode::SamlMetadataNotMetadata)),
        (
            "right name, wrong namespace",
            b"<EntityDescriptor entityID=\"x\"><SPSSODescriptor/></EntityDescriptor>".to_vec(),
            Err(ErrorCode::SamlMetadataNotMetadata),
        ),
        (
            "an aggregate",
            b"<EntitiesDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>".to_vec(),
            Err(ErrorCode::SamlMetadataNotMetadata),
        ),
        (
            "no SPSSODescriptor (an IdP's metadata)",
            fixture("idp-metadata.xml"),
            Err(ErrorCode::SamlMetadataNoSpDescriptor),
        ),
        ("no ACS", sp(&key(r#"use="signing""#, &cert)), Err(ErrorCode::SamlMetadataNoAcs)),
        (
            "no signing certificate",
            fixture("sp-metadata-no-signing-certificate.xml"),
            Err(ErrorCode::SamlMetadataNoSigningCertificate),
        ),
        (
            "a bad signing certificate",
            sp(&format!("{}{acs}", key("", "bm90IGEgY2VydA=="))),
            Err(ErrorCode::InvalidCertificate),
        ),
    ];
    for (name, xml, want) in cases {
        match (import_at(&xml, NOW), want) {
            (Ok(m), Ok(acs)) => assert_eq!(m.single_sign_on_destination, acs, "{name}"),
            (Err(e), Err(code)) => {
                assert_eq!(e.code, code, "{name}: {e:?}");
                assert_eq!(e.field.as_deref(), Some("Metadata"), "{name}");
                assert!(!e.message.is_empty());
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
    // HES's own messages for its two error cases.
    assert_eq!(import_at(b"<html/>", NOW).unwrap_err().message, "Not metadata or descriptor element not found.");
    assert_eq!(
        import_at(&fixture("idp-metadata.xml"), NOW).unwrap_err().message,
        "Service Provider descriptor not loaded from metadata."
    );
}

fn input(issuer: &str, cert: Option<String>) -> SamlSpInput {
    SamlSpInput {
        issuer: issuer.into(),
        single_sign_on_destination: "https://sp.example.com/acs".into(),
        signature_validation_certificate_base64: cert,
        ..Default::default()
    }
}

fn build(id: &str, input: SamlSpInput, previous: Option<&saml::SamlSp>) -> hes_core::error::AppResult<saml::SamlSp> {
    saml::build(id.into(), input, &[], previous, HES_3_8_4)
}

#[test]
fn rows_store_pem_whatever_form_was_given() {
    let pem = String::from_utf8(fixture("sp-signing.pem")).unwrap();
    let crlf_bom = format!("\u{feff}{}", pem.replace('\n', "\r\n"));
    let wrapped = String::from_utf8(fixture("sp-signing.b64")).unwrap();
    let der_as_text = format!("  {}\n", der_base64());
    for (name, given) in
        [("PEM", pem), ("PEM, CRLF, BOM", crlf_bom), ("wrapped base64", wrapped), ("one-line base64", der_as_text)]
    {
        let row = build("a", input("urn:a", Some(given)), None).unwrap();
        let stored = row.signature_validation_certificate_base64.unwrap();
        assert_dotnet_loadable_pem(&stored, name);
        assert!(
            stored.ends_with("\n-----END CERTIFICATE-----\n") && !stored.contains('\r'),
            "{name}: LF PEM: {stored:?}"
        );
        assert_eq!(base64::engine::general_purpose::STANDARD.encode(pem_der(&stored)), der_base64(), "{name}");
    }
    let none = build("a", input("urn:a", Some("  \n".into())), None).unwrap();
    assert_eq!(none.signature_validation_certificate_base64, None, "blank means no certificate, as in HES");
    let expired = String::from_utf8(fixture("expired.pem")).unwrap();
    assert!(build("a", input("urn:a", Some(expired)), None).is_ok(), "expired is a warning, not an error");
    let e = build("a", input("urn:a", Some("garbage".into())), None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("SignatureValidationCertificateBase64"));
}

#[test]
fn pem_lines_are_64_columns_for_every_length() {
    // Certificates of several sizes: the last line is short, or exactly 64 (no empty line after it).
    for der_len in [1usize, 47, 48, 49, 96, 767, 768, 769] {
        let der: Vec<u8> = (0..der_len).map(|i| i as u8).collect();
        let pem = hes_core::settings::saml_cert::to_pem(&der);
        let body: Vec<&str> = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert!(body.iter().rev().skip(1).all(|l| l.len() == 64), "{der_len}: {pem}");
        assert!((1..=64).contains(&body.last().unwrap().len()), "{der_len}: {pem}");
        assert_eq!(pem_der(&pem), der, "{der_len}");
    }
}

#[test]
fn an_unchanged_certificate_keeps_its_stored_text_byte_for_byte() {
    let bare = der_base64();
    let pem = String::from_utf8(fixture("sp-signing.pem")).unwrap();
    let crlf = pem.replace('\n', "\r\n");
    let expired = String::from_utf8(fixture("expired.pem")).unwrap();
    for (name, stored) in
        [("bare base64 (what the console stored before)", bare.clone()), ("CRLF PEM", crlf), ("LF PEM", pem.clone())]
    {
        let previous = saml::SamlSp {
            signature_validation_certificate_base64: Some(stored.clone()),
            ..build("a", input("urn:a", None), None).unwrap()
        };
        // Only the ACS changes; the certificate comes back as the UI shows it, or in another form.
        for given in [stored.clone(), pem.clone(), bare.clone()] {
            let mut i = input("urn:a", Some(given));
            i.single_sign_on_destination = "https://sp.example.com/acs2".into();
            let row = build("a", i, Some(&previous)).unwrap();
            assert_eq!(row.signature_validation_certificate_base64.as_deref(), Some(stored.as_str()), "{name}");
            assert_eq!(row.single_sign_on_destination, "https://sp.example.com/acs2");
        }
        // A different certificate replaces it, as PEM.
        let row = build("a", input("urn:a", Some(expired.clone())), Some(&previous)).unwrap();
        let written = row.signature_validation_certificate_base64.unwrap();
        assert_dotnet_loadable_pem(&written, name);
        assert_ne!(written, stored);
    }
}

#[test]
fn hes_3_8_3_rows_take_only_the_name_id_defaults() {
    let v383 = saml::SamlColumns::HES_3_8_3;
    let ok = saml::build("a".into(), input("urn:a", None), &[], None, v383).unwrap();
    assert_eq!(
        (ok.name_identifier_format.as_str(), ok.name_identifier_field),
        (saml::DEFAULT_NAME_ID_FORMAT, NameIdField::Email)
    );
    let mut i = input("urn:a", None);
    i.name_identifier_format = Some(saml::DEFAULT_NAME_ID_FORMAT.into());
    assert!(saml::build("a".into(), i, &[], None, v383).is_ok(), "the default is what HES 3.8.4's upgrade stores");
    let mut i = input("urn:a", None);
    i.name_identifier_format = Some(saml::NAME_ID_FORMATS[6].1.into());
    i.name_identifier_field = Some(NameIdField::External);
    let e = saml::build("a".into(), i, &[], None, v383).unwrap_err();
    let fields: Vec<&str> = e.field_errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["NameIdentifierFormat", "NameIdentifierField"], "{e:?}");
    assert!(e.field_errors[0].message.contains("3.8.3"), "{e:?}");
}

#[test]
fn field_rules_table() {
    let taken = build("1", input("https://SP.example.com/Saml", None), None).unwrap();
    let others = std::slice::from_ref(&taken);
    let with = |f: &dyn Fn(&mut SamlSpInput)| {
        let mut i = input("urn:new", None);
        f(&mut i);
        saml::build("2".into(), i, others, None, HES_3_8_4)
    };
    /// A change to a valid input, and the field and message it must get (None: accepted).
    type Case = (&'static str, Box<dyn Fn(&mut SamlSpInput)>, Option<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        ("defaults", Box::new(|_| {}), None),
        (
            "issuer differs only in case",
            Box::new(|i| i.issuer = "https://sp.EXAMPLE.com/saml".into()),
            Some(("Issuer", "Issuer already exist.")),
        ),
        ("issuer blank", Box::new(|i| i.issuer = "  ".into()), Some(("Issuer", "required"))),
        ("issuer over 255", Box::new(|i| i.issuer = "u".repeat(256)), Some(("Issuer", "255"))),
        (
            "ACS missing",
            Box::new(|i| i.single_sign_on_destination = String::new()),
            Some(("SingleSignOnDestination", "required")),
        ),
        (
            "ACS not a URL",
            Box::new(|i| i.single_sign_on_destination = "sp/acs".into()),
            Some(("SingleSignOnDestination", "fully-qualified")),
        ),
        ("SLO optional", Box::new(|i| i.single_logout_response_destination = Some("".into())), None),
        (
            "SLO not a URL",
            Box::new(|i| i.single_logout_response_destination = Some("slo".into())),
            Some(("SingleLogoutResponseDestination", "fully-qualified")),
        ),
        (
            "format from the list",
            Box::new(|i| i.name_identifier_format = Some(saml::NAME_ID_FORMATS[6].1.into())),
            None,
        ),
        (
            "format not listed",
            Box::new(|i| i.name_identifier_format = Some("urn:x".into())),
            Some(("NameIdentifierFormat", "listed")),
        ),
        ("External ID field", Box::new(|i| i.name_identifier_field = Some(NameIdField::External)), None),
    ];
    for (name, f, want) in cases {
        match (with(&*f), want) {
            (Ok(_), None) => {}
            (Err(e), Some((field, part))) => {
                let fe = e.field_errors.iter().find(|x| x.field == field).unwrap_or_else(|| panic!("{name}: {e:?}"));
                assert!(fe.message.contains(part), "{name}: {}", fe.message);
            }
            (r, w) => panic!("{name}: got {r:?}, want {w:?}"),
        }
    }
    assert_eq!(name_id_format_uri("persistent"), Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"));
    assert_eq!(name_id_format_uri("X509 SUBJECT NAME"), Some(saml::NAME_ID_FORMATS[2].1));
    assert_eq!(name_id_format_uri(saml::DEFAULT_NAME_ID_FORMAT), Some(saml::DEFAULT_NAME_ID_FORMAT));
    assert_eq!(name_id_format_uri("email address"), None);
    assert_eq!(saml::NAME_ID_FORMATS.len(), 8);
}
