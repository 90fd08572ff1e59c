//! `tracing` to stderr and to `<app log dir>/hes-console.log`. Secrets never reach a log line:
//! the `Secret` type prints `<redacted>` and services log field names, never values.

use std::path::Path;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Keeps the file writer alive for the life of the app.
pub struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

pub fn init(log_dir: Option<&Path>) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer().with_writer(std::io::stderr).with_target(true);
    let (file, guard) = match log_dir.and_then(|d| std::fs::create_dir_all(d).ok().map(|_| d)) {
        Some(dir) => {
            let (w, g) = tracing_appender::non_blocking(tracing_appender::rolling::never(dir, "hes-console.log"));
            (Some(fmt::layer().with_writer(w).with_ansi(false).with_target(true)), Some(g))
        }
        None => (None, None),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(filter).with(stderr).with(file).try_init();
    LogGuard(guard)
}
