//! The database connection to a pinned certificate (issue 11: MySQL 8 serves, out of the box, a
//! self-signed certificate it generated itself). sqlx 0.8 has no hook for a custom certificate
//! verifier, and an `ssl-ca` cannot express "exactly this certificate" (sqlx adds it to its bundled
//! roots, VerifyCa skips the name, and webpki refuses MySQL's auto-generated certificates as roots).
//! So for a profile with a pinned certificate the console does the MySQL protocol's TLS upgrade
//! itself and lends the verified stream to sqlx through a loopback relay:
//!
//! 1. sqlx connects to a relay listening on 127.0.0.1 (one listener per pool; each accepted
//!    connection is one upstream connection), with ssl-mode Required;
//! 2. the relay connects to the server, reads its initial handshake packet and replays it to sqlx
//!    (refusing a server that does not offer TLS);
//! 3. sqlx answers with its SSLRequest (Protocol::SSLRequest, sequence 1, 32 bytes); the relay
//!    sends it to the server unchanged — it carries no credential — and runs TLS to the server with
//!    the recording verifier (tls.rs): webpki over the bundled, OS and CA-file roots with the
//!    host name checked, else exactly the pinned leaf (SHA-256); anything else ends the connection
//!    there, before sqlx has sent a single byte of its login;
//! 4. only then the relay completes sqlx's TLS upgrade with a fresh self-signed loopback
//!    certificate and pipes bytes both ways. Sequence numbers stay as they are: sqlx and the server
//!    see the same conversation (handshake 0, SSLRequest 1, login 2…), and sqlx knows the stream
//!    is TLS, so caching_sha2_password's full authentication works as on any TLS connection.
//!
//! The same upgrade without sqlx, recording the chain, fetches a certificate to show it in Test.

use super::MySqlTarget;
use crate::tls::{certificate_info, fingerprint, parse_pin, Recording, Seen};
use hes_core::connections::ServerCertificate;
use hes_core::error::{AppError, AppResult, ErrorCode};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// Capability flags (MySQL client/server protocol).
const CLIENT_PROTOCOL_41: u32 = 0x0200;
const CLIENT_SSL: u32 = 0x0800;
const CLIENT_SECURE_CONNECTION: u32 = 0x8000;
/// A server's initial handshake is well under this; more is not a MySQL server.
const MAX_HELLO: usize = 16 * 1024;
/// Protocol::SSLRequest: capabilities, max packet size, charset, 23 reserved bytes.
const SSL_REQUEST_LEN: usize = 32;

struct Packet {
    seq: u8,
    payload: Vec<u8>,
}

/// One packet: 3-byte little-endian length, 1-byte sequence id, payload (at most `max` bytes).
async fn read_packet<R: AsyncRead + Unpin>(r: &mut R, max: usize) -> io::Result<Packet> {
    let mut header = [0u8; 4];
    r.read_exact(&mut header).await?;
    let len = usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
    if len > max {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "an oversized packet in the MySQL handshake"));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload).await?;
    Ok(Packet { seq: header[3], payload })
}

async fn write_packet<W: AsyncWrite + Unpin>(w: &mut W, seq: u8, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len()).ok().filter(|l| *l < 1 << 24).ok_or(io::ErrorKind::InvalidInput)?;
    let mut out = Vec::with_capacity(4 + payload.len());
    out.extend_from_slice(&len.to_le_bytes()[..3]);
    out.push(seq);
    out.extend_from_slice(payload);
    w.write_all(&out).await?;
    w.flush().await
}

/// The capability flags of a server's initial handshake (protocol version 10), `None` if it is not one.
fn server_capabilities(p: &[u8]) -> Option<u32> {
    if p.first() != Some(&10) {
        return None;
    }
    let version_end = 1 + p.get(1..)?.iter().position(|b| *b == 0)?;
    // version NUL, connection id (4), auth-plugin-data part 1 (8), filler (1), capabilities (2).
    let at = version_end + 1 + 4 + 8 + 1;
    let low = u32::from(u16::from_le_bytes(p.get(at..at + 2)?.try_into().ok()?));
    // Then charset (1), status (2), capabilities upper half (2): optional in old servers.
    let high = p.get(at + 5..at + 7).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]]))).unwrap_or(0);
    Some(low | high << 16)
}

fn server_label(t: &MySqlTarget) -> String {
    format!("{}:{}", t.host, t.port)
}

/// The name the certificate must be issued for: the profile's host (an IP address or a DNS name).
fn server_name(t: &MySqlTarget) -> AppResult<ServerName<'static>> {
    let host = t.host.trim().trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(host.to_string()).map_err(|_| {
        AppError::new(ErrorCode::Validation, format!("`{}` is not a host name a certificate can name.", t.host))
            .with_field("Host")
    })
}

/// The roots the database connection trusts: the bundled ones (as sqlx), the OS store and the
/// profile's CA file.
fn roots(t: &MySqlTarget) -> AppResult<Arc<RootCertStore>> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    roots.add_parsable_certificates(crate::trust::os_roots().iter().map(|d| CertificateDer::from(d.clone())));
    if let Some(path) = &t.ca_file {
        let bad = |why: String| AppError::new(ErrorCode::Io, why).with_field("CaFile");
        let pem = std::fs::read(path).map_err(|e| bad(format!("Cannot read the CA file {}: {e}", path.display())))?;
        let mut n = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| bad(format!("{} is not valid PEM: {e}", path.display())))?;
            roots.add(cert).map_err(|e| bad(format!("{} holds an unusable certificate: {e}", path.display())))?;
            n += 1;
        }
        if n == 0 {
            return Err(bad(format!("{} holds no PEM certificate.", path.display())));
        }
    }
    Ok(Arc::new(roots))
}

/// A client configuration whose verifier records what the server presented.
fn client_config(roots: &Arc<RootCertStore>, pin: Option<[u8; 32]>) -> (Arc<ClientConfig>, Arc<Mutex<Option<Seen>>>) {
    let provider = Arc::new(ring::default_provider());
    let inner = WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone()).build().ok();
    let seen = Arc::new(Mutex::new(None));
    let verifier = Arc::new(Recording { inner, provider: provider.clone(), pin, seen: seen.clone(), ip_literal: None });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .dangerous() // to record the chain and apply the pin; webpki decides otherwise
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    (Arc::new(config), seen)
}

/// Why a TLS upgrade to the server was refused, from what the verifier saw.
fn refused(t: &MySqlTarget, seen: Option<&Seen>, pin: Option<&str>, e: &io::Error) -> AppError {
    let server = server_label(t);
    let Some(seen) = seen.filter(|s| !s.chain.is_empty()) else {
        return AppError::new(ErrorCode::DbUnreachable, format!("The TLS connection to {server} failed: {e}"));
    };
    let presented = seen.chain.first().map(|c| fingerprint(c.as_ref())).unwrap_or_default();
    match pin {
        Some(pin) => changed(&server, &presented, pin),
        None => untrusted(&server, seen),
    }
}

/// `TlsCertificateChanged`: never re-trusted without the administrator.
fn changed(server: &str, presented: &str, pin: &str) -> AppError {
    let pinned = crate::pins::normalize_sha256(pin).unwrap_or_else(|| pin.to_string());
    AppError::new(
        ErrorCode::TlsCertificateChanged,
        format!(
            "{server} presented a different TLS certificate than the one trusted for it: SHA-256 {presented}, \
             trusted {pinned}. The connection was refused and nothing was sent."
        ),
    )
    .with_hint(
        "Someone may be intercepting the connection. If the server's certificate was renewed, confirm the new \
         SHA-256 with the database's administrator, then trust it again (Test connection → Trust this \
         certificate; hesctl connections trust-certificate).",
    )
}

fn untrusted(server: &str, seen: &Seen) -> AppError {
    let why = match &seen.verdict {
        Err(e) => e.to_string(),
        Ok(()) => "refused".into(),
    };
    AppError::new(ErrorCode::TlsUntrustedCertificate, format!("{server}'s TLS certificate is not trusted: {why}."))
        .with_field("CaFile")
        .with_hint(
            "Choose the CA file that signed the server's certificate, or trust exactly this certificate after \
             checking its SHA-256 with the database's administrator.",
        )
}

/// TCP to the server and its initial handshake packet (an error packet is returned as is).
async fn hello(t: &MySqlTarget) -> AppResult<(TcpStream, Packet)> {
    let server = server_label(t);
    let host = t.host.trim().trim_start_matches('[').trim_end_matches(']');
    let tcp = match t.via {
        Some(addr) => TcpStream::connect(addr).await,
        None => TcpStream::connect((host, t.port)).await,
    };
    let mut tcp = tcp.map_err(|e| {
        AppError::new(ErrorCode::DbUnreachable, format!("Cannot reach {server}: {e}"))
            .with_hint("Check the host name and port, and that the server accepts connections from this computer.")
    })?;
    let packet = read_packet(&mut tcp, MAX_HELLO).await.map_err(|_| crate::guard::malformed_handshake(&server))?;
    Ok((tcp, packet))
}

fn no_tls(t: &MySqlTarget) -> AppError {
    AppError::new(
        ErrorCode::TlsUntrustedCertificate,
        format!("{} does not offer TLS, so its certificate cannot be verified.", server_label(t)),
    )
    .with_hint("Enable TLS on the database server (MySQL 8 and MariaDB 11 have it on by default).")
}

/// The server's certificate, fetched by a TLS upgrade of a connection that then ends (no login):
/// what Test shows for a certificate that is not trusted, changed, or trusted only by its pin.
/// `None` when the server cannot be reached or offers no TLS.
pub async fn probe_certificate(t: &MySqlTarget) -> Option<ServerCertificate> {
    let probe = async {
        // Through SSH: a tunnel of its own for this one connection.
        let tunnel = match (&t.ssh, t.via) {
            (Some(ssh), None) => Some(hes_tunnel::Tunnel::open(ssh, &t.host, t.port).await.result.ok()?),
            _ => None,
        };
        let routed = tunnel.as_ref().map(|s| MySqlTarget { via: Some(s.addr), ..t.clone() });
        let t = routed.as_ref().unwrap_or(t);
        let (mut tcp, hello) = hello(t).await.ok()?;
        let caps = server_capabilities(&hello.payload)?;
        if caps & CLIENT_SSL == 0 {
            return None;
        }
        let mut request = Vec::with_capacity(SSL_REQUEST_LEN);
        let ours = CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION;
        request.extend_from_slice(&ours.to_le_bytes());
        request.extend_from_slice(&(16u32 << 20).to_le_bytes());
        request.push(45); // utf8mb4
        request.extend_from_slice(&[0u8; 23]);
        write_packet(&mut tcp, hello.seq.wrapping_add(1), &request).await.ok()?;
        let pin = t.pin.as_deref().and_then(|p| parse_pin(p).ok());
        let (config, seen) = client_config(&roots(t).ok()?, pin);
        let _ = TlsConnector::from(config).connect(server_name(t).ok()?, tcp).await;
        let seen = seen.lock().unwrap_or_else(|p| p.into_inner()).clone()?;
        certificate_info(&seen)
    };
    tokio::time::timeout(t.timeout, probe).await.ok().flatten()
}

/// A running relay: sqlx connects to `addr`. Dropping the last handle stops accepting (the
/// connections already relayed carry on until either side closes them).
pub struct Relay {
    pub addr: SocketAddr,
    accept: tokio::task::AbortHandle,
    failure: Arc<Mutex<Option<AppError>>>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl Relay {
    /// Why the last relayed connection was refused (a changed certificate, no TLS), if one was:
    /// sqlx only sees the connection closed.
    pub fn take_failure(&self) -> Option<AppError> {
        self.failure.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Start a relay to `t`'s server, accepting its certificate if webpki does (for `t.host`) or
    /// if it is exactly the pinned one (`t.pin`, if any).
    pub async fn start(t: &MySqlTarget) -> AppResult<Arc<Relay>> {
        let pin_text = t.pin.clone().filter(|_| t.uses_pin());
        let pin = match &pin_text {
            Some(p) => Some(parse_pin(p).map_err(|e| AppError::new(ErrorCode::Validation, e).with_field("Sha256"))?),
            None => None,
        };
        let upstream = Arc::new(Upstream {
            target: t.clone(),
            pin,
            pin_text,
            roots: roots(t)?,
            name: server_name(t)?,
            loopback: loopback_config()?,
        });
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot open the local TLS relay: {e}")))?;
        let addr = listener.local_addr().map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
        let failure = Arc::new(Mutex::new(None));
        let slot = failure.clone();
        let accept = tokio::spawn(async move {
            loop {
                let (local, peer) = match listener.accept().await {
                    Ok(c) => c,
                    Err(_) => {
                        // Out of descriptors, say: do not spin.
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                if !peer.ip().is_loopback() {
                    continue;
                }
                let (up, slot) = (upstream.clone(), slot.clone());
                tokio::spawn(async move {
                    let mut local = local;
                    let limit = up.target.timeout;
                    let outcome = match tokio::time::timeout(limit, up.upgrade(&mut local)).await {
                        Ok(Ok(Some(mut outer))) => {
                            // Verified: complete sqlx's TLS upgrade, then plain bytes both ways.
                            if let Ok(mut inner) = TlsAcceptor::from(up.loopback.clone()).accept(local).await {
                                let _ = tokio::io::copy_bidirectional(&mut inner, &mut outer).await;
                            }
                            return;
                        }
                        Ok(Ok(None)) => return,
                        Ok(Err(e)) => e,
                        Err(_) => AppError::new(
                            ErrorCode::Timeout,
                            format!("{} did not complete the TLS handshake in time.", server_label(&up.target)),
                        ),
                    };
                    tracing::warn!(server = %server_label(&up.target), code = outcome.code.as_str(), "pinned TLS relay refused a connection: {}", outcome.message);
                    // Recorded before sqlx sees its connection close.
                    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
                    drop(local);
                });
            }
        });
        Ok(Arc::new(Relay { addr, accept: accept.abort_handle(), failure }))
    }
}

struct Upstream {
    target: MySqlTarget,
    pin: Option<[u8; 32]>,
    pin_text: Option<String>,
    roots: Arc<RootCertStore>,
    name: ServerName<'static>,
    loopback: Arc<ServerConfig>,
}

impl Upstream {
    /// Steps 2–3 of the module's description: the verified TLS stream to the server. `Ok(None)`: the
    /// server answered with an error packet, handed to sqlx to report.
    async fn upgrade(&self, local: &mut TcpStream) -> AppResult<Option<tokio_rustls::client::TlsStream<TcpStream>>> {
        let t = &self.target;
        let (mut server, hello) = hello(t).await?;
        if hello.payload.first() == Some(&0xFF) {
            let _ = write_packet(local, hello.seq, &hello.payload).await;
            return Ok(None);
        }
        let caps =
            server_capabilities(&hello.payload).ok_or_else(|| crate::guard::malformed_handshake(&server_label(t)))?;
        if caps & CLIENT_SSL == 0 {
            return Err(no_tls(t));
        }
        let local_io = |e: io::Error| AppError::new(ErrorCode::Io, format!("The local TLS relay failed: {e}"));
        write_packet(local, hello.seq, &hello.payload).await.map_err(local_io)?;
        // sqlx (ssl-mode Required) answers with its SSLRequest; nothing else is forwarded.
        let request = read_packet(local, SSL_REQUEST_LEN).await.map_err(local_io)?;
        let asked = request.payload.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
        if request.payload.len() != SSL_REQUEST_LEN || asked & CLIENT_SSL == 0 {
            return Err(AppError::internal("the MySQL client did not ask for TLS on the pinned path"));
        }
        write_packet(&mut server, request.seq, &request.payload).await.map_err(|e| {
            AppError::new(ErrorCode::DbUnreachable, format!("{} closed the connection: {e}", server_label(t)))
        })?;
        let (config, seen) = client_config(&self.roots, self.pin);
        let outer = match TlsConnector::from(config).connect(self.name.clone(), server).await {
            Ok(s) => s,
            Err(e) => {
                let seen = seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
                return Err(refused(t, seen.as_ref(), self.pin_text.as_deref(), &e));
            }
        };
        // The verifier accepted: trusted by webpki, or exactly the pinned certificate.
        Ok(Some(outer))
    }
}

/// The loopback leg's TLS: a certificate made for this relay (sqlx, in ssl-mode Required, encrypts
/// to it without verifying it; it never leaves this computer).
fn loopback_config() -> AppResult<Arc<ServerConfig>> {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .map_err(|e| AppError::internal(format!("cannot make the local relay's certificate: {e}")))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(vec![cert.cert.der().clone()], key))
        .map_err(|e| AppError::internal(format!("cannot set up the local relay's TLS: {e}")))?;
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_of_a_handshake_and_of_garbage() {
        let mut p = vec![10u8];
        p.extend_from_slice(b"11.4.2-MariaDB\0");
        p.extend_from_slice(&[1, 0, 0, 0]); // connection id
        p.extend_from_slice(&[7u8; 8]); // scramble part 1
        p.push(0);
        p.extend_from_slice(&(CLIENT_SSL as u16 | CLIENT_PROTOCOL_41 as u16).to_le_bytes());
        p.push(45);
        p.extend_from_slice(&[2, 0]);
        p.extend_from_slice(&[0x08, 0]); // upper half
        assert_eq!(server_capabilities(&p), Some(CLIENT_SSL | CLIENT_PROTOCOL_41 | 0x0008 << 16));
        for cut in 0..p.len() - 5 {
            // Cut anywhere: no panic; without the lower flags, not a handshake.
            let _ = server_capabilities(&p[..cut]);
        }
        assert_eq!(server_capabilities(&[]), None);
        assert_eq!(server_capabilities(&[10]), None);
        assert_eq!(server_capabilities(&[9, 0, 0]), None);
        assert_eq!(server_capabilities(b"\x0a5.7\0"), None);
    }

    #[tokio::test]
    async fn packets_round_trip_and_oversized_ones_are_refused() {
        let mut buf = Vec::new();
        write_packet(&mut buf, 1, &[0xAB; 32]).await.unwrap();
        assert_eq!(&buf[..4], &[32, 0, 0, 1]);
        let p = read_packet(&mut buf.as_slice(), SSL_REQUEST_LEN).await.unwrap();
        assert_eq!((p.seq, p.payload.len()), (1, 32));
        assert!(read_packet(&mut buf.as_slice(), 31).await.is_err());
    }
}
