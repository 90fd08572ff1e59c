//! What the commands share: the open database (or why it could not be opened), the saved
//! connection profiles, and the start time for `ready_ms`.

use hes_core::error::{AppError, AppResult};
use hes_core::workspace::{DataProtectionState, WorkspaceInfo};
use hes_store::profiles::Profiles;
use hes_store::Console;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};
use std::time::Instant;

pub struct AppState {
    console: RwLock<Result<Arc<Console>, AppError>>,
    /// The local workspace file, to switch back to it.
    workspace: String,
    /// Made on first use, off the async threads: opening the OS keychain may block for seconds.
    profiles: tokio::sync::OnceCell<Arc<Profiles>>,
    pub started: Instant,
    pub ready_logged: AtomicBool,
    /// The last staging preview: its target and the plan to apply.
    pub staged: tokio::sync::Mutex<Option<(Arc<Console>, hes_store::console::StagePlan)>>,
    /// Parent of every running check's token: Cancel cancels it and puts a fresh one in its place.
    checks_cancel: std::sync::Mutex<hes_checks::CancellationToken>,
    /// Cancels a running Data Protection unlock (the key derivation may take seconds).
    unlock_cancel: std::sync::Mutex<hes_checks::CancellationToken>,
    /// The license import's preview, waiting for Apply, and the control of the running import.
    pub license_pending: tokio::sync::Mutex<Option<crate::commands::licenses::PendingImport>>,
    pub license_control: std::sync::Mutex<Option<hes_core::licenses::ImportControl>>,
}

impl AppState {
    pub async fn open_workspace(path: &str, started: Instant) -> AppState {
        Self::with_profiles(path, None, started).await
    }

    /// `profiles`: a given profile store (tests), or `None` for the OS default on first use.
    pub async fn with_profiles(path: &str, profiles: Option<Profiles>, started: Instant) -> AppState {
        let console = Console::open_workspace(path).await.map(Arc::new);
        if let Err(e) = &console {
            tracing::error!(code = %e.code, message = %e.message, "cannot open the workspace");
        }
        AppState {
            console: RwLock::new(console),
            workspace: path.to_string(),
            profiles: tokio::sync::OnceCell::new_with(profiles.map(Arc::new)),
            started,
            ready_logged: AtomicBool::new(false),
            staged: tokio::sync::Mutex::new(None),
            checks_cancel: std::sync::Mutex::new(hes_checks::CancellationToken::new()),
            unlock_cancel: std::sync::Mutex::new(hes_checks::CancellationToken::new()),
            license_pending: tokio::sync::Mutex::new(None),
            license_control: std::sync::Mutex::new(None),
        }
    }

    /// The open console, or the error that kept it from opening (shown by the UI).
    pub fn console(&self) -> AppResult<Arc<Console>> {
        self.console.read().expect("lock").clone()
    }

    pub async fn profiles(&self) -> AppResult<Arc<Profiles>> {
        self.profiles
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(|| Arc::new(Profiles::open_default()))
                    .await
                    .map_err(|e| AppError::internal(format!("opening the keychain stopped: {e}")))
            })
            .await
            .cloned()
    }

    /// Run a profile/keychain operation (blocking D-Bus or Keychain calls) on a blocking thread.
    pub async fn with_profiles_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Profiles) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let profiles = self.profiles().await?;
        tokio::task::spawn_blocking(move || f(&profiles))
            .await
            .map_err(|e| AppError::internal(format!("a keychain operation stopped: {e}")))?
    }

    /// A token for one run of checks, cancelled by `cancel_checks`.
    pub fn check_token(&self) -> hes_checks::CancellationToken {
        self.checks_cancel.lock().expect("lock").child_token()
    }

    /// Cancel every running check (each reports `Cancelled` with the step that was running).
    pub fn cancel_checks(&self) {
        let old = std::mem::take(&mut *self.checks_cancel.lock().expect("lock"));
        old.cancel();
    }

    /// Unlock `console` unless [`cancel_unlock`](Self::cancel_unlock) comes first: then the
    /// derivation's result is dropped (its blocking thread ends on its own, bounded by the
    /// iteration cap) and the console stays locked.
    pub async fn unlock(&self, console: &Console, password: &hes_core::Secret) -> AppResult<()> {
        let token = self.unlock_cancel.lock().expect("lock").child_token();
        tokio::select! {
            r = console.unlock(password) => r,
            () = token.cancelled() => Err(AppError::new(
                hes_core::error::ErrorCode::Cancelled,
                "Unlocking was cancelled; Data Protection stays locked.",
            )),
        }
    }

    /// Cancel every running unlock.
    pub fn cancel_unlock(&self) {
        let old = std::mem::take(&mut *self.unlock_cancel.lock().expect("lock"));
        old.cancel();
    }

    /// Open the local workspace (`None`) or a saved profile and make it current; on failure the
    /// current one stays open.
    pub async fn open(&self, profile: Option<&str>) -> AppResult<WorkspaceInfo> {
        let console = self.connect(profile).await?;
        let info = console.info();
        *self.console.write().expect("lock") = Ok(console);
        tracing::info!(connection = %info.connection, location = %info.location, "connection opened");
        Ok(info)
    }

    /// A console for the local workspace (`None`) or a saved profile; the current one when it is
    /// that connection. A Data Protection password remembered in the keychain unlocks it.
    pub async fn connect(&self, profile: Option<&str>) -> AppResult<Arc<Console>> {
        if let Ok(current) = self.console() {
            let info = current.info();
            let same = match profile {
                None => info.kind == "sqlite" && info.location == self.workspace,
                Some(name) => info.kind == "mysql" && info.connection == name,
            };
            if same {
                return Ok(current);
            }
        }
        let console = match profile {
            None => Console::open_workspace(&self.workspace).await?,
            Some(name) => {
                let owned = name.to_string();
                let (target, remembered) =
                    self.with_profiles_blocking(move |p| Ok((p.target(&owned, None)?, p.dp_password(&owned)?))).await?;
                let console = Console::open_mysql(&target, name).await?;
                if console.info().data_protection == DataProtectionState::Locked {
                    if let Some(pw) = remembered {
                        if let Err(e) = console.unlock(&pw).await {
                            tracing::warn!(code = %e.code, "the remembered Data Protection password did not unlock");
                        }
                    }
                }
                console
            }
        };
        Ok(Arc::new(console))
    }
}
