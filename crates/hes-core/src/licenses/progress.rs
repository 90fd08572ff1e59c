//! Progress and cancellation of a license import, shared by the parser (a blocking thread), the
//! store (async) and the caller (a Tauri command or `hesctl`). Counters are atomics so any thread
//! may advance them; the callback is throttled so a 100 000-record import does not flood the UI.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ts_rs::TS;

/// The phases of an import, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ImportPhase {
    /// Reading the document (`Done`/`Total` in bytes; `Total` 0 when the size is unknown).
    Parse,
    /// Checking every record against the file and the database (records).
    Validate,
    /// Writing rows in the one transaction (rows).
    Write,
}

impl ImportPhase {
    fn from_u8(v: u8) -> Self {
        match v {
            0 => ImportPhase::Parse,
            1 => ImportPhase::Validate,
            _ => ImportPhase::Write,
        }
    }
}

/// One progress event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ImportProgress {
    pub phase: ImportPhase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

pub type ProgressFn = Arc<dyn Fn(&ImportProgress) + Send + Sync>;

/// Events come at most this often from the work itself; the store's heartbeat re-sends the latest
/// one every [`HEARTBEAT`] so a long statement still shows life (the budget is one per 250 ms).
pub const MIN_INTERVAL: Duration = Duration::from_millis(100);
pub const HEARTBEAT: Duration = Duration::from_millis(200);

struct Inner {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
    callback: Option<ProgressFn>,
    last: Mutex<Option<Instant>>,
}

/// Progress callback + cancel flag of one import. Cheap to clone; clones share state, so the UI's
/// Cancel command can hold one while the import runs with another.
#[derive(Clone)]
pub struct ImportControl {
    inner: Arc<Inner>,
}

impl Default for ImportControl {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for ImportControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportControl")
            .field("progress", &self.snapshot())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl ImportControl {
    pub fn new() -> Self {
        Self::build(None)
    }

    /// With a progress callback (called from any thread; keep it quick, e.g. emit an event).
    pub fn with_progress(f: impl Fn(&ImportProgress) + Send + Sync + 'static) -> Self {
        Self::build(Some(Arc::new(f)))
    }

    fn build(callback: Option<ProgressFn>) -> Self {
        ImportControl {
            inner: Arc::new(Inner {
                phase: AtomicU8::new(0),
                done: AtomicU64::new(0),
                total: AtomicU64::new(0),
                cancelled: AtomicBool::new(false),
                callback,
                last: Mutex::new(None),
            }),
        }
    }

    /// Ask the import to stop; a write in progress is rolled back.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    pub fn snapshot(&self) -> ImportProgress {
        ImportProgress {
            phase: ImportPhase::from_u8(self.inner.phase.load(Ordering::Relaxed)),
            done: self.inner.done.load(Ordering::Relaxed),
            total: self.inner.total.load(Ordering::Relaxed),
        }
    }

    /// Start a phase (always reported at once).
    pub fn begin(&self, phase: ImportPhase, total: u64) {
        self.inner.phase.store(phase as u8, Ordering::Relaxed);
        self.inner.done.store(0, Ordering::Relaxed);
        self.inner.total.store(total, Ordering::Relaxed);
        self.emit_now();
    }

    pub fn set_total(&self, total: u64) {
        self.inner.total.store(total, Ordering::Relaxed);
    }

    pub fn advance(&self, n: u64) {
        self.inner.done.fetch_add(n, Ordering::Relaxed);
        self.tick();
    }

    pub fn set_done(&self, done: u64) {
        self.inner.done.store(done, Ordering::Relaxed);
        self.tick();
    }

    /// Report the current state if the last report is at least [`MIN_INTERVAL`] old.
    pub fn tick(&self) {
        if self.inner.callback.is_none() {
            return;
        }
        let due = {
            let mut last = self.inner.last.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            match *last {
                Some(t) if now.duration_since(t) < MIN_INTERVAL => false,
                _ => {
                    *last = Some(now);
                    true
                }
            }
        };
        if due {
            self.call();
        }
    }

    /// Report the current state now (phase changes, the end, the heartbeat).
    pub fn emit_now(&self) {
        if self.inner.callback.is_some() {
            *self.inner.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
            self.call();
        }
    }

    fn call(&self) {
        if let Some(cb) = &self.inner.callback {
            cb(&self.snapshot());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_ticks_but_not_phase_changes() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let ctl = ImportControl::with_progress(move |p| s.lock().unwrap().push(*p));
        ctl.begin(ImportPhase::Parse, 10);
        for _ in 0..10 {
            ctl.advance(1);
        }
        ctl.begin(ImportPhase::Write, 3);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.first().unwrap().phase, ImportPhase::Parse);
        assert!(seen.len() <= 3, "ticks within 100 ms are merged: {seen:?}");
        assert_eq!(*seen.last().unwrap(), ImportProgress { phase: ImportPhase::Write, done: 0, total: 3 });
    }

    #[test]
    fn cancel_is_shared_by_clones() {
        let a = ImportControl::new();
        let b = a.clone();
        b.cancel();
        assert!(a.is_cancelled());
    }
}
