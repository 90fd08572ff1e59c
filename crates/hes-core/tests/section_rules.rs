//! Every section's validation rules: each case names the field that must be marked and a piece
//! of the message the admin reads. Nothing invalid is ever turned into a stored value.

use hes_core::protect::Plaintext;
use hes_core::settings::customization::{Customization, CustomizationInput};
use hes_core::settings::domains::{DomainInput, DomainsState, PRIMARY_ID};
use hes_core::settings::email::{Email, EmailInput, SmtpSecurity};
use hes_core::settings::fido::{AuthenticatorAttachment, Fido, FidoInput};
use hes_core::settings::licensing::{Licensing, LicensingInput, DEFAULT_API_ADDRESS};
use hes_core::settings::oidc::{self, OidcClientInput};
use hes_core::settings::saml::{self, NameIdField, SamlSpInput};
use hes_core::settings::splunk::{Splunk, SplunkInput};
use hes_core::settings::SingleSection;
use hes_core::{AppError, ErrorCode, SecretInput};

fn field_error(r: Result<impl std::fmt::Debug, AppError>, field: &str, contains: &str) {
    let e = r.expect_err("must be rejected");
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    let fe = e.field_errors.iter().find(|f| f.field == field).unwrap_or_else(|| panic!("no error at {field}: {e:?}"));
    assert!(fe.message.contains(contains), "{field}: {:?} lacks {contains:?}", fe.message);
}

fn lic(key: SecretInput, addr: Option<&str>) -> LicensingInput {
    LicensingInput { api_key: key, api_address: addr.map(String::from) }
}

#[test]
fn licensing_rules() {
    let ok = Licensing::apply(lic(SecretInput::replace("k"), None), None, &Plaintext).unwrap();
    assert_eq!(ok.api_address.as_deref(), Some(DEFAULT_API_ADDRESS), "address defaults to HES's");
    field_error(
        Licensing::apply(lic(SecretInput::Keep, None), None, &Plaintext),
        "ApiKey",
        "The API Key field is required.",
    );
    field_error(Licensing::apply(lic(SecretInput::replace("   "), None), None, &Plaintext), "ApiKey", "required");
    field_error(Licensing::apply(lic(SecretInput::Clear, None), Some(&ok), &Plaintext), "ApiKey", "required");
    field_error(
        Licensing::apply(lic(SecretInput::replace("k"), Some("hls.hideez.com")), None, &Plaintext),
        "ApiAddress",
        "not a valid fully-qualified http, https, or ftp URL",
    );
    field_error(
        Licensing::apply(lic(SecretInput::replace("k"), Some(" ")), None, &Plaintext),
        "ApiAddress",
        "required",
    );
    let kept =
        Licensing::apply(lic(SecretInput::Keep, Some("https://hls.example.org")), Some(&ok), &Plaintext).unwrap();
    assert_eq!(kept.api_key, ok.api_key, "absent keeps the stored key");
}

#[test]
fn splunk_rules() {
    let input = |h: &str, t: SecretInput| SplunkInput { host: h.into(), token: t };
    field_error(
        Splunk::apply(input("", SecretInput::replace("t")), None, &Plaintext),
        "Host",
        "The Host field is required.",
    );
    field_error(
        Splunk::apply(input("example.com:8088", SecretInput::replace("t")), None, &Plaintext),
        "Host",
        "fully-qualified",
    );
    field_error(
        Splunk::apply(input("https://s.example.com:8088", SecretInput::Keep), None, &Plaintext),
        "Token",
        "required",
    );
    assert!(Splunk::apply(input("https://s.example.com:8088", SecretInput::replace("t")), None, &Plaintext).is_ok());
}

#[test]
fn fido_rules() {
    let d = Fido::apply(
        FidoInput {
            allow_platform_authenticators: false,
            default_authenticator_attachment: AuthenticatorAttachment::CrossPlatform,
        },
        None,
        &Plaintext,
    )
    .unwrap();
    assert_eq!(
        hes_core::stj::to_string(&d).unwrap(),
        r#"{"AllowPlatformAuthenticators":false,"DefaultAuthenticatorAttachment":"cross-platform"}"#
    );
    field_error(
        Fido::apply(
            FidoInput {
                allow_platform_authenticators: false,
                default_authenticator_attachment: AuthenticatorAttachment::Platform,
            },
            None,
            &Plaintext,
        ),
        "DefaultAuthenticatorAttachment",
        "only when platform authenticators are allowed",
    );
    let input: FidoInput = serde_json::from_str(r#"{"AllowPlatformAuthenticators":true}"#).unwrap();
    assert_eq!(
        input.default_authenticator_attachment,
        AuthenticatorAttachment::CrossPlatform,
        "cross-platform unless changed"
    );
}

fn email(host: &str, port: Option<i32>, from: &str) -> EmailInput {
    EmailInput { host: host.into(), port, from: from.into(), ..Default::default() }
}

#[test]
fn email_rules() {
    let ok = Email::apply(email("smtp.example.com", None, "hes@example.com"), None, &Plaintext).unwrap();
    assert_eq!((ok.port, ok.security), (587, SmtpSecurity::StartTls));
    field_error(Email::apply(email("", Some(25), "hes@example.com"), None, &Plaintext), "Host", "required");
    field_error(
        Email::apply(email("smtp://x", Some(25), "hes@example.com"), None, &Plaintext),
        "Host",
        "without a scheme",
    );
    field_error(
        Email::apply(email("smtp.example.com", Some(0), "hes@example.com"), None, &Plaintext),
        "Port",
        "between 1 and 65535",
    );
    field_error(
        Email::apply(email("smtp.example.com", Some(70000), "hes@example.com"), None, &Plaintext),
        "Port",
        "65535",
    );
    field_error(
        Email::apply(email("smtp.example.com", Some(25), "not-an-address"), None, &Plaintext),
        "From",
        "not a valid e-mail",
    );
    let mut with_pw = email("smtp.example.com", Some(25), "hes@example.com");
    with_pw.password = SecretInput::replace("pw");
    field_error(Email::apply(with_pw, None, &Plaintext), "UserName", "User Name");
    let bad: Result<EmailInput, _> = serde_json::from_str(r#"{"Host":"h","Security":"Ssl"}"#);
    assert!(bad.is_err(), "Security is StartTls, Tls or None");
}

#[test]
fn customization_rules() {
    let c = Customization::apply(
        CustomizationInput { server_name: "  Contoso HES ".into(), logos: None },
        None,
        &Plaintext,
    )
    .unwrap();
    assert_eq!(c.server_name.as_deref(), Some("Contoso HES"));
    field_error(
        Customization::apply(CustomizationInput { server_name: "x".repeat(65), logos: None }, None, &Plaintext),
        "ServerName",
        "at most 64",
    );
    assert_eq!(Customization::view(&c).logos.len(), 5, "five logo slots");
}

#[test]
fn customization_logos_in_the_stored_form_are_checked() {
    use base64::Engine;
    use hes_core::settings::customization::LogoStored;
    use sha2::{Digest, Sha256};
    let png = b"\x89PNG\r\n\x1a\n-not-a-real-image-but-png-magic".to_vec();
    let logo = |slot: &str, w: u32, sha: String, data: &[u8]| {
        let l = LogoStored {
            content_type: "image/png".into(),
            width: w,
            height: 20,
            sha256: sha,
            data: base64::engine::general_purpose::STANDARD.encode(data),
        };
        CustomizationInput { server_name: String::new(), logos: Some([(slot.to_string(), l)].into()) }
    };
    let good_sha: String = Sha256::digest(&png).iter().map(|b| format!("{b:02x}")).collect();
    let ok = Customization::apply(logo("main", 200, good_sha.clone(), &png), None, &Plaintext).unwrap();
    assert!(Customization::view(&ok).logos.iter().any(|l| l.slot == "main" && l.custom));
    let kept = Customization::apply(CustomizationInput { server_name: "n".into(), logos: None }, Some(&ok), &Plaintext)
        .unwrap();
    assert_eq!(kept.logos, ok.logos, "absent Logos keeps the stored ones");
    field_error(
        Customization::apply(logo("banner", 200, good_sha.clone(), &png), None, &Plaintext),
        "Logos.banner",
        "no logo slot",
    );
    field_error(
        Customization::apply(logo("main", 200, "00".repeat(32), &png), None, &Plaintext),
        "Logos.main",
        "Sha256",
    );
    field_error(
        Customization::apply(logo("main", 999, good_sha.clone(), &png), None, &Plaintext),
        "Logos.main",
        "240x60",
    );
    field_error(Customization::apply(logo("main", 200, good_sha, b"GIF89a"), None, &Plaintext), "Logos.main", "PNG");
}

fn ad(host: &str, user: &str, pw: SecretInput, age: Option<i32>) -> DomainInput {
    DomainInput::ActiveDirectory { host: host.into(), user_name: user.into(), password: pw, max_password_age: age }
}

fn azure(name: &str, tenant: &str, app: &str, secret: SecretInput) -> DomainInput {
    DomainInput::AzureAd {
        name: name.into(),
        tenant_id: tenant.into(),
        application_id: app.into(),
        client_secret: secret,
        max_password_age: None,
    }
}

const GUID: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";

#[test]
fn domain_rules() {
    let s = DomainsState::default();
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("id{n}")
    };
    field_error(
        s.upsert(None, ad("", "u", SecretInput::replace("p"), None), &Plaintext, &mut id),
        "Host",
        "The Domain Name field is required.",
    );
    field_error(
        s.upsert(None, ad("corp example", "u", SecretInput::replace("p"), None), &Plaintext, &mut id),
        "Host",
        "AD DNS domain",
    );
    field_error(
        s.upsert(None, ad("corp.example.com", " ", SecretInput::replace("p"), None), &Plaintext, &mut id),
        "UserName",
        "User Logon Name",
    );
    field_error(
        s.upsert(None, ad("corp.example.com", "u", SecretInput::Keep, None), &Plaintext, &mut id),
        "Password",
        "required",
    );
    for age in [0, 181, -5] {
        field_error(
            s.upsert(None, ad("corp.example.com", "u", SecretInput::replace("p"), Some(age)), &Plaintext, &mut id),
            "MaxPasswordAge",
            "The field Auto Password Change must be between 1 and 180.",
        );
    }
    let (s, pid) =
        s.upsert(None, ad("corp.example.com", "u", SecretInput::replace("p"), None), &Plaintext, &mut id).unwrap();
    assert_eq!(pid, PRIMARY_ID);
    assert_eq!(s.primary.as_ref().unwrap().max_password_age, 28, "default 28 days");
    field_error(
        s.upsert(None, ad("CORP.example.com", "u2", SecretInput::replace("p"), None), &Plaintext, &mut id),
        "Host",
        "already configured",
    );
    field_error(
        s.upsert(None, azure("Contoso", "not-a-guid", GUID, SecretInput::replace("s")), &Plaintext, &mut id),
        "TenantId",
        "GUID",
    );
    field_error(
        s.upsert(None, azure("Contoso", GUID, "x", SecretInput::replace("s")), &Plaintext, &mut id),
        "ApplicationId",
        "GUID",
    );
    field_error(
        s.upsert(None, azure("Contoso", GUID, GUID, SecretInput::Keep), &Plaintext, &mut id),
        "ClientSecret",
        "Client secret field is required",
    );
    let (s, az) = s.upsert(None, azure("Contoso", GUID, GUID, SecretInput::replace("s")), &Plaintext, &mut id).unwrap();
    let e = s
        .upsert(Some(&az), ad("x.example.com", "u", SecretInput::replace("p"), None), &Plaintext, &mut id)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest, "a domain's type cannot change");
    let e = s.delete("nope").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn domain_delete_promotes_the_next_on_premises_domain() {
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("id{n}")
    };
    let s = DomainsState::default();
    let (s, _) =
        s.upsert(None, ad("a.example.com", "u", SecretInput::replace("pa"), None), &Plaintext, &mut id).unwrap();
    let (s, _) = s.upsert(None, azure("Contoso", GUID, GUID, SecretInput::replace("s")), &Plaintext, &mut id).unwrap();
    let (s, _) =
        s.upsert(None, ad("b.example.com", "v", SecretInput::replace("pb"), Some(30)), &Plaintext, &mut id).unwrap();
    let after = s.delete(PRIMARY_ID).unwrap();
    let p = after.primary.as_ref().expect("b is promoted");
    assert_eq!(
        (p.host.as_deref(), p.password.as_ref().map(|s| s.as_stored()), p.max_password_age),
        (Some("b.example.com"), Some("pb"), 30)
    );
    assert_eq!(after.others.len(), 1, "only the Azure domain stays in `domains`");
}

fn client(name: &str, client_id: &str, redirects: &[&str], scopes: &[&str]) -> OidcClientInput {
    OidcClientInput {
        name: name.into(),
        client_id: client_id.into(),
        client_secret: SecretInput::Keep,
        redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
        post_logout_redirect_uris: vec![],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        enabled: true,
    }
}

#[test]
fn oidc_rules() {
    let ok = &["https://app.example.com/cb"];
    let sc = &["openid", "profile"];
    let new = || "c1".to_string();
    field_error(oidc::upsert(&[], None, client("", "app", ok, sc), &Plaintext, new), "Name", "required");
    field_error(oidc::upsert(&[], None, client("App", "", ok, sc), &Plaintext, new), "ClientId", "required");
    field_error(
        oidc::upsert(&[], None, client("App", "app", &[], sc), &Plaintext, new),
        "RedirectUris",
        "at least one",
    );
    field_error(
        oidc::upsert(&[], None, client("App", "app", &["https://a.example.com/cb", "/relative"], sc), &Plaintext, new),
        "RedirectUris[1]",
        "absolute",
    );
    field_error(oidc::upsert(&[], None, client("App", "app", ok, &["profile"]), &Plaintext, new), "Scopes", "openid");
    field_error(
        oidc::upsert(&[], None, client("App", "app", ok, &["openid", "bad\"scope"]), &Plaintext, new),
        "Scopes[1]",
        "visible ASCII",
    );
    let (list, id) = oidc::upsert(&[], None, client("App", "app", ok, sc), &Plaintext, new).unwrap();
    assert_eq!(id, "c1");
    field_error(
        oidc::upsert(&list, None, client("App 2", "app", ok, sc), &Plaintext, || "c2".into()),
        "ClientId",
        "already uses",
    );
}

fn sp(issuer: &str, acs: &str, cert: Option<&str>) -> SamlSpInput {
    SamlSpInput {
        issuer: issuer.into(),
        single_sign_on_destination: acs.into(),
        signature_validation_certificate_base64: cert.map(String::from),
        ..Default::default()
    }
}

#[test]
fn saml_rules() {
    let ok = saml::build(
        "1".into(),
        sp("https://sp.example.com", "https://sp.example.com/acs", None),
        &[],
        None,
        saml::SamlColumns::HES_3_8_4,
    )
    .unwrap();
    assert_eq!(ok.name_identifier_format, saml::DEFAULT_NAME_ID_FORMAT, "Email is the default format");
    assert_eq!(ok.name_identifier_field, NameIdField::Email);
    field_error(
        saml::build("2".into(), sp("", "https://x/acs", None), &[], None, saml::SamlColumns::HES_3_8_4),
        "Issuer",
        "The Issuer field is required.",
    );
    field_error(
        saml::build(
            "2".into(),
            sp("HTTPS://SP.example.com", "https://x/acs", None),
            std::slice::from_ref(&ok),
            None,
            saml::SamlColumns::HES_3_8_4,
        ),
        "Issuer",
        "Issuer already exist.",
    );
    field_error(
        saml::build("2".into(), sp("i2", "sp/acs", None), &[], None, saml::SamlColumns::HES_3_8_4),
        "SingleSignOnDestination",
        "fully-qualified",
    );
    field_error(
        saml::build("2".into(), sp("i2", "https://x/acs", Some("garbage")), &[], None, saml::SamlColumns::HES_3_8_4),
        "SignatureValidationCertificateBase64",
        "Invalid certificate.",
    );
    let mut bad_format = sp("i2", "https://x/acs", None);
    bad_format.name_identifier_format = Some("urn:nope".into());
    field_error(
        saml::build("2".into(), bad_format, &[], None, saml::SamlColumns::HES_3_8_4),
        "NameIdentifierFormat",
        "listed",
    );
    assert!(
        saml::build(
            "1".into(),
            sp("https://sp.example.com", "https://sp.example.com/acs2", None),
            &[ok],
            None,
            saml::SamlColumns::HES_3_8_4
        )
        .is_ok(),
        "editing keeps its own issuer"
    );
}
