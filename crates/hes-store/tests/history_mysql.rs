//! Issue 15, change history against the MariaDB peer: two console instances see each other's
//! changes; revert puts back the exact stored bytes, and is refused (nothing written) when the
//! row changed since; a change rolled back records nothing; a database user who may not create
//! the history table gets a local history file and a notice; no secret value in what is shown.
//! Without `HES_MYSQL_PORT` these tests print a note and pass (scripts/test.sh runs the peers).

use hes_core::error::ErrorCode;
use hes_core::workspace::TlsMode;
use hes_store::Console;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_SECRETS: [&str; 3] = ["secret-api-key-123", "Pa$$w0rd", "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"];

async fn scratch() -> Option<(MySqlPeer, ScratchDb)> {
    let Some(peer) = MySqlPeer::from_env() else {
        eprintln!("note: no MariaDB peer (HES_MYSQL_PORT); history tests skipped");
        return None;
    };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    Some((peer, db))
}

async fn open(peer: &MySqlPeer, db: &ScratchDb, user: &(String, String), name: &str) -> Console {
    let c = Console::open_mysql(&peer.target(&db.name, user, TlsMode::VerifyIdentity), name).await.expect("opens");
    c.use_history_dir(std::env::temp_dir().join(format!("hes-history-test-{}", db.name)));
    c
}

async fn raw(db: &ScratchDb, key: &str) -> Option<String> {
    hes_test_support::app_setting!(&db.raw, key)
}

async fn history_rows(db: &ScratchDb) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM HesConsoleHistory").fetch_one(&db.raw).await.unwrap_or(-1)
}

#[tokio::test]
async fn two_consoles_share_the_history_and_revert_is_byte_exact_or_refused() {
    let Some((peer, db)) = scratch().await else { return };
    let alice = open(&peer, &db, &peer.user, "alice-prod").await;
    let bob = open(&peer, &db, &peer.user, "bob-prod").await;
    assert_eq!(history_rows(&db).await, -1, "no table before the first recorded write");

    let before = raw(&db, "licensing").await.unwrap();
    alice
        .set_section_json("licensing", r#"{"ApiKey":"new-api-key-456","ApiAddress":"https://licensing.example.com"}"#)
        .await
        .unwrap();
    let after = raw(&db, "licensing").await.unwrap();

    // Bob (another console instance) sees Alice's change, with who, where and what.
    let list = bob.history(None).await.unwrap();
    assert_eq!(list.kept_in, "database");
    assert_eq!(list.entries.len(), 1);
    let e = &list.entries[0];
    assert!(e.connection.starts_with("alice-prod"), "{}", e.connection);
    assert!(e.db_user.starts_with(&peer.user.0), "{}", e.db_user);
    assert!(!e.os_user.is_empty() && !e.computer.is_empty() && !e.console_version.is_empty());
    assert_eq!(e.section, "licensing");
    let fields = &e.sections[0].fields;
    let key = fields.iter().find(|f| f.field == "ApiKey").unwrap();
    assert_eq!(key.to.as_deref(), Some("changed"));
    let addr = fields.iter().find(|f| f.field == "ApiAddress").unwrap();
    assert_eq!(addr.to.as_deref(), Some("https://licensing.example.com"));
    let shown = serde_json::to_string(&list).unwrap();
    for s in SEED_SECRETS.iter().chain(&["new-api-key-456"]) {
        assert!(!shown.contains(s), "secret {s} in the history view");
    }
    assert!(bob.history(Some("saml")).await.unwrap().entries.is_empty());

    // Revert by Bob: the exact previous bytes, and itself recorded.
    let id = e.id;
    let preview = bob.revert_preview(id).await.unwrap();
    assert!(preview.changed_since.is_empty() && preview.blocked.is_none());
    bob.revert(id).await.unwrap();
    assert_eq!(raw(&db, "licensing").await.unwrap(), before);
    let list = alice.history(None).await.unwrap();
    assert_eq!(list.entries[0].action, "revert");
    assert_eq!(list.entries[0].reverts, Some(id));

    // Reverting the first entry again: the row no longer holds what it wrote -> refused.
    let e = alice.revert(id).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(raw(&db, "licensing").await.unwrap(), before);
    let preview = alice.revert_preview(id).await.unwrap();
    assert_eq!(preview.changed_since.len(), 1, "the preview shows why");
    assert_ne!(after, before);

    // A concurrent change by another writer (HES web admin) between entry and revert.
    alice.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    let fido_id = alice.history(Some("fido")).await.unwrap().entries[0].id;
    sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = 'fido'")
        .bind(r#"{"AllowPlatformAuthenticators":false,"Other":1}"#)
        .execute(&db.raw)
        .await
        .unwrap();
    let count = history_rows(&db).await;
    assert_eq!(bob.revert(fido_id).await.unwrap_err().code, ErrorCode::ConcurrentChange);
    assert_eq!(raw(&db, "fido").await.unwrap(), r#"{"AllowPlatformAuthenticators":false,"Other":1}"#);
    assert_eq!(history_rows(&db).await, count, "a refused revert records nothing");

    // SAML rows are recorded and reverted too.
    let saml_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(&db.raw).await.unwrap();
    alice.delete_section("saml").await.unwrap();
    let saml_id = bob.history(Some("saml")).await.unwrap().entries[0].id;
    bob.revert(saml_id).await.unwrap();
    let saml_after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(&db.raw).await.unwrap();
    assert_eq!(saml_after, saml_before);
}

#[tokio::test]
async fn a_refused_write_leaves_no_entry() {
    let Some((peer, db)) = scratch().await else { return };
    let c = open(&peer, &db, &peer.user, "p").await;
    let revisions = c.current_revisions().await.unwrap();
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    let n = history_rows(&db).await;
    // Stale revisions: ConcurrentChange, nothing written, no entry.
    let input = serde_json::from_str(r#"{"AllowPlatformAuthenticators":false}"#).unwrap();
    let e = c.set_single::<hes_core::settings::fido::Fido>(input, &revisions).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(history_rows(&db).await, n);
}

#[tokio::test]
async fn without_create_privilege_the_history_is_a_local_file_with_a_notice() {
    let Some((peer, db)) = scratch().await else { return };
    let user = format!("h15_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let password = uuid::Uuid::new_v4().simple().to_string();
    for sql in [
        format!("CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON `{}`.* TO '{user}'@'%'", db.name),
    ] {
        sqlx::query(&sql).execute(&db.raw).await.unwrap();
    }
    let c = open(&peer, &db, &(user.clone(), password), "limited").await;
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    assert_eq!(history_rows(&db).await, -1, "no table was created");
    let list = c.history(None).await.unwrap();
    assert_eq!(list.kept_in, "local-file");
    assert!(list.notice.as_deref().unwrap_or_default().contains("may not create"), "{:?}", list.notice);
    assert_eq!(list.entries.len(), 1);
    c.revert(list.entries[0].id).await.unwrap();
    assert_eq!(raw(&db, "fido").await, None);
    let _ = sqlx::query(&format!("DROP USER '{user}'@'%'")).execute(&db.raw).await;
}
