//! The recording TLS verifier shared by the checks that open their own TLS connections (AD, SMTP)
//! and the database connection's pinned path (mysql/tls.rs). It records the server's chain during
//! the handshake, so even an untrusted certificate can be shown (and pinned by the administrator);
//! trust comes from webpki over the caller's roots, or from a pin on the leaf's SHA-256. A pin only
//! ever accepts exactly that certificate, and only after webpki refused it.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use hes_core::connections::ServerCertificate;
use sha2::{Digest, Sha256};
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{self, CertificateError, DigitallySignedStruct};
use x509_parser::prelude::*;

/// The TLS name a client is given in place of an IP literal (`.invalid` never resolves).
pub const IP_LITERAL_NAME: &str = "ip-literal.invalid";

/// What the verifier saw: the chain (leaf first), webpki's verdict, and whether the pin saved it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub chain: Vec<CertificateDer<'static>>,
    pub verdict: Result<(), rustls::Error>,
    pub pinned: bool,
}

/// A pin as the UI shows fingerprints (`AB:CD:…`) or as plain hex; spaces and case do not matter.
pub fn parse_pin(pin: &str) -> Result<[u8; 32], String> {
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

pub fn fingerprint(der: &[u8]) -> String {
    let hex: Vec<String> = Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect();
    hex.join(":")
}

#[derive(Debug)]
pub struct Recording {
    /// webpki over the caller's roots; `None` (no roots at all): every certificate is untrusted.
    pub inner: Option<Arc<WebPkiServerVerifier>>,
    pub provider: Arc<CryptoProvider>,
    /// The SHA-256 of the one certificate the administrator pinned.
    pub pin: Option<[u8; 32]>,
    /// Where the handshake's certificate and verdict are recorded.
    pub seen: Arc<Mutex<Option<Seen>>>,
    /// The address [`IP_LITERAL_NAME`] stands for.
    pub ip_literal: Option<IpAddr>,
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
pub fn certificate_info(seen: &Seen) -> Option<ServerCertificate> {
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
