//! The saved connection profiles behind an async door: opening the OS keychain and every call into
//! it may block (D-Bus, Keychain prompts), so each runs on a blocking thread.

use hes_core::error::{AppError, AppResult};
use hes_store::profiles::Profiles;
use std::sync::Arc;

#[derive(Clone)]
pub struct ProfileStore(Arc<Profiles>);

impl ProfileStore {
    pub fn new(profiles: Profiles) -> Self {
        ProfileStore(Arc::new(profiles))
    }

    /// The OS default store (`connections.json` + the keychain), opened off the async threads.
    pub async fn open_default() -> AppResult<Self> {
        tokio::task::spawn_blocking(|| ProfileStore::new(Profiles::open_default()))
            .await
            .map_err(|e| AppError::internal(format!("opening the keychain stopped: {e}")))
    }

    /// Run a profile/keychain operation on a blocking thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Profiles) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let profiles = self.0.clone();
        tokio::task::spawn_blocking(move || f(&profiles))
            .await
            .map_err(|e| AppError::internal(format!("a keychain operation stopped: {e}")))?
    }
}
