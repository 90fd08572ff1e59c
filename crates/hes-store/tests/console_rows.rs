//! The console's own rows (domains, fido, oidc, email, customization; docs/console-rows.md) carry
//! `"ConsoleFormat":1` on every write, HES's rows never; a row without the marker (written before
//! it existed) reads and is stamped when written; a row of a newer format reads but is neither
//! changed, deleted nor staged (`ConsoleFormatNewer`), and stays byte for byte as it was.

use hes_core::error::ErrorCode;
use hes_store::Console;
use serde_json::Value;

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "9c5f3a1e-2b7d-4c8e-a6f0-1d2e3f4a5b6c";

async fn workspace(dir: &tempfile::TempDir, name: &str) -> (Console, sqlx::SqlitePool) {
    let path = dir.path().join(name);
    let console = Console::open_workspace(path.to_str().unwrap()).await.unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    (console, raw)
}

async fn row(raw: &sqlx::SqlitePool, key: &str) -> Option<String> {
    hes_test_support::app_setting!(raw, key)
}

async fn put(raw: &sqlx::SqlitePool, key: &str, value: &str) {
    sqlx::query("INSERT OR REPLACE INTO AppSettings (Id, Value) VALUES (?, ?)")
        .bind(key)
        .bind(value)
        .execute(raw)
        .await
        .unwrap();
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

async fn fill(c: &Console) {
    c.set_section_json("licensing", r#"{"ApiKey":"k1"}"#).await.unwrap();
    c.set_section_json("domain", r#"{"Host":"corp.example.com","UserName":"svc","Password":"bind-pw"}"#).await.unwrap();
    let azure = format!(
        r#"[{{"Type":"AzureAd","Name":"Entra","TenantId":"{GUID_A}","ApplicationId":"{GUID_B}","ClientSecret":"cs-1"}},
            {{"Type":"ActiveDirectory","Host":"branch.example.org","UserName":"svc2","Password":"pw2"}}]"#
    );
    c.set_section_json("domains", &azure).await.unwrap();
    c.set_section_json("splunk", r#"{"Host":"https://splunk.example.com:8088","Token":"t"}"#).await.unwrap();
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    c.set_section_json(
        "oidc",
        r#"[{"Name":"Wiki","ClientId":"wiki","ClientSecret":"s","RedirectUris":["https://wiki.example.com/cb"],"Scopes":["openid"]}]"#,
    )
    .await
    .unwrap();
    c.set_section_json("email", r#"{"Host":"smtp.example.com","Port":587,"From":"hes@example.com"}"#).await.unwrap();
    c.set_section_json("customization", r#"{"ServerName":"Acme HES"}"#).await.unwrap();
}

#[tokio::test]
async fn every_console_row_written_carries_its_format_and_hes_rows_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let (c, raw) = workspace(&dir, "a.sqlite").await;
    fill(&c).await;
    for key in ["fido", "email", "customization"] {
        let text = row(&raw, key).await.unwrap();
        assert!(text.starts_with(r#"{"ConsoleFormat":1,"#), "{key}: the marker comes first: {text}");
    }
    for key in ["domains", "oidc"] {
        let v = json(&row(&raw, key).await.unwrap());
        let items = v.as_array().unwrap();
        assert!(!items.is_empty());
        for item in items {
            assert_eq!(item["ConsoleFormat"], 1, "{key}: every item: {v}");
            assert_eq!(item.as_object().unwrap().keys().next().unwrap(), "ConsoleFormat");
        }
    }
    for key in ["licensing", "domain", "splunk"] {
        let text = row(&raw, key).await.unwrap();
        assert!(!text.contains("ConsoleFormat"), "{key} is HES's own format: {text}");
    }
    // The views are unchanged by the marker.
    let v = c.view().await.unwrap();
    assert_eq!((v.domains.len(), v.oidc.len(), v.customization.server_name.as_str()), (3, 1, "Acme HES"));
    assert!(v.fido.allow_platform_authenticators);
    // HES reads none of these; the workspace info says so per section.
    let info = c.info();
    let reads: Vec<(String, bool, bool)> =
        info.support.iter().map(|s| (s.key.clone(), s.hes_reads, s.console_row)).collect();
    for (key, hes_reads, console_row) in &reads {
        let ours = ["domains", "fido", "oidc", "email", "customization"].contains(&key.as_str());
        assert_eq!((*hes_reads, *console_row), (!ours, ours), "{key}");
    }
    let note = &info.support.iter().find(|s| s.key == "oidc").unwrap().note;
    assert_eq!(
        note,
        "HES 3.8.4 does not read this setting, and no HES release is known to: the console keeps it in its own row, \
         in a format documented in docs/console-rows.md."
    );
}

#[tokio::test]
async fn rows_without_the_marker_read_and_get_it_when_written() {
    let dir = tempfile::tempdir().unwrap();
    let (c, raw) = workspace(&dir, "a.sqlite").await;
    put(&raw, "fido", r#"{"AllowPlatformAuthenticators":true,"DefaultAuthenticatorAttachment":"platform"}"#).await;
    put(&raw, "oidc", r#"[{"Id":"c1","Name":"Wiki","ClientId":"wiki","RedirectUris":["https://w.example.com/cb"],"Scopes":["openid"],"Enabled":true}]"#).await;
    let v = c.view().await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!((v.fido.allow_platform_authenticators, v.oidc.len()), (true, 1));
    c.set_section_json(
        "fido",
        r#"{"AllowPlatformAuthenticators":false,"DefaultAuthenticatorAttachment":"cross-platform"}"#,
    )
    .await
    .unwrap();
    assert_eq!(
        row(&raw, "fido").await.unwrap(),
        r#"{"ConsoleFormat":1,"AllowPlatformAuthenticators":false,"DefaultAuthenticatorAttachment":"cross-platform"}"#
    );
    c.oidc_set_enabled("c1", false, &c.current_revisions().await.unwrap()).await.unwrap();
    let o = json(&row(&raw, "oidc").await.unwrap());
    assert_eq!((o[0]["ConsoleFormat"].as_u64(), o[0]["Enabled"].as_bool()), (Some(1), Some(false)));
}

#[tokio::test]
async fn a_newer_format_reads_but_is_never_changed_deleted_or_staged() {
    let dir = tempfile::tempdir().unwrap();
    let (c, raw) = workspace(&dir, "a.sqlite").await;
    let fido = r#"{"ConsoleFormat":2,"AllowPlatformAuthenticators":true,"SomethingNew":[1,2]}"#;
    let oidc = r#"[{"ConsoleFormat":1,"Id":"c1","Name":"A","ClientId":"a"},{"ConsoleFormat":2,"Id":"c2","Name":"B","ClientId":"b","Audience":"x"}]"#;
    put(&raw, "fido", fido).await;
    put(&raw, "oidc", oidc).await;

    // Read: still possible.
    let v = c.view().await.unwrap();
    assert!(v.fido.allow_platform_authenticators);
    assert_eq!(v.oidc.len(), 2);

    // Write, per item, and delete: refused with the stable code, nothing written.
    let e = c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":false}"#).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer, "{e}");
    assert!(e.message.contains("'fido' row is in format 2") && e.message.contains("Nothing was written"), "{e}");
    assert_eq!(e.code.exit_code(), 8);
    let e = c.delete_section("fido").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer);
    let e = c.oidc_set_enabled("c1", false, &c.current_revisions().await.unwrap()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer, "one newer item makes the list row newer");
    let e = c.delete_section("oidc").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer);
    assert_eq!(row(&raw, "fido").await.as_deref(), Some(fido));
    assert_eq!(row(&raw, "oidc").await.as_deref(), Some(oidc));
    // Other sections are written as usual.
    c.set_section_json("email", r#"{"Host":"smtp.example.com","Port":25,"Security":"None","From":"a@example.com"}"#)
        .await
        .unwrap();

    // Staging: neither copied from a newer row nor onto one.
    let (other, other_raw) = workspace(&dir, "b.sqlite").await;
    let e = c.stage_plan(&other, &["fido".to_string()]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer);
    let e = other.stage_plan(&c, &["oidc".to_string()]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConsoleFormatNewer, "the target's row is newer");
    assert_eq!(row(&other_raw, "fido").await, None);
}

#[tokio::test]
async fn staging_compares_without_the_marker_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (src, _src_raw) = workspace(&dir, "src.sqlite").await;
    let (dst, dst_raw) = workspace(&dir, "dst.sqlite").await;
    src.set_section_json("customization", r#"{"ServerName":"Acme HES"}"#).await.unwrap();
    // The target holds the same content without the marker (an older console wrote it).
    put(&dst_raw, "customization", r#"{"ServerName":"Acme HES","Logos":{}}"#).await;
    let plan = src.stage_plan(&dst, &["customization".to_string()]).await.unwrap();
    assert_eq!(format!("{:?}", plan.preview.sections[0].action), "Unchanged", "{:?}", plan.preview);
    // Different content: copied, with this console's marker.
    put(&dst_raw, "customization", r#"{"ServerName":"Old"}"#).await;
    let plan = src.stage_plan(&dst, &["customization".to_string()]).await.unwrap();
    assert_eq!(format!("{:?}", plan.preview.sections[0].action), "Replace");
    assert!(
        plan.preview.sections[0].fields.iter().all(|f| !format!("{f:?}").contains("ConsoleFormat")),
        "{:?}",
        plan.preview
    );
    Console::stage_apply(&dst, plan).await.unwrap();
    let v = json(&row(&dst_raw, "customization").await.unwrap());
    assert_eq!((v["ConsoleFormat"].as_u64(), v["ServerName"].as_str()), (Some(1), Some("Acme HES")));
}
