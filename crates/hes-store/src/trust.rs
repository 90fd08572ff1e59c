//! The OS certificate store, shared by every TLS client of the console (the database connection
//! here; AD, SMTP and the HTTP checks in hes-checks). Corporate CAs are installed there, not in the
//! bundled webpki roots; both are trusted.

use base64::Engine as _;
use std::sync::OnceLock;

/// The OS trust store's certificates (DER) that rustls can use as trust anchors, read once per
/// process (tens of milliseconds on Linux). `SSL_CERT_FILE` / `SSL_CERT_DIR` override the store,
/// as for OpenSSL. Certificates webpki cannot parse are left out: one odd entry must not make
/// every connection fail.
pub fn os_roots() -> &'static [Vec<u8>] {
    static ROOTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::debug!("OS certificate store: {e}");
        }
        found
            .certs
            .into_iter()
            .filter(|c| rustls::RootCertStore::empty().add(c.clone()).is_ok())
            .map(|c| c.as_ref().to_vec())
            .collect()
    })
}

/// [`os_roots`] as one PEM bundle (what sqlx's `ssl_ca_from_pem` takes); empty when the OS has none.
pub fn os_roots_pem() -> &'static str {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| {
        let mut out = String::new();
        for der in os_roots() {
            out.push_str("-----BEGIN CERTIFICATE-----\n");
            let b64 = base64::engine::general_purpose::STANDARD.encode(der);
            for line in b64.as_bytes().chunks(64) {
                out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
                out.push('\n');
            }
            out.push_str("-----END CERTIFICATE-----\n");
        }
        out
    })
}
