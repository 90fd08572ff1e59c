//! Issue 16, opening a MySQL connection: the first screen's rows come with the opening facts
//! (one round trip, `Db::open_facts`). That first view must be exactly what a fresh read shows,
//! and it is used once: the next view reads the database again.
//! Without `HES_MYSQL_PORT` these tests print a note and pass (scripts/test.sh runs the peers).

use hes_core::workspace::TlsMode;
use hes_store::Console;
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
