//! `hesctl check` against the project's protocol stubs: it reads the stored settings, decrypts the
//! secrets for the call, reports each step, exits 0 only when every check passed, and never
//! prints a secret.

use hes_stubs::{hec, licensing};
use hes_test_support::mysql::MySqlPeer;
use hes_test_support::{cli, peer_env};

fn hesctl(args: &[&str], stdin: &str) -> (i32, String, String) {
    // No saved connections: `check` would otherwise also check the developer's own profiles.
    let empty = std::env::temp_dir().join(format!("hesctl-check-cli-{}", std::process::id()));
    let envs = [("HESCTL_LOG", Some("trace")), ("HES_CONSOLE_CONFIG_DIR", empty.to_str())];
    let out = cli::run(env!("CARGO_BIN_EXE_hesctl"), args, Some(stdin), &envs);
    (out.code, out.stdout, out.stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn splunk_and_licensing_checks_report_steps_and_exit_codes() {
    let (hec_addr, _hec) = hec::start(hec::HecConfig::standard()).await.unwrap();
    let good_key = "LICCANARY-good-7f3a";
    let cfg = licensing::LicensingConfig::new().key(good_key, licensing::KeyAnswer::Good(3));
    let (lic_addr, _lic) = licensing::start(cfg).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();

    let splunk = format!(r#"{{"Host":"http://{hec_addr}","Token":"{}"}}"#, hec::VALID_TOKEN);
    assert_eq!(hesctl(&["--db", db, "settings", "set", "splunk", "-"], &splunk).0, 0);
    let lic = format!(r#"{{"ApiKey":"{good_key}","ApiAddress":"http://{lic_addr}"}}"#);
    assert_eq!(hesctl(&["--db", db, "settings", "set", "licensing", "-"], &lic).0, 0);

    let (code, out, err) = hesctl(&["--db", db, "--json", "check"], "");
    assert_eq!(code, 0, "every check passes (plain http only warns): {out}{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    let checks: Vec<&str> = reports.as_array().unwrap().iter().map(|r| r["Check"].as_str().unwrap()).collect();
    assert_eq!(checks, ["splunk", "licensing"]);
    assert!(
        reports[0]["Steps"].as_array().unwrap().iter().any(|s| s["Name"] == "Test event" && s["Status"] == "ok"),
        "{out}"
    );
    for leak in [good_key, hec::VALID_TOKEN] {
        assert!(!out.contains(leak) && !err.contains(leak), "secret {leak} printed");
    }

    // A disabled token: the check fails with HEC's reason, and hesctl exits 11.
    let splunk = format!(r#"{{"Host":"http://{hec_addr}","Token":"{}"}}"#, hec::DISABLED_TOKEN);
    assert_eq!(hesctl(&["--db", db, "settings", "set", "splunk", "-"], &splunk).0, 0);
    let (code, out, err) = hesctl(&["--db", db, "check", "splunk"], "");
    assert_eq!(code, 11, "{out}{err}");
    assert!(out.to_lowercase().contains("disabled"), "{out}");
    assert!(!out.contains(hec::DISABLED_TOKEN) && !err.contains(hec::DISABLED_TOKEN));

    let (code, _, err) = hesctl(&["--db", db, "check", "smtp-nope"], "");
    assert_eq!(code, 2, "{err}");
}

/// `hesctl` with an isolated config dir (profiles, pins) and the test CA trusted for the checks.
fn hesctl_env(cfg: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    hesctl_ca(cfg, args, stdin, true)
}

fn hesctl_ca(cfg: &std::path::Path, args: &[&str], stdin: &str, trust_test_ca: bool) -> (i32, String, String) {
    let cfg = cfg.to_str().expect("a UTF-8 temp path");
    let ca = std::env::var("HES_TEST_CA").ok().filter(|_| trust_test_ca);
    let envs =
        [&cli::config_env(cfg)[..], &[("HESCTL_LOG", Some("trace")), ("HES_CHECKS_CA_FILE", ca.as_deref())]].concat();
    let out = cli::run(env!("CARGO_BIN_EXE_hesctl"), args, Some(stdin), &envs);
    (out.code, out.stdout, out.stderr)
}

#[test]
fn smtp_check_sends_a_test_mail_and_names_a_wrong_password() {
    let Some(host) = peer_env("HES_SMTP_HOST") else { return };
    let port = std::env::var("HES_SMTP_STARTTLS_PORT").unwrap();
    let user = std::env::var("HES_SMTP_USER").unwrap();
    let password = std::env::var("HES_SMTP_PASSWORD").unwrap();
    let spool = std::path::PathBuf::from(std::env::var("HES_SMTP_SPOOL").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let cfg = dir.path().join("cfg");
    let email = format!(
        r#"{{"Host":"{host}","Port":{port},"Security":"StartTls","UserName":"{user}","Password":"{password}","From":"hes@hes.test"}}"#
    );
    assert_eq!(hesctl_env(&cfg, &["--db", db, "settings", "set", "email", "-"], &email).0, 0);

    let to = format!("cli-{}@hes.test", std::process::id());
    let (code, out, err) = hesctl_env(&cfg, &["--db", db, "check", "smtp", "--send-test-to", &to], "");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Send") && out.contains("queued"), "{out}");
    let delivered = std::fs::read_dir(&spool)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .any(|t| t.contains(&to) && t.contains("HES Console test e-mail"));
    assert!(delivered, "the test e-mail to {to} is not in {}", spool.display());
    assert!(!out.contains(&password) && !err.contains(&password), "password printed");

    let wrong = email.replace(&password, "SMTPCANARY-wrong-5d1e");
    assert_eq!(hesctl_env(&cfg, &["--db", db, "settings", "set", "email", "-"], &wrong).0, 0);
    let (code, out, err) = hesctl_env(&cfg, &["--db", db, "--json", "check", "smtp"], "");
    assert_eq!(code, 11, "{out}{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(reports[0]["Code"], "SmtpAuthFailed", "{out}");
    assert!(!out.contains("SMTPCANARY") && !err.contains("SMTPCANARY"), "password printed: {out}{err}");
}

#[test]
fn db_check_runs_per_saved_profile_without_opening_a_workspace() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let password = peer.user.1.clone();
    let ca = peer.ca.display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let name = format!("chk-{}", std::process::id());
    let more = ["--tls", "verify-identity", "--ca-file", &ca, "--password-stdin"];
    let add = peer.add_profile_args(&name, "hes_plain", &peer.host, &more);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    let (code, out, err) = hesctl_env(&cfg, &add, &format!("{password}\n"));
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = hesctl_env(&cfg, &["--json", "check", "db", &name], "");
    // Whatever happens, the profile's keychain entry goes again.
    let _ = hesctl_env(&cfg, &["connections", "remove", &name], "");
    assert_eq!(code, 0, "{out}{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(reports[0]["Check"], "database");
    let steps: Vec<_> = reports[0]["Steps"].as_array().unwrap().iter().map(|s| s["Name"].as_str().unwrap()).collect();
    assert_eq!(steps, ["DNS", "TCP", "Login", "HES version", "Grants"]);
    assert!(!out.contains(&password) && !err.contains(&password));

    let (code, _, err) = hesctl_env(&cfg, &["--json", "check", "db", "no-such-profile"], "");
    assert_eq!(code, 11, "{err}");
}

#[test]
fn ad_check_binds_as_hes_pins_an_untrusted_certificate_and_names_a_wrong_password() {
    let Some(domain) = peer_env("HES_AD_DOMAIN") else { return };
    let server = std::env::var("HES_AD_HOST").unwrap();
    let user = std::env::var("HES_AD_USER").unwrap();
    let password = std::env::var("HES_AD_PASSWORD").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let cfg = dir.path().join("cfg");
    let set = |pw: &str| {
        let json = format!(r#"{{"Host":"{domain}","UserName":"{user}","Password":"{pw}","MaxPasswordAge":28}}"#);
        assert_eq!(hesctl_env(&cfg, &["--db", db, "settings", "set", "domain", "-"], &json).0, 0);
    };
    set(&password);
    let args = ["--db", db, "--json", "check", "ad", domain.as_str(), "--server", server.as_str()];

    let (code, out, err) = hesctl_env(&cfg, &args, "");
    assert_eq!(code, 0, "{out}{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r[0]["Check"], "ad");
    // "CA": the extra CA of HES_CHECKS_CA_FILE was loaded.
    let names: Vec<_> = r[0]["Steps"].as_array().unwrap().iter().map(|s| s["Name"].as_str().unwrap()).collect();
    assert!(names.starts_with(&["CA", "DNS", "TCP", "TLS", "Bind"]), "{names:?}");
    assert!(names.contains(&"Members"), "{names:?}");

    // Without the test CA the certificate is untrusted; pinning its SHA-256 makes it pass.
    let (code, out, _) = hesctl_ca(&cfg, &args, "", false);
    assert_eq!(code, 11, "{out}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r[0]["Code"], "TlsUntrustedCertificate", "{out}");
    let sha = r[0]["Certificate"]["Sha256"].as_str().expect("the certificate is shown").to_string();
    let mut pinned = args.to_vec();
    pinned.extend(["--trust-certificate", sha.as_str()]);
    let (code, out, err) = hesctl_ca(&cfg, &pinned, "", false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("Trusting the certificate"), "{err}");
    let (code, out, _) = hesctl_ca(&cfg, &args, "", false);
    assert_eq!(code, 0, "the pin is remembered: {out}");

    set("ADCANARY-wrong-77e1");
    let (code, out, err) = hesctl_env(&cfg, &args, "");
    assert_eq!(code, 11, "{out}{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r[0]["Code"], "LdapInvalidCredentials", "{out}");
    assert!(!out.contains("ADCANARY") && !err.contains("ADCANARY"), "password printed: {out}{err}");
    assert!(!out.contains(&password) && !err.contains(&password));
}
