//! Copies of the HES Data Protection params rows the console has seen, per database.
//!
//! When HES changes its Data Protection password it inserts a new params row, re-encrypts only
//! its own rows and deletes the old params row; after Disable it deletes the row. Secrets the
//! console stored under the old key then carry a key id with no params anywhere. A params row is
//! not secret (salt, iteration count, a 32-bit verification code), so the console keeps a copy of
//! each one it sees, outside HES's database, in `dp-params.json` beside the connection profiles.
//! With it and the *old* password, stale values can be re-encrypted instead of retyped.

use crate::db::DpRows;
use crate::files::write_private_atomic;
use hes_core::error::{AppError, AppResult, ErrorCode};
use std::collections::BTreeMap;
use std::path::PathBuf;

const FILE_NAME: &str = "dp-params.json";
/// A params row is ~200 bytes; a bigger file is not ours.
const MAX_FILE_BYTES: usize = 1 << 20;

/// database location (`host:port/db`, file path) → key id → params JSON.
type Archive = BTreeMap<String, BTreeMap<i32, String>>;

#[derive(Debug, Clone)]
pub struct DpArchive {
    path: PathBuf,
}

impl DpArchive {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DpArchive { path: path.into() }
    }

    /// `dp-params.json` in the console's config directory (beside `connections.json`).
    pub fn open_default() -> Self {
        let profiles = crate::paths::profiles_file();
        match profiles.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => Self::new(dir.join(FILE_NAME)),
            // No home folder: an empty path, which every write refuses (never the current folder).
            None => Self::new(PathBuf::new()),
        }
    }

    fn read(&self) -> AppResult<Archive> {
        match crate::files::read_limited(&self.path, MAX_FILE_BYTES) {
            Ok(Some(bytes)) => serde_json::from_slice(&bytes).map_err(|e| {
                AppError::new(ErrorCode::Io, format!("{} is not a params archive: {e}", self.path.display()))
            }),
            Ok(None) => Err(AppError::new(ErrorCode::Io, format!("{} is too large", self.path.display()))),
            Err(_) if !self.path.exists() => Ok(Archive::new()),
            Err(e) => Err(e),
        }
    }

    /// Save the params rows of `location` not saved yet (rows without a value are skipped).
    pub fn remember(&self, location: &str, rows: &DpRows) -> AppResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut all = self.read()?;
        let known = all.entry(location.to_string()).or_default();
        let mut changed = false;
        for (id, value) in &rows.0 {
            if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                if known.get(id).map(String::as_str) != Some(v) {
                    known.insert(*id, v.to_string());
                    changed = true;
                }
            }
        }
        if changed {
            let json = serde_json::to_vec_pretty(&all).map_err(|e| AppError::internal(e.to_string()))?;
            write_private_atomic(&self.path, &json)?;
        }
        Ok(())
    }

    /// The saved params JSON of `key_id` for `location`.
    pub fn params(&self, location: &str, key_id: i32) -> Option<String> {
        self.read().ok()?.get(location)?.get(&key_id).cloned()
    }

    /// The key ids with saved params for `location`.
    pub fn key_ids(&self, location: &str) -> Vec<i32> {
        self.read().ok().and_then(|a| a.get(location).map(|m| m.keys().copied().collect())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_rows_per_location_and_keeps_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let a = DpArchive::new(dir.path().join("sub").join(FILE_NAME));
        a.remember("h:3306/hes", &DpRows(vec![(1, Some("{\"Salt\":\"a\"}".into()))])).unwrap();
        a.remember("h:3306/hes", &DpRows(vec![(2, Some("{\"Salt\":\"b\"}".into()))])).unwrap();
        a.remember("other", &DpRows(vec![(1, None)])).unwrap();
        assert_eq!(a.key_ids("h:3306/hes"), vec![1, 2]);
        assert_eq!(a.params("h:3306/hes", 1).as_deref(), Some("{\"Salt\":\"a\"}"));
        assert_eq!(a.params("other", 1), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("sub").join(FILE_NAME)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dmode = std::fs::metadata(dir.path().join("sub")).unwrap().permissions().mode();
            assert_eq!(dmode & 0o777, 0o700);
        }
    }
}
