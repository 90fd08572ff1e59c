//! SAML helpers for the Add/Edit dialog: describe a certificate, read SP metadata. Both take a
//! file the admin chose (`path`) or pasted text (`text`), and write nothing: the dialog fills its
//! fields and saves with `saml_save`.

use super::CmdResult;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml_cert::{self, CertificateInfo};
use hes_core::settings::saml_metadata::{self, SamlMetadataImport};
use hes_store::files;
use std::path::PathBuf;

/// The bytes of `path` (read with `read`, off the async threads) or of `text`: exactly one.
async fn source(
    path: Option<String>,
    text: Option<String>,
    read: fn(&std::path::Path) -> AppResult<Vec<u8>>,
) -> AppResult<Vec<u8>> {
    match (path, text) {
        (Some(p), None) => tauri::async_runtime::spawn_blocking(move || read(&PathBuf::from(p)))
            .await
            .map_err(|e| AppError::internal(format!("reading the file stopped: {e}")))?,
        (None, Some(t)) => Ok(t.into_bytes()),
        _ => Err(AppError::new(ErrorCode::BadRequest, "Give either a file path or the text, not both.")),
    }
}

/// Subject, issuer, validity, SHA-256 fingerprint, expired, and the base64 to store.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn saml_certificate_inspect(path: Option<String>, text: Option<String>) -> CmdResult<CertificateInfo> {
    saml_cert::inspect(&source(path, text, files::read_certificate).await?)
}

/// Issuer, ACS, SLO and signing certificate from SP metadata, with HES's error cases.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn saml_metadata_import(path: Option<String>, text: Option<String>) -> CmdResult<SamlMetadataImport> {
    saml_metadata::import(&source(path, text, files::read_metadata).await?)
}
