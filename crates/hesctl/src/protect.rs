//! `hesctl protect audit|now|recover`: the open database's secrets under HES's Data Protection
//! operations (the shared service in hes-store's `console::data_protection`).
//! `hesctl protect check-password|decrypt|encrypt`: HES Data Protection without a database, from
//! the `DataProtection` row's params (`--params`) and key id (`--key-id`, the row's `Id`).

use crate::cli::{Cli, ParamsArg, ProtectCommand};
use crate::input::{read_stdin_rest, Passwords};
use crate::{connect, output};
use hes_core::error::{AppResult, ErrorCode};
use hes_core::protect::protect_error;
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::secret_health::SecretFinding;
use hes_core::Secret;
use serde_json::json;

/// `protect audit`: something needs attention.
pub const EXIT_NEEDS_ATTENTION: u8 = 12;

pub async fn run(cli: &Cli, command: &ProtectCommand, passwords: &Passwords) -> AppResult<u8> {
    let json = cli.json;
    match command {
        ProtectCommand::Audit => {
            let console = connect::open(cli, passwords).await?;
            let findings = hes_service::protect::audit(&console).await?;
            print_findings(&console.info().data_protection, &findings, json);
            return Ok(if findings.is_empty() { 0 } else { EXIT_NEEDS_ATTENTION });
        }
        ProtectCommand::Now => {
            let console = connect::open(cli, passwords).await?;
            let report = hes_service::protect::now(&console).await?;
            print_report("protected", report.repaired, &report.remaining, json);
        }
        ProtectCommand::Recover => {
            let console = connect::open(cli, passwords).await?;
            let old = match std::env::var("HESCTL_DP_OLD_PASSWORD") {
                Ok(p) => Secret::new(p),
                Err(_) => passwords.next_line("old Data Protection password")?,
            };
            let report = hes_service::protect::recover(&console, &old).await?;
            print_report("recovered", report.repaired, &report.remaining, json);
        }
        other => run_offline(other, passwords, json)?,
    }
    Ok(0)
}

fn print_findings(state: &hes_core::workspace::DataProtectionState, findings: &[SecretFinding], json: bool) {
    if json {
        output::out_json(&json!({ "DataProtection": state, "Findings": findings }));
        return;
    }
    if findings.is_empty() {
        output::out_line("every stored secret is usable under the current Data Protection state");
        return;
    }
    for f in findings {
        let item = f.item.as_deref().map(|i| format!("[{i}]")).unwrap_or_default();
        output::out_line(&format!("{}{item}.{}: {}", f.section, f.field, f.message));
    }
}

fn print_report(what: &str, n: usize, remaining: &[SecretFinding], json: bool) {
    if json {
        output::out_json(&json!({ "Repaired": n, "Remaining": remaining }));
        return;
    }
    output::out_line(&format!("{what} {n} secret{}", if n == 1 { "" } else { "s" }));
    for f in remaining {
        let item = f.item.as_deref().map(|i| format!("[{i}]")).unwrap_or_default();
        output::out_line(&format!("still needs attention: {}{item}.{}: {}", f.section, f.field, f.message));
    }
}

fn run_offline(command: &ProtectCommand, passwords: &Passwords, json: bool) -> AppResult<()> {
    match command {
        ProtectCommand::Audit | ProtectCommand::Now | ProtectCommand::Recover => unreachable!("handled by run"),
        ProtectCommand::CheckPassword { params } => {
            let params = parse_params(params)?;
            derive(&params, 0, &passwords.dp_or_next_line()?)?;
            output::print_done("the Data Protection password is right", json);
        }
        ProtectCommand::Decrypt { params, key_id, ciphertext } => {
            let params = parse_params(params)?;
            let key = derive(&params, *key_id, &passwords.dp_or_next_line()?)?;
            let ciphertext = if ciphertext == "-" { read_stdin_rest()? } else { ciphertext.clone() };
            let plaintext = Secret::new(key.decrypt(ciphertext.trim()).map_err(protect_error)?);
            // Printing the value is what this command is for (asked for explicitly).
            output::print_value("Plaintext", plaintext.expose(), json);
        }
        ProtectCommand::Encrypt { params, key_id, plaintext } => {
            let params = parse_params(params)?;
            let key = derive(&params, *key_id, &passwords.dp_or_next_line()?)?;
            let plaintext = Secret::new(if plaintext == "-" { read_stdin_rest()? } else { plaintext.clone() });
            output::print_value("Ciphertext", &key.encrypt(plaintext.expose()), json);
        }
    }
    Ok(())
}

fn parse_params(p: &ParamsArg) -> AppResult<DataProtectionParams> {
    DataProtectionParams::from_json(&p.params).map_err(|e| {
        let mut e = protect_error(e);
        e.field = Some("params".into());
        e.with_hint("--params takes the Value of the DataProtection row, e.g. {\"Version\":\"1.0\",\"IterationCount\":100000,\"HashAlgorithmName\":\"SHA256\",\"Salt\":\"…\",\"VerificationCode\":\"…\"}.")
    })
}

/// PBKDF2 and the verification-code check: a wrong password fails here, before any value.
fn derive(params: &DataProtectionParams, key_id: i32, password: &Secret) -> AppResult<ProtectionKey> {
    ProtectionKey::derive(params, key_id, password.expose()).map_err(|e| match protect_error(e) {
        e if e.code == ErrorCode::DataProtectionWrongPassword => {
            e.with_hint("The password does not match the params' verification code.")
        }
        e => e,
    })
}
