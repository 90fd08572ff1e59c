//! The app opens the local workspace in the background (not on the setup path, which runs on the
//! window's event loop). Commands that come before that open has finished wait for it: none sees
//! the placeholder, and the workspace is opened once.

use hes_console_lib::AppState;
use std::sync::Arc;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_before_the_first_open_wait_for_it_and_share_one_console() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    let state = Arc::new(AppState::opening(&path, None, Instant::now()));
    assert!(!std::path::Path::new(&path).exists(), "nothing is opened before asked");
    // The background open and two commands, all at once.
    let opener = tokio::spawn({
        let s = state.clone();
        async move { s.open_first().await }
    });
    let (a, b) = tokio::join!(
        tokio::spawn({
            let s = state.clone();
            async move { s.console().await }
        }),
        tokio::spawn({
            let s = state.clone();
            async move { s.console().await }
        }),
    );
    opener.await.unwrap();
    let (a, b) = (a.unwrap().expect("the first command gets the workspace"), b.unwrap().expect("so does the second"));
    assert!(Arc::ptr_eq(&a, &b), "one open, one console");
    assert!(Arc::ptr_eq(&a, &state.console().await.unwrap()));
    assert_eq!(a.info().location, path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workspace_that_cannot_open_gives_its_error_not_the_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the workspace file should be: SQLite cannot open it.
    let path = dir.path().join("workspace.sqlite");
    std::fs::create_dir(&path).unwrap();
    let state = AppState::opening(&path.to_string_lossy(), None, Instant::now());
    let Err(err) = state.console().await else { panic!("a directory is not a workspace") };
    assert!(!err.message.contains("being opened"), "{}", err.message);
}
