//! Connectivity checks: the Diagnostics view (every configured check at once) and an edit dialog's
//! "Test" (the dialog's values, retarget rule for stored secrets). Each finished step reaches the
//! caller live over the call's own channel (`onStep`, a `CheckProgress`); the channel's id names
//! the run for `checks_cancel`. Read-only users may run them.

use super::CmdResult;
use crate::AppState;
use hes_checks::diagnostics::OnStep;
use hes_checks::report::CheckProgress;
use hes_checks::CheckReport;
use hes_service::checks;
use hes_store::console::CheckForm;
use hes_store::pins::Pins;
use tauri::ipc::Channel;

/// Steps carry no secret (the checks scrub them). A closed channel (the window went away) drops them.
fn sender(channel: &Channel<CheckProgress>) -> OnStep {
    let channel = channel.clone();
    std::sync::Arc::new(move |p: CheckProgress| {
        let _ = channel.send(p);
    })
}

/// Run `check` (`all` by default; `splunk`, `licensing`, `azure [name]`, `db [profile]`, …).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn diagnostics_run(
    state: tauri::State<'_, AppState>,
    check: Option<String>,
    name: Option<String>,
    timeout_ms: Option<u64>,
    on_step: Channel<CheckProgress>,
) -> CmdResult<Vec<CheckReport>> {
    let selection = checks::selection(check.as_deref(), name)?;
    let console = if checks::reads_settings(&selection) { Some(state.console().await?) } else { None };
    let cancel = hes_service::CancellationToken::new();
    let _run = state.checks.start(on_step.id(), cancel.clone());
    let opts = checks::options(timeout_ms, cancel);
    let profiles = state.profiles().await?;
    let overrides = checks::Overrides::default();
    checks::run(console.as_deref(), &profiles, &selection, &overrides, &opts, Some(sender(&on_step))).await
}

/// Check an edit dialog's values before they are saved ("Test", and "Set domain" for AD).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn check_form(
    state: tauri::State<'_, AppState>,
    form: CheckForm,
    timeout_ms: Option<u64>,
    on_step: Channel<CheckProgress>,
) -> CmdResult<Vec<CheckReport>> {
    let console = state.console().await?;
    let cancel = hes_service::CancellationToken::new();
    let _run = state.checks.start(on_step.id(), cancel.clone());
    let opts = checks::options(timeout_ms, cancel);
    checks::run_form(&console, form, &opts, Some(sender(&on_step))).await
}

/// Trust an AD server's certificate on this computer, pinned to its SHA-256 (the AD report's
/// `Certificate.Sha256`); later checks of that server accept exactly this certificate. Returns the pin.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub fn ad_trust_certificate(domain: String, starttls: Option<bool>, sha256: String) -> CmdResult<String> {
    checks::trust_ad_certificate(&Pins::open_default(), &domain, starttls.unwrap_or(false), &sha256)
}

/// Cancel the run whose channel has the id `run` (every running check without one); its reports
/// come back with the code `Cancelled`.
#[tauri::command]
pub fn checks_cancel(state: tauri::State<'_, AppState>, run: Option<u32>) {
    for token in state.checks.find(run) {
        token.cancel();
    }
}
