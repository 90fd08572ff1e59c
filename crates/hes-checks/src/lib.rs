//! Connectivity checks of the HES Console: Splunk HEC, the Hideez licensing
//! server and Azure AD (Entra ID token + Microsoft Graph). No Tauri here: the app and `hesctl` call these.
//!
//! Every check
//! - returns a [`CheckReport`] (never an `Err`): ordered steps, an outcome, a stable [`codes`] string;
//! - reports each finished step live through [`CheckOptions::progress`];
//! - ends within `timeout` + 10 % (the current step then fails with [`codes::TIMEOUT`]);
//! - stops promptly when [`CheckOptions::cancel`] is cancelled ([`codes::CANCELLED`]);
//! - verifies TLS (webpki roots, plus an optional extra CA in PEM for tests or a private CA);
//! - never puts a secret in a report, a log or an error: every detail is scrubbed of the secrets it was
//!   given (and of tokens it obtained), in clear and percent-encoded form.

pub mod ad;
pub mod azure;
pub mod codes;
pub mod data_protection;
pub mod database;
pub mod diagnostics;
pub mod license_import;
pub mod licensing;
mod net;
pub mod report;
mod run;
pub mod smtp;
pub mod splunk;
mod tls;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use ad::{ad, AdMode, AdTarget};
pub use azure::{azure, AzureTarget};
pub use database::database;
pub use licensing::licensing;
pub use report::{CheckReport, CheckStep, Outcome, StepStatus};
pub use smtp::{smtp, SmtpTarget};
pub use splunk::splunk;
pub use tokio_util::sync::CancellationToken;

/// Environment variable naming an extra trusted CA (PEM) for the checks of the app and `hesctl`.
pub const CA_FILE_ENV: &str = "HES_CHECKS_CA_FILE";

/// Default timeout of a check.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Receives every step as soon as it finishes (the UI's live step list).
pub type Progress = Arc<dyn Fn(&CheckStep) + Send + Sync>;

/// How a check runs. `CheckOptions::default()`: 10 s, no cancellation, no progress, system defaults.
#[derive(Clone)]
pub struct CheckOptions {
    pub timeout: Duration,
    pub cancel: CancellationToken,
    pub progress: Option<Progress>,
    /// An extra trusted CA (PEM file, may hold several certificates), added to the built-in roots.
    pub extra_ca_pem: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { timeout: DEFAULT_TIMEOUT, cancel: CancellationToken::new(), progress: None, extra_ca_pem: None }
    }
}

impl CheckOptions {
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_cancel(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    pub fn with_progress(mut self, progress: impl Fn(&CheckStep) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Progress into a channel (e.g. forwarded to Tauri events). A full or closed channel drops steps.
    pub fn with_progress_channel(self, tx: tokio::sync::mpsc::Sender<CheckStep>) -> Self {
        self.with_progress(move |s| {
            let _ = tx.try_send(s.clone());
        })
    }

    pub fn with_extra_ca(mut self, pem: impl Into<PathBuf>) -> Self {
        self.extra_ca_pem = Some(pem.into());
        self
    }

    /// The extra CA named by `HES_CHECKS_CA_FILE` (a private CA's PEM, e.g. the one that signed the
    /// domain controllers' certificates), for the app and `hesctl`. Unset or empty: built-in roots only.
    pub fn with_extra_ca_from_env(self) -> Self {
        match std::env::var_os(CA_FILE_ENV).filter(|v| !v.is_empty()) {
            Some(path) => self.with_extra_ca(path),
            None => self,
        }
    }
}

impl std::fmt::Debug for CheckOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("timeout", &self.timeout)
            .field("cancelled", &self.cancel.is_cancelled())
            .field("progress", &self.progress.is_some())
            .field("extra_ca_pem", &self.extra_ca_pem)
            .finish()
    }
}
