//! `hesctl check`: the Diagnostics view for scripts. Exit code 0 only when every check passed;
//! otherwise 11 (a check failed). Reports never contain a secret.

use crate::cli::Cli;
use crate::input::Passwords;
use crate::{connect, output};
use hes_checks::diagnostics::Selection;
use hes_checks::Outcome;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_service::{checks, CancellationToken, ProfileStore};
use hes_store::pins::Pins;

/// Exit code when the checks ran but at least one failed (documented in --help).
pub const CHECK_FAILED: u8 = 11;

/// Options of `hesctl check` beyond the selection.
#[derive(Debug, Default)]
pub struct Extra {
    pub timeout_ms: Option<u64>,
    pub starttls: bool,
    pub server: Option<String>,
    pub trust_certificate: Option<String>,
    pub send_test_to: Option<String>,
}

pub async fn run(cli: &Cli, passwords: &Passwords, what: &str, name: Option<String>, extra: Extra) -> AppResult<u8> {
    let selection = checks::selection(Some(what), name.clone())?;
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
    let console = if checks::reads_settings(&selection) { Some(connect::open(cli, passwords).await?) } else { None };
    if let (Some(sha), Some(domain)) = (&extra.trust_certificate, &name) {
        let host = extra.server.as_deref().unwrap_or(domain);
        let pin = checks::trust_ad_certificate(&Pins::open_default(), host, extra.starttls, sha)?;
        output::say(&format!(
            "Trusting the certificate {pin} for {host}:{} on this computer.",
            checks::ad_port(extra.starttls)
        ));
    }
    let overrides =
        checks::Overrides { starttls: extra.starttls, server: extra.server, send_test_to: extra.send_test_to };
    let opts = checks::options(extra.timeout_ms, CancellationToken::new());
    let profiles = ProfileStore::open_default().await?;
    let reports = checks::run(console.as_ref(), &profiles, &selection, &overrides, &opts, None).await?;
    if cli.json {
        output::json(&reports);
    } else if reports.is_empty() {
        output::out_line("No outside connection is configured.");
    } else {
        for r in &reports {
            output::text(&r.to_text());
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
