//! TLS for the checks that open their own TLS connections (AD, SMTP). The verifier records the
//! server's chain during the handshake, so even an untrusted certificate can be shown (and pinned by
//! the administrator); trust comes from the OS store (where an AD's or a mail server's private CA is
//! usually installed; the bundled webpki roots when the OS has none) plus the options' extra CA, or
//! from a pin on the leaf's SHA-256.

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::CertificateDer;
use tokio_rustls::rustls::{self, CertificateError, ClientConfig, RootCertStore};

// The recording verifier, pins and certificate details live in hes-store (the database
// connection's pinned path uses them too).
pub(crate) use hes_store::tls::{certificate_info, fingerprint, parse_pin, Recording, Seen, IP_LITERAL_NAME};

pub(crate) struct Tls {
    pub config: Arc<ClientConfig>,
    pub extra: usize,
    seen: Arc<Mutex<Option<Seen>>>,
}

impl Tls {
    /// Err: a message for the administrator (unreadable CA file, malformed pin).
    pub fn new(extra_ca: Option<&Path>, pin: Option<&str>) -> Result<Tls, String> {
        Self::build(extra_ca, pin, None)
    }

    /// For a server given as an IP address to a client that only passes DNS names (ldap3 hands
    /// `[::1]` over as a name): the client names [`IP_LITERAL_NAME`], the verifier checks `ip`.
    pub fn for_ip_literal(extra_ca: Option<&Path>, pin: Option<&str>, ip: IpAddr) -> Result<Tls, String> {
        Self::build(extra_ca, pin, Some(ip))
    }

    fn build(extra_ca: Option<&Path>, pin: Option<&str>, ip_literal: Option<IpAddr>) -> Result<Tls, String> {
        let pin = pin.map(parse_pin).transpose()?;
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(hes_store::trust::os_roots().iter().map(|d| CertificateDer::from(d.clone())));
        if roots.is_empty() {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
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
        // No roots at all (a bare container): every certificate is then simply untrusted.
        let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build().ok();
        let seen = Arc::new(Mutex::new(None));
        let verifier = Arc::new(Recording { inner, provider: provider.clone(), pin, seen: seen.clone(), ip_literal });
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous() // to record the chain and apply the pin; webpki still decides otherwise
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(Tls { config: Arc::new(config), extra, seen })
    }

    pub fn seen(&self) -> Option<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// SHA-256 (`AB:CD:…`) of the certificate the server presented, if the handshake got that far.
    pub fn leaf_fingerprint(&self) -> Option<String> {
        let seen = self.seen.lock().unwrap();
        seen.as_ref().and_then(|s| s.chain.first()).map(|c| fingerprint(c.as_ref()))
    }
}

/// reqwest (rustls, bundled webpki roots) plus the OS trust store, where corporate CAs live: the
/// licensing, Splunk and Azure checks and the license download trust both, as AD and SMTP do.
pub(crate) fn with_os_roots(mut b: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    for der in hes_store::trust::os_roots() {
        if let Ok(c) = reqwest::Certificate::from_der(der) {
            b = b.add_root_certificate(c);
        }
    }
    b
}

/// Why webpki refused the certificate, in plain words.
pub(crate) fn why_untrusted(e: &rustls::Error, host: &str) -> String {
    match e {
        rustls::Error::InvalidCertificate(ce) => match ce {
            CertificateError::UnknownIssuer => {
                "it is issued by a CA that this computer does not trust; an AD's own CA must be in the \
                 system's trust store"
                    .into()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("it is not issued for `{host}`")
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => "it has expired".into(),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "it is not valid yet (check the clocks)".into()
            }
            _ => format!("it did not pass verification ({e})"),
        },
        _ => e.to_string(),
    }
}
