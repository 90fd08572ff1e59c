//! Issue 15, change history against the MariaDB peer: two console instances see each other's
//! changes; revert puts back the exact stored bytes, and is refused (nothing written) when the
//! row changed since; a change rolled back records nothing; a database user who may not create
//! the history table gets a local history file and a notice; no secret value in what is shown;
//! a revert to a secret under a Data Protection key HES has replaced is refused, nothing written.
//! Without `HES_MYSQL_PORT` these tests print a note and pass (scripts/test.sh runs the peers).

use hes_core::error::ErrorCode;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::Console;
use hes_test_support::hes_dp;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
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

async fn snapshot(db: &ScratchDb) -> Vec<String> {
    sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
        .fetch_all(&db.raw)
        .await
        .unwrap()
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

/// On MySQL the entry travels in the transaction's opening query as literals: any text (quotes,
/// backslashes, SQL, non-Latin letters) must come back exactly and never run as SQL.
#[tokio::test]
async fn an_entry_with_any_text_is_stored_exactly_and_never_runs_as_sql() {
    let Some((peer, db)) = scratch().await else { return };
    let name = "it's \\' \"x\"); DROP TABLE AppSettings; -- Київ 🔑 \0 %_";
    let c = open(&peer, &db, &peer.user, name).await;
    c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    let list = c.history(None).await.unwrap();
    assert_eq!(list.entries.len(), 1);
    assert!(list.entries[0].connection.starts_with(name), "{:?}", list.entries[0].connection);
    assert!(raw(&db, "fido").await.is_some(), "AppSettings is still there");
}

/// When the entry cannot be written the change is refused, nothing is written, and no pooled
/// connection is left inside a transaction (it would serve stale reads and hold locks). On the
/// store's own API, to look into each connection of the pool afterwards.
#[tokio::test]
async fn a_failed_entry_refuses_the_change_and_leaves_no_open_transaction() {
    use hes_store::db::{Db, DpRows};
    use hes_store::history::{self, History};
    use hes_store::rows::RowChange;
    let Some((peer, db)) = scratch().await else { return };
    let opened = Db::open_mysql(&peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity)).await.unwrap();
    let store = opened.db;
    let h = History::with_dir("p", "loc", std::env::temp_dir().join(format!("hes-history-test-{}", db.name)));
    let write = |key: &str, from: Option<String>, to: &str| {
        let change = vec![RowChange { key: key.into(), expected: from, new: Some(to.into()), title: key.into() }];
        let (h, store) = (&h, &store);
        async move {
            let pending =
                h.pending(store, hes_core::history::Change::new("set", history::rows_of(&change, &[]))).await?;
            history::write(
                store,
                &DpRows::default(),
                hes_core::settings::saml::SamlColumns::HES_3_8_4,
                &change,
                &[],
                Some(&pending),
            )
            .await
        }
    };
    write("fido", raw(&db, "fido").await, r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    let n = history_rows(&db).await;
    assert_eq!(n, 1);
    // Strict mode (MariaDB's default): an entry whose section does not fit fails its INSERT.
    sqlx::query("ALTER TABLE HesConsoleHistory MODIFY Section VARCHAR(4) NOT NULL").execute(&db.raw).await.unwrap();
    let before = snapshot(&db).await;
    let e = write("licensing", raw(&db, "licensing").await, r#"{"ApiKey":"k2","ApiAddress":"https://x.example"}"#)
        .await
        .unwrap_err();
    assert!(e.message.contains("too long"), "{}", e.message);
    assert_eq!(snapshot(&db).await, before, "nothing written");
    assert_eq!(history_rows(&db).await, n, "no entry");
    // Every connection the pool holds: none inside a transaction. (Closed before asserting: an
    // open transaction's metadata lock would make dropping the scratch database wait.)
    let Db::MySql(pool) = &store else { unreachable!() };
    let mut held = Vec::new();
    let mut open = Vec::new();
    for _ in 0..pool.size() {
        let mut conn = pool.acquire().await.unwrap();
        open.push(sqlx::query_scalar::<_, u64>("SELECT @@in_transaction").fetch_one(&mut *conn).await.unwrap());
        held.push(conn);
    }
    drop(held);
    pool.close().await;
    assert!(!open.is_empty());
    assert!(open.iter().all(|&o| o == 0), "a pooled connection was left inside a transaction: {open:?}");
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

/// Two admins, each with a database user and a console of their own: each sees the other's
/// entries, newest first, with who made them; a helpdesk (SELECT-only) user sees the same history
/// and may not revert.
#[tokio::test]
async fn two_admins_with_their_own_database_users_see_each_others_changes() {
    let Some((peer, db)) = scratch().await else { return };
    let alice = open(&peer, &db, &peer.user, "alice-laptop").await;
    let bob = open(&peer, &db, &peer.tls, "bob-desktop").await;
    alice.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await.unwrap();
    bob.set_section_json("splunk", r#"{"Host":"https://splunk2.example.com:8088"}"#).await.unwrap();
    let by = |user: &str| format!("{user}@");
    for c in [&alice, &bob] {
        let list = c.history(None).await.unwrap();
        assert_eq!((list.kept_in.as_str(), list.notice.as_deref()), ("database", None));
        let seen: Vec<(&str, &str, &str)> =
            list.entries.iter().map(|e| (e.section.as_str(), e.db_user.as_str(), e.connection.as_str())).collect();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[0].0, "splunk");
        assert!(seen[0].1.starts_with(&by(&peer.tls.0)) && seen[0].2.starts_with("bob-desktop"), "{seen:?}");
        assert_eq!(seen[1].0, "fido");
        assert!(seen[1].1.starts_with(&by(&peer.user.0)) && seen[1].2.starts_with("alice-laptop"), "{seen:?}");
        let host = list.entries[0].sections[0].fields.iter().find(|f| f.field == "Host").unwrap();
        assert_eq!(host.to.as_deref(), Some("https://splunk2.example.com:8088"));
        let token = list.entries[0].sections[0].fields.iter().find(|f| f.field == "Token");
        assert!(token.is_none(), "the token was kept, so it is not listed as changed: {token:?}");
    }
    let helpdesk = open(&peer, &db, &peer.ro, "helpdesk").await;
    let list = helpdesk.history(None).await.unwrap();
    assert_eq!(list.entries.len(), 2, "read-only users see the history too");
    let before = snapshot(&db).await;
    assert_eq!(helpdesk.revert(list.entries[0].id).await.unwrap_err().code, ErrorCode::ReadOnly);
    assert_eq!(snapshot(&db).await, before);
}

/// Without a change since, a revert puts back the previous stored bytes; after another writer
/// changed the section, it is refused with `ConcurrentChange` and the preview's "changed since"
/// diff names the field and both values.
#[tokio::test]
async fn a_revert_goes_through_unless_the_section_changed_since_and_the_preview_says_why() {
    let Some((peer, db)) = scratch().await else { return };
    let alice = open(&peer, &db, &peer.user, "alice").await;
    let bob = open(&peer, &db, &peer.tls, "bob").await;
    alice.set_section_json("licensing", r#"{"ApiAddress":"https://one.example.com"}"#).await.unwrap();
    let after_one = raw(&db, "licensing").await.unwrap();
    alice.set_section_json("licensing", r#"{"ApiAddress":"https://two.example.com"}"#).await.unwrap();
    let list = bob.history(Some("licensing")).await.unwrap();
    let (two, one) = (list.entries[0].id, list.entries[1].id);

    // No concurrent change: the preview shows two -> one, the revert writes exactly `after_one`.
    let preview = bob.revert_preview(two).await.unwrap();
    assert!(preview.changed_since.is_empty() && preview.blocked.is_none(), "{preview:?}");
    let f = preview.sections[0].fields.iter().find(|f| f.field == "ApiAddress").unwrap();
    assert_eq!(
        (f.from.as_deref(), f.to.as_deref()),
        (Some("https://two.example.com"), Some("https://one.example.com"))
    );
    bob.revert(two).await.unwrap();
    assert_eq!(raw(&db, "licensing").await.unwrap(), after_one, "byte for byte");

    // HES's web admin changes the address: reverting entry `one` would overwrite that.
    let theirs = after_one.replace("https://one.example.com", "https://three.example.com");
    sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = 'licensing'")
        .bind(&theirs)
        .execute(&db.raw)
        .await
        .unwrap();
    let (before, entries) = (snapshot(&db).await, history_rows(&db).await);
    let preview = alice.revert_preview(one).await.unwrap();
    assert_eq!(preview.changed_since.len(), 1, "{preview:?}");
    let why = &preview.changed_since[0];
    assert_eq!(why.key, "licensing");
    let f = why.fields.iter().find(|f| f.field == "ApiAddress").expect("the changed field is named");
    assert_eq!(
        (f.from.as_deref(), f.to.as_deref()),
        (Some("https://one.example.com"), Some("https://three.example.com"))
    );
    assert!(why.fields.iter().all(|f| f.field != "ApiKey"), "the key did not change: {why:?}");
    let e = alice.revert(one).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert!(e.message.contains("licensing") && e.message.contains("Nothing was written"), "{}", e.message);
    assert_eq!(snapshot(&db).await, before, "nothing written");
    assert_eq!(history_rows(&db).await, entries, "nothing recorded");
    assert_eq!(raw(&db, "licensing").await.unwrap(), theirs);
}

/// A secret typed again after HES changed its Data Protection password: the entry's previous
/// bytes are a ciphertext under the key HES deleted. Reverting would store a secret nobody can
/// read, so the preview says why and the revert is refused with `DataProtectionStaleKey`,
/// nothing written and nothing recorded.
#[tokio::test]
async fn a_revert_to_a_secret_under_a_key_hes_replaced_is_refused_and_writes_nothing() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PROTECTED]).await;
    let email = |pw: &str| {
        format!(
            r#"{{"Host":"smtp.example.com","Port":587,"UserName":"hes","Password":"{pw}","From":"hes@example.com"}}"#
        )
    };
    let c = open(&peer, &db, &peer.user, "prod").await;
    c.unlock(&Secret::new("password")).await.unwrap();
    c.set_section_json("email", &email("Old-Smtp-Pw-1")).await.unwrap();
    let under_key_1 = raw(&db, "email").await.unwrap();

    // HES changes its password: key 2; it re-encrypts only its own rows, not `email`.
    hes_dp::change_password(&db.raw, "password", "second-password").await;
    let c = open(&peer, &db, &peer.user, "prod").await;
    c.unlock(&Secret::new("second-password")).await.unwrap();
    c.set_section_json("email", &email("New-Smtp-Pw-2")).await.unwrap();
    let retyped = c.history(Some("email")).await.unwrap().entries[0].id;

    let preview = c.revert_preview(retyped).await.unwrap();
    assert!(preview.changed_since.is_empty(), "nothing changed since: {preview:?}");
    let blocked = preview.blocked.clone().expect("the preview says the revert cannot be done");
    assert_eq!(blocked.code, ErrorCode::DataProtectionStaleKey);
    assert!(blocked.message.contains(&format!("Cannot revert entry {retyped}")), "{}", blocked.message);
    assert!(blocked.message.contains("key id 1"), "{}", blocked.message);
    let (before, entries) = (snapshot(&db).await, history_rows(&db).await);
    let e = c.revert(retyped).await.unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (blocked.code, blocked.message.as_str()));
    assert_eq!(snapshot(&db).await, before, "nothing written");
    assert_eq!(history_rows(&db).await, entries, "nothing recorded");
    assert_ne!(raw(&db, "email").await.unwrap(), under_key_1);
    let shown = format!("{} {:?} {e:?}", serde_json::to_string(&preview).unwrap(), c.history(None).await.unwrap());
    for s in ["Old-Smtp-Pw-1", "New-Smtp-Pw-2", "second-password"] {
        assert!(!shown.contains(s), "{s} in the preview, error or history");
    }
}
