//! `hesctl check`: the Diagnostics view for scripts. Exit code 0 only when every check passed;
//! otherwise 11 (a check failed). Reports never contain a secret.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_checks::diagnostics::{self, Endpoints, Selection};
use hes_checks::{CheckOptions, Outcome};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_store::console::CheckInputs;
use hes_store::profiles::Profiles;
use std::time::Duration;

/// Exit code when the checks ran but at least one failed (documented in --help).
pub const CHECK_FAILED: u8 = 11;

pub async fn run(cli: &Cli, passwords: &Passwords, what: &str, name: Option<String>, timeout_ms: u64) -> AppResult<u8> {
    let selection = Selection::parse(what, name).ok_or_else(|| {
        AppError::new(ErrorCode::BadRequest, format!("There is no check '{what}'."))
            .with_hint(format!("Checks: {}.", diagnostics::CHECK_NAMES))
    })?;
    // `check db` needs only the saved profiles; every other check reads the open database's settings.
    let mut inputs = match selection {
        Selection::Database(_) => CheckInputs::default(),
        _ => connect::open(cli, passwords).await?.check_inputs().await?,
    };
    if matches!(selection, Selection::All | Selection::Database(_)) {
        inputs.databases = Profiles::open_default().check_inputs()?;
    }
    let opts = CheckOptions::default().with_timeout(Duration::from_millis(timeout_ms.clamp(100, 120_000)));
    let reports = diagnostics::run(inputs, &selection, &opts, &Endpoints::from_env(), None).await;
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&reports).expect("reports serialize"));
    } else if reports.is_empty() {
        println!("No outside connection is configured.");
    } else {
        for r in &reports {
            print!("{}", r.to_text());
        }
    }
    Ok(if reports.iter().all(|r| r.outcome != Outcome::Fail) { 0 } else { CHECK_FAILED })
}
