//! The local workspace's secrets are encrypted under a key kept in the keychain (workspace_key.rs):
//! the file alone reveals nothing; a copy opened where the key is not ("another computer") keeps
//! everything but marks the secrets "stored elsewhere — enter again"; without a keychain the
//! workspace still works, in plaintext, and says so; an older plaintext workspace is encrypted
//! when it is opened with a keychain.

use hes_core::secret_health::SecretHealth;
use hes_core::workspace::SecretRef;
use hes_core::ErrorCode;
use hes_store::keychain::MemoryStore;
use hes_store::Console;
use std::path::Path;
use std::sync::Arc;

const KEY: &str = "ws-ApiKey-7d41c0";
const LICENSING: &str = r#"{"ApiKey":"ws-ApiKey-7d41c0","ApiAddress":"https://licensing.example.com"}"#;

fn licensing() -> SecretRef {
    SecretRef { section: "licensing".into(), id: None }
}

async fn raw_api_key(path: &Path) -> String {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    let raw: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'licensing'").fetch_one(&pool).await.unwrap();
    pool.close().await;
    serde_json::from_str::<serde_json::Value>(&raw).unwrap()["ApiKey"].as_str().unwrap().to_string()
}

/// Every byte of the workspace and its WAL, as text.
fn file_bytes(path: &Path) -> String {
    let mut all = Vec::new();
    for suffix in ["", "-wal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        all.extend(std::fs::read(Path::new(&name)).unwrap_or_default());
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[tokio::test]
async fn secrets_are_encrypted_and_a_copy_elsewhere_says_stored_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let here = Arc::new(MemoryStore::new());
    let c = Console::open_workspace_in(path.to_str().unwrap(), here.clone()).await.unwrap();
    assert_eq!(c.info().secrets_at_rest.as_deref(), Some("encrypted with a key in the OS keychain"));
    c.set_section_json("licensing", LICENSING).await.unwrap();
    assert_eq!(c.reveal(&licensing()).await.unwrap().expose(), KEY);
    drop(c);
    let stored = raw_api_key(&path).await;
    assert!(hes_core::protect::envelope_key_id(&stored).is_some(), "stored as a ciphertext");
    assert!(!file_bytes(&path).contains(KEY), "the file alone reveals nothing");
    assert_eq!(here.keys().len(), 1, "one key in the keychain");

    // The same computer opens it again: the key is there.
    let again = Console::open_workspace_in(path.to_str().unwrap(), here.clone()).await.unwrap();
    assert_eq!(again.reveal(&licensing()).await.unwrap().expose(), KEY);
    assert!(again.secret_findings().await.unwrap().is_empty());
    drop(again);

    // A copy on "another computer" (a keychain without the key).
    let copy = dir.path().join("copy.sqlite");
    for suffix in ["", "-wal"] {
        let (mut from, mut to) = (path.as_os_str().to_os_string(), copy.as_os_str().to_os_string());
        from.push(suffix);
        to.push(suffix);
        if Path::new(&from).exists() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    let elsewhere = Console::open_workspace_in(copy.to_str().unwrap(), Arc::new(MemoryStore::new())).await.unwrap();
    let f = elsewhere.secret_findings().await.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].health, SecretHealth::StoredElsewhere);
    assert!(f[0].message.contains("stored elsewhere") && f[0].message.contains("enter it again"), "{}", f[0].message);
    assert_eq!(elsewhere.reveal(&licensing()).await.unwrap_err().code, ErrorCode::SecretStoredElsewhere);
    let v = elsewhere.view().await.unwrap();
    assert_eq!(v.licensing.unwrap().api_address, "https://licensing.example.com", "nothing else lost");
    // Entering it again repairs it.
    elsewhere.set_section_json("licensing", r#"{"ApiKey":"typed-again"}"#).await.unwrap();
    assert!(elsewhere.secret_findings().await.unwrap().is_empty());
    assert_eq!(elsewhere.reveal(&licensing()).await.unwrap().expose(), "typed-again");
}

#[tokio::test]
async fn without_a_keychain_the_workspace_works_in_plaintext_and_says_so_then_is_encrypted_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let broken = Arc::new(MemoryStore::new());
    broken.set_failing(true);
    let c = Console::open_workspace_in(path.to_str().unwrap(), broken).await.unwrap();
    let note = c.info().secrets_at_rest.unwrap();
    assert!(note.starts_with("not encrypted: the OS keychain is not available"), "{note}");
    c.set_section_json("licensing", LICENSING).await.unwrap();
    assert_eq!(c.reveal(&licensing()).await.unwrap().expose(), KEY);
    drop(c);
    assert_eq!(raw_api_key(&path).await, KEY, "plaintext without a keychain");

    // With a keychain, the plaintext secret is encrypted as the workspace opens.
    let store = Arc::new(MemoryStore::new());
    let c = Console::open_workspace_in(path.to_str().unwrap(), store).await.unwrap();
    assert!(c.secret_findings().await.unwrap().is_empty());
    assert_eq!(c.reveal(&licensing()).await.unwrap().expose(), KEY);
    drop(c);
    assert!(hes_core::protect::envelope_key_id(&raw_api_key(&path).await).is_some());
}

/// A store whose keys end with the session (the kernel keyring): never trusted with the key.
struct SessionOnly(MemoryStore);

impl hes_store::keychain::SecretStore for SessionOnly {
    fn get(&self, key: &str) -> hes_core::error::AppResult<Option<hes_core::Secret>> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &hes_core::Secret) -> hes_core::error::AppResult<()> {
        self.0.set(key, value)
    }
    fn delete(&self, key: &str) -> hes_core::error::AppResult<()> {
        self.0.delete(key)
    }
    fn not_durable(&self) -> Option<&'static str> {
        Some("the kernel keyring (keyutils) keeps keys only for this login session")
    }
}

#[tokio::test]
async fn a_store_that_forgets_keys_with_the_session_is_not_used_for_the_workspace_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let store = Arc::new(SessionOnly(MemoryStore::new()));
    let c = Console::open_workspace_in(path.to_str().unwrap(), store.clone()).await.unwrap();
    assert_eq!(
        c.info().secrets_at_rest.as_deref(),
        Some("not encrypted: the kernel keyring (keyutils) keeps keys only for this login session")
    );
    assert!(store.0.keys().is_empty(), "no key was put where it would be lost");
    c.set_section_json("licensing", LICENSING).await.unwrap();
    drop(c);
    assert_eq!(raw_api_key(&path).await, KEY);
}
