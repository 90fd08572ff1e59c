//! Issue 11: unlocking Data Protection can be cancelled. A database announcing the most PBKDF2
//! iterations the console accepts (10 000 000, 100 times HES's) takes seconds to derive; Cancel
//! returns at once with `Cancelled` and the console stays locked.

use hes_console_lib::AppState;
use hes_core::error::ErrorCode;
use hes_core::protect::DataProtectionParams;
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_unlock_is_cancelled_and_stays_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    drop(AppState::open_workspace(&path, Instant::now()).await.console().await.expect("workspace opens"));
    let mut params = DataProtectionParams::create_with("pw", [3; 16], [5; 16]);
    params.iteration_count = 9_999_999;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{path}")).await.unwrap();
    sqlx::query("INSERT INTO DataProtection (Id, Value, CreatedAt) VALUES (1, ?, '2021-01-01 00:00:00')")
        .bind(params.to_json())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let state = Arc::new(AppState::open_workspace(&path, Instant::now()).await);
    let console = state.console().await.unwrap();
    assert_eq!(console.info().data_protection, DataProtectionState::Locked);
    let started = Instant::now();
    let unlocking = {
        let (state, console) = (state.clone(), console.clone());
        tokio::spawn(async move { state.unlock(&console, &Secret::new(String::from("pw"))).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!unlocking.is_finished(), "the derivation takes longer than this test's cancel delay");
    state.cancel_unlock();
    let e =
        tokio::time::timeout(Duration::from_secs(2), unlocking).await.expect("returns at once").unwrap().unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(console.info().data_protection, DataProtectionState::Locked);
}
