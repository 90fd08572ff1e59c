//! No secret value reaches a DTO: every view built from stored rows that hold
//! secrets serializes (and debug-prints) without them, every input holding a secret debug-prints
//! without it, and the errors raised while validating such input do not carry it either.

use hes_core::protect::Plaintext;
use hes_core::revision::RevisionKey;
use hes_core::settings::customization::{Customization, CustomizationInput};
use hes_core::settings::domains::{DomainInput, DomainsState};
use hes_core::settings::email::{Email, EmailInput, EmailStored};
use hes_core::settings::fido::{Fido, FidoInput};
use hes_core::settings::licensing::{Licensing, LicensingInput, LicensingStored};
use hes_core::settings::oidc::{self, OidcClientInput};
use hes_core::settings::saml::{NameIdField, SamlSp};
use hes_core::settings::splunk::{Splunk, SplunkInput, SplunkStored};
use hes_core::settings::view::{build_view, SettingsView};
use hes_core::settings::SingleSection;
use hes_core::{AppError, Secret, SecretInput};
use serde_json::{json, Value};
use std::collections::HashMap;

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";

fn canary(field: &str) -> String {
    format!("LEAKCANARY-{field}-7f3a")
}

/// Every secret field of every section, as the stored rows hold them (Data Protection off).
fn rows_with_secrets() -> HashMap<String, String> {
    let rows = [
        ("licensing", json!({"ApiKey": canary("ApiKey"), "ApiAddress": "https://hls.hideez.com"})),
        (
            "domain",
            json!({"Host": "corp.example.com", "UserName": "svc", "Password": canary("DomainPassword"), "MaxPasswordAge": 28}),
        ),
        (
            "domains",
            json!([
                {"Type": "ActiveDirectory", "Id": "branch", "Host": "branch.example.com", "UserName": "svc-b",
                 "Password": canary("FurtherAdPassword"), "MaxPasswordAge": 28},
                {"Type": "AzureAd", "Id": "entra", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B,
                 "ClientSecret": canary("AzureClientSecret"), "MaxPasswordAge": 28}
            ]),
        ),
        ("splunk", json!({"Host": "https://splunk.example.com:8088", "Token": canary("SplunkToken")})),
        ("fido", json!({"AllowPlatformAuthenticators": true, "DefaultAuthenticatorAttachment": "platform"})),
        (
            "oidc",
            json!([{"Id": "portal", "Name": "Portal", "ClientId": "portal", "ClientSecret": canary("OidcClientSecret"),
                    "RedirectUris": ["https://portal.example.com/cb"], "PostLogoutRedirectUris": [], "Scopes": ["openid"],
                    "Enabled": true}]),
        ),
        (
            "email",
            json!({"Host": "smtp.example.com", "Port": 587, "Security": "StartTls", "UserName": "hes",
                   "Password": canary("EmailPassword"), "From": "hes@example.com", "FromName": "HES"}),
        ),
        ("customization", json!({"ServerName": "Contoso", "Logos": {}})),
    ];
    rows.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains("LEAKCANARY"), "{what} carries a secret: {text}");
}

fn assert_debug_clean(what: &str, value: &impl std::fmt::Debug) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn assert_error_clean(what: &str, e: &AppError) {
    assert_clean(what, &serde_json::to_string(e).unwrap());
    assert_clean(what, &e.to_string());
    assert_debug_clean(what, e);
}

fn view() -> SettingsView {
    let saml = [SamlSp {
        id: "sp-1".into(),
        issuer: "https://sp.example.com/metadata".into(),
        single_sign_on_destination: "https://sp.example.com/acs".into(),
        single_logout_response_destination: None,
        signature_validation_certificate_base64: None,
        name_identifier_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".into(),
        name_identifier_field: NameIdField::Email,
    }];
    build_view(&rows_with_secrets(), &saml, &RevisionKey::random())
}

#[test]
fn the_settings_view_holds_every_section_and_no_secret() {
    let v = view();
    assert!(v.problems.is_empty(), "every row parses: {:?}", v.problems);
    let text = serde_json::to_string(&v).unwrap();
    assert_clean("SettingsView JSON", &text);
    assert_debug_clean("SettingsView", &v);

    // The view is complete: each secret is there as its state, next to the other values.
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["Licensing"]["ApiKey"], "stored");
    assert_eq!(json["Splunk"]["Token"], "stored");
    assert_eq!(json["Email"]["Password"], "stored");
    assert_eq!(json["Oidc"][0]["ClientSecret"], "stored");
    let domains = json["Domains"].as_array().unwrap();
    assert_eq!(domains.len(), 3);
    assert_eq!(domains[0]["Password"], "stored");
    assert_eq!(domains[1]["Password"], "stored");
    assert_eq!(domains[2]["ClientSecret"], "stored");
    assert_eq!(json["Customization"]["ServerName"], "Contoso");
    assert_eq!(json["Saml"][0]["Issuer"], "https://sp.example.com/metadata");
    // Revision tokens are keyed hashes, not the row text.
    for token in json["Revisions"].as_object().unwrap().values() {
        assert_eq!(token.as_str().unwrap().len(), 24, "{token}");
    }
}

#[test]
fn each_section_view_alone_holds_no_secret() {
    let rows = rows_with_secrets();
    let stored = |k: &str| rows[k].clone();
    let lic: LicensingStored = serde_json::from_str(&stored("licensing")).unwrap();
    let spl: SplunkStored = serde_json::from_str(&stored("splunk")).unwrap();
    let mail: EmailStored = serde_json::from_str(&stored("email")).unwrap();
    let views = [
        serde_json::to_string(&Licensing::view(&lic)).unwrap(),
        serde_json::to_string(&Splunk::view(&spl)).unwrap(),
        serde_json::to_string(&Email::view(&mail)).unwrap(),
    ];
    for v in &views {
        assert_clean("section view", v);
        assert!(v.contains("\"stored\""), "{v}");
    }
    let mut problems = Vec::new();
    let state = hes_core::settings::view::domains_state(&rows, &mut problems);
    let domain_views = state.views();
    assert_eq!(domain_views.len(), 3);
    assert_clean("domain views", &serde_json::to_string(&domain_views).unwrap());
    let clients = hes_core::settings::view::oidc_list(&rows, &mut problems);
    let client_views: Vec<_> = clients.iter().map(oidc::view).collect();
    assert_clean("OIDC views", &serde_json::to_string(&client_views).unwrap());
    assert_debug_clean("OIDC views", &client_views);
    assert!(problems.is_empty());
}

fn inputs_with_secrets() -> Vec<(&'static str, Box<dyn std::fmt::Debug>)> {
    vec![
        (
            "LicensingInput",
            Box::new(LicensingInput {
                api_key: SecretInput::replace(canary("ApiKey")),
                api_address: Some("https://hls.hideez.com".into()),
            }),
        ),
        (
            "SplunkInput",
            Box::new(SplunkInput {
                host: "https://s.example.com".into(),
                token: SecretInput::replace(canary("Token")),
            }),
        ),
        (
            "EmailInput",
            Box::new(EmailInput {
                host: "smtp.example.com".into(),
                user_name: Some("hes".into()),
                password: SecretInput::replace(canary("EmailPassword")),
                from: "hes@example.com".into(),
                ..Default::default()
            }),
        ),
        (
            "DomainInput::ActiveDirectory",
            Box::new(DomainInput::ActiveDirectory {
                host: "corp.example.com".into(),
                user_name: "svc".into(),
                password: SecretInput::replace(canary("DomainPassword")),
                max_password_age: Some(28),
            }),
        ),
        (
            "DomainInput::AzureAd",
            Box::new(DomainInput::AzureAd {
                name: "Entra".into(),
                tenant_id: GUID_A.into(),
                application_id: GUID_B.into(),
                client_secret: SecretInput::replace(canary("ClientSecret")),
                max_password_age: None,
            }),
        ),
        (
            "OidcClientInput",
            Box::new(OidcClientInput {
                name: "Portal".into(),
                client_id: "portal".into(),
                client_secret: SecretInput::replace(canary("OidcClientSecret")),
                redirect_uris: vec!["https://portal.example.com/cb".into()],
                scopes: vec!["openid".into()],
                ..Default::default()
            }),
        ),
        ("SecretInput", Box::new(SecretInput::replace(canary("Bare")))),
        ("Secret", Box::new(Secret::new(canary("Bare")))),
    ]
}

#[test]
fn inputs_debug_print_without_their_secret() {
    for (name, input) in inputs_with_secrets() {
        let text = format!("{input:?}");
        assert_clean(name, &text);
        assert_clean(name, &format!("{input:#?}"));
        assert!(text.contains("<redacted>"), "{name} shows where the secret is: {text}");
    }
    // The same through serde, as the UI and hesctl send them.
    let parsed: LicensingInput = serde_json::from_value(json!({"ApiKey": canary("ApiKey")})).unwrap();
    assert_debug_clean("parsed LicensingInput", &parsed);
    let parsed: DomainInput =
        serde_json::from_value(json!({"Type": "AzureAd", "ClientSecret": canary("ClientSecret")})).unwrap();
    assert_debug_clean("parsed DomainInput", &parsed);
    assert_debug_clean("Secret display", &format!("{}", Secret::new(canary("Bare"))));
}

#[test]
fn errors_raised_on_input_with_a_secret_do_not_carry_it() {
    let p = &Plaintext;
    let e = Licensing::apply(
        LicensingInput { api_key: SecretInput::replace(canary("ApiKey")), api_address: Some("not a url".into()) },
        None,
        p,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("ApiAddress"));
    assert_error_clean("licensing error", &e);

    let e = Splunk::apply(SplunkInput { host: "splunk".into(), token: SecretInput::replace(canary("Token")) }, None, p)
        .unwrap_err();
    assert_error_clean("splunk error", &e);

    let e = Email::apply(
        EmailInput {
            host: "smtp://bad host".into(),
            password: SecretInput::replace(canary("EmailPassword")),
            port: Some(0),
            ..Default::default()
        },
        None,
        p,
    )
    .unwrap_err();
    assert!(e.field_errors.len() >= 3, "{e:?}");
    assert_error_clean("email error", &e);

    let state = DomainsState::default();
    let e = state
        .upsert(
            None,
            DomainInput::ActiveDirectory {
                host: "not a domain!".into(),
                user_name: String::new(),
                password: SecretInput::replace(canary("DomainPassword")),
                max_password_age: Some(0),
            },
            p,
            || "new".into(),
        )
        .unwrap_err();
    assert_error_clean("domain error", &e);
    let e = state
        .upsert(
            None,
            DomainInput::AzureAd {
                name: "Entra".into(),
                tenant_id: "contoso".into(),
                application_id: "app".into(),
                client_secret: SecretInput::replace(canary("ClientSecret")),
                max_password_age: Some(500),
            },
            p,
            || "new".into(),
        )
        .unwrap_err();
    assert_error_clean("azure error", &e);

    let e = oidc::upsert(
        &[],
        None,
        OidcClientInput {
            name: "Portal".into(),
            client_id: "portal".into(),
            client_secret: SecretInput::replace(canary("OidcClientSecret")),
            redirect_uris: vec!["/relative".into()],
            ..Default::default()
        },
        p,
        || "new".into(),
    )
    .unwrap_err();
    assert_error_clean("oidc error", &e);

    // Sections without secrets, for completeness of "every input".
    let fido: FidoInput = serde_json::from_value(json!({"AllowPlatformAuthenticators": false})).unwrap();
    assert!(Fido::apply(fido, None, p).is_ok());
    assert!(Customization::apply(CustomizationInput { server_name: "x".into(), logos: None }, None, p).is_ok());
}

/// Stored forms hold the stored text of secrets (clear when Data Protection is off): their Debug
/// output must not show it either.
#[test]
fn stored_forms_never_debug_print_secrets() {
    use hes_core::secret::StoredSecret;
    use hes_core::settings::domains::{DomainEntry, DomainsState, LdapStored};
    use hes_core::settings::licensing::LicensingStored;
    let canary = "LEAKCANARY-stored-7f3a";
    let s = || Some(StoredSecret::new(canary));
    let state = DomainsState {
        primary: Some(LdapStored {
            host: Some("a.example.com".into()),
            user_name: None,
            password: s(),
            max_password_age: 28,
        }),
        others: vec![DomainEntry::AzureAd {
            id: "x".into(),
            name: None,
            tenant_id: None,
            application_id: None,
            client_secret: s(),
            max_password_age: 28,
        }],
    };
    let lic = LicensingStored { api_key: s(), api_address: None };
    let printed = format!("{state:?} {lic:?}");
    assert!(!printed.contains(canary), "{printed}");
    assert!(printed.contains("<stored secret>"));
}
