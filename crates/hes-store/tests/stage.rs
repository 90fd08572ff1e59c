//! Staging between two databases: preview first, nothing written until applied, secrets
//! re-encrypted under the target's Data Protection key, and a stale preview refused.

use hes_core::settings::domains::DomainInput;
use hes_core::settings::licensing::{Licensing, LicensingInput};
use hes_core::stage::StageAction;
use hes_core::workspace::SecretRef;
use hes_core::{ErrorCode, Secret, SecretInput};
use hes_store::Console;
use sqlx::sqlite::SqlitePool;

const PARAMS: &str = r#"{"Version":"1.0","IterationCount":100000,"HashAlgorithmName":"SHA256","Salt":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCode":"L1wPsN3U/BSiJoI5PjUHWpaisSk="}"#;

async fn raw(path: &std::path::Path, key: &str) -> Option<String> {
    let pool = SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    let v = hes_test_support::app_setting!(&pool, key);
    pool.close().await;
    v
}

async fn source(dir: &tempfile::TempDir) -> Console {
    let c = Console::open_workspace(dir.path().join("src.sqlite").to_str().unwrap()).await.unwrap();
    let rev = c.current_revisions().await.unwrap();
    let input = LicensingInput { api_key: SecretInput::replace("staged-key-1"), api_address: None };
    c.set_single::<Licensing>(input, &rev).await.unwrap();
    let rev = c.current_revisions().await.unwrap();
    let ad = DomainInput::ActiveDirectory {
        host: "corp.example.com".into(),
        user_name: "svc".into(),
        password: SecretInput::replace("staged-pw"),
        max_password_age: Some(30),
    };
    c.domain_save(None, ad, &rev).await.unwrap();
    c
}

fn keys(k: &[&str]) -> Vec<String> {
    k.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn preview_writes_nothing_and_apply_copies_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(&dir).await;
    let dst_path = dir.path().join("dst.sqlite");
    let dst = Console::open_workspace(dst_path.to_str().unwrap()).await.unwrap();
    let plan = src.stage_plan(&dst, &keys(&["licensing", "domain", "splunk", "saml"])).await.unwrap();
    let action = |k: &str| plan.preview.sections.iter().find(|s| s.key == k).unwrap().action;
    assert_eq!(action("licensing"), StageAction::Create);
    assert_eq!(action("domain"), StageAction::Create);
    assert_eq!(action("splunk"), StageAction::Unchanged);
    assert_eq!(action("saml"), StageAction::Unchanged);
    let shown = serde_json::to_string(&plan.preview).unwrap() + &format!("{plan:?}");
    assert!(!shown.contains("staged-key-1") && !shown.contains("staged-pw"), "preview shows no secret: {shown}");
    assert_eq!(raw(&dst_path, "licensing").await, None, "a preview writes nothing");
    Console::stage_apply(&dst, plan).await.unwrap();
    // Each workspace encrypts under its own key: the clear values are copied exactly.
    let licensing = SecretRef { section: "licensing".into(), id: None };
    assert_eq!(dst.reveal(&licensing).await.unwrap().expose(), src.reveal(&licensing).await.unwrap().expose());
    let (a, b) =
        (raw(&dst_path, "domain").await.unwrap(), raw(&dir.path().join("src.sqlite"), "domain").await.unwrap());
    let without_password = |raw: &str| {
        let mut v: serde_json::Value = serde_json::from_str(raw).unwrap();
        v["Password"] = serde_json::Value::Null;
        v
    };
    assert_eq!(without_password(&a), without_password(&b));
    let again = src.stage_plan(&dst, &keys(&["licensing", "domain"])).await.unwrap();
    assert!(again.preview.sections.iter().all(|s| s.action == StageAction::Unchanged));
}

#[tokio::test]
async fn a_target_changed_after_the_preview_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(&dir).await;
    let dst_path = dir.path().join("dst.sqlite");
    let dst = Console::open_workspace(dst_path.to_str().unwrap()).await.unwrap();
    let plan = src.stage_plan(&dst, &keys(&["licensing"])).await.unwrap();
    let other = r#"{"ApiKey":"someone-else","ApiAddress":"https://hls.hideez.com"}"#;
    let pool = SqlitePool::connect(&format!("sqlite:{}", dst_path.display())).await.unwrap();
    sqlx::query("INSERT INTO AppSettings (Id, Value) VALUES ('licensing', ?)")
        .bind(other)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let e = Console::stage_apply(&dst, plan).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(raw(&dst_path, "licensing").await.as_deref(), Some(other));
}

#[tokio::test]
async fn secrets_are_re_encrypted_under_the_targets_key() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(&dir).await;
    let dst_path = dir.path().join("dst.sqlite");
    // Make the target a protected database (one DataProtection row, vector ascii_api_key).
    Console::open_workspace(dst_path.to_str().unwrap()).await.unwrap();
    let pool = SqlitePool::connect(&format!("sqlite:{}", dst_path.display())).await.unwrap();
    sqlx::query("INSERT INTO DataProtection (Id, Value, CreatedAt) VALUES (1, ?, '2021-01-01 00:00:00')")
        .bind(PARAMS)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let dst = Console::open_workspace(dst_path.to_str().unwrap()).await.unwrap();
    let locked = src.stage_plan(&dst, &keys(&["licensing"])).await.unwrap_err();
    assert_eq!(locked.code, ErrorCode::DataProtectionLocked, "the target's key is needed");
    dst.unlock(&Secret::new("password")).await.unwrap();
    let plan = src.stage_plan(&dst, &keys(&["licensing"])).await.unwrap();
    Console::stage_apply(&dst, plan).await.unwrap();
    let stored = raw(&dst_path, "licensing").await.unwrap();
    assert!(stored.starts_with(r#"{"ApiKey":"AQAAABAAAA"#), "encrypted with key id 1: {stored}");
    let shown = dst.reveal(&hes_core::workspace::SecretRef { section: "licensing".into(), id: None }).await.unwrap();
    assert_eq!(shown.expose(), "staged-key-1");
}

fn azure(name: &str) -> DomainInput {
    DomainInput::AzureAd {
        name: name.into(),
        tenant_id: "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c".into(),
        application_id: "9c5f3a1e-2b7d-4c8e-a6f0-1d2e3f4a5b6c".into(),
        client_secret: SecretInput::replace("azure-secret"),
        max_password_age: None,
    }
}

async fn domain_names(c: &Console) -> Vec<String> {
    let mut names: Vec<String> = c
        .view()
        .await
        .unwrap()
        .domains
        .iter()
        .map(|d| serde_json::to_value(d).unwrap()["Name"].as_str().unwrap_or_default().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn nothing_is_removed_from_the_target_unless_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    // The target has the on-premises AD credentials and an Azure AD domain the source lacks.
    let dst = source(&dir).await;
    let dst_path = dir.path().join("src.sqlite");
    dst.domain_save(None, azure("target-tenant"), &dst.current_revisions().await.unwrap()).await.unwrap();
    // The source: no on-premises domain, another Azure AD domain.
    let src = Console::open_workspace(dir.path().join("other.sqlite").to_str().unwrap()).await.unwrap();
    src.domain_save(None, azure("source-tenant"), &src.current_revisions().await.unwrap()).await.unwrap();
    let ad_before = raw(&dst_path, "domain").await.expect("the target has AD credentials");

    let plan = src.stage_plan(&dst, &keys(&["domain", "domains"])).await.unwrap();
    let section = |k: &str| plan.preview.sections.iter().find(|s| s.key == k).unwrap().clone();
    assert_eq!(section("domain").action, StageAction::Remove);
    assert_eq!(section("domains").action, StageAction::Replace);
    assert_eq!(section("domains").removes, ["target-tenant"], "the preview names what the copy would remove");
    // Applied as previewed, without confirming removals: the source's domain is added, nothing goes.
    Console::stage_apply(&dst, plan).await.unwrap();
    assert_eq!(raw(&dst_path, "domain").await.as_deref(), Some(ad_before.as_str()), "AD credentials kept");
    assert_eq!(domain_names(&dst).await, ["source-tenant", "target-tenant"]);

    // Confirmed: the same copy removes them.
    let mut plan = src.stage_plan(&dst, &keys(&["domain", "domains"])).await.unwrap();
    assert_eq!(plan.preview.sections.iter().find(|s| s.key == "domains").unwrap().removes, ["target-tenant"]);
    plan.confirm_removals(&keys(&["domain", "domains"]));
    Console::stage_apply(&dst, plan).await.unwrap();
    assert_eq!(raw(&dst_path, "domain").await, None, "the confirmed removal happened");
    assert_eq!(domain_names(&dst).await, ["source-tenant"]);
}
