//! TLS errors of the SMTP check in plain words, with hints for crossed STARTTLS / implicit TLS
//! settings. The client configuration itself is the crate's shared `tls::Tls`.

use tokio_rustls::rustls::{self, CertificateError};

use crate::codes;

/// A failed handshake (tokio-rustls wraps rustls' error in an `io::Error`) in plain words, and its code.
pub(crate) fn describe(e: &std::io::Error, host: &str, port: u16) -> (&'static str, String) {
    let Some(err) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
        return (codes::TLS_FAILED, format!("the connection broke during the TLS handshake: {e}"));
    };
    match err {
        rustls::Error::InvalidCertificate(ce) => {
            let why = match ce {
                CertificateError::UnknownIssuer => {
                    "it is issued by a CA that is not trusted here (a private CA must be added as trusted)".to_string()
                }
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                    format!("it is not valid for the name `{host}` (connect with a name the certificate lists)")
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => "it has expired".into(),
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    "it is not valid yet (check the clocks)".into()
                }
                _ => "it did not pass verification".into(),
            };
            (codes::TLS_UNTRUSTED_CERTIFICATE, format!("the server's TLS certificate is not trusted: {why} ({err})"))
        }
        rustls::Error::InvalidMessage(_) => (
            codes::TLS_FAILED,
            format!(
                "the server did not answer with TLS ({err}): port {port} may expect STARTTLS (usually 587) \
                 or no TLS; implicit TLS is usually port 465"
            ),
        ),
        rustls::Error::AlertReceived(alert) => {
            (codes::TLS_FAILED, format!("the server refused the TLS handshake (alert {alert:?})"))
        }
        _ => (codes::TLS_FAILED, format!("TLS handshake failed: {err}")),
    }
}
