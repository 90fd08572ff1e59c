//! The local workspace's secrets as tests need to see them: the workspace encrypts its secret
//! fields under its own key (hes-store's workspace_key.rs), which tests keep in a `MemoryStore`;
//! these helpers read that key and decrypt a stored row, so a test can still assert the exact
//! stored JSON without the real OS keychain.

use hes_core::protect::ProtectionKey;
use hes_core::stage::map_secrets;
use hes_store::keychain::{MemoryStore, SecretStore};
use serde_json::Value;
use sqlx::sqlite::SqlitePool;

/// The workspace's key, from its `ConsoleWorkspaceKey` row and the test's keychain.
pub async fn key(pool: &SqlitePool, store: &MemoryStore) -> ProtectionKey {
    use base64::Engine as _;
    let (id, key_id): (String, i64) =
        sqlx::query_as("SELECT Id, KeyId FROM ConsoleWorkspaceKey").fetch_one(pool).await.expect("a workspace key id");
    let secret = store.get(&format!("workspace:{id}")).unwrap().expect("the workspace key is in the test keychain");
    let bytes: [u8; 32] =
        base64::engine::general_purpose::STANDARD.decode(secret.expose()).unwrap().try_into().expect("32 bytes");
    ProtectionKey::from_bytes(key_id as i32, bytes)
}

/// A stored row with the secrets under the workspace key decrypted; everything else (other
/// fields, values another writer stored in plaintext or under another key) exactly as stored.
pub fn clear(key: &ProtectionKey, section: &str, raw: &str) -> Value {
    let mut v: Value = serde_json::from_str(raw).expect("a JSON row");
    map_secrets(section, &mut v, &mut |s| {
        if hes_core::protect::envelope_key_id(s) == Some(key.key_id()) {
            key.decrypt(s).map_err(|e| e.to_string())
        } else {
            Ok(s.to_string())
        }
    })
    .expect("decrypts under the workspace key");
    v
}
