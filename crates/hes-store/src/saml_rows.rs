//! The `SamlRelyingParties` table. Updates and deletes compare every column with the row as
//! loaded, so an edit made in the HES web admin meanwhile is never overwritten.

use crate::db::{db_err, Db};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::{NameIdField, SamlSp};
use sqlx::Row;

const COLUMNS: &str = "Id, Issuer, SingleSignOnDestination, SingleLogoutResponseDestination, \
    SignatureValidationCertificateBase64, NameIdentifierFormat, NameIdentifierField";

pub async fn list(db: &Db) -> AppResult<Vec<SamlSp>> {
    let Db::Sqlite(pool) = db;
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM SamlRelyingParties ORDER BY Issuer"))
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let field: i32 = r.get(6);
            Ok(SamlSp {
                id: r.get(0),
                issuer: r.get(1),
                single_sign_on_destination: r.get(2),
                single_logout_response_destination: r.get(3),
                signature_validation_certificate_base64: r.get(4),
                name_identifier_format: r.get(5),
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

pub async fn apply(db: &Db, changes: &[SamlChange<'_>]) -> AppResult<()> {
    let Db::Sqlite(pool) = db;
    let mut tx = pool.begin().await.map_err(db_err)?;
    for c in changes {
        let affected = match (c.old, c.new) {
            (None, Some(n)) => {
                let r =
                    sqlx::query(&format!("INSERT INTO SamlRelyingParties ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"))
                        .bind(&n.id)
                        .bind(&n.issuer)
                        .bind(&n.single_sign_on_destination)
                        .bind(&n.single_logout_response_destination)
                        .bind(&n.signature_validation_certificate_base64)
                        .bind(&n.name_identifier_format)
                        .bind(n.name_identifier_field.ordinal())
                        .execute(&mut *tx)
                        .await;
                match r {
                    Ok(r) => r.rows_affected(),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(AppError::field_error("Issuer", "Issuer already exist."));
                        // HES's words
                    }
                    Err(e) => return Err(db_err(e)),
                }
            }
            (Some(o), Some(n)) => {
                let r = sqlx::query(
                    "UPDATE SamlRelyingParties SET Issuer = ?, SingleSignOnDestination = ?, SingleLogoutResponseDestination = ?, \
                     SignatureValidationCertificateBase64 = ?, NameIdentifierFormat = ?, NameIdentifierField = ? \
                     WHERE Id = ? AND Issuer = ? AND SingleSignOnDestination = ? AND SingleLogoutResponseDestination IS ? \
                     AND SignatureValidationCertificateBase64 IS ? AND NameIdentifierFormat = ? AND NameIdentifierField = ?",
                )
                .bind(&n.issuer)
                .bind(&n.single_sign_on_destination)
                .bind(&n.single_logout_response_destination)
                .bind(&n.signature_validation_certificate_base64)
                .bind(&n.name_identifier_format)
                .bind(n.name_identifier_field.ordinal())
                .bind(&o.id)
                .bind(&o.issuer)
                .bind(&o.single_sign_on_destination)
                .bind(&o.single_logout_response_destination)
                .bind(&o.signature_validation_certificate_base64)
                .bind(&o.name_identifier_format)
                .bind(o.name_identifier_field.ordinal())
                .execute(&mut *tx)
                .await;
                match r {
                    Ok(r) => r.rows_affected(),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(AppError::field_error("Issuer", "Issuer already exist."))
                    }
                    Err(e) => return Err(db_err(e)),
                }
            }
            (Some(o), None) => sqlx::query(
                "DELETE FROM SamlRelyingParties WHERE Id = ? AND Issuer = ? AND SingleSignOnDestination = ? \
                 AND SingleLogoutResponseDestination IS ? AND SignatureValidationCertificateBase64 IS ? \
                 AND NameIdentifierFormat = ? AND NameIdentifierField = ?",
            )
            .bind(&o.id)
            .bind(&o.issuer)
            .bind(&o.single_sign_on_destination)
            .bind(&o.single_logout_response_destination)
            .bind(&o.signature_validation_certificate_base64)
            .bind(&o.name_identifier_format)
            .bind(o.name_identifier_field.ordinal())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected(),
            (None, None) => 1,
        };
        if affected != 1 {
            return Err(AppError::concurrent("SAML service provider"));
        }
    }
    tx.commit().await.map_err(db_err)
}
