//! Printing for the item commands (fido, oidc, saml, logo): a line, or pretty JSON. A closed
//! stdout (`hesctl … | head`) ends the process quietly, as in output.rs.

use std::io::Write;

pub fn line(text: impl std::fmt::Display) {
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{text}").is_err() {
        std::process::exit(0);
    }
}

pub fn json(value: &impl serde::Serialize) {
    line(serde_json::to_string_pretty(value).expect("output serializes"));
}

/// A note on stderr in text mode (with --json, stderr carries errors only).
pub fn note(text: &str, json: bool) {
    if !json {
        eprintln!("note: {text}");
    }
}

/// Bytes of a file, or of standard input for `-`, at most `max` (`None` when larger).
pub fn read_bytes_stdin(max: usize) -> hes_core::error::AppResult<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| hes_core::AppError::new(hes_core::ErrorCode::Io, format!("Cannot read standard input: {e}")))?;
    Ok((bytes.len() <= max).then_some(bytes))
}
