//! The `SamlRelyingParties` table. Updates and deletes compare every column with the row as
//! loaded, so an edit made in the HES web admin meanwhile is never overwritten.

use crate::db::{db_err, Db};
use crate::on_pool;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::{NameIdField, SamlSp};
use sqlx::Row;

const COLUMNS: &str = "Id, Issuer, SingleSignOnDestination, SingleLogoutResponseDestination, \
    SignatureValidationCertificateBase64, NameIdentifierFormat, NameIdentifierField";
const SET: &str = "Issuer = ?, SingleSignOnDestination = ?, SingleLogoutResponseDestination = ?, \
    SignatureValidationCertificateBase64 = ?, NameIdentifierFormat = ?, NameIdentifierField = ?";
const COMPARED: [&str; 7] = [
    "Id",
    "Issuer",
    "SingleSignOnDestination",
    "SingleLogoutResponseDestination",
    "SignatureValidationCertificateBase64",
    "NameIdentifierFormat",
    "NameIdentifierField",
];

/// A row as read: Id, Issuer, ACS, SLO, certificate, name-id format, name-id field.
type SamlRow = (String, String, String, Option<String>, Option<String>, String, i32);

pub async fn list(db: &Db) -> AppResult<Vec<SamlSp>> {
    let sql = format!("SELECT {COLUMNS} FROM SamlRelyingParties ORDER BY Issuer");
    let rows: Vec<SamlRow> = on_pool!(db, |pool| {
        let rows = sqlx::query(&sql).fetch_all(pool).await.map_err(db_err)?;
        rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6))).collect()
    });
    rows.into_iter()
        .map(|(id, issuer, acs, slo, cert, format, field)| {
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

fn issuer_taken() -> AppError {
    AppError::field_error("Issuer", "Issuer already exist.") // HES's words
}

pub async fn apply(db: &Db, changes: &[SamlChange<'_>]) -> AppResult<()> {
    let matches_old = COMPARED.iter().map(|c| db.same(c)).collect::<Vec<_>>().join(" AND ");
    let insert = format!("INSERT INTO SamlRelyingParties ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)");
    let update = format!("UPDATE SamlRelyingParties SET {SET} WHERE {matches_old}");
    let delete = format!("DELETE FROM SamlRelyingParties WHERE {matches_old}");
    on_pool!(db, |pool| {
        let mut tx = pool.begin().await.map_err(db_err)?;
        for c in changes {
            // Binds the columns of `$sp` in COLUMNS order (Id first).
            macro_rules! bind_all {
                ($q:expr, $sp:expr) => {
                    $q.bind(&$sp.id)
                        .bind(&$sp.issuer)
                        .bind(&$sp.single_sign_on_destination)
                        .bind(&$sp.single_logout_response_destination)
                        .bind(&$sp.signature_validation_certificate_base64)
                        .bind(&$sp.name_identifier_format)
                        .bind($sp.name_identifier_field.ordinal())
                };
            }
            let result = match (c.old, c.new) {
                (None, Some(n)) => bind_all!(sqlx::query(&insert), n).execute(&mut *tx).await,
                (Some(o), Some(n)) => {
                    let q = sqlx::query(&update)
                        .bind(&n.issuer)
                        .bind(&n.single_sign_on_destination)
                        .bind(&n.single_logout_response_destination)
                        .bind(&n.signature_validation_certificate_base64)
                        .bind(&n.name_identifier_format)
                        .bind(n.name_identifier_field.ordinal());
                    bind_all!(q, o).execute(&mut *tx).await
                }
                (Some(o), None) => bind_all!(sqlx::query(&delete), o).execute(&mut *tx).await,
                (None, None) => continue,
            };
            let affected = match result {
                Ok(r) => r.rows_affected(),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(issuer_taken()),
                Err(e) => return Err(db_err(e)),
            };
            if affected != 1 {
                return Err(AppError::concurrent("SAML service provider"));
            }
        }
        tx.commit().await.map_err(db_err)
    })
}
