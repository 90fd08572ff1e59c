//! What .NET on Linux needs to load a stored SAML certificate text: HES does
//! `new X509Certificate2(Encoding.ASCII.GetBytes(text))`, and the OpenSSL loader reads DER or PEM,
//! not bare base64. Written independently of the console's own certificate code, so a test using
//! it checks the stored bytes, not the console's idea of them. Also included by path from
//! hes-core's tests (which cannot depend on this crate): it uses only `base64` and `x509_parser`.

use base64::Engine;

/// Panics unless `text` is one PEM certificate as OpenSSL's PEM reader and RFC 7468's strict
/// form have it: the `-----BEGIN CERTIFICATE-----` line, base64 lines of exactly 64 characters
/// (the last one 1–64), the `-----END CERTIFICATE-----` line, ASCII only, one line ending style,
/// decoding to a DER X.509 certificate with nothing after it. `what` names the row in the message.
pub fn assert_dotnet_loadable_pem(text: &str, what: &str) {
    assert!(text.is_ascii(), "{what}: not ASCII (HES passes Encoding.ASCII bytes): {text:?}");
    let crlf = text.contains("\r\n");
    let body = if crlf { text.replace("\r\n", "\n") } else { text.to_string() };
    assert!(!body.contains('\r'), "{what}: mixed line endings: {text:?}");
    let lines: Vec<&str> = body.strip_suffix('\n').unwrap_or(&body).split('\n').collect();
    assert!(lines.len() >= 3, "{what}: not PEM (fewer than three lines): {text:?}");
    assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----", "{what}: PEM armour: {text:?}");
    assert_eq!(lines[lines.len() - 1], "-----END CERTIFICATE-----", "{what}: PEM end line: {text:?}");
    let b64 = &lines[1..lines.len() - 1];
    for (i, l) in b64.iter().enumerate() {
        let last = i == b64.len() - 1;
        assert!(
            if last { !l.is_empty() && l.len() <= 64 } else { l.len() == 64 },
            "{what}: base64 line {} has {} characters (64 per line, the last 1-64): {text:?}",
            i + 1,
            l.len()
        );
        assert!(
            l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='),
            "{what}: base64 line {} has a character outside the base64 alphabet",
            i + 1
        );
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64.concat())
        .unwrap_or_else(|e| panic!("{what}: the PEM body is not base64: {e}"));
    let (rest, _) = x509_parser::parse_x509_certificate(&der)
        .unwrap_or_else(|e| panic!("{what}: not a DER X.509 certificate: {e}"));
    assert!(rest.is_empty(), "{what}: {} bytes after the certificate", rest.len());
}

/// The DER inside a PEM certificate text (after [`assert_dotnet_loadable_pem`]).
pub fn pem_der(text: &str) -> Vec<u8> {
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).expect("base64 inside the PEM")
}
