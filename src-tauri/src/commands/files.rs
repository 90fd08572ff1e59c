//! The native "open file" dialog (tauri-plugin-dialog, rfd underneath), asked for by purpose so the
//! UI never chooses filters itself. The backend then reads the file by its path: a file's bytes do
//! not cross the IPC twice, and a picked path is only ever read.

use super::CmdResult;
use hes_core::{AppError, ErrorCode};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// How a "save as" is answered. The app asks the admin in the native dialog; whoever embeds the
/// commands without a window system (the adapters tests: Tauri's mock runtime has no dialogs) names
/// a folder instead, and the suggested file name is written there.
#[derive(Debug, Clone, Default)]
pub enum SaveDialog {
    #[default]
    Native,
    Folder(PathBuf),
}

/// Where to save a file the backend writes (a path the UI sends is only ever read): the admin's
/// choice in the native save dialog, `None` when they cancel.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    how: &SaveDialog,
    title: &str,
    file_name: &str,
    (filter, exts): (&str, &[&str]),
) -> Option<PathBuf> {
    if let SaveDialog::Folder(dir) = how {
        return Some(dir.join(file_name));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_title(title).set_file_name(file_name).add_filter(filter, exts).save_file(move |picked| {
        let _ = tx.send(picked);
    });
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// Title, filter name and extensions of each purpose.
fn filter(purpose: &str) -> Option<(&'static str, &'static str, &'static [&'static str])> {
    Some(match purpose {
        "licenses" => ("Import licenses from a file", "License file (JSON)", &["json", "txt"]),
        "logo" => ("Choose a logo", "Images (PNG, JPEG, WebP)", &["png", "jpg", "jpeg", "webp"]),
        "saml-metadata" => ("Import SP metadata", "SAML metadata (XML)", &["xml"]),
        "saml-certificate" => ("Choose the signing certificate", "Certificates", &["pem", "cer", "crt", "der"]),
        "ca" => ("Choose the CA certificate", "Certificates (PEM)", &["pem", "crt", "cer"]),
        "config" => ("Import configuration", "Configuration file (JSON)", &["json"]),
        // SSH private keys usually have no extension (id_ed25519): no filter.
        "ssh-key" => ("Choose the SSH private key", "", &[]),
        _ => return None,
    })
}

/// Show the open dialog for `purpose`; `None` when the user cancels.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn pick_file<R: Runtime>(app: AppHandle<R>, purpose: String) -> CmdResult<Option<String>> {
    let (title, name, exts) = filter(&purpose)
        .ok_or_else(|| AppError::new(ErrorCode::BadRequest, format!("There is no file dialog for '{purpose}'.")))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().set_title(title);
    if !exts.is_empty() {
        dialog = dialog.add_filter(name, exts);
    }
    dialog.pick_file(move |picked| {
        let _ = tx.send(picked);
    });
    let picked = rx.await.ok().flatten();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.to_string_lossy().into_owned()))
}
