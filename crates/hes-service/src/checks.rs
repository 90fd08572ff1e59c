//! Connectivity checks, as the Diagnostics view, an edit dialog's "Test" and `hesctl check` run
//! them: which inputs a selection reads, the timeout and its bounds, the extra CA, the pinned
//! certificates, and the one "there is no such check" error.

use crate::ProfileStore;
use hes_checks::diagnostics::{self, Endpoints, OnStep, Selection};
use hes_checks::{AdMode, CancellationToken, CheckOptions, CheckReport};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_store::console::{CheckForm, CheckInputs};
use hes_store::pins::{ad_key, Pins};
use hes_store::Console;
use std::time::Duration;

/// A check's timeout when none is given, and the bounds a given one is held to.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
pub const MIN_TIMEOUT_MS: u64 = 100;
pub const MAX_TIMEOUT_MS: u64 = 120_000;

/// How checks run: the timeout (default, clamped), a cancellation token for this run, and the
/// extra CA named by `HES_CHECKS_CA_FILE` (the app and hesctl trust the same roots).
pub fn options(timeout_ms: Option<u64>, cancel: CancellationToken) -> CheckOptions {
    let timeout = Duration::from_millis(timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS).clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS));
    CheckOptions::default().with_extra_ca_from_env().with_timeout(timeout).with_cancel(cancel)
}

/// `what` (`all` when absent) and an optional name as a selection; an unknown check is `BadRequest`.
pub fn selection(what: Option<&str>, name: Option<String>) -> AppResult<Selection> {
    let what = what.unwrap_or("all");
    Selection::parse(what, name).ok_or_else(|| {
        AppError::new(ErrorCode::BadRequest, format!("There is no check '{what}'."))
            .with_hint(format!("Checks: {}.", diagnostics::CHECK_NAMES))
    })
}

/// Whether a selection reads the open database's settings (`db` reads only the saved profiles).
pub fn reads_settings(selection: &Selection) -> bool {
    !matches!(selection, Selection::Database(_))
}

/// The AD port a check uses: LDAPS (636) unless StartTLS (389).
pub fn ad_port(starttls: bool) -> u16 {
    if starttls { AdMode::StartTls389 } else { AdMode::Ldaps636 }.default_port()
}

/// Trust an AD server's certificate on this computer, pinned to its SHA-256 (`host` the domain or
/// the domain controller checked); later checks of that server accept exactly this certificate.
pub fn trust_ad_certificate(pins: &Pins, host: &str, starttls: bool, sha256: &str) -> AppResult<String> {
    let port = ad_port(starttls);
    let pin = pins.set(&ad_key(host, port), sha256)?;
    tracing::info!(host = %host, port, pin = %pin, "certificate trusted by pin");
    Ok(pin)
}

/// Add this computer's pinned certificates to the AD targets.
pub fn apply_pins(inputs: &mut CheckInputs, pins: &Pins) {
    for a in &mut inputs.ad {
        let host = a.server.as_deref().unwrap_or(&a.domain);
        a.pinned_sha256 = pins.get(&ad_key(host, ad_port(a.starttls)));
    }
}

/// What `hesctl check` may change about how AD and SMTP are checked (the app uses the defaults).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// AD over StartTLS on 389 instead of LDAPS on 636.
    pub starttls: bool,
    /// AD: this domain controller instead of the domain name.
    pub server: Option<String>,
    /// SMTP: also send a test e-mail here.
    pub send_test_to: Option<String>,
}

/// Run the selected checks. `console`: the open database, needed when
/// [`reads_settings`]; the saved profiles feed `all` and `db`.
pub async fn run(
    console: Option<&Console>,
    profiles: &ProfileStore,
    selection: &Selection,
    overrides: &Overrides,
    opts: &CheckOptions,
    on_step: Option<OnStep>,
) -> AppResult<Vec<CheckReport>> {
    let mut inputs = match (reads_settings(selection), console) {
        (true, Some(c)) => c.check_inputs().await?,
        (true, None) => return Err(AppError::internal("the checks need the open database")),
        (false, _) => CheckInputs::default(),
    };
    if matches!(selection, Selection::All | Selection::Database(_)) {
        inputs.databases = profiles.call(|p| p.check_inputs()).await?;
    }
    for a in &mut inputs.ad {
        a.starttls |= overrides.starttls;
        if overrides.server.is_some() {
            a.server = overrides.server.clone();
        }
    }
    if let (Some(m), Some(to)) = (inputs.smtp.as_mut(), &overrides.send_test_to) {
        m.test_recipient = Some(to.clone());
    }
    apply_pins(&mut inputs, &Pins::open_default());
    Ok(diagnostics::run(inputs, selection, opts, &Endpoints::from_env(), on_step).await)
}

/// Check an edit dialog's values before they are saved ("Test", and "Set domain" for AD): a
/// stored secret is used only for the stored target.
pub async fn run_form(
    console: &Console,
    form: CheckForm,
    opts: &CheckOptions,
    on_step: Option<OnStep>,
) -> AppResult<Vec<CheckReport>> {
    let mut inputs = console.check_form_inputs(form).await?;
    apply_pins(&mut inputs, &Pins::open_default());
    Ok(diagnostics::run(inputs, &Selection::All, opts, &Endpoints::from_env(), on_step).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_timeout_rule_and_one_unknown_check_error() {
        let t = |ms| options(ms, CancellationToken::new()).timeout;
        assert_eq!(t(None), Duration::from_millis(DEFAULT_TIMEOUT_MS));
        assert_eq!(t(Some(1)), Duration::from_millis(MIN_TIMEOUT_MS));
        assert_eq!(t(Some(10_000_000)), Duration::from_millis(MAX_TIMEOUT_MS));
        let e = selection(Some("nosuch"), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(e.message.contains("nosuch"), "{}", e.message);
        assert_eq!(selection(None, None).unwrap(), Selection::All);
        assert_eq!((ad_port(false), ad_port(true)), (636, 389));
    }
}
