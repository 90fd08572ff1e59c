//! Where the console keeps its files. The desktop app and `hesctl` must agree, so both use this.

use hes_core::error::{AppError, AppResult, ErrorCode};
use std::path::PathBuf;

/// The app's identifier (tauri.conf.json `identifier`): Tauri's app-data dir is `<data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "io.hesconsole.desktop";
/// Overrides the folder of the saved connections (`connections.json`) and the files kept beside
/// them (certificate and host-key pins, history archive, Data Protection parameter copies).
pub const CONFIG_DIR_ENV: &str = "HES_CONSOLE_CONFIG_DIR";
/// Overrides the local workspace file (tests, portable use).
pub const WORKSPACE_ENV: &str = "HES_CONSOLE_WORKSPACE";

/// The local workspace: `$HES_CONSOLE_WORKSPACE`, else `<per-user local app-data dir>/io.hesconsole.desktop/workspace.sqlite`:
/// Linux `~/.local/share`, macOS `~/Library/Application Support`, Windows `%LOCALAPPDATA%` (not the
/// roaming profile: the workspace holds secrets and belongs to this computer). Never a shared
/// temporary folder: without a home folder this is an error.
pub fn default_workspace() -> AppResult<PathBuf> {
    if let Some(p) = std::env::var_os(WORKSPACE_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = dirs::data_local_dir().ok_or_else(|| {
        AppError::new(ErrorCode::Io, "This user has no local application-data folder (no home folder).")
            .with_hint(format!("Set {WORKSPACE_ENV} to a workspace file in a folder only you can read."))
    })?;
    Ok(dir.join(APP_IDENTIFIER).join("workspace.sqlite"))
}

/// `$HES_CONSOLE_CONFIG_DIR/connections.json`, else
/// `<OS local config dir>/io.hesconsole.desktop/connections.json` (Linux `~/.config/…`, macOS
/// `~/Library/Application Support/…`, Windows `%LOCALAPPDATA%\…`: per computer, not the roaming
/// profile). No home folder: an empty path, which every write refuses (never a shared temp folder).
pub fn profiles_file() -> PathBuf {
    const FILE_NAME: &str = "connections.json";
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join(FILE_NAME);
    }
    dirs::config_local_dir().map(|d| d.join(APP_IDENTIFIER).join(FILE_NAME)).unwrap_or_default()
}
