//! Server certificates an administrator chose to trust on this workstation, each pinned to its
//! SHA-256. Kept in
//! `pins.json` beside the connection profiles, never in the HES database: HES itself does not
//! validate the AD certificate, so a pin is the console's own knowledge, per workstation.

use hes_core::error::{AppError, AppResult, ErrorCode};
use std::collections::BTreeMap;
use std::path::PathBuf;

const FILE_NAME: &str = "pins.json";

/// `ldaps://host:port` style key: one pin per server and port.
pub fn ad_key(host: &str, port: u16) -> String {
    format!("ldap://{}:{port}", host.trim().to_ascii_lowercase())
}

/// `mysql://host:port`: the certificate trusted for a database server (every profile on it).
pub fn mysql_key(host: &str, port: u16) -> String {
    format!("mysql://{}:{port}", host.trim().to_ascii_lowercase())
}

/// `AB:CD:…` or plain hex, any case → uppercase pairs joined by colons; `None` if not a SHA-256.
/// The key of an SSH host's pinned host key (`ssh://host:port`).
pub fn ssh_key(host: &str, port: u16) -> String {
    hes_tunnel::host_key::pin_key(host, port)
}

pub fn normalize_sha256(text: &str) -> Option<String> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    Some(upper.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap_or("")).collect::<Vec<_>>().join(":"))
}

pub struct Pins {
    path: PathBuf,
}

impl Pins {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Pins { path: path.into() }
    }

    /// `pins.json` in the console's config directory (beside `connections.json`).
    pub fn open_default() -> Self {
        let profiles = crate::profiles::Profiles::default_path();
        match profiles.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => Self::new(dir.join(FILE_NAME)),
            // No home folder: an empty path, which every write refuses.
            None => Self::new(PathBuf::new()),
        }
    }

    fn read(&self) -> AppResult<BTreeMap<String, String>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| AppError::new(ErrorCode::Io, format!("{} is not a pin list: {e}", self.path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(AppError::new(ErrorCode::Io, format!("Cannot read {}: {e}", self.path.display()))),
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.read().ok()?.get(key).cloned()
    }

    /// Trust the certificate with this SHA-256 for `key` (replaces an earlier pin).
    pub fn set(&self, key: &str, sha256: &str) -> AppResult<String> {
        let pin = normalize_sha256(sha256).ok_or_else(|| {
            AppError::new(ErrorCode::Validation, "A certificate pin is a SHA-256: 64 hexadecimal digits.")
                .with_field("Sha256")
        })?;
        let mut all = self.read()?;
        all.insert(key.to_string(), pin.clone());
        self.write(&all)?;
        Ok(pin)
    }

    /// Store `value` as is for `key` (an SSH host key pin, checked by its caller).
    pub fn set_text(&self, key: &str, value: &str) -> AppResult<()> {
        let mut all = self.read()?;
        all.insert(key.to_string(), value.to_string());
        self.write(&all)
    }

    pub fn remove(&self, key: &str) -> AppResult<bool> {
        let mut all = self.read()?;
        let had = all.remove(key).is_some();
        if had {
            self.write(&all)?;
        }
        Ok(had)
    }

    fn write(&self, all: &BTreeMap<String, String>) -> AppResult<()> {
        let json = serde_json::to_vec_pretty(all).expect("a map of strings serializes");
        crate::files::write_private_atomic(&self.path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_round_trip_and_normalize() {
        let dir = tempfile::tempdir().unwrap();
        let pins = Pins::new(dir.path().join("sub").join(FILE_NAME));
        let key = ad_key("DC1.Corp.Example", 636);
        assert_eq!(pins.get(&key), None);
        let raw = "ab".repeat(32);
        let pin = pins.set(&key, &raw).unwrap();
        assert_eq!(pin, ["AB"; 32].join(":"));
        assert_eq!(pins.get(&ad_key("dc1.corp.example", 636)), Some(pin.clone()));
        assert_eq!(pins.get(&ad_key("dc1.corp.example", 389)), None);
        assert_eq!(pins.set(&key, "not-a-hash").unwrap_err().code, ErrorCode::Validation);
        assert!(pins.remove(&key).unwrap());
        assert_eq!(pins.get(&key), None);
        assert!(!pins.remove(&key).unwrap());
    }
}
