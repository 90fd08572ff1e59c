//! Files the console writes on the admin's computer are private from their first byte: the
//! workspace (and SQLite's -wal / -shm beside it) 0600 in a 0700 folder, secure_delete on, the
//! certificate pins written atomically and privately, and no shared temporary folder as fallback.

#![cfg(unix)]

use hes_store::pins::Pins;
use hes_store::Console;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o777
}

#[tokio::test]
async fn a_new_workspace_and_its_wal_files_are_private_and_secure_delete_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let console = Console::open_workspace(path.to_str().unwrap()).await.unwrap();
    // A write makes SQLite create the -wal and -shm files.
    console.set_section_json("licensing", r#"{"ApiKey":"k-1","ApiAddress":"https://hls.hideez.com"}"#).await.unwrap();
    for name in ["ws.sqlite", "ws.sqlite-wal", "ws.sqlite-shm"] {
        assert_eq!(mode(&dir.path().join(name)), 0o600, "{name}");
    }
    // The pragma is per connection: read it through the console's own pool.
    let on = console.sqlite_pragma("secure_delete").await.unwrap();
    assert_eq!(on, 1, "secure_delete");
}

#[tokio::test]
async fn an_existing_readable_workspace_is_tightened_before_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    drop(Console::open_workspace(path.to_str().unwrap()).await.unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Console::open_workspace(path.to_str().unwrap()).await.unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn pins_are_written_privately_without_a_fixed_temporary_name() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("config");
    let pins = Pins::new(folder.join("pins.json"));
    pins.set("ldap://dc1:636", &"AB".repeat(32)).unwrap();
    assert_eq!(mode(&folder.join("pins.json")), 0o600);
    assert_eq!(mode(&folder), 0o700);
    let names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["pins.json"], "no temporary file left behind");
}

#[tokio::test]
async fn no_home_folder_means_an_error_not_a_temporary_workspace() {
    let e = Console::open_workspace("").await.err().expect("refused");
    assert_eq!(e.code, hes_core::ErrorCode::Io);
}
