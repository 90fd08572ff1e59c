//! What the commands share: the open database (or why it could not be opened) and start time.

use hes_core::error::{AppError, AppResult};
use hes_store::Console;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

pub struct AppState {
    console: Result<Console, AppError>,
    pub started: Instant,
    pub ready_logged: AtomicBool,
}

impl AppState {
    pub async fn open_workspace(path: &str, started: Instant) -> AppState {
        let console = Console::open_workspace(path).await;
        if let Err(e) = &console {
            tracing::error!(code = %e.code, message = %e.message, "cannot open the workspace");
        }
        AppState { console, started, ready_logged: AtomicBool::new(false) }
    }

    /// The open console, or the error that kept it from opening (shown by the UI).
    pub fn console(&self) -> AppResult<&Console> {
        self.console.as_ref().map_err(Clone::clone)
    }
}
