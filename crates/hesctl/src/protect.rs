//! `hesctl protect check-password|decrypt|encrypt`: HES Data Protection without a database, from
//! the `DataProtection` row's params (`--params`) and key id (`--key-id`, the row's `Id`).

use crate::cli::{ParamsArg, ProtectCommand};
use crate::input::{read_stdin_rest, Passwords};
use crate::output;
use hes_core::error::{AppResult, ErrorCode};
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::protection::protect_error;
use hes_core::Secret;

pub fn run(command: &ProtectCommand, passwords: &Passwords, json: bool) -> AppResult<()> {
    match command {
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
