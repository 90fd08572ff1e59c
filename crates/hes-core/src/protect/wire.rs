//! .NET-compatible byte plumbing: `Convert.FromBase64String` and the value envelope.

use base64::alphabet::STANDARD;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::ProtectError;

/// `Convert.FromBase64String`: padding required, strict alphabet, but unused trailing bits are
/// ignored (the .NET runtimes HES ships on accept e.g. `AB==` like `AA==`).
const DOTNET_B64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Decodes like .NET: drop `' '`, `\t`, `\r`, `\n` anywhere, then decode strictly.
pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let cleaned: String = s.chars().filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n')).collect();
    DOTNET_B64.decode(cleaned).ok()
}

/// `Convert.ToBase64String`: standard alphabet, padded, no line breaks.
pub(super) fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn corrupt(reason: &str) -> ProtectError {
    ProtectError::CorruptValue(reason.into())
}

fn read_i32_le(buf: &[u8], at: usize) -> Option<i32> {
    let bytes: [u8; 4] = buf.get(at..at + 4)?.try_into().ok()?;
    Some(i32::from_le_bytes(bytes))
}

/// `BitConverter.ToInt32(buf, 0)`.
pub(super) fn key_id(buf: &[u8]) -> Result<i32, ProtectError> {
    read_i32_le(buf, 0).ok_or_else(|| corrupt("too short for a key id"))
}

/// Splits a decoded value (key id already checked) into IV and AES body.
pub(super) fn split_envelope(buf: &[u8]) -> Result<([u8; 16], &[u8]), ProtectError> {
    let iv_len = read_i32_le(buf, 4).ok_or_else(|| corrupt("too short for an IV length"))?;
    let rest = &buf[8..];
    // .NET copies `iv_len` bytes first (range error), then AES rejects any IV but 16 bytes.
    let iv_len =
        usize::try_from(iv_len).ok().filter(|&n| n <= rest.len()).ok_or_else(|| corrupt("IV length out of range"))?;
    let iv: [u8; 16] = rest[..iv_len].try_into().map_err(|_| corrupt("IV length is not 16"))?;
    let body = &rest[16..];
    // chunks_exact rather than is_multiple_of: the workspace MSRV (1.80) predates it.
    if body.is_empty() || !body.chunks_exact(16).remainder().is_empty() {
        return Err(corrupt("ciphertext is not a whole number of blocks"));
    }
    Ok((iv, body))
}
