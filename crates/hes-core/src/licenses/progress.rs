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

/// Events come at most this often from the work itself; the heartbeat ([`ImportControl::heartbeat`])
/// re-sends the latest one when nothing was reported for [`HEARTBEAT`], so a long statement still
/// shows life (the budget is one per 250 ms; the margin absorbs a loaded machine's scheduling).
pub const MIN_INTERVAL: Duration = Duration::from_millis(100);
pub const HEARTBEAT: Duration = Duration::from_millis(100);

struct Inner {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
    callback: Option<ProgressFn>,
    last: Mutex<Option<Instant>>,
}

/// Keeps [`ImportControl::heartbeat`] beating; dropping it stops the beat at once.
pub struct Heartbeat {
    _stop: std::sync::mpsc::Sender<()>,
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
        self.emit_if_quiet(MIN_INTERVAL);
    }

    /// Report the current state now (phase changes, the end).
    pub fn emit_now(&self) {
        self.emit_if_quiet(Duration::ZERO);
    }

    /// Report the current state if nothing was reported for `quiet`. The lock is held while the
    /// callback runs, so reports from the work and from the heartbeat never overtake each other.
    fn emit_if_quiet(&self, quiet: Duration) {
        let Some(cb) = &self.inner.callback else { return };
        let mut last = self.inner.last.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if last.is_some_and(|t| now.duration_since(t) < quiet) {
            return;
        }
        *last = Some(now);
        cb(&self.snapshot());
    }

    /// Re-send the latest progress whenever nothing was reported for [`HEARTBEAT`], until the
    /// returned guard is dropped. On a thread of its own, not a task of the import's runtime: a
    /// statement that encodes or parses without yielding must not silence the progress bar.
    pub fn heartbeat(&self) -> Heartbeat {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        if self.inner.callback.is_some() {
            let ctl = self.clone();
            std::thread::Builder::new()
                .name("license-progress".into())
                .spawn(move || {
                    while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(HEARTBEAT / 4) {
                        ctl.emit_if_quiet(HEARTBEAT);
                    }
                })
                .expect("a thread for the progress heartbeat");
        }
        Heartbeat { _stop: stop }
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

    /// The budget is an event at least every 250 ms, also while a step blocks without yielding
    /// (a long statement, a parser in one piece): the heartbeat beats from a thread of its own.
    #[test]
    fn the_heartbeat_keeps_reporting_while_the_work_blocks_and_stops_with_its_guard() {
        let seen = Arc::new(Mutex::new(Vec::<Instant>::new()));
        let s = seen.clone();
        let ctl = ImportControl::with_progress(move |_| s.lock().unwrap().push(Instant::now()));
        let start = Instant::now();
        ctl.begin(ImportPhase::Write, 1);
        let beat = ctl.heartbeat();
        std::thread::sleep(Duration::from_millis(1000)); // the blocked work
        drop(beat);
        let end = Instant::now();
        let n = seen.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(300));
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), n, "no beat after the guard is dropped");
        let mut marks = vec![start];
        marks.extend(seen.iter().copied());
        marks.push(end);
        let gap = marks.windows(2).map(|w| w[1].duration_since(w[0])).max().unwrap();
        assert!(n >= 5, "{n} reports in 1 s");
        assert!(gap <= Duration::from_millis(250), "longest gap {gap:?}");
    }

    #[test]
    fn cancel_is_shared_by_clones() {
        let a = ImportControl::new();
        let b = a.clone();
        b.cancel();
        assert!(a.is_cancelled());
    }
}
