//! The start-up timeline: each step's time since the process started, logged at debug level
//! (target `startup`; scripts/bench-startup.sh runs with `RUST_LOG=startup=debug,info` and
//! prints it). `ready_ms` (info, logged by `ui_ready`) stays the benchmark's end mark.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static STARTED: OnceLock<(Instant, SystemTime)> = OnceLock::new();
static FIRST_IPC: AtomicBool = AtomicBool::new(false);

/// The process's start (the first call fixes it: `run` calls it first thing).
pub fn started() -> Instant {
    STARTED.get_or_init(|| (Instant::now(), SystemTime::now())).0
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

/// Log one of the page's steps, given in ms since the Unix epoch (the page's clock).
pub fn mark_page(step: &str, epoch_ms: f64) {
    let start = STARTED.get_or_init(|| (Instant::now(), SystemTime::now())).1;
    if let Some(ms) = page_step_ms(step, epoch_ms, start) {
        mark_at(&format!("page_{step}"), ms);
    }
}

/// A page step's time since the process `start`, if its name is one the log line can carry (the
/// page chooses it: lowercase letters and underscores, at most 32) and its time is not before the start.
fn page_step_ms(step: &str, epoch_ms: f64, start: SystemTime) -> Option<u128> {
    let valid = !step.is_empty() && step.len() <= 32 && step.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let start_ms = start.duration_since(UNIX_EPOCH).ok()?.as_secs_f64() * 1e3;
    (valid && epoch_ms.is_finite() && epoch_ms >= start_ms).then_some((epoch_ms - start_ms) as u128)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn page_steps_are_placed_on_the_process_clock_and_odd_ones_dropped() {
        let start = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
        assert_eq!(page_step_ms("mounted", 1_700_000_000_250.7, start), Some(250));
        assert_eq!(page_step_ms("mounted", 1_699_999_999_999.0, start), None, "before the start");
        assert_eq!(page_step_ms("mounted", f64::NAN, start), None);
        assert_eq!(page_step_ms("Mounted", 1_700_000_000_250.0, start), None);
        assert_eq!(page_step_ms("a b=1", 1_700_000_000_250.0, start), None, "would break the log line");
        assert_eq!(page_step_ms(&"x".repeat(33), 1_700_000_000_250.0, start), None);
        assert_eq!(page_step_ms("", 1_700_000_000_250.0, start), None);
    }
}
