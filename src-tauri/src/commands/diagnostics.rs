//! Connectivity checks: the Diagnostics view (every configured check at once) and an edit dialog's
//! "Test" (the dialog's values, retarget rule for stored secrets). Each finished step
//! reaches the window live as a `check-step` event (a `CheckProgress`). Read-only users may run them.

use super::CmdResult;
use crate::AppState;
use hes_checks::diagnostics::{self, Endpoints, Selection};
use hes_checks::report::CheckProgress;
use hes_checks::{CheckOptions, CheckReport};
use hes_core::{AppError, ErrorCode};
use hes_store::console::{CheckForm, CheckInputs};
use hes_store::pins::{ad_key, Pins};
use std::time::Duration;
use tauri::{Emitter, Runtime};

fn options(state: &AppState, timeout_ms: Option<u64>) -> CheckOptions {
    let timeout = Duration::from_millis(timeout_ms.unwrap_or(10_000).clamp(100, 120_000));
    CheckOptions::default().with_extra_ca_from_env().with_timeout(timeout).with_cancel(state.check_token())
}

/// Steps carry no secret (the checks scrub them); the event is the step plus its check.
fn emitter<R: Runtime>(app: tauri::AppHandle<R>) -> diagnostics::OnStep {
    std::sync::Arc::new(move |p: CheckProgress| {
        let _ = app.emit("check-step", p);
    })
}

/// Run `check` (`all` by default; `splunk`, `licensing`, `azure [name]`, `db [profile]`).
#[tauri::command]
pub async fn diagnostics_run<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    check: Option<String>,
    name: Option<String>,
    timeout_ms: Option<u64>,
) -> CmdResult<Vec<CheckReport>> {
    let what = check.as_deref().unwrap_or("all");
    let selection = Selection::parse(what, name).ok_or_else(|| {
        AppError::new(ErrorCode::BadRequest, format!("There is no check '{what}'."))
            .with_hint(format!("Checks: {}.", diagnostics::CHECK_NAMES))
    })?;
    let mut inputs = match selection {
        Selection::Database(_) => CheckInputs::default(),
        _ => state.console()?.check_inputs().await?,
    };
    if matches!(selection, Selection::All | Selection::Database(_)) {
        inputs.databases = state.with_profiles_blocking(|p| p.check_inputs()).await?;
    }
    inputs.apply_pins(&Pins::open_default());
    let opts = options(&state, timeout_ms);
    Ok(diagnostics::run(inputs, &selection, &opts, &Endpoints::from_env(), Some(emitter(app))).await)
}

/// Check an edit dialog's values before they are saved ("Test", and "Set domain" for AD).
#[tauri::command]
pub async fn check_form<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    form: CheckForm,
    timeout_ms: Option<u64>,
) -> CmdResult<Vec<CheckReport>> {
    let mut inputs = state.console()?.check_form_inputs(form).await?;
    inputs.apply_pins(&Pins::open_default());
    let opts = options(&state, timeout_ms);
    Ok(diagnostics::run(inputs, &Selection::All, &opts, &Endpoints::from_env(), Some(emitter(app))).await)
}

/// Trust an AD server's certificate on this computer, pinned to its SHA-256 (the AD report's
/// `Certificate.Sha256`); later checks of that server accept exactly this certificate. Returns the pin.
#[tauri::command]
pub fn ad_trust_certificate(domain: String, starttls: Option<bool>, sha256: String) -> CmdResult<String> {
    let port = if starttls.unwrap_or(false) { 389 } else { 636 };
    let pin = Pins::open_default().set(&ad_key(&domain, port), &sha256)?;
    tracing::info!(domain = %domain, port, pin = %pin, "certificate trusted by pin");
    Ok(pin)
}

/// Cancel every running check; their reports come back with the code `Cancelled`.
#[tauri::command]
pub fn checks_cancel(state: tauri::State<'_, AppState>) {
    state.cancel_checks();
}
