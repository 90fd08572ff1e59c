//! SAML SP certificates: accept PEM, bare base64 or DER bytes, parse them as
//! X.509, and store them as PEM text (see [`to_pem`] for why). The text of a refused input is
//! never echoed: an admin may paste a private key by mistake.

use crate::error::{AppError, AppResult, ErrorCode};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// Largest certificate input accepted (a certificate is a few KB; chains and bundles are not wanted).
pub const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// What the UI shows about a certificate, and what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CertificateInfo {
    /// RFC 4514-style distinguished names, e.g. `CN=sp.example.com, O=Example`.
    pub subject: String,
    pub issuer: String,
    /// Validity bounds, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_before: String,
    pub not_after: String,
    /// SHA-256 of the DER, uppercase hex pairs separated by `:`.
    pub sha256_fingerprint: String,
    /// Past `NotAfter` now: HES still loads it, but SPs validating signatures may refuse it.
    pub expired: bool,
    pub not_yet_valid: bool,
    /// Bare base64 of the DER (for display and comparison; not the stored form).
    pub base64: String,
    /// The PEM text ([`to_pem`]): the form written to `SignatureValidationCertificateBase64`.
    pub pem: String,
}

const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";

/// The text the console stores for a certificate: PEM (RFC 7468), base64 in 64-column lines, LF
/// line ends, a final LF after the END line.
///
/// Why PEM: HES loads the column with `new X509Certificate2(Encoding.ASCII.GetBytes(text))`
/// (`SamlRelyingParty.SignatureValidationCertificate`, at logout and in its Add/Edit check). On
/// Windows (CryptoAPI) that accepts DER, bare base64 and PEM; on Linux, where HES's official image
/// runs, .NET's OpenSSL loader tries DER, PEM, PKCS#7 and PKCS#12 only, so bare base64 fails there
/// and PEM is the one text form both platforms load.
/// Why LF: both loaders accept LF; it is what OpenSSL and .NET's `PemEncoding.Write` produce, and
/// what a browser textarea (HES's Edit dialog) hands back, so a row HES re-saves keeps its bytes.
pub fn to_pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 60);
    out.push_str(PEM_BEGIN);
    out.push('\n');
    // base64 is ASCII, so every 64-byte chunk is valid UTF-8.
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(PEM_END);
    out.push('\n');
    out
}

/// Whether two stored or entered certificate texts hold the same certificate (same DER), whatever
/// their form. Text that does not parse equals only the identical text.
pub fn same_certificate(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (certificate_der(a.as_bytes()), certificate_der(b.as_bytes())) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// `InvalidCertificate` at the certificate field, HES's words first, then `why`.
pub fn invalid_certificate(why: &str) -> AppError {
    invalid(why)
}

fn invalid(why: &str) -> AppError {
    // HES's words first ("Invalid certificate."), then what exactly is wrong.
    AppError::new(ErrorCode::InvalidCertificate, format!("Invalid certificate. {why}."))
        .with_field("SignatureValidationCertificateBase64")
        .with_hint(
            "Paste the certificate as PEM (-----BEGIN CERTIFICATE-----) or base64, or choose a .cer/.crt/.pem file.",
        )
}

/// The DER bytes of a certificate given as DER, PEM or bare base64.
pub fn certificate_der(input: &[u8]) -> AppResult<Vec<u8>> {
    if input.len() > MAX_CERTIFICATE_BYTES {
        return Err(invalid("The input is larger than 64 KB"));
    }
    // DER starts with a SEQUENCE tag; no PEM or base64 text does (0x30 is '0', not a base64 start
    // of a certificate, which is always "MII…").
    if input.first() == Some(&0x30) {
        return Ok(input.to_vec());
    }
    let Ok(text) = std::str::from_utf8(input) else {
        return Err(invalid("It is neither DER nor text (PEM or base64)"));
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(invalid("It is empty"));
    }
    let body = if text.contains("-----BEGIN") {
        pem_body(text)?
    } else {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    };
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| invalid("The text is not valid base64"))
}

/// The base64 between the first `BEGIN CERTIFICATE` and its `END` line.
fn pem_body(text: &str) -> AppResult<String> {
    const BEGIN: &str = PEM_BEGIN;
    const END: &str = PEM_END;
    let Some(start) = text.find(BEGIN) else {
        if text.contains("PRIVATE KEY-----") {
            return Err(invalid("This is a private key, not a certificate; never share it"));
        }
        return Err(invalid("The PEM block is not a CERTIFICATE"));
    };
    let rest = &text[start + BEGIN.len()..];
    let Some(end) = rest.find(END) else {
        return Err(invalid("The PEM block has no -----END CERTIFICATE----- line"));
    };
    Ok(rest[..end].chars().filter(|c| !c.is_whitespace()).collect())
}

/// Parse and describe a certificate; `now` is the Unix time the expiry is judged against.
pub fn inspect_at(input: &[u8], now: i64) -> AppResult<CertificateInfo> {
    let der = certificate_der(input)?;
    let (rest, cert) =
        x509_parser::parse_x509_certificate(&der).map_err(|_| invalid("The bytes are not an X.509 certificate"))?;
    if !rest.is_empty() {
        return Err(invalid("There are extra bytes after the certificate"));
    }
    let validity = cert.validity();
    let (from, until) = (validity.not_before.timestamp(), validity.not_after.timestamp());
    let fingerprint: Vec<String> = Sha256::digest(&der).iter().map(|b| format!("{b:02X}")).collect();
    Ok(CertificateInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: iso_utc(from),
        not_after: iso_utc(until),
        sha256_fingerprint: fingerprint.join(":"),
        expired: now > until,
        not_yet_valid: now < from,
        base64: base64::engine::general_purpose::STANDARD.encode(&der),
        pem: to_pem(&der),
    })
}

/// [`inspect_at`] against the system clock.
pub fn inspect(input: &[u8]) -> AppResult<CertificateInfo> {
    inspect_at(input, crate::dates::now_unix())
}

/// Unix seconds → `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn iso_utc(secs: i64) -> String {
    crate::dates::format_utc(secs, "%Y-%m-%dT%H:%M:%SZ")
}

#[cfg(test)]
mod tests {
    use super::iso_utc;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
    }
}
