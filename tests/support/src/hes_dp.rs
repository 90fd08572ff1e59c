//! HES 3.8.4's Data Protection operations done to a test database exactly as its
//! `DataProtectionService` does them: a new params row (new auto-increment key id), only HES's own
//! three protected fields re-encrypted (`licensing.ApiKey`, `domain.Password`, `splunk.Token`),
//! the old params row deleted. Rows the console defined (domains, oidc, email) are left alone —
//! which is exactly what the console must cope with.

use hes_core::protect::{DataProtectionParams, ProtectionKey};
use serde_json::Value;
use sqlx::mysql::MySqlPool;
use sqlx::MySqlConnection;

/// HES's own rows and their protected fields (`ReencryptDatabase`).
pub const HES_ROWS: [(&str, &str); 3] = [("licensing", "ApiKey"), ("domain", "Password"), ("splunk", "Token")];

/// The key of the one params row, verified with `password` (None when Data Protection is off).
pub async fn current_key(pool: &MySqlPool, password: &str) -> Option<ProtectionKey> {
    let row: Option<(i32, String)> =
        sqlx::query_as("SELECT Id, Value FROM DataProtection").fetch_optional(pool).await.unwrap();
    row.map(|(id, v)| ProtectionKey::derive(&DataProtectionParams::from_json(&v).unwrap(), id, password).unwrap())
}

/// Rewrite HES's three protected fields with `f` (Newtonsoft writes them back compactly).
async fn rewrite_hes_rows(conn: &mut MySqlConnection, f: &dyn Fn(&str) -> String) {
    for (key, field) in HES_ROWS {
        let raw: Option<String> = sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = ?")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
            .unwrap();
        let Some(raw) = raw else { continue };
        let mut v: Value = serde_json::from_str(&raw).unwrap();
        if let Some(Value::String(s)) = v.get_mut(field) {
            *s = f(s);
        }
        sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = ?")
            .bind(v.to_string())
            .bind(key)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

async fn insert_params(conn: &mut MySqlConnection, password: &str) -> ProtectionKey {
    let params = DataProtectionParams::create(password);
    let id = sqlx::query("INSERT INTO DataProtection (Value, CreatedAt) VALUES (?, UTC_TIMESTAMP(6))")
        .bind(params.to_json())
        .execute(&mut *conn)
        .await
        .unwrap()
        .last_insert_id() as i32;
    ProtectionKey::derive(&params, id, password).unwrap()
}

/// `EnableDataProtectionAsync`: insert the params row, then encrypt (no transaction, as HES). Returns the key id.
pub async fn enable(pool: &MySqlPool, password: &str) -> i32 {
    let mut conn = pool.acquire().await.unwrap();
    let key = insert_params(&mut conn, password).await;
    rewrite_hes_rows(&mut conn, &|s| key.encrypt(s)).await;
    key.key_id()
}

/// `DisableDataProtectionAsync`: validate, then in one transaction delete the row and decrypt.
pub async fn disable(pool: &MySqlPool, password: &str) {
    let key = current_key(pool, password).await.expect("Data Protection is on");
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("DELETE FROM DataProtection").execute(&mut *tx).await.unwrap();
    rewrite_hes_rows(&mut tx, &|s| key.decrypt(s).unwrap()).await;
    tx.commit().await.unwrap();
}

/// `ChangeDataProtectionPasswordAsync`: insert the new row, re-encrypt, delete the old row. Returns the new key id.
pub async fn change_password(pool: &MySqlPool, old: &str, new: &str) -> i32 {
    let old_key = current_key(pool, old).await.expect("Data Protection is on");
    let mut tx = pool.begin().await.unwrap();
    let new_key = insert_params(&mut tx, new).await;
    rewrite_hes_rows(&mut tx, &|s| new_key.encrypt(&old_key.decrypt(s).unwrap())).await;
    sqlx::query("DELETE FROM DataProtection WHERE Id = ?").bind(old_key.key_id()).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    new_key.key_id()
}
