//! Where the console keeps its files. The desktop app and `hesctl` must agree, so both use this.

use std::path::PathBuf;

/// The app's identifier (tauri.conf.json `identifier`): Tauri's app-data dir is `<data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "io.hesconsole.desktop";
/// Overrides the local workspace file (tests, portable use).
pub const WORKSPACE_ENV: &str = "HES_CONSOLE_WORKSPACE";

/// The local workspace: `$HES_CONSOLE_WORKSPACE`, else `<OS app-data dir>/io.hesconsole.desktop/workspace.sqlite`.
pub fn default_workspace() -> PathBuf {
    if let Some(p) = std::env::var_os(WORKSPACE_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join(APP_IDENTIFIER).join("workspace.sqlite")
}
