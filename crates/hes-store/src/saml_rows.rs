//! The `SamlRelyingParties` table. Updates and deletes compare every column with the row as
//! loaded, so an edit made in the HES web admin meanwhile is never overwritten. HES 3.8.3's table
//! lacks the two name-id columns ([`SamlColumns`]): there they are neither read nor written.

use crate::cell::cell;
use crate::db::{db_err, Db};
use crate::on_pool;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::{NameIdField, SamlColumns, SamlSp, DEFAULT_NAME_ID_FORMAT};

/// The columns of every HES release with the table, in bind order (Id first).
const BASE: [&str; 5] = [
    "Id",
    "Issuer",
    "SingleSignOnDestination",
    "SingleLogoutResponseDestination",
    "SignatureValidationCertificateBase64",
];
/// Added by HES 3.8.4.
const NAME_ID: [&str; 2] = ["NameIdentifierFormat", "NameIdentifierField"];

fn columns(c: SamlColumns) -> Vec<&'static str> {
    BASE.iter().chain(if c.name_id { &NAME_ID[..] } else { &[] }).copied().collect()
}

/// A row as read: Id, Issuer, ACS, SLO, certificate, and (3.8.4) name-id format and field.
type SamlRow = (String, String, String, Option<String>, Option<String>, Option<(String, i32)>);

/// Whether this database's table has HES 3.8.4's name-id columns: a query naming them that reads
/// no row fails exactly when one is missing. `None` when only one of them exists (no release has
/// that shape).
pub async fn probe_columns(db: &Db) -> AppResult<Option<SamlColumns>> {
    let mut found = [false; 2];
    for (i, col) in NAME_ID.iter().enumerate() {
        let sql = format!("SELECT {col} FROM SamlRelyingParties WHERE 1 = 0");
        found[i] = on_pool!(db, |pool| sqlx::raw_sql(&sql).fetch_all(pool).await.is_ok());
    }
    Ok(match found {
        [true, true] => Some(SamlColumns::HES_3_8_4),
        [false, false] => Some(SamlColumns::HES_3_8_3),
        _ => None,
    })
}

/// [`list_in`] on HES 3.8.4's table.
pub async fn list(db: &Db) -> AppResult<Vec<SamlSp>> {
    list_in(db, SamlColumns::HES_3_8_4).await
}

/// Every row, by Issuer. Without name-id columns a row carries the values HES 3.8.4's migrations
/// backfill (e-mail format, e-mail field), which is what an upgrade to 3.8.4 would store.
pub async fn list_in(db: &Db, cols: SamlColumns) -> AppResult<Vec<SamlSp>> {
    let sql = select_sql(cols);
    on_pool!(db, |pool| {
        // One round trip (text protocol), as rows::read_all.
        let rows = sqlx::raw_sql(&sql).fetch_all(pool).await.map_err(db_err)?;
        from_rows(&rows, cols)
    })
}

/// The query [`list_in`] runs (also part of the MySQL opening batch, `db::open_facts`).
pub fn select_sql(cols: SamlColumns) -> String {
    format!("SELECT {} FROM SamlRelyingParties ORDER BY Issuer", columns(cols).join(", "))
}

/// The service providers in rows read by [`select_sql`].
pub fn from_rows<R>(rows: &[R], cols: SamlColumns) -> AppResult<Vec<SamlSp>>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let all = columns(cols);
    // A macro, not a closure: each column decodes to its own type.
    macro_rules! c {
        ($r:expr, $i:expr) => {
            cell($r, "SamlRelyingParties", all[$i], $i)
        };
    }
    let rows: Vec<SamlRow> = rows
        .iter()
        .map(|r| {
            let name_id = if cols.name_id { Some((c!(r, 5)?, c!(r, 6)?)) } else { None };
            Ok((c!(r, 0)?, c!(r, 1)?, c!(r, 2)?, c!(r, 3)?, c!(r, 4)?, name_id))
        })
        .collect::<AppResult<_>>()?;
    rows.into_iter()
        .map(|(id, issuer, acs, slo, cert, name_id)| {
            let (format, field) = name_id.unwrap_or_else(|| (DEFAULT_NAME_ID_FORMAT.to_string(), 0));
            Ok(SamlSp {
                id,
                issuer,
                single_sign_on_destination: acs,
                single_logout_response_destination: slo,
                signature_validation_certificate_base64: cert,
                name_identifier_format: format,
                name_identifier_field: NameIdField::from_ordinal(field).ok_or_else(|| {
                    AppError::new(
                        ErrorCode::CorruptSetting,
                        format!("A SAML service provider has NameIdentifierField {field}, which HES does not know."),
                    )
                })?,
            })
        })
        .collect()
}

/// One change of the table: insert (`old` None), update, or delete (`new` None).
pub struct SamlChange<'a> {
    pub old: Option<&'a SamlSp>,
    pub new: Option<&'a SamlSp>,
}

pub fn issuer_taken() -> AppError {
    AppError::field_error("Issuer", "Issuer already exist.") // HES's words
}

/// [`apply_in`] on HES 3.8.4's table.
pub async fn apply(db: &Db, changes: &[SamlChange<'_>]) -> AppResult<()> {
    let dp = db.data_protection_rows().await?;
    apply_in(db, &dp, SamlColumns::HES_3_8_4, changes).await
}

/// Write `changes` in one transaction; `ConcurrentChange` when a row is not as loaded.
/// The transaction first re-reads Data Protection and refuses when it is no longer `dp` (see `DpRows`).
pub async fn apply_in(db: &Db, dp: &crate::db::DpRows, cols: SamlColumns, changes: &[SamlChange<'_>]) -> AppResult<()> {
    check_changes(changes)?;
    let sql = SamlSql::new(db, cols);
    on_pool!(db, |pool| {
        let mut tx = pool.begin().await.map_err(db_err)?;
        crate::verify_dp_in_tx!(db, tx, dp);
        crate::apply_saml_in_tx!(tx, sql, changes);
        tx.commit().await.map_err(db_err)
    })
}

/// What every SAML write checks first: no control characters in any column (the certificate, PEM,
/// may have line breaks).
pub fn check_changes(changes: &[SamlChange<'_>]) -> AppResult<()> {
    for (i, sp) in changes.iter().filter_map(|c| c.new).enumerate() {
        let v = serde_json::to_value(sp).map_err(|e| AppError::internal(format!("a SAML row as JSON: {e}")))?;
        hes_core::validate::no_control_chars(&v, &["SignatureValidationCertificateBase64"])
            .map_err(|e| e.at_index(i))?;
    }
    Ok(())
}

/// The statements that write `SamlRelyingParties` rows of a given shape (3.8.3 or 3.8.4 columns).
pub struct SamlSql {
    pub cols: SamlColumns,
    pub insert: String,
    pub update: String,
    pub delete: String,
}

impl SamlSql {
    pub fn new(db: &Db, cols: SamlColumns) -> SamlSql {
        let all = columns(cols);
        let matches_old = all.iter().map(|c| db.same(c)).collect::<Vec<_>>().join(" AND ");
        let marks = vec!["?"; all.len()].join(", ");
        let insert = format!("INSERT INTO SamlRelyingParties ({}) VALUES ({marks})", all.join(", "));
        let set = all[1..].iter().map(|c| format!("{c} = ?")).collect::<Vec<_>>().join(", ");
        let update = format!("UPDATE SamlRelyingParties SET {set} WHERE {matches_old}");
        let delete = format!("DELETE FROM SamlRelyingParties WHERE {matches_old}");
        SamlSql { cols, insert, update, delete }
    }
}

/// The compare-and-swap writes of `$changes` inside the open transaction `$tx`, with the
/// statements of `$sql` (a [`SamlSql`]); returns early from the enclosing function on a
/// concurrent change or a taken Issuer (`$tx` rolls back). A macro so that staging can write
/// settings rows and SAML rows in one transaction.
#[macro_export]
macro_rules! apply_saml_in_tx {
    ($tx:ident, $sql:expr, $changes:expr) => {{
        use hes_core::error::AppError;
        use $crate::db::db_err;
        for c in $changes {
            // Binds the columns of `$sp` in `all`'s order, from Id (`$with_id`) or from Issuer.
            macro_rules! bind_cols {
                ($q:expr, $sp:expr, $with_id:expr) => {{
                    let q = if $with_id { $q.bind(&$sp.id) } else { $q };
                    let q = q
                        .bind(&$sp.issuer)
                        .bind(&$sp.single_sign_on_destination)
                        .bind(&$sp.single_logout_response_destination)
                        .bind(&$sp.signature_validation_certificate_base64);
                    if $sql.cols.name_id {
                        q.bind(&$sp.name_identifier_format).bind($sp.name_identifier_field.ordinal())
                    } else {
                        q
                    }
                }};
            }
            let result = match (c.old, c.new) {
                (None, Some(n)) => bind_cols!(sqlx::query(&$sql.insert), n, true).execute(&mut *$tx).await,
                (Some(o), Some(n)) => {
                    let q = bind_cols!(sqlx::query(&$sql.update), n, false);
                    bind_cols!(q, o, true).execute(&mut *$tx).await
                }
                (Some(o), None) => bind_cols!(sqlx::query(&$sql.delete), o, true).execute(&mut *$tx).await,
                (None, None) => continue,
            };
            let affected = match result {
                Ok(r) => r.rows_affected(),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err($crate::saml_rows::issuer_taken())
                }
                Err(e) => return Err(db_err(e)),
            };
            if affected != 1 {
                return Err(AppError::concurrent("SAML service provider"));
            }
        }
    }};
}
