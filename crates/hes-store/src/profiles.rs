//! Saved connection profiles: how the console reaches each HES database.
//!
//! The non-secret part is `connections.json` in the app's config dir
//! (`<OS config dir>/io.hesconsole.desktop/`, or `$HES_CONSOLE_CONFIG_DIR`), written atomically
//! (temp file + rename). Passwords live only in a [`SecretStore`] (the OS keychain): `db:<name>`
//! for the database password, `dp:<name>` for a remembered Data Protection password, `ssh:<name>`
//! for the SSH password or key passphrase of a profile that goes through SSH. Renaming a profile
//! moves its entries; deleting it deletes them.
//!
//! Keychain calls block (D-Bus on Linux): from async code, call these methods on a blocking
//! thread (`tokio::task::spawn_blocking`).

use crate::keychain::{db_key, dp_key, ssh_key, Keychain, SecretStore};
use crate::mysql::MySqlTarget;
use crate::Console;
use hes_core::connections::{
    ConnectionProfile, ConnectionProfileInput, ConnectionProfileView, ConnectionTestResult, ConnectionWarning,
};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::secret::SecretInput;
use hes_core::Secret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The directory that holds `connections.json` (tests, portable use).
pub const CONFIG_DIR_ENV: &str = "HES_CONSOLE_CONFIG_DIR";
const FILE_NAME: &str = "connections.json";

/// `connections.json`: `{"Version":1,"Connections":[…]}`. Never holds a password.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProfilesFile {
    #[serde(default = "version_one")]
    version: u32,
    #[serde(default)]
    connections: Vec<ConnectionProfile>,
}

fn version_one() -> u32 {
    1
}

impl Default for ProfilesFile {
    fn default() -> Self {
        ProfilesFile { version: version_one(), connections: Vec::new() }
    }
}

/// The saved connection profiles and their keychain entries.
pub struct Profiles {
    path: PathBuf,
    secrets: Arc<dyn SecretStore>,
    /// One change at a time from this process.
    write_lock: Mutex<()>,
}

impl std::fmt::Debug for Profiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profiles").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Profiles {
    pub fn new(path: impl Into<PathBuf>, secrets: Arc<dyn SecretStore>) -> Self {
        Profiles { path: path.into(), secrets, write_lock: Mutex::new(()) }
    }

    /// The console's own profiles: [`default_path`](Self::default_path) and the OS keychain.
    pub fn open_default() -> Self {
        Self::new(Self::default_path(), Arc::new(Keychain::new()))
    }

    /// `$HES_CONSOLE_CONFIG_DIR/connections.json`, else
    /// `<OS local config dir>/io.hesconsole.desktop/connections.json` (Linux `~/.config/…`,
    /// macOS `~/Library/Application Support/…`, Windows `%LOCALAPPDATA%\…`: per computer, not
    /// the roaming profile, like the workspace and the certificate pins beside this file).
    pub fn default_path() -> PathBuf {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
            return PathBuf::from(dir).join(FILE_NAME);
        }
        // No home folder: an empty path, which every write refuses (never a shared temp folder).
        dirs::config_local_dir().map(|d| d.join(crate::paths::APP_IDENTIFIER).join(FILE_NAME)).unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    fn read(&self) -> AppResult<ProfilesFile> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ProfilesFile::default()),
            Err(e) => return Err(io_error(format!("Cannot read {}: {e}", self.path.display()))),
        };
        if text.trim().is_empty() {
            return Ok(ProfilesFile::default());
        }
        serde_json::from_str(&text).map_err(|e| {
            io_error(format!("{} is not a valid connections file: {e}", self.path.display())).with_hint(
                "Fix or remove the file; it holds no passwords, so removing it loses only the connection list.",
            )
        })
    }

    /// Write the whole file atomically and privately (files.rs).
    fn write(&self, file: &ProfilesFile) -> AppResult<()> {
        let mut text = serde_json::to_string_pretty(file).map_err(|e| AppError::internal(e.to_string()))?;
        text.push('\n');
        crate::files::write_private_atomic(&self.path, text.as_bytes())
    }

    fn stored(&self, key: &str) -> bool {
        match self.secrets.get(key) {
            Ok(v) => v.is_some(),
            Err(e) => {
                tracing::warn!(key, "keychain: {}", e.message);
                false
            }
        }
    }

    fn view(&self, profile: ConnectionProfile) -> ConnectionProfileView {
        let password_stored = self.stored(&db_key(&profile.name));
        let data_protection_password_stored = self.stored(&dp_key(&profile.name));
        let ssh_secret_stored = profile.ssh.is_some() && self.stored(&ssh_key(&profile.name));
        ConnectionProfileView { profile, password_stored, data_protection_password_stored, ssh_secret_stored }
    }

    /// Every saved profile, in the order saved, with which passwords the keychain holds (a
    /// keychain that cannot be read counts as "not stored").
    pub fn list(&self) -> AppResult<Vec<ConnectionProfileView>> {
        Ok(self.read()?.connections.into_iter().map(|p| self.view(p)).collect())
    }

    /// One profile by name (exact, else the one whose name matches ignoring case).
    pub fn get(&self, name: &str) -> AppResult<ConnectionProfile> {
        let mut all = self.read()?.connections;
        let i = index_of(&all, name).ok_or_else(|| not_found(name))?;
        Ok(all.swap_remove(i))
    }

    /// One profile with its keychain state.
    pub fn get_view(&self, name: &str) -> AppResult<ConnectionProfileView> {
        self.get(name).map(|p| self.view(p))
    }

    /// Create (`original` = None) or edit the profile named `original`. The input is validated
    /// against the other profiles; `Password` absent keeps the stored one, `null` (or "") deletes
    /// it, a string stores it. A rename moves the keychain entries. Keychain changes are made
    /// first and undone if the file cannot be written, so a failure changes nothing.
    pub fn save(&self, original: Option<&str>, mut input: ConnectionProfileInput) -> AppResult<ConnectionProfileView> {
        let _one = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let ssh_secret = std::mem::take(&mut input.ssh_secret);
        let mut file = self.read()?;
        let index = match original {
            Some(name) => Some(index_of(&file.connections, name).ok_or_else(|| not_found(name))?),
            None => None,
        };
        let old_name = index.map(|i| file.connections[i].name.clone());
        let (profile, password) = input.into_profile(&file.connections, old_name.as_deref())?;
        let new_name = profile.name.clone();
        // The retarget rule: a stored password stays only with the host, port and user it was
        // typed for; kept for another target it would be sent there on the next connect.
        if let (Some(i), SecretInput::Keep) = (index, &password) {
            let old = &file.connections[i];
            if retargeted(old, &profile) && self.stored(&db_key(&old.name)) {
                return Err(retyped_password());
            }
        }
        // The same for the SSH secret and the SSH host and user.
        if let (Some(i), SecretInput::Keep) = (index, &ssh_secret) {
            let old = &file.connections[i];
            if ssh_retargeted(old, &profile) && self.stored(&ssh_key(&old.name)) {
                return Err(AppError::new(
                    ErrorCode::Validation,
                    "The SSH host, port or user changed: type the SSH password or passphrase again.",
                )
                .with_field("Ssh.Secret"));
            }
        }

        let mut journal = Journal { store: self.secrets.as_ref(), undo: Vec::new() };
        let keychain = (|| -> AppResult<()> {
            match &old_name {
                Some(old) if *old != new_name => {
                    for key in [db_key, dp_key, ssh_key] {
                        let value = self.secrets.get(&key(old))?;
                        journal.put(&key(old), None)?;
                        journal.put(&key(&new_name), value.as_ref())?;
                    }
                }
                Some(_) => {}
                None => {
                    // Entries left by an earlier profile of this name must not come back to life.
                    for key in [db_key(&new_name), dp_key(&new_name), ssh_key(&new_name)] {
                        if let Err(e) = self.secrets.delete(&key) {
                            tracing::warn!(key, "keychain: {}", e.message);
                        }
                    }
                }
            }
            // Without SSH (or with the agent) no SSH secret is kept.
            let ssh_secret = match &profile.ssh {
                Some(s) if s.auth.uses_secret() => ssh_secret,
                _ => SecretInput::Clear,
            };
            for (key, change) in [(db_key(&new_name), password), (ssh_key(&new_name), ssh_secret)] {
                match change {
                    SecretInput::Keep => {}
                    SecretInput::Clear => journal.put(&key, None)?,
                    SecretInput::Replace(s) if s.expose().is_empty() => journal.put(&key, None)?,
                    SecretInput::Replace(s) => journal.put(&key, Some(&s))?,
                }
            }
            Ok(())
        })();
        if let Err(e) = keychain {
            journal.rollback();
            return Err(e);
        }

        match index {
            Some(i) => file.connections[i] = profile.clone(),
            None => file.connections.push(profile.clone()),
        }
        if let Err(e) = self.write(&file) {
            journal.rollback();
            return Err(e);
        }
        tracing::info!(target: "audit", connection = %new_name, renamed_from = ?old_name.filter(|o| *o != new_name), "connection profile saved");
        Ok(self.view(profile))
    }

    /// Remove a profile and its keychain entries.
    pub fn delete(&self, name: &str) -> AppResult<()> {
        let _one = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = self.read()?;
        let i = index_of(&file.connections, name).ok_or_else(|| not_found(name))?;
        let removed = file.connections.remove(i);
        self.write(&file)?;
        tracing::info!(target: "audit", connection = %removed.name, "connection profile deleted");
        for key in [db_key(&removed.name), dp_key(&removed.name), ssh_key(&removed.name)] {
            self.secrets.delete(&key).map_err(|e| {
                AppError::new(
                    ErrorCode::Io,
                    format!(
                        "The connection {} was removed, but its saved passwords could not be deleted: {}",
                        removed.name, e.message
                    ),
                )
                .with_hint(
                    "Remove the entries named db:/dp:/ssh:<connection> of io.hesconsole.desktop in the system keychain.",
                )
            })?;
        }
        Ok(())
    }

    /// How to connect with profile `name`: with `password` if given, else the stored one; with
    /// neither, a `DbAuthFailed` error saying that no password is stored.
    pub fn target(&self, name: &str, password: Option<Secret>) -> AppResult<MySqlTarget> {
        let profile = self.get(name)?;
        let password = match password {
            Some(p) => p,
            None => self.secrets.get(&db_key(&profile.name))?.ok_or_else(|| no_password(&profile.name))?,
        };
        let mut target = target_of(&profile, password);
        target.pin = self.pin_for(&profile);
        target.ssh = self.ssh_target(&profile, None)?;
        Ok(target)
    }

    /// The SSH leg of `profile`, if it has one: its secret (given, else the keychain's), the host
    /// key pinned on this computer and the user's known_hosts.
    pub fn ssh_target(
        &self,
        profile: &ConnectionProfile,
        secret: Option<Secret>,
    ) -> AppResult<Option<hes_tunnel::SshTarget>> {
        let Some(ssh) = &profile.ssh else { return Ok(None) };
        let secret = match secret {
            Some(s) => Some(s),
            None if ssh.auth.uses_secret() => self.secrets.get(&ssh_key(&profile.name))?,
            None => None,
        };
        Ok(Some(ssh_target_of(profile, secret, self.ssh_pin(&ssh.host, ssh.port))))
    }

    /// The host key trusted on this computer for an SSH host (pins.json, `ssh://host:port`).
    pub fn ssh_pin(&self, host: &str, port: u16) -> Option<String> {
        self.pins().get(&crate::pins::ssh_key(host, port))
    }

    /// "Trust this host key": pin the SSH host's key (`<algorithm> SHA256:<base64>`, as shown by
    /// the refusal) for `host:port`, replacing an earlier one. Returns the pin as stored.
    pub fn trust_ssh_host_key(&self, host: &str, port: u16, key: &str) -> AppResult<String> {
        let (algorithm, sha256) = hes_tunnel::host_key::parse_pin(key).ok_or_else(|| {
            AppError::new(
                ErrorCode::Validation,
                "An SSH host key is given as its algorithm and SHA-256 fingerprint, like ssh-ed25519 SHA256:….",
            )
            .with_field("HostKey")
        })?;
        let pin = format!("{algorithm} {sha256}");
        let key = hes_tunnel::host_key::pin_key(host, port);
        self.pins().set_text(&key, &pin)?;
        tracing::info!(target: "audit", server = %key, host_key = %pin, "SSH host key trusted");
        Ok(pin)
    }

    /// `pins.json` beside `connections.json`: the certificates trusted on this computer.
    pub fn pins(&self) -> crate::pins::Pins {
        let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
        crate::pins::Pins::new(dir.join("pins.json"))
    }

    /// The certificate pinned for `profile`'s server, if any (an unreadable pin file: none).
    pub fn pin_for(&self, profile: &ConnectionProfile) -> Option<String> {
        self.pins().get(&crate::pins::mysql_key(&profile.host, profile.port))
    }

    /// "Trust this certificate": pin exactly the certificate with this SHA-256 for the server of
    /// profile `name` (replacing an earlier pin). Returns the pin as stored (`AB:CD:…`).
    pub fn trust_certificate(&self, name: &str, sha256: &str) -> AppResult<String> {
        let profile = self.get(name)?;
        self.trust_server_certificate(&profile.host, profile.port, sha256)
    }

    /// The same for a server by host and port (the connection form's values, saved or not).
    pub fn trust_server_certificate(&self, host: &str, port: u16, sha256: &str) -> AppResult<String> {
        let key = crate::pins::mysql_key(host, port);
        let pin = self.pins().set(&key, sha256)?;
        tracing::info!(target: "audit", server = %key, sha256 = %pin, "database certificate trusted");
        Ok(pin)
    }

    /// The password a "Test" of the form's values (`profile`, edited from the saved profile
    /// `original`) may use: the typed one, else the stored one only while host, port and user are
    /// the stored ones (the retarget rule of the checks); otherwise a `Validation` error on
    /// `Password` asks for it again.
    pub fn test_password(
        &self,
        original: Option<&str>,
        profile: &ConnectionProfile,
        password: SecretInput,
    ) -> AppResult<Secret> {
        match password {
            SecretInput::Replace(pw) if !pw.expose().is_empty() => Ok(pw),
            SecretInput::Replace(_) | SecretInput::Clear => Err(enter_password()),
            SecretInput::Keep => {
                let Some(saved) = original.map(|n| self.get(n)).transpose()? else {
                    return Err(enter_password());
                };
                if retargeted(&saved, profile) {
                    return Err(retyped_password());
                }
                self.secrets.get(&db_key(&saved.name))?.ok_or_else(enter_password)
            }
        }
    }

    /// The SSH secret a "Test" of the form's values may use: the typed one, else the stored one of
    /// `original` while its SSH host, port and user are unchanged.
    pub fn test_ssh_secret(
        &self,
        original: Option<&str>,
        profile: &ConnectionProfile,
        secret: SecretInput,
    ) -> AppResult<Option<Secret>> {
        match secret {
            SecretInput::Replace(s) if !s.expose().is_empty() => Ok(Some(s)),
            SecretInput::Replace(_) | SecretInput::Clear => Ok(None),
            SecretInput::Keep => {
                let Some(saved) = original.map(|n| self.get(n)).transpose()? else { return Ok(None) };
                if saved.ssh.is_none() || ssh_retargeted(&saved, profile) {
                    return Ok(None);
                }
                self.secrets.get(&ssh_key(&saved.name))
            }
        }
    }

    /// Every saved profile with its keychain password (or why it has none), for the database checks.
    pub fn check_inputs(&self) -> AppResult<Vec<crate::console::DatabaseInput>> {
        Ok(self
            .list()?
            .into_iter()
            .map(|v| crate::console::DatabaseInput {
                target: self.target(&v.profile.name, None).map_err(|e| e.message),
                name: v.profile.name,
            })
            .collect())
    }

    /// The remembered Data Protection password of profile `name`, if any.
    pub fn dp_password(&self, name: &str) -> AppResult<Option<Secret>> {
        let profile = self.get(name)?;
        self.secrets.get(&dp_key(&profile.name))
    }

    /// Remember (Some) or forget (None, or an empty password) the Data Protection password.
    pub fn set_dp_password(&self, name: &str, password: Option<&Secret>) -> AppResult<()> {
        let profile = self.get(name)?;
        let key = dp_key(&profile.name);
        match password.filter(|p| !p.expose().is_empty()) {
            Some(p) => self.secrets.set(&key, p),
            None => self.secrets.delete(&key),
        }
    }
}

/// A profile plus a password: what [`Console::open_mysql`] needs.
pub fn target_of(profile: &ConnectionProfile, password: Secret) -> MySqlTarget {
    MySqlTarget {
        host: profile.host.clone(),
        port: profile.port,
        database: profile.database.clone(),
        user: profile.user.clone(),
        password,
        tls: profile.tls,
        ca_file: profile.ca_file.as_ref().map(PathBuf::from),
        timeout: Duration::from_millis(u64::from(profile.timeout_ms)),
        pin: None,
        ssh: None,
        via: None,
    }
}

/// The SSH leg of a profile (`None` without one), with its secret and the pinned host key.
pub fn ssh_target_of(
    profile: &ConnectionProfile,
    secret: Option<Secret>,
    pinned: Option<String>,
) -> hes_tunnel::SshTarget {
    let ssh = profile.ssh.clone().unwrap_or_else(|| hes_core::connections::SshProfile {
        host: String::new(),
        port: 22,
        user: String::new(),
        auth: Default::default(),
    });
    hes_tunnel::SshTarget {
        host: ssh.host,
        port: ssh.port,
        user: ssh.user,
        auth: ssh.auth,
        secret,
        pinned,
        known_hosts: hes_tunnel::SshTarget::default_known_hosts(),
        timeout: Duration::from_millis(u64::from(profile.timeout_ms)),
    }
}

/// "Test connection": open the database as the console would and report what was found (HES
/// release, read-only, Data Protection state) or the error, with the time it took. Never fails:
/// a failure is a result with `Ok: false`.
pub async fn test_connection(target: &MySqlTarget, name: &str) -> ConnectionTestResult {
    let started = Instant::now();
    let opened = Console::open_mysql(target, name).await;
    let duration_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let warning = ConnectionWarning::for_tls(target.tls);
    // The certificate, to show it: refused (to trust it, or to see what changed), or accepted by its pin.
    let certificate = match &opened {
        Err(e) if matches!(e.code, ErrorCode::TlsUntrustedCertificate | ErrorCode::TlsCertificateChanged) => {
            crate::mysql_tls::probe_certificate(target).await
        }
        Ok(_) if target.uses_pin() => crate::mysql_tls::probe_certificate(target).await,
        _ => None,
    };
    // The SSH host's key, to show it: refused as unknown (to trust it) or changed.
    let ssh_host_key = match (&opened, &target.ssh) {
        (Err(e), Some(ssh)) if matches!(e.code, ErrorCode::SshHostKeyUnknown | ErrorCode::SshHostKeyChanged) => {
            hes_tunnel::Tunnel::open(ssh, &target.host, target.port).await.host_key
        }
        _ => None,
    };
    match opened {
        Ok(console) => {
            let info = console.info();
            ConnectionTestResult {
                ok: true,
                hes_version: info.hes_version,
                read_only: Some(info.read_only),
                data_protection: Some(info.data_protection),
                error: None,
                warning,
                certificate,
                ssh_host_key,
                duration_ms,
            }
        }
        Err(e) => ConnectionTestResult {
            ok: false,
            hes_version: None,
            read_only: None,
            data_protection: None,
            error: Some(e),
            warning,
            certificate,
            ssh_host_key,
            duration_ms,
        },
    }
}

/// Keychain changes of one save, with what each key held before, to undo them.
struct Journal<'a> {
    store: &'a dyn SecretStore,
    undo: Vec<(String, Option<Secret>)>,
}

impl Journal<'_> {
    /// Set (`Some`) or delete (`None`) `key`, remembering its first previous value.
    fn put(&mut self, key: &str, value: Option<&Secret>) -> AppResult<()> {
        let before = self.store.get(key)?;
        if before.is_none() && value.is_none() {
            return Ok(());
        }
        if !self.undo.iter().any(|(k, _)| k == key) {
            self.undo.push((key.to_string(), before));
        }
        match value {
            Some(v) => self.store.set(key, v),
            None => self.store.delete(key),
        }
    }

    /// Best effort: put every key back as it was, newest change first.
    fn rollback(self) {
        for (key, before) in self.undo.into_iter().rev() {
            let r = match &before {
                Some(v) => self.store.set(&key, v),
                None => self.store.delete(&key),
            };
            if let Err(e) = r {
                tracing::warn!(key, "keychain: could not undo a change: {}", e.message);
            }
        }
    }
}

/// The profile named exactly `name`, else the one whose name matches ignoring case (names are
/// unique that way).
fn index_of(all: &[ConnectionProfile], name: &str) -> Option<usize> {
    all.iter()
        .position(|p| p.name == name)
        .or_else(|| all.iter().position(|p| p.name.eq_ignore_ascii_case(name.trim())))
}

fn io_error(message: String) -> AppError {
    AppError::new(ErrorCode::Io, message)
}

fn not_found(name: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("There is no saved connection named {name}."))
        .with_hint("The saved connections are listed under Connections (hesctl connections list).")
}

/// Another server or another account than the stored password was typed for (host names compare
/// without case; MySQL user names are case-sensitive).
fn retargeted(old: &ConnectionProfile, new: &ConnectionProfile) -> bool {
    !(old.host.trim().eq_ignore_ascii_case(new.host.trim()) && old.port == new.port && old.user == new.user)
}

/// Another SSH host or user than the stored SSH secret was typed for.
fn ssh_retargeted(old: &ConnectionProfile, new: &ConnectionProfile) -> bool {
    match (&old.ssh, &new.ssh) {
        (Some(a), Some(b)) => !(a.host.eq_ignore_ascii_case(&b.host) && a.port == b.port && a.user == b.user),
        _ => false,
    }
}

/// Stable: `Validation` on `Password` (the UI puts it under the field, hesctl prints it).
pub const RETYPE_PASSWORD: &str =
    "The host, port or user changed: type the database password again. The stored password is used only for the server and user it was saved for.";

fn retyped_password() -> AppError {
    AppError::new(ErrorCode::Validation, RETYPE_PASSWORD)
        .with_field("Password")
        .with_hint("hesctl: give it with --password-stdin or HESCTL_DB_PASSWORD.")
}

fn enter_password() -> AppError {
    AppError::new(ErrorCode::DbAuthFailed, "Enter the database password to test this connection.")
        .with_field("Password")
}

fn no_password(name: &str) -> AppError {
    AppError::new(ErrorCode::DbAuthFailed, format!("No database password is stored for the connection {name}."))
        .with_field("Password")
        .with_hint(
            "Enter the password (and choose to remember it to keep it in the keychain); hesctl takes it from --password-stdin or HESCTL_DB_PASSWORD.",
        )
}
