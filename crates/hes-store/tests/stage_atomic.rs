//! Staging writes the target's settings rows and SAML rows in one transaction: when the SAML part
//! fails (here: someone adds a service provider with the same Issuer after the preview), the
//! settings rows of the same apply are not written either.

use hes_core::ErrorCode;
use hes_store::Console;

#[tokio::test]
async fn a_failing_saml_part_leaves_the_settings_rows_unwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (src_path, dst_path) = (dir.path().join("src.sqlite"), dir.path().join("dst.sqlite"));
    let src = Console::open_workspace(src_path.to_str().unwrap()).await.unwrap();
    let dst = Console::open_workspace(dst_path.to_str().unwrap()).await.unwrap();
    src.set_section_json("licensing", r#"{"ApiKey":"staged-key","ApiAddress":"https://licensing.example.com"}"#)
        .await
        .unwrap();
    let sp = serde_json::from_value(serde_json::json!({
        "Issuer": "https://sp.example.com/saml",
        "SingleSignOnDestination": "https://sp.example.com/acs"
    }))
    .unwrap();
    src.saml_save(None, sp, None).await.unwrap();

    let plan = src.stage_plan(&dst, &["licensing".to_string(), "saml".to_string()]).await.unwrap();
    // After the preview, another writer adds a provider with the same Issuer to the target.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", dst_path.display())).await.unwrap();
    sqlx::query(
        "INSERT INTO SamlRelyingParties (Id, Issuer, SingleSignOnDestination, NameIdentifierFormat, NameIdentifierField) \
         VALUES ('other', 'https://sp.example.com/saml', 'https://other.example.com/acs', \
         'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 0)",
    )
    .execute(&raw)
    .await
    .unwrap();

    let e = Console::stage_apply(&dst, plan).await.unwrap_err();
    assert!(matches!(e.code, ErrorCode::Validation | ErrorCode::ConcurrentChange), "{e:?}");
    let licensing: Option<String> =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_optional(&raw).await.unwrap();
    assert_eq!(licensing, None, "the settings part was rolled back with the SAML part");
    let saml: i64 = sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(&raw).await.unwrap();
    assert_eq!(saml, 1, "only the other writer's row");
}
