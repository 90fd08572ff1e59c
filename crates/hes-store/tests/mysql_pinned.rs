//! Issue 11: a database certificate the console does not trust (MySQL 8's self-signed one) is shown
//! in Test and can be pinned for its server; the pinned path (mysql/tls.rs) then connects, and a
//! changed certificate is refused with `TlsCertificateChanged` before anything is sent.
//!
//! On the MariaDB peer: without the test CA file its certificate is exactly the "unknown
//! certificate" case. Against a scripted server (no peer needed): with a certificate that is not
//! the pinned one, the server never receives a byte after the TLS handshake (no login, no password).

use hes_core::connections::ConnectionProfileInput;
use hes_core::error::ErrorCode;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::keychain::MemoryStore;
use hes_store::mysql::MySqlTarget;
use hes_store::profiles::{target_of, test_connection, Profiles};
use hes_store::Db;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

fn colon_hex(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// The SHA-256 of the peer's server certificate, read from its file (not from the console).
fn peer_leaf_sha256(peer: &MySqlPeer) -> String {
    let path = peer.ca.with_file_name("server.crt");
    let der = CertificateDer::from_pem_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    colon_hex(der.as_ref())
}

/// The peer as the console reaches it with Verify identity and no CA file: untrusted.
fn untrusted_target(peer: &MySqlPeer, database: &str) -> MySqlTarget {
    let mut t = peer.target(database, &peer.user, TlsMode::VerifyIdentity);
    t.ca_file = None;
    t.timeout = Duration::from_secs(5);
    t
}

#[tokio::test]
async fn an_untrusted_certificate_is_shown_pinned_then_connects_and_a_changed_one_is_refused() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let db = ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]).await;
    let leaf = peer_leaf_sha256(&peer);

    // 1. Not trusted: Test says so and shows the certificate.
    let t = untrusted_target(&peer, &db.name);
    let r = test_connection(&t, "peer").await;
    assert!(!r.ok);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::TlsUntrustedCertificate, "{r:?}");
    let c = r.certificate.expect("the refused certificate is shown");
    assert_eq!(c.sha256, leaf);
    assert!(c.subject.contains("localhost"), "{}", c.subject);
    assert!(c.issuer.contains("HES Console test CA"), "{}", c.issuer);
    assert!(!c.not_before.is_empty() && !c.not_after.is_empty());
    assert!(!c.trusted && !c.pinned);

    // 2. Pinned (as "Trust this certificate" stores it): the pool works through the relay.
    let mut pinned = t.clone();
    pinned.pin = Some(c.sha256.clone());
    let opened = Db::open_mysql(&pinned).await.expect("the pinned certificate is accepted");
    let Db::MySql(pool) = &opened.db else { panic!("a MySQL pool") };
    let (_, cipher): (String, String) =
        sqlx::query_as("SHOW SESSION STATUS LIKE 'Ssl_cipher'").fetch_one(pool).await.unwrap();
    assert!(!cipher.is_empty(), "the server sees a TLS session");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM AppSettings").fetch_one(pool).await.unwrap();
    assert!(n > 0);
    // Several pooled connections at once, each relayed.
    let many = futures_join(pool).await;
    assert_eq!(many, 4);
    drop(opened);
    let r = test_connection(&pinned, "peer").await;
    assert!(r.ok, "{r:?}");
    let c = r.certificate.expect("a certificate accepted by its pin is shown");
    assert!(c.pinned && !c.trusted);

    // A REQUIRE SSL user and the plain password path (a full caching/ed25519-free login) work too.
    let mut tls_user = pinned.clone();
    tls_user.user = peer.tls.0.clone();
    tls_user.password = Secret::new(peer.tls.1.clone());
    Db::open_mysql(&tls_user).await.expect("a REQUIRE SSL user logs in through the relay");

    // 3. Another certificate than the pinned one: refused, with both fingerprints named.
    let mut wrong = t.clone();
    wrong.pin = Some("AB".repeat(32));
    let Err(e) = Db::open_mysql(&wrong).await else { panic!("a changed certificate is refused") };
    assert_eq!(e.code, ErrorCode::TlsCertificateChanged, "{e:?}");
    assert!(e.message.contains(&leaf), "{}", e.message);
    let r = test_connection(&wrong, "peer").await;
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::TlsCertificateChanged);
    let c = r.certificate.expect("the new certificate is shown");
    assert_eq!(c.sha256, leaf);
    assert!(!c.pinned && !c.trusted);

    // 4. A wrong password through the relay is still the server's answer.
    let mut bad = pinned.clone();
    bad.password = Secret::new("not-the-password");
    assert_eq!(Db::open_mysql(&bad).await.err().unwrap().code, ErrorCode::DbAuthFailed);
}

async fn futures_join(pool: &sqlx::MySqlPool) -> usize {
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pool.acquire().await.expect("a pooled connection through the relay"));
    }
    for c in &mut held {
        let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&mut **c).await.unwrap();
        assert_eq!(one, 1);
    }
    held.len()
}

#[tokio::test]
async fn trust_certificate_pins_the_profiles_server_and_target_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::new(dir.path().join("connections.json"), Arc::new(MemoryStore::new()));
    let input: ConnectionProfileInput = serde_json::from_value(serde_json::json!({
        "Name": "prod", "Host": "DB.Example.com", "Port": 3307, "Database": "hes", "User": "hes",
        "Tls": "VerifyIdentity", "Password": "pw"
    }))
    .unwrap();
    profiles.save(None, input).unwrap();
    assert_eq!(profiles.target("prod", None).unwrap().pin, None);
    let e = profiles.trust_certificate("prod", "not-a-sha").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let pin = profiles.trust_certificate("prod", &"cd".repeat(32)).unwrap();
    assert_eq!(pin, ["CD"; 32].join(":"));
    let t = profiles.target("prod", None).unwrap();
    assert_eq!(t.pin.as_deref(), Some(pin.as_str()));
    assert!(t.uses_pin());
    let stored = std::fs::read_to_string(dir.path().join("pins.json")).unwrap();
    assert!(stored.contains("mysql://db.example.com:3307"), "{stored}");
    // A form's values (Test before saving) find the same pin.
    let profile = profiles.get("prod").unwrap();
    assert_eq!(profiles.pin_for(&profile), Some(pin));
    assert_eq!(target_of(&profile, Secret::new("x")).pin, None, "target_of alone knows no pins");
}

/// A scripted MySQL server with its own self-signed certificate: it sends a handshake offering
/// TLS, takes the SSLRequest, completes TLS if the client does, and counts what arrives after.
#[tokio::test]
async fn the_relay_sends_nothing_to_a_server_whose_certificate_is_not_the_pinned_one() {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let der = cert.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![der.clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls_done = Arc::new(AtomicUsize::new(0));
    let got_data = Arc::new(AtomicBool::new(false));
    let got_request = Arc::new(AtomicUsize::new(0));
    {
        let (tls_done, got_data, got_request) = (tls_done.clone(), got_data.clone(), got_request.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut s, _)) = listener.accept().await else { return };
                let (acceptor, tls_done, got_data, got_request) =
                    (acceptor.clone(), tls_done.clone(), got_data.clone(), got_request.clone());
                tokio::spawn(async move {
                    s.write_all(&handshake_packet()).await.unwrap();
                    let mut header = [0u8; 4];
                    if s.read_exact(&mut header).await.is_err() {
                        return;
                    }
                    let mut body = vec![0u8; usize::from(header[0])];
                    s.read_exact(&mut body).await.unwrap();
                    assert_eq!((header[3], body.len()), (1, 32), "an SSLRequest, nothing more");
                    got_request.fetch_add(1, Ordering::SeqCst);
                    if let Ok(mut tls) = acceptor.accept(s).await {
                        tls_done.fetch_add(1, Ordering::SeqCst);
                        let mut buf = [0u8; 64];
                        if matches!(tls.read(&mut buf).await, Ok(n) if n > 0) {
                            got_data.store(true, Ordering::SeqCst);
                        }
                    }
                });
            }
        });
    }
    let profile =
        hes_core::connections::parse_mysql_url(&format!("mysql://hes@127.0.0.1:{port}/hes?ssl-mode=VERIFY_IDENTITY"))
            .unwrap();
    let mut t = target_of(&profile, Secret::new("the-password-Xy7"));
    t.timeout = Duration::from_secs(5);
    t.pin = Some("AB".repeat(32));
    let Err(e) = Db::open_mysql(&t).await else { panic!("refused") };
    assert_eq!(e.code, ErrorCode::TlsCertificateChanged, "{e:?}");
    assert!(e.message.contains(&colon_hex(der.as_ref())), "{}", e.message);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(got_request.load(Ordering::SeqCst) >= 1, "the relay asked for TLS");
    assert_eq!(tls_done.load(Ordering::SeqCst), 0, "the TLS handshake was not completed");
    assert!(!got_data.load(Ordering::SeqCst), "nothing was sent to the server");

    // The same server, pinned to its real certificate: the TLS handshake completes (then the
    // scripted server has nothing more to say).
    t.pin = Some(colon_hex(der.as_ref()));
    let _ = Db::open_mysql(&t).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(tls_done.load(Ordering::SeqCst) >= 1, "with the right pin, TLS completes");
}

/// A MariaDB-like initial handshake (protocol 10) offering CLIENT_SSL.
fn handshake_packet() -> Vec<u8> {
    let mut p = vec![10u8];
    p.extend_from_slice(b"11.4.2-MariaDB\0");
    p.extend_from_slice(&7u32.to_le_bytes());
    p.extend_from_slice(b"abcdefgh");
    p.push(0);
    let caps: u32 = 0x0000_0200 | 0x0000_0800 | 0x0000_8000 | 0x0008_0000 | 0x0000_0008 | 0x0000_0001;
    p.extend_from_slice(&(caps as u16).to_le_bytes());
    p.push(45);
    p.extend_from_slice(&2u16.to_le_bytes());
    p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
    p.push(21);
    p.extend_from_slice(&[0u8; 10]);
    p.extend_from_slice(b"ijklmnopqrst\0");
    p.extend_from_slice(b"mysql_native_password\0");
    let mut out = (p.len() as u32).to_le_bytes()[..3].to_vec();
    out.push(0);
    out.extend_from_slice(&p);
    out
}
