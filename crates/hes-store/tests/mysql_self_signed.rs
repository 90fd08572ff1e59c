//! Issue 11, tested as it asks: "a MariaDB peer serving a self-signed certificate". The MariaDB
//! peer's own certificate is signed by the test CA, so this test puts a MySQL TLS front end in
//! front of it that serves a freshly generated self-signed certificate: it passes the server's
//! initial handshake and the client's SSLRequest through, completes TLS with the real peer (as a
//! client verifying the peer's CA) and with the console (as a server with the self-signed
//! certificate), then copies bytes both ways. The console sees exactly what a MySQL 8 server with
//! its auto-generated certificate shows it; the login, the queries and the answers are the real
//! MariaDB's.
//!
//! Through the console's public API (a saved profile, Test, "Trust this certificate", opening the
//! database): the certificate is refused and shown, pinning its SHA-256 opens the database, and
//! another self-signed certificate with that pin is refused as changed.

use hes_core::connections::ConnectionProfileInput;
use hes_core::error::ErrorCode;
use hes_store::keychain::MemoryStore;
use hes_store::profiles::{test_connection, Profiles};
use hes_store::Console;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use sha2::{Digest, Sha256};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
/// Protocol::SSLRequest: capabilities (4), max packet size (4), charset (1), reserved (23).
const SSL_REQUEST_LEN: usize = 32;
const CLIENT_SSL: u32 = 0x0800;

fn colon_hex(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// One MySQL packet as it came: the 4-byte header (3-byte little-endian length, sequence id) and
/// the payload.
async fn read_packet(r: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut header = [0u8; 4];
    r.read_exact(&mut header).await?;
    let len = usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
    if len > 64 * 1024 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "an oversized handshake packet"));
    }
    let mut packet = vec![0u8; 4 + len];
    packet[..4].copy_from_slice(&header);
    r.read_exact(&mut packet[4..]).await?;
    Ok(packet)
}

fn is_ssl_request(packet: &[u8]) -> bool {
    let payload = &packet[4..];
    payload.len() == SSL_REQUEST_LEN
        && u32::from_le_bytes([payload[0], payload[1], payload[2], payload[3]]) & CLIENT_SSL != 0
}

/// A MySQL TLS front end to the MariaDB peer on 127.0.0.1, serving its own self-signed certificate.
struct FrontEnd {
    port: u16,
    /// The self-signed certificate it serves.
    der: CertificateDer<'static>,
    /// Connections on which both TLS handshakes completed and bytes were relayed.
    relayed: Arc<AtomicUsize>,
    accept: tokio::task::AbortHandle,
}

impl Drop for FrontEnd {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl FrontEnd {
    async fn start(peer: &MySqlPeer, common_name: &str) -> FrontEnd {
        // Self-signed, for 127.0.0.1 (the name the console checks in Verify identity).
        let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(rcgen::DnType::CommonName, common_name);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let der = cert.der().clone();
        let served = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![der.clone()], PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())))
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(served));

        // To the peer: its test CA, its host name checked (as the peer tests do in Verify identity).
        let mut roots = RootCertStore::empty();
        for c in CertificateDer::pem_file_iter(&peer.ca).unwrap() {
            roots.add(c.unwrap()).unwrap();
        }
        let upstream = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = TlsConnector::from(Arc::new(upstream));
        let name = ServerName::try_from(peer.host.clone()).unwrap();
        let server = (peer.host.clone(), peer.port);

        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let relayed = Arc::new(AtomicUsize::new(0));
        let counter = relayed.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (acceptor, connector, name, server, counter) =
                    (acceptor.clone(), connector.clone(), name.clone(), server.clone(), counter.clone());
                tokio::spawn(async move {
                    // A client that gives up (the console refusing the certificate) ends it here.
                    let _ = relay(client, server, acceptor, connector, name, counter).await;
                });
            }
        });
        FrontEnd { port, der, relayed, accept: accept.abort_handle() }
    }
}

async fn relay(
    mut client: TcpStream,
    server: (String, u16),
    acceptor: TlsAcceptor,
    connector: TlsConnector,
    name: ServerName<'static>,
    relayed: Arc<AtomicUsize>,
) -> io::Result<()> {
    let mut upstream = TcpStream::connect((server.0.as_str(), server.1)).await?;
    // The server's initial handshake, unchanged (it offers CLIENT_SSL: the peer has TLS on).
    let hello = read_packet(&mut upstream).await?;
    client.write_all(&hello).await?;
    let answer = read_packet(&mut client).await?;
    upstream.write_all(&answer).await?;
    if !is_ssl_request(&answer) {
        // A client without TLS: plain bytes (the console never does this with Verify identity).
        tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    let mut outer = connector.connect(name, upstream).await?;
    let mut inner = acceptor.accept(client).await?;
    relayed.fetch_add(1, Ordering::SeqCst);
    tokio::io::copy_bidirectional(&mut inner, &mut outer).await?;
    Ok(())
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_shown_pinned_then_opens_and_another_is_refused() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let db = ScratchDb::create(&peer, &[hes_test_support::mysql::SCHEMA, SEED_PLAIN]).await;
    let front = FrontEnd::start(&peer, "HES self-signed front end 1").await;
    let sha = colon_hex(front.der.as_ref());

    // A profile as the admin saves it: Verify identity, no CA file.
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path().join("connections.json"), Arc::new(MemoryStore::new()));
    let input: ConnectionProfileInput = serde_json::from_value(serde_json::json!({
        "Name": "self-signed", "Host": "127.0.0.1", "Port": front.port, "Database": db.name,
        "User": peer.user.0, "Tls": "VerifyIdentity", "Password": peer.user.1, "TimeoutMs": 5000
    }))
    .unwrap();
    profiles.save(None, input).unwrap();

    // 1. Not trusted: Test refuses it and shows the self-signed certificate the front end served.
    let t = profiles.target("self-signed", None).unwrap();
    assert!(t.ca_file.is_none() && t.pin.is_none());
    let r = test_connection(&t, "self-signed").await;
    assert!(!r.ok);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::TlsUntrustedCertificate, "{:?}", r.error);
    let c = r.certificate.expect("the refused certificate is shown");
    assert_eq!(c.sha256, sha, "the SHA-256 of the served DER");
    assert!(c.subject.contains("CN=HES self-signed front end 1"), "{}", c.subject);
    assert_eq!(c.issuer, c.subject, "self-signed");
    assert!(c.names.iter().any(|n| n == "127.0.0.1"), "{:?}", c.names);
    assert!(!c.trusted && !c.pinned);
    let Err(e) = Console::open_mysql(&t, "self-signed").await else { panic!("an untrusted certificate is refused") };
    assert_eq!(e.code, ErrorCode::TlsUntrustedCertificate, "{e:?}");
    assert_eq!(front.relayed.load(Ordering::SeqCst), 0, "no TLS session was completed with the console");

    // 2. "Trust this certificate" with exactly that SHA-256: the database opens through the front end.
    let pin = profiles.trust_certificate("self-signed", &c.sha256).unwrap();
    assert_eq!(pin, sha);
    let pinned = profiles.target("self-signed", None).unwrap();
    assert_eq!(pinned.pin.as_deref(), Some(sha.as_str()));
    let console = Console::open_mysql(&pinned, "self-signed").await.expect("the pinned certificate is accepted");
    assert_eq!(console.info().hes_version.as_deref(), Some("3.8.4"));
    let view = console.view().await.expect("the settings are read");
    assert!(view.licensing.is_some() && view.splunk.is_some(), "the seed's settings are read");
    assert_eq!(view.saml.len(), 1, "the seed's SAML service provider is read");
    assert!(front.relayed.load(Ordering::SeqCst) >= 1, "the console's connections went through the front end");
    drop(console);
    let r = test_connection(&pinned, "self-signed").await;
    assert!(r.ok, "{:?}", r.error);
    assert_eq!(r.hes_version.as_deref(), Some("3.8.4"));
    let c = r.certificate.expect("a certificate accepted by its pin is shown");
    assert_eq!(c.sha256, sha);
    assert!(c.pinned && !c.trusted);

    // 3. Another self-signed certificate (a second front end to the same peer) with the old pin:
    //    refused as changed, both fingerprints named, no session completed.
    let other = FrontEnd::start(&peer, "HES self-signed front end 2").await;
    let other_sha = colon_hex(other.der.as_ref());
    assert_ne!(other_sha, sha);
    let mut changed = pinned.clone();
    changed.port = other.port;
    let Err(e) = Console::open_mysql(&changed, "self-signed").await else { panic!("a changed certificate is refused") };
    assert_eq!(e.code, ErrorCode::TlsCertificateChanged, "{e:?}");
    assert!(e.message.contains(&other_sha) && e.message.contains(&sha), "{}", e.message);
    let r = test_connection(&changed, "self-signed").await;
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::TlsCertificateChanged, "{:?}", r.error);
    let c = r.certificate.expect("the new certificate is shown");
    assert_eq!(c.sha256, other_sha);
    assert!(c.subject.contains("CN=HES self-signed front end 2"), "{}", c.subject);
    assert!(!c.pinned && !c.trusted);
    assert_eq!(other.relayed.load(Ordering::SeqCst), 0, "nothing was relayed for the changed certificate");
}
