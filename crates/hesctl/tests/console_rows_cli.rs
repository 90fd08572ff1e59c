//! `hesctl settings show` says, per section, whether HES reads it (text: a sentence under each
//! section; JSON: `HesReads` and `Workspace.Support[].HesReads/Note`); the console's own rows carry
//! `ConsoleFormat`, and one of a newer format is refused for writing with its stable code.

use hes_test_support::cli::{self, Out};
use serde_json::Value;
use std::path::Path;

const NOT_READ: &str = "HES 3.8.4 does not read this setting, and no HES release is known to: the console keeps it \
                        in its own row, in a format documented in docs/console-rows.md.";

fn ctl(db: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let db = db.to_str().expect("a UTF-8 temp path");
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &[&["--db", db], args].concat(), stdin, &[])
}

/// The lines of one `[section]` of the text output.
fn section<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let head = format!("[{name}]");
    text.lines().skip_while(|l| *l != head).skip(1).take_while(|l| !l.is_empty()).map(str::trim).collect()
}

#[test]
fn settings_show_says_what_hes_reads_per_section() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let out = ctl(&db, &["settings", "show"], None).ok();
    let text = &out.stdout;
    for s in ["fido", "oidc", "email", "customization"] {
        assert_eq!(section(text, s).first().copied(), Some(NOT_READ), "[{s}]\n{text}");
    }
    assert_eq!(
        section(text, "licensing")[0],
        "HES 3.8.4 reads this setting on each use: a change takes effect at once."
    );
    assert_eq!(
        section(text, "splunk")[0],
        "HES 3.8.4 reads this setting at start-up: a change takes effect after HES restarts."
    );
    let domains = section(text, "domains");
    assert!(domains[0].starts_with("Primary on-premises domain ('domain'): HES 3.8.4 reads this setting"), "{text}");
    assert_eq!(domains[1], format!("Further domains and Azure AD ('domains'): {NOT_READ}"));
    assert!(!text.contains("stored for newer"), "{text}");

    let v = ctl(&db, &["--json", "settings", "show"], None).ok().json();
    let reads = v["HesReads"].as_object().unwrap();
    let want = [
        ("licensing", true),
        ("domain", true),
        ("domains", false),
        ("splunk", true),
        ("fido", false),
        ("oidc", false),
        ("email", false),
        ("customization", false),
        ("saml", true),
    ];
    assert_eq!(reads.len(), want.len(), "{v}");
    for (k, r) in want {
        assert_eq!(reads[k], r, "{k}");
    }
    let support = v["Workspace"]["Support"].as_array().unwrap();
    let email = support.iter().find(|s| s["Key"] == "email").unwrap();
    assert_eq!((email["HesReads"].as_bool(), email["ConsoleRow"].as_bool()), (Some(false), Some(true)));
    assert_eq!(email["Note"], NOT_READ);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_console_row_of_a_newer_format_is_refused_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    ctl(&db, &["settings", "set", "fido", "-"], Some(r#"{"AllowPlatformAuthenticators":true}"#)).ok();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display())).await.unwrap();
    let stored: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'fido'").fetch_one(&raw).await.unwrap();
    assert!(stored.starts_with(r#"{"ConsoleFormat":1,"#), "{stored}");

    let newer = r#"{"ConsoleFormat":2,"AllowPlatformAuthenticators":true,"Passkeys":"required"}"#;
    sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = 'fido'").bind(newer).execute(&raw).await.unwrap();
    let shown = ctl(&db, &["--json", "settings", "show"], None).ok().json();
    assert_eq!(shown["Settings"]["Fido"]["AllowPlatformAuthenticators"], true, "read stays possible");
    let out = ctl(&db, &["--json", "settings", "set", "fido", "-"], Some(r#"{"AllowPlatformAuthenticators":false}"#));
    let (code, e): (i32, Value) = out.coded_error();
    assert_eq!((code, e["code"].as_str()), (8, Some("ConsoleFormatNewer")), "{e}");
    let (code, e) = ctl(&db, &["--json", "settings", "delete", "fido"], None).coded_error();
    assert_eq!((code, e["code"].as_str()), (8, Some("ConsoleFormatNewer")));
    let after: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = 'fido'").fetch_one(&raw).await.unwrap();
    assert_eq!(after, newer, "nothing was written");
}
