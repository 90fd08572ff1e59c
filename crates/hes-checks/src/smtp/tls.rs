//! TLS for the SMTP check: rustls (ring) with the webpki roots plus the options' extra CA, a
//! verifier that remembers the server's certificate (so even an untrusted one can be named by its
//! SHA-256 fingerprint), and TLS errors in plain words.

use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{self, CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};

use crate::codes;

/// A client configuration and the certificate its verifier saw last (one configuration per check).
pub(crate) struct Tls {
    pub config: Arc<ClientConfig>,
    seen: Arc<Seen>,
}

#[derive(Debug, Default)]
struct Seen(Mutex<Option<Vec<u8>>>);

impl Tls {
    /// `extra_ca`: PEM certificates trusted in addition to the webpki roots. Err: a message for the admin.
    pub fn new(extra_ca: Option<&Path>) -> Result<(Tls, usize), String> {
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let mut extra = 0;
        if let Some(path) = extra_ca {
            let pem = std::fs::read(path).map_err(|e| format!("cannot read CA file {}: {e}", path.display()))?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| format!("{} is not valid PEM: {e}", path.display()))?;
                roots.add(cert).map_err(|e| format!("{} holds an unusable certificate: {e}", path.display()))?;
                extra += 1;
            }
            if extra == 0 {
                return Err(format!("{} holds no PEM certificate", path.display()));
            }
        }
        let provider = Arc::new(ring::default_provider());
        let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| format!("cannot set up certificate verification: {e}"))?;
        let seen = Arc::new(Seen::default());
        let verifier = Arc::new(Recording { inner, seen: seen.clone() });
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous() // only to wrap the standard verifier, which still decides
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok((Tls { config: Arc::new(config), seen }, extra))
    }

    /// SHA-256 fingerprint (`AB:CD:…`) of the certificate the server presented, if any.
    pub fn fingerprint(&self) -> Option<String> {
        let der = self.seen.0.lock().unwrap().clone()?;
        let hex: Vec<String> = Sha256::digest(&der).iter().map(|b| format!("{b:02X}")).collect();
        Some(hex.join(":"))
    }
}

/// The standard webpki verifier, remembering the end-entity certificate it was shown.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: Arc<Seen>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.0.lock().unwrap() = Some(end_entity.to_vec());
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

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
