//! The local workspace's own encryption of its secret fields: a random AES-256 key kept in the OS
//! keychain (`workspace:<workspace id>`), never in the file, so a copied `workspace.sqlite`
//! reveals no secret. Values use HES's envelope (the same code as HES Data Protection) under the
//! workspace's key id, recorded with the workspace id in the console-owned table
//! `ConsoleWorkspaceKey`.
//!
//! - Key found: secrets are encrypted and decrypted with it.
//! - No key for this workspace on this computer (a copied file, a wiped keychain): a new key and a
//!   new key id are made; values under the old key id read as "stored elsewhere — enter again",
//!   everything else is untouched.
//! - No durable keychain (none at all, or only the kernel keyring, whose keys end with the login
//!   session): the workspace works with plaintext secrets, and says so.

use crate::keychain::SecretStore;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::protect::ProtectionKey;
use hes_core::Secret;
use rand::RngCore;
use sqlx::sqlite::SqlitePool;
use std::sync::Arc;

/// How the workspace keeps its secrets, for the header and `hesctl settings show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtRest {
    Encrypted,
    Plaintext { reason: String },
}

fn keychain_key(workspace_id: &str) -> String {
    format!("workspace:{workspace_id}")
}

fn random_key_id() -> i32 {
    // Positive and never 0, so it cannot be mistaken for an unset id.
    (rand::rngs::OsRng.next_u32() >> 1).max(1) as i32
}

/// The workspace's key (`None` when the keychain cannot hold one) and how secrets are kept.
pub async fn load_or_create(
    pool: &SqlitePool,
    store: Arc<dyn SecretStore>,
) -> AppResult<(Option<ProtectionKey>, AtRest)> {
    let db = |e: sqlx::Error| AppError::new(ErrorCode::DbUnreachable, format!("Cannot read the workspace key id: {e}"));
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS ConsoleWorkspaceKey (Id TEXT NOT NULL PRIMARY KEY, KeyId INTEGER NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(db)?;
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT Id, KeyId FROM ConsoleWorkspaceKey LIMIT 1").fetch_optional(pool).await.map_err(db)?;
    let (id, key_id) = match row {
        Some((id, k)) => (id, i32::try_from(k).unwrap_or(1)),
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            let k = random_key_id();
            sqlx::query("INSERT INTO ConsoleWorkspaceKey (Id, KeyId) VALUES (?, ?)")
                .bind(&id)
                .bind(k)
                .execute(pool)
                .await
                .map_err(db)?;
            (id, k)
        }
    };
    if let Some(why) = store.not_durable() {
        return Ok((None, AtRest::Plaintext { reason: why.to_string() }));
    }
    let name = keychain_key(&id);
    let lookup = {
        let (store, name) = (store.clone(), name.clone());
        tokio::task::spawn_blocking(move || store.get(&name))
            .await
            .map_err(|e| AppError::internal(format!("keychain lookup stopped: {e}")))?
    };
    match lookup {
        Ok(Some(secret)) => {
            if let Some(bytes) = decode_key(&secret) {
                return Ok((Some(ProtectionKey::from_bytes(key_id, bytes)), AtRest::Encrypted));
            }
            tracing::warn!("the workspace key in the keychain is not 32 bytes: making a new one");
        }
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(code = %e.code, "no keychain for the workspace key: secrets stay in plaintext");
            return Ok((
                None,
                AtRest::Plaintext { reason: format!("the OS keychain is not available ({})", e.message) },
            ));
        }
    }
    // A new key under a new key id: values under the old one (if any) are "stored elsewhere".
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let encoded = Secret::new(base64_encode(&bytes));
    let stored = {
        let (store, name) = (store.clone(), name.clone());
        tokio::task::spawn_blocking(move || store.set(&name, &encoded))
            .await
            .map_err(|e| AppError::internal(format!("keychain write stopped: {e}")))?
    };
    if let Err(e) = stored {
        tracing::warn!(code = %e.code, "cannot keep the workspace key in the keychain: secrets stay in plaintext");
        return Ok((None, AtRest::Plaintext { reason: format!("the OS keychain refused the key ({})", e.message) }));
    }
    let new_id = if row_had_values(pool, key_id).await { random_key_id() } else { key_id };
    sqlx::query("UPDATE ConsoleWorkspaceKey SET KeyId = ?").bind(new_id).execute(pool).await.map_err(db)?;
    tracing::info!(target: "audit", "workspace key created in the OS keychain");
    Ok((Some(ProtectionKey::from_bytes(new_id, bytes)), AtRest::Encrypted))
}

/// Whether any stored secret already carries `key_id` (then a new key needs a new id).
async fn row_had_values(pool: &SqlitePool, key_id: i32) -> bool {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT Id, Value FROM AppSettings").fetch_all(pool).await.unwrap_or_default();
    rows.iter().any(|(key, raw)| {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(raw) else { return false };
        let mut found = false;
        hes_core::secret_health::for_each_secret(key, &v, &mut |_, _, s| {
            found |= hes_core::protect::envelope_key_id(s) == Some(key_id);
        });
        found
    })
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode_key(secret: &Secret) -> Option<[u8; 32]> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(secret.expose()).ok()?.try_into().ok()
}
