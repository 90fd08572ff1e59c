//! Issue 15, configuration export / import and automatic backups against the MariaDB peer:
//! export with a passphrase -> wipe -> import restores every section and the SAML rows byte for
//! byte; without a passphrase no secret is in the file and the target keeps its own; a wrong
//! passphrase, a newer or a damaged file write nothing; staging and imports leave a restorable
//! automatic backup. Without `HES_MYSQL_PORT` these tests print a note and pass.

use hes_core::error::ErrorCode;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::Console;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use std::sync::Arc;

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_SECRETS: [&str; 3] = ["secret-api-key-123", "Pa$$w0rd", "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"];

async fn setup() -> Option<(MySqlPeer, ScratchDb, Console, tempfile::TempDir)> {
    let Some(peer) = MySqlPeer::from_env() else {
        eprintln!("note: no MariaDB peer (HES_MYSQL_PORT); backup tests skipped");
        return None;
    };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    let c = Console::open_mysql(&peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity), "prod").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    c.use_history_dir(dir.path());
    // More sections than the seed: every kind of row.
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    c.set_section_json("email", r#"{"Host":"smtp.example.com","Port":587,"UserName":"mailer","Password":"Mail-Passw0rd!","From":"hes@example.com"}"#)
        .await
        .unwrap();
    Some((peer, db, c, dir))
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
    let pass = Secret::new("correct horse battery staple");
    let bytes = c.export_config(Some(&pass)).await.unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for s in SEED_SECRETS.iter().chain(&["Mail-Passw0rd!"]) {
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
    for s in SEED_SECRETS.iter().chain(&["Mail-Passw0rd!"]) {
        assert!(!preview.contains(s), "secret {s} in the import preview");
    }
    c.import_apply(plan).await.unwrap();
    assert_eq!(snapshot(&db).await, before, "every section and SAML row restored byte for byte");
    // The import is recorded, and a backup of the wiped state was taken first.
    assert_eq!(c.history(None).await.unwrap().entries[0].action, "import");
    assert_eq!(c.backups().unwrap()[0].reason, "before import");
}

#[tokio::test]
async fn without_a_passphrase_no_secret_leaves_and_the_target_keeps_its_own() {
    let Some((_peer, db, c, _dir)) = setup().await else { return };
    let bytes = c.export_config(None).await.unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for s in SEED_SECRETS.iter().chain(&["Mail-Passw0rd!"]) {
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
    let store = Arc::new(hes_store::keychain::MemoryStore::new());
    let ws = Console::open_workspace_in(ws_dir.path().join("ws.sqlite").to_str().unwrap(), store).await.unwrap();
    ws.set_section_json("fido", r#"{"AllowPlatformAuthenticators":false}"#).await.unwrap();
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
