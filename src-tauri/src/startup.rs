//! The start-up timeline: each step's time since the process started, logged at debug level
//! (target `startup`; scripts/bench-startup.sh runs with `RUST_LOG=startup=debug,info` and
//! prints it). `ready_ms` (info, logged by `ui_ready`) stays the benchmark's end mark.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();
static FIRST_IPC: AtomicBool = AtomicBool::new(false);

/// The process's start (the first call fixes it: `run` calls it first thing).
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

/// Milliseconds since [`started`].
pub fn elapsed_ms() -> u128 {
    started().elapsed().as_millis()
}

/// Log one step of the start at `ms` (a step measured before logging was set up passes its
/// own time).
pub fn mark_at(step: &str, ms: u128) {
    tracing::debug!(target: "startup", "startup step={step} ms={ms}");
}

pub fn mark(step: &str) {
    mark_at(step, elapsed_ms());
}

/// The first command the UI calls: the page's script is running and talks to the backend.
pub fn ipc(command: &str) {
    if !FIRST_IPC.swap(true, Ordering::Relaxed) {
        tracing::debug!(target: "startup", command, "startup step=first_ipc ms={}", elapsed_ms());
    }
}
