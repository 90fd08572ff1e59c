//! `tracing` to stderr and to `<app log dir>/hes-console.log`. Secrets never reach a log line:
//! the `Secret` type prints `<redacted>` and services log field names, never values.

use hes_store::log_file::{self, RotatingLog};
use std::path::Path;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Keeps the file writer alive for the life of the app.
pub struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

pub fn init(log_dir: Option<&Path>) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer().with_writer(std::io::stderr).with_target(true);
    // Private and rotated by size (hes_store::log_file): 5 MB, the current file plus 3 old ones.
    let log = log_dir.and_then(|d| {
        RotatingLog::open(d, "hes-console.log", log_file::DEFAULT_MAX_BYTES, log_file::DEFAULT_KEEP).ok()
    });
    let (file, guard) = match log {
        Some(w) => {
            let (w, g) = tracing_appender::non_blocking(w);
            (Some(fmt::layer().with_writer(w).with_ansi(false).with_target(true)), Some(g))
        }
        None => (None, None),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(filter).with(stderr).with(file).try_init();
    LogGuard(guard)
}
