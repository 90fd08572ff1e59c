//! The OIDC, SAML and logo commands through `tauri::test`'s mock runtime, with the argument names
//! and JSON shapes the UI sends: the one-time OIDC secret, certificate/metadata inspection from a
//! path or pasted text, and logos from a path or bytes.

use hes_console_lib::AppState;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

mod mock_app;

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    let state = tauri::async_runtime::block_on(AppState::open_workspace(&path, Instant::now()));
    let (app, webview) = mock_app::start(state);
    Harness { _dir: dir, _app: app, webview }
}

impl Harness {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        mock_app::invoke(&self.webview, cmd, args)
    }
    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
    fn err(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).expect_err(cmd)
    }
    fn revisions(&self) -> Value {
        self.ok("settings_get", json!({}))["Revisions"].clone()
    }
}

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path).to_string_lossy().into_owned()
}

#[test]
fn oidc_add_returns_the_generated_secret_once() {
    let h = harness();
    let input = json!({"Name": "Portal", "ClientId": "portal", "RedirectUris": ["https://portal.example.com/cb"],
                       "Scopes": ["openid", "profile"]});
    let r = h.ok("oidc_add", json!({"input": input, "revisions": h.revisions()}));
    let secret = r["ClientSecret"].as_str().expect("the one-time secret").to_string();
    assert_eq!(secret.len(), 43);
    assert_eq!(r["Settings"]["Oidc"][0]["ClientSecret"], "stored");
    assert!(!r["Settings"].to_string().contains(&secret));
    assert!(!h.ok("settings_get", json!({})).to_string().contains(&secret), "afterwards only \"stored\"");
    let id = r["Id"].as_str().unwrap().to_string();

    let again = h.ok("oidc_regenerate_secret", json!({"id": id, "revisions": r["Settings"]["Revisions"]}));
    assert_ne!(again["ClientSecret"], json!(secret));
    // The stale page's revisions are refused.
    let e = h.err("oidc_regenerate_secret", json!({"id": id, "revisions": r["Settings"]["Revisions"]}));
    assert_eq!(e["code"], "ConcurrentChange");

    let s = h.ok("oidc_set_enabled", json!({"id": id, "enabled": false, "revisions": again["Settings"]["Revisions"]}));
    assert_eq!(s["Oidc"][0]["Enabled"], false);

    let typed = json!({"Name": "X", "ClientId": "x", "ClientSecret": "typed-secret-1",
                       "RedirectUris": ["https://x.example.com/cb"], "Scopes": ["openid"]});
    let e = h.err("oidc_add", json!({"input": typed, "revisions": s["Revisions"]}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("Validation"), Some("ClientSecret")));
    assert!(!e.to_string().contains("typed-secret-1"), "the error does not echo it");
    let public = json!({"Name": "SPA", "ClientId": "spa", "ClientSecret": null,
                        "RedirectUris": ["http://localhost:5173/cb"], "Scopes": ["openid"]});
    let r = h.ok("oidc_add", json!({"input": public, "revisions": s["Revisions"]}));
    assert_eq!(r["ClientSecret"], Value::Null);
}

#[test]
fn saml_certificate_and_metadata_from_a_path_or_text() {
    let h = harness();
    let from_path = h.ok("saml_certificate_inspect", json!({"path": fixture("saml/sp-signing.der")}));
    let pem = std::fs::read_to_string(fixture("saml/sp-signing.pem")).unwrap();
    let from_text = h.ok("saml_certificate_inspect", json!({"text": pem}));
    assert_eq!(from_path, from_text, "DER file and pasted PEM are the same certificate");
    assert!(from_path["Subject"].as_str().unwrap().contains("CN=sp.example.com"));
    assert_eq!(from_path["Sha256Fingerprint"].as_str().unwrap().len(), 95);
    let expired = h.ok("saml_certificate_inspect", json!({"path": fixture("saml/expired.pem")}));
    assert_eq!(expired["Expired"], true);
    let e = h.err("saml_certificate_inspect", json!({"text": "garbage"}));
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("InvalidCertificate"), Some("SignatureValidationCertificateBase64"))
    );
    assert_eq!(h.err("saml_certificate_inspect", json!({}))["code"], "BadRequest");

    let m = h.ok("saml_metadata_import", json!({"path": fixture("saml/sp-metadata.xml")}));
    assert_eq!(m["Issuer"], "https://sp.example.com/saml");
    assert_eq!(m["SingleSignOnDestination"], "https://sp.example.com/saml/acs");
    // The certificate field is filled with PEM, the form the console stores.
    assert_eq!(m["SignatureValidationCertificateBase64"], from_path["Pem"]);
    assert!(from_path["Pem"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----\n"));
    let e = h.err("saml_metadata_import", json!({"text": "<md:EntityDescriptor"}));
    assert_eq!(e["code"], "SamlMetadataNotXml");
    let e = h.err("saml_metadata_import", json!({"path": fixture("saml/idp-metadata.xml")}));
    assert_eq!(e["code"], "SamlMetadataNoSpDescriptor");
    assert_eq!(h.err("saml_metadata_import", json!({"path": "/nonexistent.xml"}))["code"], "Io");

    // What the dialog then saves, and what the list shows about the certificate.
    let input = json!({"Issuer": m["Issuer"], "SingleSignOnDestination": m["SingleSignOnDestination"],
                       "SingleLogoutResponseDestination": m["SingleLogoutResponseDestination"],
                       "SignatureValidationCertificateBase64": m["SignatureValidationCertificateBase64"]});
    let s = h.ok("saml_save", json!({"id": null, "input": input, "revision": null}));
    assert_eq!(s["Saml"][0]["Certificate"]["Subject"], from_path["Subject"]);
    assert_eq!(s["Saml"][0]["SignatureValidationCertificateBase64"], from_path["Pem"], "stored as PEM");
}

#[test]
fn logos_from_a_path_or_bytes_and_reset() {
    let h = harness();
    let s = h.ok(
        "logo_set",
        json!({"slot": "main", "path": fixture("images/good-480x120.png"), "revisions": h.revisions()}),
    );
    let main = &s["Customization"]["Logos"][0];
    assert_eq!((main["Slot"].as_str(), main["Custom"].as_bool()), (Some("main"), Some(true)));
    assert!(main["DataUrl"].as_str().unwrap().starts_with("data:image/png;base64,iVBORw0KGgo"));

    let bytes: Vec<u8> = std::fs::read(fixture("images/good-480x120.png")).unwrap();
    let s = h.ok("logo_set", json!({"slot": "favicon", "bytes": bytes, "revisions": s["Revisions"]}));
    assert_eq!(s["Customization"]["Logos"][4]["Custom"], true);

    let e = h.err(
        "logo_set",
        json!({"slot": "sidebar", "path": fixture("images/svg-with-script.svg"), "revisions": s["Revisions"]}),
    );
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("ImageSvgRefused"), Some("Logos.sidebar")));
    let e = h.err("logo_set", json!({"slot": "sidebar", "bytes": [], "revisions": s["Revisions"]}));
    assert_eq!(e["code"], "ImageEmpty");
    let e = h.err("logo_set", json!({"slot": "sidebar", "revisions": s["Revisions"]}));
    assert_eq!(e["code"], "BadRequest");

    let s = h.ok("logo_reset", json!({"slot": "main", "revisions": s["Revisions"]}));
    assert_eq!(s["Customization"]["Logos"][0]["Custom"], false);
    assert_eq!(s["Customization"]["Logos"][0].get("DataUrl"), None);
}
