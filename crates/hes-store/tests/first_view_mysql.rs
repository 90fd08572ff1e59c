//! Issue 16, opening a MySQL connection: the first screen's rows come with the opening facts
//! (one round trip, `Db::open_mysql_with_facts`). That first view must be exactly what a fresh read shows,
//! and it is used once: the next view reads the database again.
//! Without `HES_MYSQL_PORT` these tests print a note and pass (scripts/test.sh runs the peers).

use hes_core::workspace::TlsMode;
use hes_store::mysql::STATEMENT_TIMEOUT;
use hes_store::{Console, Db};
use hes_test_support::mysql::{MySqlPeer, ScratchDb};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

#[tokio::test]
async fn the_first_view_read_while_opening_is_a_fresh_reads_twin_and_is_used_once() {
    let Some(peer) = MySqlPeer::from_env() else {
        eprintln!("note: no MariaDB peer (HES_MYSQL_PORT); first-view test skipped");
        return;
    };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    sqlx::query(
        "INSERT INTO SamlRelyingParties (Id, Issuer, SingleSignOnDestination, SingleLogoutResponseDestination, \
         SignatureValidationCertificateBase64, NameIdentifierFormat, NameIdentifierField) \
         VALUES ('sp-1', 'https://sp.example.com', 'https://sp.example.com/acs', NULL, NULL, \
         'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 0)",
    )
    .execute(&db.raw)
    .await
    .unwrap();
    let c = Console::open_mysql(&peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity), "p").await.unwrap();
    let first = serde_json::to_value(c.view().await.unwrap()).unwrap();
    let fresh = serde_json::to_value(c.view().await.unwrap()).unwrap();
    assert_eq!(first, fresh, "the rows read while opening are what a read shows");
    assert!(first.to_string().contains("https://sp.example.com/acs"), "the SAML rows are in it");

    // Taken once: a change made after the first view shows in the next one.
    sqlx::query(
        "INSERT INTO AppSettings (Id, Value) VALUES ('fido', '{\"AllowPlatformAuthenticators\":false}') \
                 ON DUPLICATE KEY UPDATE Value = VALUES(Value)",
    )
    .execute(&db.raw)
    .await
    .unwrap();
    let after = serde_json::to_value(c.view().await.unwrap()).unwrap();
    assert_ne!(after, fresh, "the view after a change reads the database again");
}

/// The opening's one batch carries the facts, the first view and the write privileges alike for
/// a writer, a SELECT-only user (helpdesk) and a user refused only the last probes (DELETE): the
/// probes come after the reads, so a refused one still leaves a complete, read-only opening.
#[tokio::test]
async fn one_batch_opens_writers_and_read_only_users_alike() {
    let Some(peer) = MySqlPeer::from_env() else {
        eprintln!("note: no MariaDB peer (HES_MYSQL_PORT); opening-batch test skipped");
        return;
    };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    // No DELETE: a user made for this test, dropped at its end.
    let no_delete = (format!("{}_nd", db.name), "nd-Pw-1".to_string());
    for sql in [
        format!("CREATE USER '{}'@'%' IDENTIFIED BY '{}'", no_delete.0, no_delete.1),
        format!("GRANT SELECT, INSERT, UPDATE ON `{}`.* TO '{}'@'%'", db.name, no_delete.0),
    ] {
        sqlx::raw_sql(&sql).execute(&db.raw).await.unwrap();
    }
    for (user, writes) in [(&peer.user, true), (&peer.ro, false), (&no_delete, false)] {
        let target = peer.target(&db.name, user, TlsMode::VerifyIdentity);
        let opened = Db::open_mysql_with_facts(&target).await.unwrap();
        let facts = opened.facts.as_ref().unwrap_or_else(|| panic!("{}: the batch read the facts", user.0));
        assert_eq!(facts.may_write, writes, "{}", user.0);
        let first = facts.first_view.as_ref().expect("the first view");
        assert!(first.rows.contains_key("licensing"), "{}: the settings rows", user.0);
        assert!(opened.warm_up.is_some(), "the pool logs in after the opening");
        // The pool works (it logs in on first use) and bounds its sessions.
        let Db::MySql(pool) = &opened.opened.db else { panic!("a MySQL pool") };
        let (stmt, lock): (f64, u64) =
            sqlx::query_as("SELECT @@SESSION.max_statement_time, @@SESSION.innodb_lock_wait_timeout")
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!((stmt, lock), (STATEMENT_TIMEOUT.as_secs_f64(), target.timeout.as_secs()));
        let c = Console::open_mysql(&target, "p").await.unwrap();
        assert_eq!(c.info().read_only, !writes, "{}", user.0);
        assert_eq!(c.info().hes_version.as_deref(), Some("3.8.4"));
    }
    sqlx::raw_sql(&format!("DROP USER '{}'@'%'", no_delete.0)).execute(&db.raw).await.unwrap();
}
