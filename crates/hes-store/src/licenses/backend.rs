//! The SQL of a license import, once per backend: the lookups of what the database already holds
//! and the writes. One macro body serves SQLite and MySQL so the two cannot drift apart; only
//! the day arithmetic differs (`days_sql`). Writes are multi-row INSERTs in batches bounded by
//! rows and bytes (MySQL's `max_allowed_packet` is 16 MB on MariaDB by default); every batch of
//! one size is the same SQL text, so the prepared statement is reused.
//!
//! The writes are exactly those of HES's import transaction (`ImportVaultsAsync`): INSERTs only, new vaults
//! with `LicenseStatus` None (0), existing vaults untouched. HES's license status update sets the
//! statuses afterwards and e-mails the admins each change; a status written here would leave it
//! nothing to change, so the e-mail would never go out.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::dates::db_datetime;
use hes_core::licenses::model::{key_of, key_ref, License, ParsedDocument};
use hes_core::licenses::plan::{lookup_keys, Existing, ImportPlan};
use hes_core::licenses::ImportControl;

use crate::db::db_err;

/// Keys per `IN (…)` lookup.
pub const LOOKUP_BATCH: usize = 1000;
/// Rows per INSERT, and the bytes of bound data after which a batch is sent early.
pub const INSERT_ROWS: usize = 1000;
pub const INSERT_BYTES: usize = 4 * 1024 * 1024;

/// Split `items` into batches of at most `INSERT_ROWS` rows and about `INSERT_BYTES` bytes.
pub fn batches<T>(items: &[T], size: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, it) in items.iter().enumerate() {
        if i > start && (i - start >= INSERT_ROWS || bytes + size(it) > INSERT_BYTES) {
            out.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size(it);
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

pub fn cancelled() -> AppError {
    AppError::new(
        ErrorCode::Cancelled,
        "The import was cancelled: nothing was written (the transaction was rolled back).",
    )
}

/// `IN (?, ?, …)` for `n` values.
fn in_list(n: usize) -> String {
    let mut s = String::with_capacity(n * 3 + 2);
    s.push('(');
    for i in 0..n {
        s.push_str(if i == 0 { "?" } else { ", ?" });
    }
    s.push(')');
    s
}

macro_rules! backend {
    ($db:ty, $conn:ty) => {
        use super::*;
        use sqlx::{QueryBuilder, Row};

        /// One column (or two) of the rows whose `col` is in `keys`, in batches.
        async fn select_in(conn: &mut $conn, head: &str, col: &str, keys: &[&str], width: usize) -> AppResult<Vec<Vec<String>>> {
            let mut out = Vec::new();
            for chunk in keys.chunks(LOOKUP_BATCH) {
                let sql = format!("{head} WHERE {col} IN {}", in_list(chunk.len()));
                let mut q = sqlx::query(&sql);
                for k in chunk {
                    q = q.bind(*k);
                }
                for row in q.fetch_all(&mut *conn).await.map_err(db_err)? {
                    let mut r = Vec::with_capacity(width);
                    for i in 0..width {
                        r.push(row.try_get::<String, _>(i).map_err(db_err)?);
                    }
                    out.push(r);
                }
            }
            Ok(out)
        }

        /// What the database holds for the keys of `doc`.
        pub async fn existing(conn: &mut $conn, doc: &ParsedDocument, ctl: &ImportControl) -> AppResult<Existing> {
            let mut e = Existing::default();
            let (orders, vaults) = lookup_keys(doc);
            for r in select_in(conn, "SELECT Id FROM HardwareVaults", "Id", &vaults, 1).await? {
                e.vaults.insert(key_of(&r[0]));
            }
            if ctl.is_cancelled() {
                return Err(cancelled());
            }
            // MAC and RFID only matter for vaults that would be inserted.
            let fresh: Vec<_> = doc.devices.iter().filter(|d| !e.vaults.contains(key_ref(&d.id).as_ref())).collect();
            let macs: Vec<&str> = fresh.iter().map(|d| d.mac.as_str()).collect();
            for r in select_in(conn, "SELECT MAC, Id FROM HardwareVaults", "MAC", &macs, 2).await? {
                e.macs.insert(key_of(&r[0]), r[1].clone());
            }
            let rfids: Vec<&str> = fresh.iter().map(|d| d.rfid.as_str()).collect();
            for r in select_in(conn, "SELECT RFID, Id FROM HardwareVaults", "RFID", &rfids, 2).await? {
                e.rfids.insert(key_of(&r[0]), r[1].clone());
            }
            if ctl.is_cancelled() {
                return Err(cancelled());
            }
            let found = select_in(conn, "SELECT Id FROM LicenseOrders", "Id", &orders, 1).await?;
            let found: Vec<String> = found.into_iter().map(|mut r| r.remove(0)).collect();
            e.orders = found.iter().map(|o| key_of(o)).collect();
            // Only orders already in the database can already have licenses.
            let found: Vec<&str> = found.iter().map(String::as_str).collect();
            let head = "SELECT LicenseOrderId, HardwareVaultId FROM HardwareVaultLicenses";
            for r in select_in(conn, head, "LicenseOrderId", &found, 2).await? {
                e.licenses.insert((key_of(&r[0]), key_of(&r[1])));
                e.licensed_orders.insert(r[0].clone());
            }
            // Vaults holding a license of any order (for HES's cross-row skip rule); only vaults
            // already in the database can. Indexed (`IX_HardwareVaultLicenses_HardwareVaultId`).
            let licensed: Vec<&str> = doc
                .licenses
                .iter()
                .map(|l| l.device_id.as_str())
                .filter(|v| e.vaults.contains(key_ref(v).as_ref()))
                .collect::<std::collections::HashSet<_>>()
                .into_iter()
                .collect();
            let head = "SELECT DISTINCT HardwareVaultId FROM HardwareVaultLicenses";
            for mut r in select_in(conn, head, "HardwareVaultId", &licensed, 1).await? {
                e.licensed_vaults.insert(r.remove(0));
            }
            Ok(e)
        }

        /// Whether HES's seeded `default` vault profile exists (new vaults reference it).
        pub async fn has_default_profile(conn: &mut $conn) -> AppResult<bool> {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM HardwareVaultProfiles WHERE Id = 'default'")
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(n > 0)
        }

        /// Insert the planned orders and vaults, as HES's import transaction does (its licenses
        /// follow: [`write_licenses`]). `now` is `ImportedAt` (HES's `UtcNow`).
        pub async fn write_orders_vaults(
            conn: &mut $conn,
            doc: &ParsedDocument,
            plan: &ImportPlan,
            now: &str,
            ctl: &ImportControl,
        ) -> AppResult<()> {
            let step = |n: usize| -> AppResult<()> {
                if ctl.is_cancelled() {
                    return Err(cancelled());
                }
                ctl.advance(n as u64);
                Ok(())
            };

            for batch in batches(&plan.orders, |i| doc.orders[*i].contact_email.len() + doc.orders[*i].note.as_ref().map_or(0, String::len) + 200) {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO LicenseOrders (Id, ContactEmail, Note, StartDate, EndDate, ProlongExistingLicenses, CreatedAt, OrderStatus) ",
                );
                qb.push_values(batch, |mut b, i| {
                    let o = &doc.orders[*i];
                    b.push_bind(o.id.as_str())
                        .push_bind(o.contact_email.as_str())
                        .push_bind(o.note.as_deref())
                        .push_bind(o.start_date.as_ref().map(db_datetime))
                        .push_bind(db_datetime(&o.end_date))
                        .push_bind(o.prolong_existing_licenses)
                        .push_bind(db_datetime(&o.created_at))
                        .push_bind(o.order_status);
                });
                qb.build().execute(&mut *conn).await.map_err(write_err)?;
                step(batch.len())?;
            }

            // HES's import: Battery 100, Ready, profile `default`, LicenseStatus None (0: HES's
            // status update sets it), nothing else set.
            let fixed_vault = format!("100, NULL, 0, NULL, NULL, 'default', '{now}'");
            for batch in batches(&plan.vaults, |v| {
                let d = &doc.devices[v.device];
                d.id.len() + d.mac.len() + d.model.len() + d.rfid.len() + d.firmware.len() + 100
            }) {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO HardwareVaults (Id, MAC, Model, RFID, Firmware, Battery, LastSynced, NeedSync, \
                     EmployeeId, MasterPassword, HardwareVaultProfileId, ImportedAt, HasNewLicense, LicenseStatus, \
                     LicenseEndDate, Status, StatusReason, StatusDescription, IsStatusApplied, Timestamp) ",
                );
                qb.push_values(batch, |mut b, v| {
                    let d = &doc.devices[v.device];
                    b.push_bind(d.id.as_str())
                        .push_bind(d.mac.as_str())
                        .push_bind(d.model.as_str())
                        .push_bind(d.rfid.as_str())
                        .push_bind(d.firmware.as_str())
                        .push(&fixed_vault)
                        .push_bind(v.has_new_license)
                        .push("0")
                        .push_bind(v.license_end_date.as_ref().map(db_datetime))
                        .push("0, 0, NULL, 0, 0");
                });
                qb.build().execute(&mut *conn).await.map_err(write_err)?;
                step(batch.len())?;
            }

            Ok(())
        }

        /// Insert `licenses` (planned rows, in order) into `HardwareVaultLicenses`, in batches.
        pub async fn write_licenses(conn: &mut $conn, licenses: &[&License], now: &str, ctl: &ImportControl) -> AppResult<()> {
            let now_sql = format!("'{now}', NULL");
            for batch in batches(licenses, |l| {
                l.data.as_ref().map_or(0, Vec::len) + l.order_id.len() + l.device_id.len() + 100
            }) {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO HardwareVaultLicenses (Id, HardwareVaultId, LicenseOrderId, ImportedAt, AppliedAt, EndDate, Data) ",
                );
                qb.push_values(batch, |mut b, l| {
                    // HES gives every imported license a new GUID (EF, client-side, v4). A v7
                    // GUID has the same text form and column type, but rising values append to the
                    // primary key instead of splitting pages at random: ~15 % faster here and on
                    // the baselines alike (scripts/bench-licenses.sh).
                    b.push_bind(uuid::Uuid::now_v7().to_string())
                        .push_bind(l.device_id.as_str())
                        .push_bind(l.order_id.as_str())
                        .push(&now_sql)
                        .push_bind(l.end_date.as_ref().map(db_datetime))
                        .push_bind(l.data.as_deref());
                });
                qb.build().execute(&mut *conn).await.map_err(write_err)?;
                if ctl.is_cancelled() {
                    return Err(cancelled());
                }
                ctl.advance(batch.len() as u64);
            }
            Ok(())
        }
    };
}

/// A failed INSERT: a unique index hit means another writer added the row after the check.
fn write_err(e: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(d) = &e {
        if d.is_unique_violation() {
            return AppError::new(
                ErrorCode::ConcurrentChange,
                format!(
                    "A row of the import was added to the database meanwhile ({}). Nothing was written.",
                    d.message()
                ),
            )
            .with_hint("Preview again and apply.");
        }
    }
    db_err(e)
}

pub mod sqlite {
    backend!(sqlx::Sqlite, sqlx::SqliteConnection);
}

pub mod mysql {
    backend!(sqlx::MySql, sqlx::MySqlConnection);
}
