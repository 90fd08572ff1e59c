//! Where passwords and input files come from. Passwords: one line each from standard input
//! (`--password-stdin`, then `--dp-password-stdin`), else the environment; never an argument.
//! Whatever follows the password lines is left for `settings set … -`.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::Secret;
use std::io::{BufRead, Read};

pub const DB_PASSWORD_ENV: &str = "HESCTL_DB_PASSWORD";
pub const DP_PASSWORD_ENV: &str = "HESCTL_DP_PASSWORD";

/// The passwords given to this run.
pub struct Passwords {
    db_stdin: Option<Secret>,
    dp_stdin: Option<Secret>,
}

impl Passwords {
    /// Read the password lines the flags ask for, database password first.
    pub fn read(db_stdin: bool, dp_stdin: bool) -> AppResult<Passwords> {
        let db_stdin = if db_stdin { Some(read_line("--password-stdin", "database password")?) } else { None };
        let dp_stdin =
            if dp_stdin { Some(read_line("--dp-password-stdin", "Data Protection password")?) } else { None };
        Ok(Passwords { db_stdin, dp_stdin })
    }

    /// `--password-stdin`, else `HESCTL_DB_PASSWORD`.
    pub fn db(&self) -> Option<Secret> {
        self.db_stdin.clone().or_else(|| env_secret(DB_PASSWORD_ENV))
    }

    /// `--dp-password-stdin`, else `HESCTL_DP_PASSWORD`.
    pub fn dp(&self) -> Option<Secret> {
        self.dp_stdin.clone().or_else(|| env_secret(DP_PASSWORD_ENV))
    }

    /// Only what came on standard input (what `connections add|edit` store).
    pub fn db_from_stdin(&self) -> Option<&Secret> {
        self.db_stdin.as_ref()
    }

    pub fn dp_from_stdin(&self) -> Option<&Secret> {
        self.dp_stdin.as_ref()
    }

    /// The next line of standard input (after the password lines the flags asked for).
    pub fn next_line(&self, what: &str) -> AppResult<Secret> {
        read_line("standard input", what)
    }

    /// The Data Protection password for `protect`: as [`dp`](Self::dp), else the next line of
    /// standard input.
    pub fn dp_or_next_line(&self) -> AppResult<Secret> {
        match self.dp() {
            Some(p) => Ok(p),
            None => read_line("standard input", "Data Protection password"),
        }
    }
}

fn env_secret(name: &str) -> Option<Secret> {
    std::env::var(name).ok().map(Secret::new)
}

/// One line of standard input without its line ending (`\n` or `\r\n`); nothing else is trimmed.
fn read_line(source: &str, what: &str) -> AppResult<Secret> {
    let mut line = String::new();
    let n = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read the {what} from {source}: {e}")))?;
    if n == 0 {
        return Err(AppError::new(ErrorCode::BadRequest, format!("{source}: standard input ended before the {what}."))
            .with_hint("Give one password per line: the database password first, then the Data Protection password."));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(Secret::new(line))
}

/// The rest of standard input, verbatim.
pub fn read_stdin_rest() -> AppResult<String> {
    let mut text = String::new();
    std::io::stdin()
        .lock()
        .read_to_string(&mut text)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read standard input: {e}")))?;
    Ok(text)
}

/// A file path, or `-` for (the rest of) standard input.
pub fn read_input(file: &str) -> AppResult<String> {
    if file == "-" {
        return read_stdin_rest();
    }
    std::fs::read_to_string(file).map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot read {file}: {e}")))
}

/// Bytes of a file, or of standard input for `-`, at most `max` (`None` when larger).
pub fn read_bytes_stdin(max: usize) -> hes_core::error::AppResult<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| hes_core::AppError::new(hes_core::ErrorCode::Io, format!("Cannot read standard input: {e}")))?;
    Ok((bytes.len() <= max).then_some(bytes))
}
