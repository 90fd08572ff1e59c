//! `hesctl check`: the Diagnostics view for scripts. Exit code 0 only when every check passed;
//! otherwise 11 (a check failed). Reports never contain a secret.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_checks::diagnostics::{self, Endpoints, Selection};
use hes_checks::{CheckOptions, Outcome};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_store::console::CheckInputs;
use hes_store::pins::{ad_key, Pins};
use hes_store::profiles::Profiles;
use std::time::Duration;

/// Exit code when the checks ran but at least one failed (documented in --help).
pub const CHECK_FAILED: u8 = 11;

/// Options of `hesctl check` beyond the selection.
#[derive(Debug, Default)]
pub struct Extra {
    pub timeout_ms: u64,
    pub starttls: bool,
    pub server: Option<String>,
    pub trust_certificate: Option<String>,
    pub send_test_to: Option<String>,
}

pub async fn run(cli: &Cli, passwords: &Passwords, what: &str, name: Option<String>, extra: Extra) -> AppResult<u8> {
    let selection = Selection::parse(what, name.clone()).ok_or_else(|| {
        AppError::new(ErrorCode::BadRequest, format!("There is no check '{what}'."))
            .with_hint(format!("Checks: {}.", diagnostics::CHECK_NAMES))
    })?;
    let only = |flag: &str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::BadRequest, format!("{flag} goes with `hesctl check {}`.", flag_check(flag))))
        }
    };
    only("--starttls", !extra.starttls || matches!(selection, Selection::Ad(_)))?;
    only("--server", extra.server.is_none() || matches!(selection, Selection::Ad(_)))?;
    only("--trust-certificate", extra.trust_certificate.is_none() || matches!(selection, Selection::Ad(Some(_))))?;
    only("--send-test-to", extra.send_test_to.is_none() || selection == Selection::Smtp)?;
    // `check db` needs only the saved profiles; every other check reads the open database's settings.
    let mut inputs = match selection {
        Selection::Database(_) => CheckInputs::default(),
        _ => connect::open(cli, passwords).await?.check_inputs().await?,
    };
    if matches!(selection, Selection::All | Selection::Database(_)) {
        inputs.databases = Profiles::open_default().check_inputs()?;
    }
    for a in &mut inputs.ad {
        a.starttls = extra.starttls;
        a.server = extra.server.clone();
    }
    let pins = Pins::open_default();
    if let (Some(sha), Some(domain)) = (&extra.trust_certificate, &name) {
        let port = if extra.starttls { 389 } else { 636 };
        let host = extra.server.as_deref().unwrap_or(domain);
        let pin = pins.set(&ad_key(host, port), sha)?;
        eprintln!("Trusting the certificate {pin} for {host}:{port} on this computer.");
    }
    inputs.apply_pins(&pins);
    if let (Some(m), Some(to)) = (inputs.smtp.as_mut(), &extra.send_test_to) {
        m.test_recipient = Some(to.clone());
    }
    let timeout_ms = extra.timeout_ms;
    let opts = CheckOptions::default()
        .with_extra_ca_from_env()
        .with_timeout(Duration::from_millis(timeout_ms.clamp(100, 120_000)));
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

fn flag_check(flag: &str) -> &'static str {
    match flag {
        "--send-test-to" => "smtp",
        "--trust-certificate" => "ad DOMAIN",
        _ => "ad",
    }
}
