//! `hesctl protect audit|now|recover` on the MariaDB peer after HES enabled and then re-keyed Data
//! Protection (done to the database as HES's DataProtectionService does it: a new params row,
//! only HES's own three rows re-encrypted, the old row deleted).

use hes_test_support::cli::PeerCli;
use hes_test_support::hes_dp;
use hes_test_support::mysql::SCHEMA;
use serde_json::Value;

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SMTP_PW: &str = "smtp-Pa55word-q7";
const DP_PW: &str = "first-dp-password";
const DP_PW_2: &str = "second-dp-password";

fn email_password(db: &PeerCli) -> String {
    let raw: String = db
        .rt
        .block_on(sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'email'").fetch_one(&db.scratch.raw))
        .unwrap();
    serde_json::from_str::<Value>(&raw).unwrap()["Password"].as_str().unwrap().to_string()
}

#[test]
fn audit_reports_what_hes_left_behind_and_now_and_recover_repair_it() {
    let Some(db) = PeerCli::new(env!("CARGO_BIN_EXE_hesctl"), &[SCHEMA, SEED_PLAIN]) else { return };

    let email = format!(
        r#"{{"Host":"smtp.example.com","Port":587,"UserName":"hes","Password":"{SMTP_PW}","From":"hes@example.com"}}"#
    );
    db.run(&["settings", "set", "email", "-"], Some(&email), &[]).ok();
    let clean = db.run(&["protect", "audit"], None, &[]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);

    // HES enables Data Protection: the e-mail password stays plaintext.
    let first = db.rt.block_on(hes_dp::enable(&db.scratch.raw, DP_PW));
    let out = db.run(&["--json", "protect", "audit"], None, &[]);
    assert_eq!(out.code, 12, "needs attention: {}", out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(v["DataProtection"], "locked");
    assert_eq!(v["Findings"][0]["Section"], "email");
    assert_eq!(v["Findings"][0]["Health"], "Unprotected");
    assert_eq!(v["Findings"][0]["Repair"], "ProtectNow");
    let text = db.run(&["protect", "audit"], None, &[]);
    assert!(text.stdout.contains("email.Password: The stored SMTP password is stored unprotected"), "{}", text.stdout);

    // Diagnostics' Data Protection check says the same, field by field (no network needed).
    let out = db.run(&["--json", "check", "dataprotection"], None, &[]);
    assert_eq!(out.code, 11, "a failing check: {}", out.stderr);
    assert!(
        out.stdout.contains("SecretsNeedAttention") && out.stdout.contains("email SMTP password"),
        "{}",
        out.stdout
    );

    // Protect now needs the current password; then the value is encrypted under its key.
    assert_eq!(db.run(&["--json", "protect", "now"], None, &[]).last_error_code(), (8, "DataProtectionLocked".into()));
    let out = db.run(&["protect", "now"], None, &[("HESCTL_DP_PASSWORD", DP_PW)]).ok();
    assert!(out.stdout.contains("protected 1 secret"), "{}", out.stdout);
    assert_eq!(hes_core::protect::peek_key_id(&email_password(&db)).unwrap(), first);
    assert_eq!(db.run(&["protect", "audit"], None, &[]).code, 0);

    // HES changes the password: the e-mail password is under a replaced key.
    let second = db.rt.block_on(hes_dp::change_password(&db.scratch.raw, DP_PW, DP_PW_2));
    let out = db.run(&["--json", "protect", "audit"], None, &[]);
    assert_eq!(out.code, 12);
    let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(v["Findings"][0]["Health"], "StaleKey");
    assert_eq!(v["Findings"][0]["KeyId"], first);
    assert_eq!(v["Findings"][0]["Repair"], "RecoverWithOldPassword", "hesctl saved key {first}'s params");
    // The old password from the next line of standard input.
    let out = db.run(&["protect", "recover"], Some(&format!("{DP_PW}\n")), &[("HESCTL_DP_PASSWORD", DP_PW_2)]).ok();
    assert!(out.stdout.contains("recovered 1 secret"), "{}", out.stdout);
    assert_eq!(hes_core::protect::peek_key_id(&email_password(&db)).unwrap(), second);
    assert_eq!(db.run(&["protect", "audit"], None, &[]).code, 0);

    db.assert_never_printed(&[SMTP_PW, DP_PW, DP_PW_2]);
}
