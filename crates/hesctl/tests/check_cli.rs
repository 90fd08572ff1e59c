//! `hesctl check` against the project's protocol stubs: it reads the stored settings, decrypts the
//! secrets for the call, reports each step, exits 0 only when every check passed, and never
//! prints a secret.

use hes_stubs::{hec, licensing};
use std::io::Write;
use std::process::{Command, Stdio};

fn hesctl(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hesctl"))
        .args(args)
        .env("HESCTL_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
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
