//! Issue 11: every database operation of a console session is bounded. On the MariaDB peer: the
//! session bounds are set on connect, a write blocked by another session's row lock fails with
//! `Timeout` within the profile's timeout and writes nothing, and the next write works once the
//! lock is gone. The client-side bound ends an operation the server never answers.

use hes_core::error::ErrorCode;
use hes_core::settings::licensing::Licensing;
use hes_core::workspace::TlsMode;
use hes_store::mysql::{bounded_by, STATEMENT_TIMEOUT};
use hes_store::{Console, Db};
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use serde_json::json;
use sqlx::mysql::MySqlPoolOptions;
use std::time::{Duration, Instant};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

#[tokio::test]
async fn a_write_blocked_by_a_lock_times_out_writes_nothing_and_the_next_works() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    let mut target = peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity);
    target.timeout = Duration::from_secs(2);

    // The session bounds are set on every pooled connection.
    let opened = Db::open_mysql(&target).await.unwrap();
    let Db::MySql(pool) = &opened.db else { panic!("a MySQL pool") };
    let (stmt, lock, mdl): (f64, u64, u64) = sqlx::query_as(
        "SELECT @@SESSION.max_statement_time, @@SESSION.innodb_lock_wait_timeout, @@SESSION.lock_wait_timeout",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((stmt, lock, mdl), (STATEMENT_TIMEOUT.as_secs_f64(), 2, 2));

    let console = Console::open_mysql(&target, "test").await.unwrap();
    let before: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_one(&db.raw).await.unwrap();
    // Another session (root) holds the licensing row.
    let root =
        MySqlPoolOptions::new().max_connections(1).connect_with(peer.root_options(Some(&db.name))).await.unwrap();
    let mut holder = root.begin().await.unwrap();
    sqlx::query("SELECT Value FROM AppSettings WHERE Id = 'licensing' FOR UPDATE")
        .fetch_one(&mut *holder)
        .await
        .unwrap();

    let input = || serde_json::from_value(json!({"ApiKey": "k-new", "ApiAddress": "https://hls.example.com"})).unwrap();
    let revs = console.view().await.unwrap().revisions;
    let started = Instant::now();
    let e = console.set_single::<Licensing>(input(), &revs).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.code, ErrorCode::Timeout, "{e:?}");
    assert!(took >= Duration::from_secs(1) && took < Duration::from_secs(8), "{took:?}");
    holder.rollback().await.unwrap();
    let after: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_one(&db.raw).await.unwrap();
    assert_eq!(after, before, "nothing was written");

    // The lock is gone: the same write goes through.
    let revs = console.view().await.unwrap().revisions;
    let v = console.set_single::<Licensing>(input(), &revs).await.unwrap();
    assert_eq!(v.licensing.unwrap().api_address, "https://hls.example.com");
}

#[tokio::test]
async fn an_operation_the_server_never_answers_ends_with_timeout() {
    let started = Instant::now();
    let e = bounded_by(Duration::from_millis(300), std::future::pending::<hes_core::error::AppResult<()>>())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Timeout);
    assert!(started.elapsed() < Duration::from_secs(2));
}
