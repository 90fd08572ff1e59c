//! TLS for the checks that open their own TLS connections (AD, SMTP). The verifier records the
//! server's chain during the handshake, so even an untrusted certificate can be shown (and pinned by
//! the administrator); trust comes from the OS store (where an AD's or a mail server's private CA is
//! usually installed; the bundled webpki roots when the OS has none) plus the options' extra CA, or
//! from a pin on the leaf's SHA-256.

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::{ring, CryptoProvider};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{self, CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use x509_parser::prelude::*;

use crate::report::ServerCertificate;

/// What the verifier saw: the chain (leaf first), webpki's verdict, and whether the pin saved it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub chain: Vec<CertificateDer<'static>>,
    pub verdict: Result<(), rustls::Error>,
    pub pinned: bool,
}

/// The TLS name a client is given in place of an IP literal (`.invalid` never resolves).
pub(crate) const IP_LITERAL_NAME: &str = "ip-literal.invalid";

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

/// A pin as the UI shows fingerprints (`AB:CD:…`) or as plain hex; spaces and case do not matter.
pub(crate) fn parse_pin(pin: &str) -> Result<[u8; 32], String> {
    let hex: String = pin.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    let bad = || format!("the pinned fingerprint `{pin}` is not a SHA-256 (64 hex digits)");
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

pub(crate) fn fingerprint(der: &[u8]) -> String {
    let hex: Vec<String> = Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect();
    hex.join(":")
}

#[derive(Debug)]
struct Recording {
    inner: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    pin: Option<[u8; 32]>,
    seen: Arc<Mutex<Option<Seen>>>,
    /// The address [`IP_LITERAL_NAME`] stands for.
    ip_literal: Option<IpAddr>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let name = match (self.ip_literal, server_name) {
            (Some(ip), ServerName::DnsName(d)) if d.as_ref() == IP_LITERAL_NAME => ServerName::IpAddress(ip.into()),
            _ => server_name.to_owned(),
        };
        let verdict = match &self.inner {
            Some(v) => v.verify_server_cert(end_entity, intermediates, &name, ocsp, now).map(|_| ()),
            None => Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)),
        };
        let pinned = verdict.is_err() && self.pin.is_some_and(|p| Sha256::digest(end_entity.as_ref()).as_slice() == p);
        let chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.clone().into_owned()).collect();
        *self.seen.lock().unwrap() = Some(Seen { chain, verdict: verdict.clone(), pinned });
        match verdict {
            Err(e) if !pinned => Err(e),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    // The handshake signatures are always checked against the presented certificate's key.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// The leaf's details for the report. `None` when it does not parse as X.509.
pub(crate) fn certificate_info(seen: &Seen) -> Option<ServerCertificate> {
    let der = seen.chain.first()?;
    let (_, cert) = parse_x509_certificate(der.as_ref()).ok()?;
    let names = match cert.subject_alternative_name() {
        Ok(Some(san)) => san.value.general_names.iter().filter_map(general_name).collect(),
        _ => Vec::new(),
    };
    Some(ServerCertificate {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: rfc3339(cert.validity().not_before),
        not_after: rfc3339(cert.validity().not_after),
        names,
        sha256: fingerprint(der.as_ref()),
        trusted: seen.verdict.is_ok(),
        pinned: seen.pinned,
    })
}

fn general_name(n: &GeneralName<'_>) -> Option<String> {
    match n {
        GeneralName::DNSName(d) => Some((*d).to_string()),
        GeneralName::IPAddress(b) => match b.len() {
            4 => Some(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*b).ok()?).to_string()),
            16 => Some(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*b).ok()?).to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn rfc3339(t: ASN1Time) -> String {
    let d = t.to_datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_in_both_forms() {
        let plain = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(parse_pin(&plain).unwrap(), [0xAB; 32]);
        assert_eq!(parse_pin(&colons).unwrap(), [0xAB; 32]);
        assert_eq!(parse_pin(&format!(" {} ", colons.to_lowercase())).unwrap(), [0xAB; 32]);
        for bad in ["", "ab", &"zz".repeat(32), &"ab".repeat(33), &"é".repeat(32)] {
            assert!(parse_pin(bad).is_err(), "{bad}");
        }
        assert_eq!(fingerprint(b"").len(), 32 * 3 - 1);
        assert!(fingerprint(b"").starts_with("E3:B0:C4:42"));
    }
}
