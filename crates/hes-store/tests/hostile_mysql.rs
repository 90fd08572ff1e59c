//! A hostile or broken server on the database port. A tiny fake MySQL server (std threads, one
//! script per test) answers the login with crafted packets. Findings (sqlx-mysql 0.8.6):
//! - a lone `0x01` after the client's handshake response makes `caching_sha2_password` read
//!   `packet[1]`: index out of bounds, a panic;
//! - an initial handshake cut off after the server version makes `Buf::get_u32_le` panic.
//!
//! With the release profile's old `panic = "abort"` either closed the app. The console now runs
//! every login on a task of its own (hes_store::guard) and gets `DbUnreachable` back.

use hes_core::connections::parse_mysql_url;
use hes_core::error::ErrorCode;
use hes_core::Secret;
use hes_store::profiles::target_of;
use hes_store::{Console, MySqlTarget};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

#[derive(Clone, Copy)]
enum Script {
    /// A valid handshake (caching_sha2_password), then a lone `0x01` as the auth result.
    LoneAuthByte,
    /// An initial handshake that ends right after the server version.
    TruncatedHandshake,
    /// A valid handshake, then an ERR packet "access denied": a well-formed refusal.
    AccessDenied,
}

fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut p = vec![len as u8, (len >> 8) as u8, (len >> 16) as u8, seq];
    p.extend_from_slice(payload);
    p
}

/// Protocol::HandshakeV10 as MySQL 8 sends it (no TLS offered, caching_sha2_password).
fn handshake_v10() -> Vec<u8> {
    // LONG_PASSWORD | CONNECT_WITH_DB | PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH
    let caps: u32 = 0x1 | 0x8 | 0x200 | 0x8000 | 0x8_0000;
    let mut p = vec![0x0a];
    p.extend_from_slice(b"8.0.36\0");
    p.extend_from_slice(&7u32.to_le_bytes()); // connection id
    p.extend_from_slice(b"abcdefgh"); // auth-plugin-data part 1
    p.push(0); // filler
    p.extend_from_slice(&(caps as u16).to_le_bytes());
    p.push(0xff); // utf8mb4_0900_ai_ci
    p.extend_from_slice(&2u16.to_le_bytes()); // status: autocommit
    p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
    p.push(21); // auth-plugin-data length
    p.extend_from_slice(&[0; 10]); // reserved
    p.extend_from_slice(b"ijklmnopqrst\0"); // auth-plugin-data part 2 (12 + NUL)
    p.extend_from_slice(b"caching_sha2_password\0");
    p
}

fn read_packet(s: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = [0u8; 4];
    s.read_exact(&mut head)?;
    let len = usize::from(head[0]) | usize::from(head[1]) << 8 | usize::from(head[2]) << 16;
    let mut body = vec![0; len];
    s.read_exact(&mut body)?;
    Ok(body)
}

fn answer(mut s: TcpStream, script: Script) -> std::io::Result<()> {
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    match script {
        Script::TruncatedHandshake => s.write_all(&packet(0, b"\x0a8.0.36\0"))?,
        Script::LoneAuthByte | Script::AccessDenied => {
            s.write_all(&packet(0, &handshake_v10()))?;
            let _response = read_packet(&mut s)?;
            let reply: Vec<u8> = match script {
                Script::LoneAuthByte => vec![0x01],
                _ => [&[0xff, 0x15, 0x04][..], b"#28000Access denied for user 'hes'@'localhost' (using password: YES)"]
                    .concat(),
            };
            s.write_all(&packet(2, &reply))?;
        }
    }
    // Hold the socket a moment so the client reads the reply before seeing EOF.
    std::thread::sleep(Duration::from_millis(200));
    Ok(())
}

/// A fake server on 127.0.0.1 answering every connection with `script`; returns its port.
fn serve(script: Script) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            std::thread::spawn(move || answer(conn, script));
        }
    });
    port
}

fn target(port: u16) -> MySqlTarget {
    let profile = parse_mysql_url(&format!("mysql://hes@127.0.0.1:{port}/hes?ssl-mode=DISABLED")).unwrap();
    let mut t = target_of(&profile, Secret::new("a-password"));
    t.timeout = Duration::from_secs(5);
    t
}

/// Proves the upstream bug: sqlx's own connect panics (caught here by tokio's JoinHandle). If
/// this starts failing, sqlx-mysql was fixed and returns an error itself; the guard stays harmless.
#[tokio::test]
async fn sqlx_mysql_itself_panics_on_these_packets() {
    for script in [Script::LoneAuthByte, Script::TruncatedHandshake] {
        let opts = target(serve(script)).connect_options().unwrap();
        let joined = tokio::spawn(async move { sqlx::ConnectOptions::connect(&opts).await.map(|_| ()) }).await;
        assert!(joined.as_ref().is_err_and(|e| e.is_panic()), "expected a panic inside sqlx-mysql, got {joined:?}");
    }
}

#[tokio::test]
async fn open_mysql_turns_a_lone_0x01_auth_packet_into_an_error() {
    let t = target(serve(Script::LoneAuthByte));
    let e = Console::open_mysql(&t, "hostile").await.err().expect("an error, not a panic");
    assert_eq!(e.code, ErrorCode::DbUnreachable, "{e:?}");
    assert!(e.message.contains("malformed handshake"), "{}", e.message);
    assert!(!format!("{e:?}").contains("a-password"));
    // The caller's task and runtime are fine: the same call again gets the same answer.
    let again = Console::open_mysql(&t, "hostile").await.err().unwrap();
    assert_eq!(again.code, ErrorCode::DbUnreachable);
}

#[tokio::test]
async fn open_mysql_turns_a_truncated_handshake_into_an_error() {
    let t = target(serve(Script::TruncatedHandshake));
    let e = Console::open_mysql(&t, "hostile").await.err().expect("an error, not a panic");
    assert_eq!(e.code, ErrorCode::DbUnreachable, "{e:?}");
    assert!(e.message.contains("malformed handshake"), "{}", e.message);
}

/// The fake server speaks valid MySQL up to the reply: a real refusal is reported as such.
#[tokio::test]
async fn a_well_formed_refusal_is_still_reported_as_a_login_failure() {
    let t = target(serve(Script::AccessDenied));
    let e = Console::open_mysql(&t, "fake").await.err().unwrap();
    assert_eq!(e.code, ErrorCode::DbAuthFailed, "{e:?}");
}

/// A panic anywhere else must end only its task: the release profile unwinds (see Cargo.toml).
#[test]
fn the_release_profile_unwinds() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml")).unwrap();
    let release = manifest.split("[profile.release]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(release.contains("panic = \"unwind\""), "{release}");
    assert!(!release.contains("panic = \"abort\""), "{release}");
}
