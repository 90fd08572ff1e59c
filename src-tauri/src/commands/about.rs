//! About: what this build is (the same facts as `hesctl --version`).
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct AboutInfo {
    /// The console's version, e.g. "0.1.0".
    pub version: String,
    /// The git commit it was built from (12 hex digits), or "unknown".
    pub commit: String,
    /// The HES releases whose databases it reads and writes.
    pub hes_releases: Vec<String>,
}

#[tauri::command]
pub fn about_info() -> AboutInfo {
    AboutInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        commit: env!("HES_CONSOLE_COMMIT").to_string(),
        hes_releases: hes_core::hes_version::SUPPORTED.iter().map(|r| r.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_build_and_the_supported_releases() {
        let about = about_info();
        assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
        assert!(
            about.commit == "unknown"
                || (about.commit.len() == 12 && about.commit.chars().all(|c| c.is_ascii_hexdigit())),
            "{}",
            about.commit
        );
        assert_eq!(about.hes_releases, ["3.8.3", "3.8.4"]);
    }
}
