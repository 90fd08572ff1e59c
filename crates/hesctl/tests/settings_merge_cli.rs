//! `hesctl settings set` is lossless: an absent field is kept (secret or not), `null` clears (a
//! field that cannot be empty returns to HES's default), `--replace` takes the JSON as the whole
//! section, and the output names the fields that changed.

use hes_test_support::cli::{self, Out};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    (dir, db)
}

fn set(db: &Path, section: &str, body: &Value, extra: &[&str]) -> Out {
    let mut args = vec!["--json", "--db", db.to_str().unwrap(), "settings", "set", section, "-"];
    args.extend_from_slice(extra);
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &args, Some(&body.to_string()), &[])
}

fn changed(out: &Out) -> Vec<String> {
    serde_json::from_value(out.json()["Changed"].clone()).unwrap()
}

fn settings(db: &Path) -> Value {
    let out = cli::run(
        env!("CARGO_BIN_EXE_hesctl"),
        &["--json", "--db", db.to_str().unwrap(), "settings", "show"],
        None,
        &[],
    );
    out.ok().json()["Settings"].clone()
}

#[test]
fn an_absent_plain_field_is_kept_like_an_absent_secret() {
    let (_dir, db) = workspace();
    let out = set(&db, "licensing", &json!({"ApiKey": "k1", "ApiAddress": "https://lic.example.com"}), &[]).ok();
    assert_eq!(changed(&out), ["ApiKey", "ApiAddress"]);
    // The issue's case: only the key is given; the custom address stays.
    let out = set(&db, "licensing", &json!({"ApiKey": "k2"}), &[]).ok();
    assert_eq!(changed(&out), ["ApiKey"]);
    assert_eq!(settings(&db)["Licensing"]["ApiAddress"], "https://lic.example.com");
    // Splunk the same way: an absent Host is kept, not refused.
    set(&db, "splunk", &json!({"Host": "https://splunk.example.com:8088", "Token": "t1"}), &[]).ok();
    let out = set(&db, "splunk", &json!({"Token": "t2"}), &[]).ok();
    assert_eq!(changed(&out), ["Token"]);
    assert_eq!(settings(&db)["Splunk"]["Host"], "https://splunk.example.com:8088");
    // E-mail: one field changes, the others stay.
    let email =
        json!({"Host": "smtp.example.com", "Port": 587, "From": "hes@example.com", "UserName": "u", "Password": "p"});
    set(&db, "email", &email, &[]).ok();
    let out = set(&db, "email", &json!({"Port": 465, "Security": "Tls"}), &[]).ok();
    assert_eq!(changed(&out), ["Port", "Security"]);
    let e = &settings(&db)["Email"];
    assert_eq!(
        (e["Host"].as_str(), e["From"].as_str(), e["Password"].as_str()),
        (Some("smtp.example.com"), Some("hes@example.com"), Some("stored"))
    );
    // Nothing given that differs: nothing changed, and the output says so.
    let text = cli::run(
        env!("CARGO_BIN_EXE_hesctl"),
        &["--db", db.to_str().unwrap(), "settings", "set", "licensing", "-"],
        Some(r#"{"ApiAddress":"https://lic.example.com"}"#),
        &[],
    )
    .ok();
    assert_eq!(text.stdout.trim(), "licensing saved (nothing changed)");
}

#[test]
fn null_clears_and_a_field_that_cannot_be_empty_returns_to_the_default() {
    let (_dir, db) = workspace();
    set(&db, "licensing", &json!({"ApiKey": "k1", "ApiAddress": "https://lic.example.com"}), &[]).ok();
    let out = set(&db, "licensing", &json!({"ApiAddress": null}), &[]).ok();
    assert_eq!(changed(&out), ["ApiAddress"]);
    assert_eq!(settings(&db)["Licensing"], json!({"ApiKey": "stored", "ApiAddress": "https://hls.hideez.com"}));
    // A required field cannot be cleared: Validation, nothing written.
    set(&db, "splunk", &json!({"Host": "https://splunk.example.com:8088", "Token": "t1"}), &[]).ok();
    let out = set(&db, "splunk", &json!({"Host": null}), &[]);
    assert_eq!((out.code, out.error()["field"].as_str()), (3, Some("Host")));
    assert_eq!(settings(&db)["Splunk"]["Host"], "https://splunk.example.com:8088");
}

#[test]
fn replace_takes_the_json_as_the_whole_section() {
    let (_dir, db) = workspace();
    set(&db, "licensing", &json!({"ApiKey": "k1", "ApiAddress": "https://lic.example.com"}), &[]).ok();
    let out = set(&db, "licensing", &json!({"ApiKey": "k2"}), &["--replace"]).ok();
    assert_eq!(changed(&out), ["ApiKey", "ApiAddress"]);
    assert_eq!(settings(&db)["Licensing"]["ApiAddress"], "https://hls.hideez.com");
}

#[test]
fn list_items_merge_by_id_and_the_output_names_item_fields() {
    let (_dir, db) = workspace();
    let entra = json!({"Id": "entra", "Type": "AzureAd", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B, "ClientSecret": "cs-1"});
    let out = set(&db, "domains", &json!([entra]), &[]).ok();
    assert_eq!(changed(&out), ["entra"]);
    let out = set(&db, "domains", &json!([{"Id": "entra", "Name": "Entra 2"}]), &[]).ok();
    assert_eq!(changed(&out), ["entra.Name"]);
    let d = &settings(&db)["Domains"][0];
    assert_eq!(
        (d["Name"].as_str(), d["TenantId"].as_str(), d["ClientSecret"].as_str()),
        (Some("Entra 2"), Some(GUID_A), Some("stored"))
    );
    // The primary domain: one field.
    set(
        &db,
        "domain",
        &json!({"Host": "corp.example.com", "UserName": "svc", "Password": "pw", "MaxPasswordAge": 60}),
        &[],
    )
    .ok();
    let out = set(&db, "domain", &json!({"UserName": "svc2"}), &[]).ok();
    assert_eq!(changed(&out), ["UserName"]);
    let p = &settings(&db)["Domains"][0];
    assert_eq!((p["Host"].as_str(), p["MaxPasswordAge"].as_i64()), (Some("corp.example.com"), Some(60)));
}
