//! SAML certificates as HES on Linux can load them (issue 10, item 2), on SQLite workspaces:
//! every path that writes a certificate (the dialog / `hesctl saml`, metadata import,
//! `hesctl settings set saml`, staging) stores PEM, and a certificate that did not change keeps
//! its stored text byte for byte. Every certificate the console wrote is checked with the
//! .NET-shaped helper of tests/support (`assert_dotnet_loadable_pem`), independent of the
//! console's own certificate code.

use base64::Engine;
use hes_core::error::ErrorCode;
use hes_core::settings::saml::SamlSpInput;
use hes_core::settings::saml_metadata;
use hes_core::stage::StageAction;
use hes_store::Console;
use hes_test_support::dotnet_pem::{assert_dotnet_loadable_pem, pem_der};
use hes_test_support::inputs::saml_sp as sp;
use serde_json::json;
use sqlx::sqlite::SqlitePool;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/saml").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// The SP certificate as bare base64 of its DER: what the console stored before PEM.
fn bare() -> String {
    base64::engine::general_purpose::STANDARD.encode(fixture("sp-signing.der"))
}

async fn open(path: &Path) -> Console {
    Console::open_workspace(path.to_str().unwrap()).await.unwrap()
}

async fn exec(path: &Path, sql: &str) {
    let pool = SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

/// (Id, ACS, certificate text) of every row, as stored.
async fn rows(path: &Path) -> Vec<(String, String, Option<String>)> {
    let pool = SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    let r = sqlx::query_as(
        "SELECT Id, SingleSignOnDestination, SignatureValidationCertificateBase64 FROM SamlRelyingParties ORDER BY Id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    r
}

async fn cert_of(path: &Path, id: &str) -> Option<String> {
    rows(path).await.into_iter().find(|r| r.0 == id).unwrap_or_else(|| panic!("no row {id}")).2
}

/// The .NET check on every stored certificate except the rows the test itself wrote raw (`raw_ids`).
async fn assert_console_rows_loadable(path: &Path, raw_ids: &[&str]) -> usize {
    let mut checked = 0;
    for (id, _, cert) in rows(path).await {
        if let (Some(c), false) = (cert, raw_ids.contains(&id.as_str())) {
            assert_dotnet_loadable_pem(&c, &id);
            checked += 1;
        }
    }
    checked
}

const RAW_BARE: &str = "INSERT INTO SamlRelyingParties VALUES ('old-bare', 'https://old.example.com', \
    'https://old.example.com/acs', NULL, '{cert}', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 0)";

#[tokio::test]
async fn every_write_path_stores_pem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let c = open(&path).await;

    // The dialog / `hesctl saml add`, given bare base64 (the form HES's own metadata import writes).
    let v = c.saml_save(None, sp("https://a.example.com", Some(bare())), None).await.unwrap();
    let a = v.saml.iter().find(|s| s.sp.issuer == "https://a.example.com").unwrap().sp.id.clone();
    let stored = cert_of(&path, &a).await.unwrap();
    assert!(stored.starts_with("-----BEGIN CERTIFICATE-----\n"), "{stored}");
    assert_eq!(base64::engine::general_purpose::STANDARD.encode(pem_der(&stored)), bare());

    // Metadata import, then save (UI and `hesctl saml import-metadata`).
    let m = saml_metadata::import(&fixture("sp-metadata.xml")).unwrap();
    assert_dotnet_loadable_pem(&m.signature_validation_certificate_base64, "the import's certificate field");
    let input = SamlSpInput {
        issuer: m.issuer.clone(),
        single_sign_on_destination: m.single_sign_on_destination.clone(),
        signature_validation_certificate_base64: Some(m.signature_validation_certificate_base64.clone()),
        ..Default::default()
    };
    c.saml_save(None, input, None).await.unwrap();

    // `hesctl settings set saml` (keeps the rows above by Id, adds one given as CRLF PEM).
    let view = c.view().await.unwrap();
    let mut list: Vec<serde_json::Value> = view
        .saml
        .iter()
        .map(|s| {
            json!({"Id": s.sp.id, "Issuer": s.sp.issuer, "SingleSignOnDestination": s.sp.single_sign_on_destination,
                   "SignatureValidationCertificateBase64": s.sp.signature_validation_certificate_base64})
        })
        .collect();
    list.push(json!({"Issuer": "https://json.example.com", "SingleSignOnDestination": "https://json.example.com/acs",
                     "SignatureValidationCertificateBase64": text("expired.pem").replace('\n', "\r\n")}));
    c.set_section_json("saml", &serde_json::to_string(&list).unwrap()).await.unwrap();
    assert_eq!(assert_console_rows_loadable(&path, &[]).await, 3);

    // Staging: a source row stored as bare base64 (by an older console or HES's metadata import)
    // arrives in the target as PEM.
    exec(&path, &RAW_BARE.replace("{cert}", &bare())).await;
    let target_path = dir.path().join("target.sqlite");
    let target = open(&target_path).await;
    let plan = c.stage_plan(&target, &["saml".to_string()]).await.unwrap();
    Console::stage_apply(&target, plan).await.unwrap();
    assert_eq!(rows(&target_path).await.len(), 4);
    assert_eq!(assert_console_rows_loadable(&target_path, &[]).await, 4, "every staged certificate is PEM");
    assert_eq!(pem_der(&cert_of(&target_path, "old-bare").await.unwrap()), fixture("sp-signing.der"));
}

#[tokio::test]
async fn an_unchanged_certificate_keeps_its_stored_text_when_another_field_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let c = open(&path).await;
    exec(&path, &RAW_BARE.replace("{cert}", &bare())).await;
    let crlf_pem = text("sp-signing.pem").replace('\n', "\r\n");
    exec(
        &path,
        &format!(
            "INSERT INTO SamlRelyingParties VALUES ('old-crlf', 'https://crlf.example.com', 'https://crlf.example.com/acs', \
             NULL, '{crlf_pem}', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 0)"
        ),
    )
    .await;

    // The dialog sends back the certificate as the view shows it (the stored text, trimmed).
    for (id, stored) in [("old-bare", bare()), ("old-crlf", crlf_pem.clone())] {
        let view = c.view().await.unwrap();
        let row = view.saml.iter().find(|s| s.sp.id == id).unwrap();
        assert!(row.certificate.is_some(), "{id}: the view reads this form");
        let mut input =
            sp(&row.sp.issuer, row.sp.signature_validation_certificate_base64.as_ref().map(|s| s.trim().to_string()));
        input.single_sign_on_destination = "https://changed.example.com/acs".into();
        c.saml_save(Some(id), input, Some(&row.revision)).await.unwrap();
        let after = rows(&path).await.into_iter().find(|r| r.0 == id).unwrap();
        assert_eq!(after.1, "https://changed.example.com/acs", "{id}: the ACS changed");
        assert_eq!(after.2.as_deref(), Some(stored.as_str()), "{id}: the certificate text is byte for byte the same");
    }

    // The same through `hesctl settings set saml`, with the certificate given as PEM this time.
    let list = json!([{"Id": "old-bare", "Issuer": "https://old.example.com",
                       "SingleSignOnDestination": "https://json.example.com/acs",
                       "SignatureValidationCertificateBase64": text("sp-signing.pem")},
                      {"Id": "old-crlf", "Issuer": "https://crlf.example.com",
                       "SingleSignOnDestination": "https://changed.example.com/acs",
                       "SignatureValidationCertificateBase64": bare()}]);
    c.set_section_json("saml", &list.to_string()).await.unwrap();
    assert_eq!(cert_of(&path, "old-bare").await, Some(bare()), "bare base64 stays bare base64");
    assert_eq!(cert_of(&path, "old-crlf").await, Some(crlf_pem.clone()));

    // A different certificate replaces the text, as PEM.
    let view = c.view().await.unwrap();
    let row = view.saml.iter().find(|s| s.sp.id == "old-bare").unwrap();
    c.saml_save(Some("old-bare"), sp("https://old.example.com", Some(text("expired.pem"))), Some(&row.revision))
        .await
        .unwrap();
    assert_eq!(assert_console_rows_loadable(&path, &["old-crlf"]).await, 1);
    assert_eq!(pem_der(&cert_of(&path, "old-bare").await.unwrap()), pem_der(&text("expired.pem")));
}

#[tokio::test]
async fn staging_keeps_the_targets_text_when_the_certificate_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (src_path, dst_path) = (dir.path().join("src.sqlite"), dir.path().join("dst.sqlite"));
    let (src, dst) = (open(&src_path).await, open(&dst_path).await);
    src.saml_save(None, sp("https://a.example.com", Some(text("sp-signing.pem"))), None).await.unwrap();
    let plan = src.stage_plan(&dst, &["saml".to_string()]).await.unwrap();
    Console::stage_apply(&dst, plan).await.unwrap();
    assert_eq!(assert_console_rows_loadable(&dst_path, &[]).await, 1);
    let id = rows(&dst_path).await[0].0.clone();

    // The target holds the same certificate as bare base64 (written by an older console).
    exec(&dst_path, &format!("UPDATE SamlRelyingParties SET SignatureValidationCertificateBase64 = '{}'", bare()))
        .await;
    let plan = src.stage_plan(&dst, &["saml".to_string()]).await.unwrap();
    assert_eq!(plan.preview.sections[0].action, StageAction::Unchanged, "only the text form differs");
    Console::stage_apply(&dst, plan).await.unwrap();
    assert_eq!(cert_of(&dst_path, &id).await, Some(bare()));

    // Another field changes in the source: the target's certificate text stays as it is.
    let view = src.view().await.unwrap();
    let mut input = sp("https://a.example.com", Some(text("sp-signing.pem")));
    input.single_sign_on_destination = "https://a.example.com/new-acs".into();
    src.saml_save(Some(&id), input, Some(&view.saml[0].revision)).await.unwrap();
    let plan = src.stage_plan(&dst, &["saml".to_string()]).await.unwrap();
    assert_eq!(plan.preview.sections[0].action, StageAction::Replace);
    Console::stage_apply(&dst, plan).await.unwrap();
    let after = rows(&dst_path).await;
    assert_eq!((after[0].1.as_str(), after[0].2.as_deref()), ("https://a.example.com/new-acs", Some(bare().as_str())));

    // A source row whose certificate does not parse is never copied.
    exec(&src_path, &RAW_BARE.replace("{cert}", "not a certificate")).await;
    let e = src.stage_plan(&dst, &["saml".to_string()]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e:?}");
    assert!(e.message.contains("https://old.example.com"), "names the row: {}", e.message);
    assert_eq!(rows(&dst_path).await, after, "nothing written");
}
