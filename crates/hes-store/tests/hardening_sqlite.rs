//! Issue 11 hardening on a SQLite workspace: domain secrets are never shown, odd rows are errors
//! (not panics), workspaces are created only where asked, and `settings set` merges losslessly.

use hes_core::error::ErrorCode;
use hes_core::workspace::SecretRef;
use hes_store::Console;
use sqlx::sqlite::SqlitePool;
use std::path::PathBuf;

struct Ws {
    _dir: tempfile::TempDir,
    path: PathBuf,
    console: Console,
}

async fn ws() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let console = Console::open_workspace(path.to_str().unwrap()).await.unwrap();
    Ws { _dir: dir, path, console }
}

impl Ws {
    async fn exec(&self, sql: &str) {
        let pool = SqlitePool::connect(&format!("sqlite:{}", self.path.display())).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

// ---- Item: domain logon secrets are never shown ----

#[tokio::test]
async fn reveal_refuses_every_domain_secret_and_names_no_value() {
    let w = ws().await;
    let c = &w.console;
    c.set_section_json("domain", r#"{"Host":"corp.example.com","UserName":"svc","Password":"bind-pw-1"}"#)
        .await
        .unwrap();
    let azure = r#"[{"Id":"entra","Type":"AzureAd","Name":"Entra","TenantId":"8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c","ApplicationId":"9c5f3a1e-2b7d-4c8e-a6f0-1d2e3f4a5b6c","ClientSecret":"client-secret-1"}]"#;
    c.set_section_json("domains", azure).await.unwrap();
    for id in [Some("primary"), Some("entra"), Some("no-such-id"), None] {
        let e = c.reveal(&SecretRef { section: "domain".into(), id: id.map(String::from) }).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::BadRequest, "{id:?}");
        let text = format!("{e:?}");
        assert!(!text.contains("bind-pw-1") && !text.contains("client-secret-1"), "{text}");
    }
    // Other secrets are still shown on request.
    c.set_section_json("licensing", r#"{"ApiKey":"k1"}"#).await.unwrap();
    let k = c.reveal(&SecretRef { section: "licensing".into(), id: None }).await.unwrap();
    assert_eq!(k.expose(), "k1");
}

// ---- Item: an odd row is an error, not a panic ----

#[tokio::test]
async fn a_data_protection_value_of_another_type_is_an_error_when_opening() {
    let w = ws().await;
    // SQLite keeps a BLOB as a BLOB in a TEXT column: the console expects TEXT (or NULL).
    w.exec("INSERT INTO DataProtection (Id, Value) VALUES (1, X'00FF')").await;
    drop(w.console);
    let e = Console::open_workspace(w.path.to_str().unwrap()).await.err().expect("an error, not a panic");
    assert_eq!(e.code, ErrorCode::CorruptSetting, "{e:?}");
    assert!(e.message.contains("DataProtection") && e.message.contains("Value"), "{}", e.message);
}

#[tokio::test]
async fn a_saml_column_of_another_type_is_an_error_naming_the_column() {
    let w = ws().await;
    w.exec(
        "INSERT INTO SamlRelyingParties (Id, Issuer, SingleSignOnDestination, NameIdentifierFormat, NameIdentifierField) \
         VALUES ('sp-1', 'https://sp.example.com', 'https://sp.example.com/acs', 'urn:x', 'not a number')",
    )
    .await;
    let db = hes_store::Db::open_sqlite(w.path.to_str().unwrap()).await.unwrap().db;
    let e = hes_store::saml_rows::list(&db).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::CorruptSetting, "{e:?}");
    assert!(e.message.contains("SamlRelyingParties") && e.message.contains("NameIdentifierField"), "{}", e.message);
    assert!(!e.message.contains("not a number"), "the value is never in the message");
    // The console's own load reports it the same way.
    assert_eq!(w.console.view().await.unwrap_err().code, ErrorCode::CorruptSetting);
}

#[tokio::test]
async fn an_app_settings_value_of_another_type_is_an_error() {
    let w = ws().await;
    w.exec("INSERT INTO AppSettings (Id, Value) VALUES ('licensing', X'7B7D')").await;
    let e = w.console.view().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::CorruptSetting, "{e:?}");
    assert!(e.message.contains("AppSettings") && e.message.contains("Value"), "{}", e.message);
}

// ---- Item: a workspace is created only where asked ----

#[tokio::test]
async fn open_sqlite_with_refuses_unknown_schemes_and_missing_folders_before_creating_anything() {
    use hes_store::db::CreateMode::{InExistingFolder, WithFolders};
    use hes_store::Db;
    let dir = tempfile::tempdir().unwrap();
    for url in ["postgres://x", "mysql://u@h/hes", "https://example.com/ws.sqlite"] {
        let e = Db::open_sqlite_with(url, WithFolders).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::BadRequest, "{url}");
    }
    let nested = dir.path().join("a/b/ws.sqlite");
    let e = Db::open_sqlite_with(nested.to_str().unwrap(), InExistingFolder).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(!dir.path().join("a").exists());
    let (_, created) = Db::open_sqlite_with(nested.to_str().unwrap(), WithFolders).await.unwrap();
    assert!(created && nested.is_file());
    let (_, created) = Db::open_sqlite_with(nested.to_str().unwrap(), InExistingFolder).await.unwrap();
    assert!(!created, "an existing workspace is opened, not created");
    let flat = dir.path().join("ws.sqlite");
    let (_, created) = Db::open_sqlite_with(&format!("sqlite:{}", flat.display()), InExistingFolder).await.unwrap();
    assert!(created);
}

// ---- Item: `settings set` merges losslessly, in the shared layer ----

#[tokio::test]
async fn set_section_merge_keeps_absent_fields_and_lists_what_changed() {
    use hes_store::console::SetMode::{Merge, Replace};
    let w = ws().await;
    let c = &w.console;
    let first =
        c.set_section("licensing", r#"{"ApiKey":"k1","ApiAddress":"https://lic.example.com"}"#, Merge).await.unwrap();
    assert_eq!(first.changed, ["ApiKey", "ApiAddress"]);
    let o = c.set_section("licensing", r#"{"ApiKey":"k2"}"#, Merge).await.unwrap();
    assert_eq!(o.changed, ["ApiKey"]);
    assert_eq!(o.view.licensing.as_ref().unwrap().api_address, "https://lic.example.com");
    // The wrapper the other callers use merges too.
    let v = c.set_section_json("licensing", r#"{"ApiKey":"k3"}"#).await.unwrap();
    assert_eq!(v.licensing.unwrap().api_address, "https://lic.example.com");
    // null: back to HES's default; --replace: the JSON is the whole section.
    let o = c.set_section("licensing", r#"{"ApiAddress":null}"#, Merge).await.unwrap();
    assert_eq!(
        (o.changed.as_slice(), o.view.licensing.unwrap().api_address.as_str()),
        (&["ApiAddress".to_string()][..], "https://hls.hideez.com")
    );
    c.set_section("licensing", r#"{"ApiAddress":"https://lic.example.com"}"#, Merge).await.unwrap();
    let o = c.set_section("licensing", r#"{"ApiKey":"k4"}"#, Replace).await.unwrap();
    assert_eq!(o.view.licensing.unwrap().api_address, "https://hls.hideez.com");
    // Bad input writes nothing, and a JSON that is not an object for an object section is refused.
    let e = c.set_section("splunk", r#"{"Host":null,"Token":"t"}"#, Merge).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(c.view().await.unwrap().splunk.is_none());
    assert_eq!(c.set_section("splunk", "[1]", Merge).await.unwrap_err().code, ErrorCode::BadRequest);
    // SAML rows by Id: one field given, the rest kept.
    let sp = r#"[{"Id":"sp-1","Issuer":"urn:a","SingleSignOnDestination":"https://a.example.com/acs"}]"#;
    c.set_section("saml", sp, Merge).await.unwrap();
    let o = c
        .set_section("saml", r#"[{"Id":"sp-1","SingleLogoutResponseDestination":"https://a.example.com/slo"}]"#, Merge)
        .await
        .unwrap();
    assert_eq!(o.changed, ["sp-1.SingleLogoutResponseDestination"]);
    assert_eq!(o.view.saml[0].sp.issuer, "urn:a");
}

// ---- Item: control characters are refused in every text field, the field named ----

#[tokio::test]
async fn control_characters_are_refused_in_every_section_with_the_field_named() {
    let w = ws().await;
    let c = &w.console;
    let guid = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
    let cases: Vec<(&str, String, &str)> = vec![
        ("licensing", r#"{"ApiKey":"k","ApiAddress":"https://hls.hideez.com\u0000x"}"#.into(), "ApiAddress"),
        ("licensing", r#"{"ApiKey":"k\u0007"}"#.into(), "ApiKey"),
        ("splunk", r#"{"Host":"https://s.example.com\u001b[31m","Token":"t"}"#.into(), "Host"),
        ("email", r#"{"Host":"smtp.example.com","From":"hes@example.com","FromName":"H\u0085ES"}"#.into(), "FromName"),
        ("customization", r#"{"ServerName":"Contoso\nHES"}"#.into(), "ServerName"),
        ("domain", r#"{"Host":"corp.example.com","UserName":"svc\t1","Password":"p"}"#.into(), "UserName"),
        (
            "domains",
            format!(r#"[{{"Id":"e","Type":"AzureAd","Name":"En\u0000tra","TenantId":"{guid}","ApplicationId":"{guid}","ClientSecret":"s"}}]"#),
            "[0].Name",
        ),
        (
            "oidc",
            r#"[{"Id":"p","Name":"Portal","ClientId":"portal","RedirectUris":["https://p.example.com/cb","https://p.example.com/\u0000"],"Scopes":["openid"]}]"#.into(),
            "[0].RedirectUris[1]",
        ),
        ("saml", r#"[{"Id":"sp","Issuer":"urn:a\u0000","SingleSignOnDestination":"https://a.example.com/acs"}]"#.into(), "[0].Issuer"),
    ];
    for (section, body, field) in cases {
        let e = c.set_section_json(section, &body).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{section}: {e:?}");
        assert!(e.field_errors.iter().any(|f| f.field == field), "{section}: {field} not in {:?}", e.field_errors);
        assert!(!e.message.contains('\u{0}'), "{section}: the value is not echoed: {}", e.message);
    }
    // Nothing was written.
    let v = c.view().await.unwrap();
    assert!(v.licensing.is_none() && v.splunk.is_none() && v.email.is_none() && v.domains.is_empty());
    assert!(v.oidc.is_empty() && v.saml.is_empty() && v.customization.server_name.is_empty());
    // Ordinary text (non-ASCII letters, spaces) is fine.
    c.set_section_json("customization", r#"{"ServerName":"Contoso HES — Zürich"}"#).await.unwrap();
}
