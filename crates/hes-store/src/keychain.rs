//! The console's own credentials: each connection profile's database password and,
//! when the admin asks to remember it, its Data Protection password. They live only in the OS
//! keychain, under the service [`APP_IDENTIFIER`](crate::paths::APP_IDENTIFIER):
//!
//! - `db:<profile name>`: the database password;
//! - `dp:<profile name>`: the Data Protection password.
//!
//! [`Keychain`] is the real store (keyring 3): the macOS Keychain, the Windows Credential Manager,
//! and on Linux the Secret Service (GNOME Keyring, KWallet) with a fallback to the kernel keyring
//! (keyutils) when no session bus or no Secret Service answers: headless servers, CI, SSH
//! sessions. Kernel keys last until reboot (or until the persistent keyring expires, a few days
//! unused), so there a saved password may have to be entered again. `HES_CONSOLE_KEYRING`
//! (`secret-service` or `keyutils`) forces one Linux store.
//!
//! [`MemoryStore`] is an in-memory store for tests. Errors carry the code `Io` and a plain message;
//! no error, log line or `Debug` output ever contains a secret.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::Secret;
use std::collections::HashMap;
use std::sync::Mutex;

/// Chooses the Linux store: `secret-service`, `keyutils`, or `auto` (the default).
pub const KEYRING_ENV: &str = "HES_CONSOLE_KEYRING";

/// Where the console keeps passwords. Keys are `db:<profile>` and `dp:<profile>`.
pub trait SecretStore: Send + Sync {
    /// The stored secret, or `None` when there is none.
    fn get(&self, key: &str) -> AppResult<Option<Secret>>;
    /// Store (or replace) a secret.
    fn set(&self, key: &str, value: &Secret) -> AppResult<()>;
    /// Remove a secret; removing one that does not exist is not an error.
    fn delete(&self, key: &str) -> AppResult<()>;
    /// Why a secret stored now might not be readable by this user's later processes and sessions
    /// (`None`: it will be). The workspace key (workspace_key.rs) is kept only in a durable store:
    /// a key that vanished with the session would leave every workspace secret unreadable.
    fn not_durable(&self) -> Option<&'static str> {
        None
    }
}

/// The key of a profile's database password.
pub fn db_key(profile: &str) -> String {
    format!("db:{profile}")
}

/// The key of a profile's remembered Data Protection password.
pub fn dp_key(profile: &str) -> String {
    format!("dp:{profile}")
}

/// The key of a profile's SSH password or private key passphrase.
pub fn ssh_key(profile: &str) -> String {
    format!("ssh:{profile}")
}

// ---------------------------------------------------------------------------------------------
// In memory (tests)

/// A process-local store for tests. `set_failing(true)` makes every call fail like a locked
/// keychain, to test error paths.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Secret>>,
    failing: Mutex<bool>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys present, sorted (never the values).
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.entries.lock().expect("lock").keys().cloned().collect();
        keys.sort();
        keys
    }

    pub fn set_failing(&self, failing: bool) {
        *self.failing.lock().expect("lock") = failing;
    }

    fn check(&self) -> AppResult<()> {
        if *self.failing.lock().expect("lock") {
            return Err(AppError::new(ErrorCode::Io, "The keychain is locked (test store)."));
        }
        Ok(())
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> AppResult<Option<Secret>> {
        self.check()?;
        Ok(self.entries.lock().expect("lock").get(key).cloned())
    }

    fn set(&self, key: &str, value: &Secret) -> AppResult<()> {
        self.check()?;
        self.entries.lock().expect("lock").insert(key.to_string(), value.clone());
        Ok(())
    }

    fn delete(&self, key: &str) -> AppResult<()> {
        self.check()?;
        self.entries.lock().expect("lock").remove(key);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The OS keychain

/// Which store a [`Keychain`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// macOS Keychain or Windows Credential Manager.
    Native,
    /// freedesktop Secret Service over D-Bus (GNOME Keyring, KWallet).
    SecretService,
    /// The Linux kernel keyring.
    Keyutils,
    /// No keychain on this platform: every call fails with a clear message.
    Unsupported,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::Native if cfg!(target_os = "macos") => "macOS Keychain",
            Backend::Native => "Windows Credential Manager",
            Backend::SecretService => "Secret Service",
            Backend::Keyutils => "kernel keyring (keyutils)",
            Backend::Unsupported => "no keychain",
        }
    }
}

/// The OS keychain through keyring 3. Calls block (D-Bus on Linux): from async code, run them on
/// a blocking thread. One call at a time per `Keychain`, as the Secret Service needs.
pub struct Keychain {
    service: String,
    backend: Backend,
    lock: Mutex<()>,
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keychain").field("service", &self.service).field("backend", &self.backend).finish()
    }
}

impl Keychain {
    /// The console's keychain (service [`APP_IDENTIFIER`](crate::paths::APP_IDENTIFIER)). On Linux
    /// this probes the Secret Service once (at most a few seconds when the bus hangs).
    pub fn new() -> Self {
        Self::with_service(crate::paths::APP_IDENTIFIER)
    }

    /// A keychain under another service name (integration tests, so they never touch real entries).
    pub fn with_service(service: &str) -> Self {
        let backend = choose_backend(service);
        tracing::debug!(backend = backend.label(), "keychain");
        Keychain { service: service.to_string(), backend, lock: Mutex::new(()) }
    }

    /// A keychain on a given store, without probing.
    pub fn with_backend(service: &str, backend: Backend) -> Self {
        Keychain { service: service.to_string(), backend, lock: Mutex::new(()) }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn error(&self, action: &str, key: &str, e: &keyring::Error) -> AppError {
        let why = match e {
            keyring::Error::NoStorageAccess(inner) => format!("it is locked or refused access ({inner})"),
            keyring::Error::PlatformFailure(inner) => inner.to_string(),
            keyring::Error::BadEncoding(_) => "the stored value is not text".to_string(),
            keyring::Error::Ambiguous(items) => format!("{} entries match", items.len()),
            keyring::Error::NoEntry => "there is no such entry".to_string(),
            other => other.to_string(),
        };
        let hint = if cfg!(target_os = "linux") {
            "Unlock the keyring of your desktop session (GNOME Keyring, KWallet). Without a Secret Service the kernel keyring is used; HES_CONSOLE_KEYRING=keyutils or secret-service chooses one."
        } else {
            "Unlock the system keychain and allow HES Console to use it."
        };
        AppError::new(
            ErrorCode::Io,
            format!("The {} could not {action} the saved password {key}: {why}.", self.backend.label()),
        )
        .with_hint(hint)
    }

    fn unsupported(&self) -> AppError {
        AppError::new(ErrorCode::Io, "This platform has no keychain the console can use: passwords cannot be saved.")
            .with_hint("Give the password each time (hesctl: --password-stdin or HESCTL_DB_PASSWORD).")
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for Keychain {
    fn not_durable(&self) -> Option<&'static str> {
        match self.backend {
            // Kernel keys live in a session keyring: another login, a reboot or a process outside
            // the session does not see them.
            Backend::Keyutils => Some("the kernel keyring (keyutils) keeps keys only for this login session"),
            Backend::Unsupported => Some("there is no keychain on this system"),
            Backend::Native | Backend::SecretService => None,
        }
    }

    fn get(&self, key: &str) -> AppResult<Option<Secret>> {
        let _one = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        match imp::get(self.backend, &self.service, key) {
            Ok(v) => Ok(v.map(Secret::new)),
            Err(imp::Fail::Unsupported) => Err(self.unsupported()),
            Err(imp::Fail::Keyring(e)) => Err(self.error("read", key, &e)),
        }
    }

    fn set(&self, key: &str, value: &Secret) -> AppResult<()> {
        let _one = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        match imp::set(self.backend, &self.service, key, value.expose()) {
            Ok(()) => Ok(()),
            Err(imp::Fail::Unsupported) => Err(self.unsupported()),
            Err(imp::Fail::Keyring(e)) => Err(self.error("save", key, &e)),
        }
    }

    fn delete(&self, key: &str) -> AppResult<()> {
        let _one = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        match imp::delete(self.backend, &self.service, key) {
            Ok(()) => Ok(()),
            Err(imp::Fail::Unsupported) => Err(self.unsupported()),
            Err(imp::Fail::Keyring(e)) => Err(self.error("delete", key, &e)),
        }
    }
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
fn choose_backend(_service: &str) -> Backend {
    Backend::Native
}

#[cfg(not(any(target_os = "macos", target_os = "windows", target_os = "linux")))]
fn choose_backend(_service: &str) -> Backend {
    Backend::Unsupported
}

/// `HES_CONSOLE_KEYRING` if set, else the Secret Service when a session bus exists and a
/// Secret Service answers on it within a few seconds, else the kernel keyring.
#[cfg(target_os = "linux")]
fn choose_backend(service: &str) -> Backend {
    match std::env::var(KEYRING_ENV).unwrap_or_default().trim().to_ascii_lowercase().as_str() {
        "secret-service" | "secretservice" => return Backend::SecretService,
        "keyutils" | "kernel" => return Backend::Keyutils,
        "" | "auto" => {}
        other => tracing::warn!("{KEYRING_ENV}={other:?} is not secret-service, keyutils or auto; using auto"),
    }
    if !session_bus_present() {
        return Backend::Keyutils;
    }
    // A lookup of an entry that does not exist: NoEntry means the service works. It never
    // unlocks anything, so it never prompts. Bounded, because a bus can hang on activation.
    let (tx, rx) = std::sync::mpsc::channel();
    let service = service.to_string();
    let spawned = std::thread::Builder::new().name("keychain-probe".into()).spawn(move || {
        let _ = tx.send(imp::get(Backend::SecretService, &service, "probe:secret-service").map(|_| ()));
    });
    if spawned.is_err() {
        return Backend::Keyutils;
    }
    match rx.recv_timeout(std::time::Duration::from_secs(5)) {
        Ok(Ok(())) => Backend::SecretService,
        Ok(Err(e)) => {
            tracing::info!("no Secret Service ({}); saved passwords go to the kernel keyring", e.describe());
            Backend::Keyutils
        }
        Err(_) => {
            tracing::info!("the Secret Service did not answer within 5 s; saved passwords go to the kernel keyring");
            Backend::Keyutils
        }
    }
}

/// A session bus to talk to: `DBUS_SESSION_BUS_ADDRESS`, or systemd's `$XDG_RUNTIME_DIR/bus`.
/// Without either, libdbus would try to autolaunch a bus through X11: never do that.
#[cfg(target_os = "linux")]
fn session_bus_present() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    set("DBUS_SESSION_BUS_ADDRESS")
        || std::env::var_os("XDG_RUNTIME_DIR")
            .filter(|d| !d.is_empty())
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists())
}

mod imp {
    use super::Backend;

    pub enum Fail {
        Unsupported,
        Keyring(keyring::Error),
    }

    impl Fail {
        #[allow(dead_code)]
        pub fn describe(&self) -> String {
            match self {
                Fail::Unsupported => "unsupported".to_string(),
                Fail::Keyring(e) => e.to_string(),
            }
        }
    }

    impl From<keyring::Error> for Fail {
        fn from(e: keyring::Error) -> Self {
            Fail::Keyring(e)
        }
    }

    /// The entries that hold `key`: on Linux's kernel keyring, first as keyring 3 makes them (also
    /// linked into the persistent keyring), then without that link. Outside a login session
    /// (no session keyring: services, CI, `su`) linking into the persistent keyring is refused,
    /// and keyring reports that as NoEntry; the user-session keyring still works.
    fn entries(backend: Backend, service: &str, key: &str) -> Result<Vec<keyring::Entry>, Fail> {
        match backend {
            #[cfg(target_os = "linux")]
            Backend::SecretService => {
                let cred = keyring::secret_service::SsCredential::new_with_target(None, service, key)?;
                Ok(vec![keyring::Entry::new_with_credential(Box::new(cred))])
            }
            #[cfg(target_os = "linux")]
            Backend::Keyutils => {
                // A thread outside a login session has no session keyring: the first credential
                // built then names the user-session keyring, and building it (get_persistent)
                // gives the thread a new session keyring with the persistent keyring linked in.
                // Only credentials built after that find keys saved by other processes. Session
                // keyrings belong to a thread's credentials, so each thread does this once (the
                // app's keychain calls run on any blocking thread).
                thread_local! {
                    static SESSION: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
                }
                if !SESSION.with(|done| done.replace(true)) {
                    let _ = keyring::keyutils::KeyutilsCredential::new_with_target(None, service, key);
                }
                let linked = keyring::keyutils::KeyutilsCredential::new_with_target(None, service, key)?;
                let mut unlinked = linked.clone();
                unlinked.persistent = None;
                let mut out = vec![keyring::Entry::new_with_credential(Box::new(linked))];
                out.push(keyring::Entry::new_with_credential(Box::new(unlinked)));
                Ok(out)
            }
            #[cfg(any(target_os = "macos", target_os = "windows"))]
            Backend::Native => Ok(vec![keyring::Entry::new(service, key)?]),
            _ => Err(Fail::Unsupported),
        }
    }

    pub fn get(backend: Backend, service: &str, key: &str) -> Result<Option<String>, Fail> {
        for entry in entries(backend, service, key)? {
            match entry.get_password() {
                Ok(v) => return Ok(Some(v)),
                Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(None)
    }

    pub fn set(backend: Backend, service: &str, key: &str, value: &str) -> Result<(), Fail> {
        let mut last = None;
        for entry in entries(backend, service, key)? {
            match entry.set_password(value) {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(last.map_or(Fail::Unsupported, Fail::Keyring))
    }

    pub fn delete(backend: Backend, service: &str, key: &str) -> Result<(), Fail> {
        // One entry is enough: deleting searches the session keyring, which sees both kinds.
        let entry = entries(backend, service, key)?.into_iter().next().ok_or(Fail::Unsupported)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
