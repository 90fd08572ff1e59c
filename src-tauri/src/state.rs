//! What the commands share: the open database (or why it could not be opened), the saved
//! connection profiles, and the start time for `ready_ms`.

use hes_core::error::{AppError, AppResult};
use hes_core::workspace::{DbKind, WorkspaceInfo};
use hes_service::connections::RememberedFailed;
use hes_service::ProfileStore;
use hes_store::profiles::Profiles;
use hes_store::Console;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// The runs in progress of one kind (checks, license imports), by their progress channel's id:
/// cancelling one run cancels that run only.
pub struct Runs<C: Clone> {
    running: Mutex<HashMap<u32, C>>,
}

impl<C: Clone> Default for Runs<C> {
    fn default() -> Self {
        Runs { running: Mutex::new(HashMap::new()) }
    }
}

impl<C: Clone> Runs<C> {
    /// Register run `id` while the returned guard lives.
    pub fn start(&self, id: u32, control: C) -> RunGuard<'_, C> {
        self.running.lock().expect("lock").insert(id, control);
        RunGuard { runs: self, id }
    }

    /// The control of run `id`, or of every run when `id` is `None`.
    pub fn find(&self, id: Option<u32>) -> Vec<C> {
        let running = self.running.lock().expect("lock");
        match id {
            Some(id) => running.get(&id).cloned().into_iter().collect(),
            None => running.values().cloned().collect(),
        }
    }
}

/// Removes its run from [`Runs`] when the run ends, however it ends.
pub struct RunGuard<'a, C: Clone> {
    runs: &'a Runs<C>,
    id: u32,
}

impl<C: Clone> Drop for RunGuard<'_, C> {
    fn drop(&mut self) {
        self.runs.running.lock().expect("lock").remove(&self.id);
    }
}

pub struct AppState {
    /// The open console; set by the first open (see [`opened`](Self::opened)), then by switches.
    console: Arc<RwLock<Result<Arc<Console>, AppError>>>,
    /// The local workspace's first open, and when it ended (ms since the start). The app starts
    /// it before the window exists ([`start_opening`](Self::start_opening)); every use of the
    /// console waits for it.
    opened: Arc<tokio::sync::OnceCell<u128>>,
    /// The local workspace file, to switch back to it.
    workspace: String,
    /// Made on first use, off the async threads: opening the OS keychain may block for seconds.
    profiles: tokio::sync::OnceCell<ProfileStore>,
    pub started: Instant,
    pub ready_logged: AtomicBool,
    /// The last staging preview: its target and the plan to apply.
    pub staged: tokio::sync::Mutex<Option<(Arc<Console>, hes_store::console::StagePlan)>>,
    /// The running checks, each cancellable on its own.
    pub checks: Runs<hes_service::CancellationToken>,
    /// Cancels a running Data Protection unlock (the key derivation may take seconds).
    unlock_cancel: std::sync::Mutex<hes_service::CancellationToken>,
    /// The license import's preview, waiting for Apply, and the running previews and imports.
    pub license_pending: tokio::sync::Mutex<Option<hes_service::licenses::Pending>>,
    pub licenses: Runs<hes_core::licenses::ImportControl>,
    /// How files the backend writes get their path: the native save dialog, or a folder (tests).
    pub save_dialog: crate::commands::files::SaveDialog,
}

impl AppState {
    /// The state with the local workspace at `path` opened.
    pub async fn open_workspace(path: &str, started: Instant) -> AppState {
        Self::with_profiles(path, None, started).await
    }

    /// `profiles`: a given profile store (tests), or `None` for the OS default on first use.
    pub async fn with_profiles(path: &str, profiles: Option<Profiles>, started: Instant) -> AppState {
        let state = Self::opening(path, profiles, started);
        state.open_first().await;
        state
    }

    /// The state before the workspace is open: the app manages it at once and opens the
    /// workspace in the background ([`open_first`](Self::open_first)).
    pub fn opening(path: &str, profiles: Option<Profiles>, started: Instant) -> AppState {
        AppState {
            console: Arc::new(RwLock::new(Err(AppError::new(
                hes_core::error::ErrorCode::Internal,
                "The workspace is being opened.",
            )))),
            opened: Arc::new(tokio::sync::OnceCell::new()),
            workspace: path.to_string(),
            profiles: tokio::sync::OnceCell::new_with(profiles.map(ProfileStore::new)),
            started,
            ready_logged: AtomicBool::new(false),
            staged: tokio::sync::Mutex::new(None),
            checks: Runs::default(),
            unlock_cancel: std::sync::Mutex::new(hes_service::CancellationToken::new()),
            license_pending: tokio::sync::Mutex::new(None),
            licenses: Runs::default(),
            save_dialog: Default::default(),
        }
    }

    /// Open the local workspace the first time (later calls wait for that one and return).
    /// Returns when that open ended, in ms since the start. Its error, if any, is the console's.
    pub async fn open_first(&self) -> u128 {
        Self::open_into(&self.opened, &self.console, &self.workspace, self.started).await
    }

    /// Start the first open now, on the async runtime, without waiting. The app calls this before
    /// it builds the window: the open then runs on a core the window's own start leaves idle.
    /// Started from setup, it ran while the webview's processes started and delayed them.
    pub fn start_opening(&self) {
        let (opened, console, path, started) =
            (self.opened.clone(), self.console.clone(), self.workspace.clone(), self.started);
        tauri::async_runtime::spawn(async move { Self::open_into(&opened, &console, &path, started).await });
    }

    async fn open_into(
        opened: &tokio::sync::OnceCell<u128>,
        console: &RwLock<AppResult<Arc<Console>>>,
        path: &str,
        started: Instant,
    ) -> u128 {
        *opened
            .get_or_init(|| async {
                let opened = Console::open_workspace(path).await.map(Arc::new);
                *console.write().expect("lock") = opened;
                started.elapsed().as_millis()
            })
            .await
    }

    /// Files the backend writes go to `dir` under their suggested names instead of asking in the
    /// native dialog (for embedders without a window system, such as the adapters tests).
    pub fn saving_into(mut self, dir: std::path::PathBuf) -> Self {
        self.save_dialog = crate::commands::files::SaveDialog::Folder(dir);
        self
    }

    /// The open console, or the error that kept it from opening (shown by the UI); waits for
    /// the first open.
    pub async fn console(&self) -> AppResult<Arc<Console>> {
        self.open_first().await;
        self.console.read().expect("lock").clone()
    }

    /// The saved profiles, opened on first use off the async threads.
    pub async fn profiles(&self) -> AppResult<ProfileStore> {
        self.profiles.get_or_try_init(ProfileStore::open_default).await.cloned()
    }

    /// Run a profile/keychain operation (blocking D-Bus or Keychain calls) on a blocking thread.
    pub async fn with_profiles_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Profiles) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        self.profiles().await?.call(f).await
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
        if let Ok(current) = self.console().await {
            let info = current.info();
            let same = match profile {
                None => info.kind == DbKind::Sqlite && info.location == self.workspace,
                Some(name) => info.kind == DbKind::Mysql && info.connection == name,
            };
            if same {
                return Ok(current);
            }
        }
        let console = match profile {
            None => Console::open_workspace(&self.workspace).await?,
            Some(name) => {
                let profiles = self.profiles().await?;
                let opened = hes_service::connections::open_profile(&profiles, name, Default::default(), None).await?;
                // A remembered password that no longer unlocks is only logged: the console opens
                // locked and the UI asks for the password.
                if let Some(failed) = opened.remembered {
                    let (RememberedFailed::Unreadable(e) | RememberedFailed::Refused(e)) = failed;
                    tracing::warn!(code = %e.code, "the remembered Data Protection password did not unlock");
                }
                opened.console
            }
        };
        Ok(Arc::new(console))
    }
}
