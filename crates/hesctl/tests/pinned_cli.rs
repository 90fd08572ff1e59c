//! Issue 11: `hesctl connections test` shows a database certificate the console does not trust
//! (subject, issuer, validity, SHA-256, code TlsUntrustedCertificate); `connections
//! trust-certificate NAME SHA256` pins it for the profile's server; the next test passes through
//! the pinned path; a different pin is refused with TlsCertificateChanged. On the MariaDB peer,
//! reached with verify-identity and no CA file (its test CA is then unknown).

use hes_test_support::cli::{self, Out};
use hes_test_support::mysql::{MySqlPeer, ScratchDb};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");

fn hesctl(cfg: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Out {
    let cfg = cfg.to_str().expect("a UTF-8 temp path");
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &cli::config_env(cfg))
}

#[test]
fn test_shows_the_certificate_trust_pins_it_and_a_changed_pin_is_refused() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = rt.block_on(ScratchDb::create(&peer, &[SCHEMA, SEED_PLAIN]));
    let cfg = tempfile::tempdir().unwrap();
    let cfg = cfg.path();
    let name = format!("pinned-{}", std::process::id());
    let add = peer.add_profile_args(&name, &db.name, &peer.host, &["--tls", "verify-identity"]);
    hesctl(cfg, &add.iter().map(String::as_str).collect::<Vec<_>>(), None).ok();
    let password = format!("{}\n", peer.user.1);
    let test = |json: bool| {
        let mut args = vec!["--password-stdin", "connections", "test", &name];
        if json {
            args.insert(0, "--json");
        }
        hesctl(cfg, &args, Some(&password))
    };

    // Untrusted: the certificate is in the result, and the plain output says how to trust it.
    let out = test(true);
    assert_ne!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON result");
    assert_eq!(v["Error"]["code"], "TlsUntrustedCertificate", "{v}");
    let c = &v["Certificate"];
    let sha = c["Sha256"].as_str().expect("the certificate's SHA-256").to_string();
    assert_eq!(sha.len(), 95);
    assert!(c["Subject"].as_str().unwrap().contains("localhost"), "{c}");
    assert!(c["Issuer"].as_str().unwrap().contains("HES Console test CA"), "{c}");
    assert!(c["NotAfter"].as_str().is_some() && c["Trusted"] == false && c["Pinned"] == false, "{c}");
    let out = test(false);
    assert!(out.stdout.contains(&sha) && out.stdout.contains("trust-certificate"), "{}", out.stdout);

    // Trusted by its pin: the test passes.
    let out =
        hesctl(cfg, &["connections", "trust-certificate", &name, &sha.replace(':', "").to_lowercase()], None).ok();
    assert!(out.stdout.contains(&sha), "{}", out.stdout);
    let out = test(true);
    assert_eq!(out.code, 0, "{} {}", out.stdout, out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["Ok"], true);
    assert_eq!(v["Certificate"]["Pinned"], true);

    // Another pin (as if the server's certificate had changed): refused, never re-trusted.
    hesctl(cfg, &["connections", "trust-certificate", &name, &"ab".repeat(32)], None).ok();
    let out = test(true);
    assert_ne!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["Error"]["code"], "TlsCertificateChanged", "{v}");
    assert_eq!(v["Certificate"]["Sha256"], sha.as_str());
    // A malformed SHA-256 is a usage error, and changes nothing.
    let out = hesctl(cfg, &["--json", "connections", "trust-certificate", &name, "abc"], None);
    assert_eq!(out.error_code().1, "Validation");
    assert!(!out.stdout.contains(&peer.user.1) && !out.stderr.contains(&peer.user.1));
    drop(db);
}
