//! Issue 15, configuration export / import and automatic backups against the MariaDB peer:
//! export with a passphrase -> wipe -> import restores every section and the SAML rows byte for
//! byte; without a passphrase no secret is in the file and the target keeps its own; a wrong
//! passphrase, a newer or a damaged file write nothing; what a file lacks is removed only when
//! confirmed; staging, imports and a revert of several sections leave a restorable automatic
//! backup, the newest 20 kept. Without `HES_MYSQL_PORT` these tests print a note and pass.

use hes_core::config_file::ConfigFile;
use hes_core::error::ErrorCode;
use hes_core::stage::StageAction;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::Console;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use std::collections::BTreeMap;
use std::sync::Arc;

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_SECRETS: [&str; 3] = ["secret-api-key-123", "Pa$$w0rd", "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"];
/// The secrets `setup` adds (e-mail, further domains, OIDC).
const ADDED_SECRETS: [&str; 4] = ["Mail-Passw0rd!", "Entra-Secret-7q", "Branch-Passw0rd!", "Oidc-Secret-4k"];

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 160, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn all_secrets() -> impl Iterator<Item = &'static str> {
    SEED_SECRETS.into_iter().chain(ADDED_SECRETS)
}

async fn setup() -> Option<(MySqlPeer, ScratchDb, Console, tempfile::TempDir)> {
    let Some(peer) = MySqlPeer::from_env() else {
        eprintln!("note: no MariaDB peer (HES_MYSQL_PORT); backup tests skipped");
        return None;
    };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    let c = Console::open_mysql(&peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity), "prod").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    c.use_history_dir(dir.path());
    // Beside the seed's licensing, domain, splunk and SAML row: every other section, logos included.
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    c.set_section_json("email", r#"{"Host":"smtp.example.com","Port":587,"UserName":"mailer","Password":"Mail-Passw0rd!","From":"hes@example.com"}"#)
        .await
        .unwrap();
    c.set_section_json(
        "domains",
        r#"[{"Type":"AzureAd","Name":"Entra","TenantId":"8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6d","ApplicationId":"9c5f3a1e-2b7d-4c8e-a6f0-1d2e3f4a5b6c","ClientSecret":"Entra-Secret-7q"},
            {"Type":"ActiveDirectory","Host":"branch.example.org","UserName":"svc2","Password":"Branch-Passw0rd!"}]"#,
    )
    .await
    .unwrap();
    c.set_section_json(
        "oidc",
        r#"[{"Name":"Wiki","ClientId":"wiki","ClientSecret":"Oidc-Secret-4k","RedirectUris":["https://wiki.example.com/cb"],"Scopes":["openid"]}]"#,
    )
    .await
    .unwrap();
    c.set_section_json("customization", r#"{"ServerName":"Acme HES"}"#).await.unwrap();
    c.logo_set("main", png(480, 120), &c.current_revisions().await.unwrap()).await.unwrap();
    c.logo_set("favicon", png(64, 64), &c.current_revisions().await.unwrap()).await.unwrap();
    Some((peer, db, c, dir))
}

/// A local workspace to stage from, whose FIDO setting differs from the target's.
async fn staging_source(dir: &std::path::Path) -> Console {
    let store = Arc::new(hes_store::keychain::MemoryStore::new());
    let ws = Console::open_workspace_in(dir.join("ws.sqlite").to_str().unwrap(), store).await.unwrap();
    ws.set_section_json("fido", r#"{"AllowPlatformAuthenticators":false}"#).await.unwrap();
    ws
}

async fn snapshot(db: &ScratchDb) -> Vec<String> {
    let mut out: Vec<String> = sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
        .fetch_all(&db.raw)
        .await
        .unwrap();
    out.extend(
        sqlx::query_scalar::<_, String>(
            "SELECT CONCAT_WS('|', Id, Issuer, SingleSignOnDestination, IFNULL(SingleLogoutResponseDestination, '-'), \
             IFNULL(SignatureValidationCertificateBase64, '-'), NameIdentifierFormat, NameIdentifierField) \
             FROM SamlRelyingParties ORDER BY Id",
        )
        .fetch_all(&db.raw)
        .await
        .unwrap(),
    );
    out
}

async fn wipe(db: &ScratchDb) {
    sqlx::query("DELETE FROM AppSettings").execute(&db.raw).await.unwrap();
    sqlx::query("DELETE FROM SamlRelyingParties").execute(&db.raw).await.unwrap();
}

#[tokio::test]
async fn export_wipe_import_is_byte_exact_with_a_passphrase() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let before = snapshot(&db).await;
    let keys: Vec<&str> = before.iter().filter_map(|r| r.split('|').next()).collect();
    for key in hes_core::settings::view::APP_SETTING_KEYS {
        assert!(keys.contains(&key), "the test covers every section: {key} missing in {keys:?}");
    }
    let customization = before.iter().find(|r| r.starts_with("customization|")).unwrap();
    assert!(customization.contains("data:image/png;base64,") || customization.contains("iVBOR"), "logos stored");
    let pass = Secret::new("correct horse battery staple");
    let bytes = c.export_config(Some(&pass)).await.unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for s in all_secrets() {
        assert!(!text.contains(s), "secret {s} readable in the exported file");
    }
    // Stable errors, nothing written.
    wipe(&db).await;
    let wiped = snapshot(&db).await;
    let wrong = Secret::new("not the passphrase");
    assert_eq!(c.import_plan(bytes.clone(), Some(&wrong)).await.unwrap_err().code, ErrorCode::ConfigWrongPassphrase);
    let cut = bytes[..bytes.len() - 40].to_vec();
    assert_eq!(c.import_plan(cut, Some(&pass)).await.unwrap_err().code, ErrorCode::ConfigFileDamaged);
    let tampered = text.replace("https://hls.hideez.com", "https://evil.example.com").into_bytes();
    assert_eq!(c.import_plan(tampered, Some(&pass)).await.unwrap_err().code, ErrorCode::ConfigFileDamaged);
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["Version"] = serde_json::Value::from(99);
    let newer = serde_json::to_vec(&v).unwrap();
    assert_eq!(c.import_plan(newer, Some(&pass)).await.unwrap_err().code, ErrorCode::ConfigFileNewer);
    assert_eq!(snapshot(&db).await, wiped, "nothing written by a refused import");

    let plan = c.import_plan(bytes, Some(&pass)).await.unwrap();
    let preview = serde_json::to_string(&plan.preview).unwrap();
    for s in all_secrets() {
        assert!(!preview.contains(s), "secret {s} in the import preview");
    }
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, before, "every section and SAML row restored byte for byte");
    // The import is recorded, and a backup of the wiped state was taken first.
    assert_eq!(c.history(None).await.unwrap().entries[0].action, "import");
    let backups = c.backups().unwrap();
    assert_eq!(backups[0].reason, "before import");

    // The backup holds the wiped state: restoring it lists every removal and, confirmed, removes.
    let mut plan = c.restore_plan(&backups[0].name).await.unwrap();
    assert!(plan.preview.sections.iter().filter(|s| s.key != "saml").all(|s| s.action == StageAction::Remove));
    let all: Vec<String> = plan.preview.sections.iter().map(|s| s.key.clone()).collect();
    plan.confirm_removals(&all);
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, wiped);
}

#[tokio::test]
async fn without_a_passphrase_no_secret_leaves_and_the_target_keeps_its_own() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let bytes = c.export_config(None).await.unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for s in all_secrets() {
        assert!(!text.contains(s), "secret {s} in a file exported without passphrase");
    }
    let licensing: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_one(&db.raw).await.unwrap();
    // Another admin changes the address; importing the file puts it back, the API key stays.
    sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = 'licensing'")
        .bind(licensing.replace("https://hls.hideez.com", "https://other.example.com"))
        .execute(&db.raw)
        .await
        .unwrap();
    let plan = c.import_plan(bytes, None).await.unwrap();
    c.import_apply(plan).await.unwrap();
    let now: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_one(&db.raw).await.unwrap();
    assert!(now.contains("secret-api-key-123") && now.contains("https://hls.hideez.com"), "{now}");
}

#[tokio::test]
async fn staging_leaves_a_restorable_backup() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let before = snapshot(&db).await;
    let ws_dir = tempfile::tempdir().unwrap();
    let ws = staging_source(ws_dir.path()).await;
    let plan = ws.stage_plan(&c, &["fido".to_string(), "saml".to_string()]).await.unwrap();
    Console::stage_apply(&c, plan).await.unwrap();
    assert_ne!(snapshot(&db).await, before);
    let backups = c.backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, "before stage");
    let plan = c.restore_plan(&backups[0].name).await.unwrap();
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, before, "the backup restores the target exactly");
    assert_eq!(c.history(None).await.unwrap().entries[0].action, "restore");
    assert_eq!(c.restore_plan("../../etc/passwd").await.unwrap_err().code, ErrorCode::NotFound);
}

/// A file lacking a section, a list item or a SAML row: the preview lists the removals, an import
/// without confirming them keeps all of them, a confirmed one removes exactly those.
#[tokio::test]
async fn what_a_file_lacks_is_removed_only_when_confirmed() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let bytes = c.export_config(None).await.unwrap();
    // A file of another state: no Splunk, the Wiki client gone, no SAML provider.
    let (file, _) = ConfigFile::parse(&bytes, None).unwrap();
    let mut rows: BTreeMap<String, String> = file.settings.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
    rows.remove("splunk");
    rows.insert("oidc".into(), "[]".into());
    let edited = ConfigFile::build(&file.source, &file.console_version, &file.exported_at, &rows, Vec::new(), None)
        .unwrap()
        .to_bytes()
        .unwrap();
    let before = snapshot(&db).await;

    let plan = c.import_plan(edited.clone(), None).await.unwrap();
    let section = |key: &str| plan.preview.sections.iter().find(|s| s.key == key).unwrap().clone();
    assert_eq!(section("splunk").action, StageAction::Remove);
    assert_eq!(section("saml").removes, vec!["https://sp.example.com/saml".to_string()]);
    assert_eq!(section("oidc").removes, vec!["Wiki".to_string()], "the client the file lacks is listed");
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, before, "no removal confirmed: everything kept");

    let mut plan = c.import_plan(edited, None).await.unwrap();
    plan.confirm_removals(&["splunk".to_string(), "saml".to_string()]);
    c.import_apply(plan).await.unwrap();
    let now = snapshot(&db).await;
    assert!(!now.iter().any(|r| r.starts_with("splunk|")), "splunk removed");
    assert!(!now.iter().any(|r| r.contains("https://sp.example.com/saml")), "the SAML row removed");
    assert!(now.iter().any(|r| r.starts_with("oidc|") && r.contains("Wiki")), "oidc not confirmed: kept");
}

/// Reverting an entry that changed several sections (a staging apply) first writes a backup of
/// the state it replaces, listed newest first and restorable; a one-section revert does not.
#[tokio::test]
async fn a_revert_of_several_sections_leaves_a_restorable_backup() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let before = snapshot(&db).await;
    let ws_dir = tempfile::tempdir().unwrap();
    let ws = staging_source(ws_dir.path()).await;
    ws.set_section_json("splunk", r#"{"Host":"https://staged.example.com:8088","Token":"Staged-Token-1"}"#)
        .await
        .unwrap();
    let plan = ws.stage_plan(&c, &["fido".to_string(), "splunk".to_string()]).await.unwrap();
    Console::stage_apply(&c, plan).await.unwrap();
    let staged = snapshot(&db).await;
    let entry = c.history(None).await.unwrap().entries[0].clone();
    assert_eq!(entry.action, "stage");
    assert_eq!(entry.sections.len(), 2, "{:?}", entry.sections);

    c.revert(entry.id).await.unwrap();
    assert_eq!(snapshot(&db).await, before, "the revert puts back both sections byte for byte");
    let backups = c.backups().unwrap();
    let reasons: Vec<&str> = backups.iter().map(|b| b.reason.as_str()).collect();
    assert_eq!(reasons, ["before revert", "before stage"], "newest first");

    let plan = c.restore_plan(&backups[0].name).await.unwrap();
    let mut changed: Vec<&str> =
        plan.preview.sections.iter().filter(|s| s.action != StageAction::Unchanged).map(|s| s.key.as_str()).collect();
    changed.sort_unstable();
    assert_eq!(changed, ["fido", "splunk"]);
    assert!(!serde_json::to_string(&plan.preview).unwrap().contains("Staged-Token-1"));
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, staged, "restoring the backup brings back what the revert replaced");

    // One section: no backup.
    let n = c.backups().unwrap().len();
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    c.revert(c.history(Some("fido")).await.unwrap().entries[0].id).await.unwrap();
    assert_eq!(c.backups().unwrap().len(), n);
}

/// The newest 20 automatic backups are kept, listed newest first, even when several are written
/// within the same millisecond.
#[tokio::test]
async fn the_newest_twenty_backups_are_kept() {
    let Some((_peer, _db, c, dir)) = setup().await else { return };
    let bytes = c.export_config(None).await.unwrap();
    for _ in 0..23 {
        let plan = c.import_plan(bytes.clone(), None).await.unwrap();
        c.import_apply(plan).await.unwrap();
    }
    let list = c.backups().unwrap();
    assert_eq!(list.len(), hes_store::console::KEEP_BACKUPS);
    assert_eq!(list.len(), 20);
    let times: Vec<&str> = list.iter().map(|b| b.at.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    let files = std::fs::read_dir(dir.path()).unwrap().flatten().filter(|e| e.path().is_dir()).count();
    assert_eq!(files, 1, "one backups folder for this database");
}
