//! `AppSettings` rows: read all, and apply a set of compare-and-swap changes in one transaction.
//! A change names the value it expects to replace; if any row differs, nothing is written and the
//! caller gets `ConcurrentChange`.

use crate::cell::cell;
use crate::db::{db_err, Db, DpRows};
use crate::on_pool;
use hes_core::error::AppResult;
use std::collections::HashMap;

/// Set (`new` = Some) or delete (`new` = None) a row, expecting it to hold `expected` now.
#[derive(Debug, Clone)]
pub struct RowChange {
    pub key: String,
    pub expected: Option<String>,
    pub new: Option<String>,
    /// For the error message ("licensing", "domain").
    pub title: String,
}

pub async fn read_all(db: &Db) -> AppResult<HashMap<String, String>> {
    on_pool!(db, |pool| {
        // raw_sql: the text protocol reads in one round trip (a prepared statement takes two on a
        // fresh connection: the first screen of a connection opened over a WAN waits for each).
        let rows = sqlx::raw_sql(SELECT_ALL).fetch_all(pool).await.map_err(db_err)?;
        from_rows(&rows)
    })
}

/// The query [`read_all`] runs (also part of the MySQL opening batch, `db::open_facts`).
pub const SELECT_ALL: &str = "SELECT Id, Value FROM AppSettings";

/// The settings rows in rows read by [`SELECT_ALL`].
pub fn from_rows<R>(rows: &[R]) -> AppResult<HashMap<String, String>>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    rows.iter().map(|r| Ok((cell(r, "AppSettings", "Id", 0)?, cell(r, "AppSettings", "Value", 1)?))).collect()
}

/// Write `changes` in one transaction that first re-reads Data Protection (`dp`, see [`DpRows`]).
pub async fn apply(db: &Db, dp: &DpRows, changes: &[RowChange]) -> AppResult<()> {
    on_pool!(db, |pool| {
        let mut tx = pool.begin().await.map_err(db_err)?;
        crate::verify_dp_in_tx!(db, tx, dp);
        crate::apply_rows_in_tx!(db, tx, changes);
        tx.commit().await.map_err(db_err)
    })
}

/// The compare-and-swap writes of `$changes` inside the open transaction `$tx` (a macro so that
/// one transaction can also carry other tables' changes, see staging). Returns early from the
/// enclosing function with `ConcurrentChange` when a row is not as expected (`$tx` rolls back).
#[macro_export]
macro_rules! apply_rows_in_tx {
    ($db:expr, $tx:ident, $changes:expr) => {{
        use hes_core::error::AppError;
        use $crate::db::db_err;
        let update = format!("UPDATE AppSettings SET Value = ? WHERE Id = ? AND {}", $db.same("Value"));
        let delete = format!("DELETE FROM AppSettings WHERE Id = ? AND {}", $db.same("Value"));
        for c in $changes {
            let affected = match (&c.expected, &c.new) {
                (None, None) => {
                    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM AppSettings WHERE Id = ?")
                        .bind(&c.key)
                        .fetch_one(&mut *$tx)
                        .await
                        .map_err(db_err)?;
                    u64::from(n == 0)
                }
                // A row inserted meanwhile by someone else makes the key a duplicate.
                (None, Some(new)) => {
                    match sqlx::query("INSERT INTO AppSettings (Id, Value) VALUES (?, ?)")
                        .bind(&c.key)
                        .bind(new)
                        .execute(&mut *$tx)
                        .await
                    {
                        Ok(r) => r.rows_affected(),
                        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => 0,
                        Err(e) => return Err(db_err(e)),
                    }
                }
                (Some(old), Some(new)) => sqlx::query(&update)
                    .bind(new)
                    .bind(&c.key)
                    .bind(old)
                    .execute(&mut *$tx)
                    .await
                    .map_err(db_err)?
                    .rows_affected(),
                (Some(old), None) => sqlx::query(&delete)
                    .bind(&c.key)
                    .bind(old)
                    .execute(&mut *$tx)
                    .await
                    .map_err(db_err)?
                    .rows_affected(),
            };
            if affected != 1 {
                // Dropping `tx` rolls back every change made so far.
                return Err(AppError::concurrent(&c.title));
            }
        }
    }};
}
