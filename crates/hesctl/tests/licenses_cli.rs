//! `hesctl licenses import|summary` on a workspace: file and licensing-server (stub) imports,
//! dry run vs apply, a second import adds nothing, the CSV report, document errors and HTTP
//! errors with their exit codes, and the API key in no output (logs at trace level included).

use hes_stubs::licensing::{self, KeyAnswer, LicensingConfig};
use hes_test_support::cli;
use serde_json::Value;
use std::path::PathBuf;

const KEY: &str = "LICCANARY-import-9d2e";

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/licenses").join(name).display().to_string()
}

fn hesctl(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = cli::run(env!("CARGO_BIN_EXE_hesctl"), args, Some(stdin), &[("HESCTL_LOG", Some("trace"))]);
    assert!(!out.stdout.contains(KEY) && !out.stderr.contains(KEY), "the API key was printed: {out:?}");
    (out.code, out.stdout, out.stderr)
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn news(v: &Value) -> Vec<u64> {
    v["Tables"].as_array().unwrap().iter().map(|t| t["New"].as_u64().unwrap()).collect()
}

#[test]
fn file_import_previews_applies_once_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let good = fixture("good.json");

    let (code, out, err) = hesctl(&["--db", db, "--json", "licenses", "import", "--file", &good, "--dry-run"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(news(&json(&out)), [1, 3, 3]);
    let (_, out, _) = hesctl(&["--db", db, "--json", "licenses", "summary"], "");
    assert_eq!(json(&out)["Vaults"], 0, "the dry run wrote nothing");

    let (code, out, err) = hesctl(&["--db", db, "--json", "licenses", "import", "--file", &good], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(news(&json(&out)["Applied"]), [1, 3, 3]);
    let (code, out, _) = hesctl(&["--db", db, "licenses", "import", "--file", &good], "");
    assert_eq!(code, 0);
    assert!(out.contains("Imported 0 row(s)"), "the second import adds nothing: {out}");

    let (_, out, _) = hesctl(&["--db", db, "--json", "licenses", "summary"], "");
    let s = json(&out);
    assert_eq!((s["Vaults"].as_u64(), s["Licenses"].as_u64()), (Some(3), Some(3)));
    assert_eq!(s["EndingByMonth"].as_array().unwrap().len(), 12);
    let (_, text, _) = hesctl(&["--db", db, "licenses", "summary"], "");
    assert!(text.starts_with("Vaults: 3"), "{text}");
}

/// The preview says what HES will do that the import does not: the status HES's next status
/// update sets on the new vaults (the import writes None, as HES's does), and the licenses HES's
/// own import would have skipped, with the reason — in text and in --json.
#[test]
fn preview_shows_the_status_hes_will_set_and_what_hes_would_skip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let end = "2099-01-01T00:00:00";
    let order = |id: &str| serde_json::json!({"Id": id, "ContactEmail": "a@example.com", "EndDate": end, "CreatedAt": "2026-01-01T00:00:00"});
    let dev = |id: &str| serde_json::json!({"DeviceId": id, "MAC": format!("M-{id}"), "Model": "ST104", "RFID": format!("R-{id}"), "Firmware": "3.4"});
    let lic =
        |o: &str, v: &str| serde_json::json!({"LicenseOrderId": o, "DeviceId": v, "EndDate": end, "Data": "AAEC"});
    let write = |name: &str, v: Value| {
        let p = dir.path().join(name);
        std::fs::write(&p, v.to_string()).unwrap();
        p.display().to_string()
    };
    let first = write(
        "first.json",
        serde_json::json!({"DevicesDto": [dev("V1"), dev("V2")], "LicenseOrdersDto": [order("A"), order("B")],
            "DeviceLicensesDto": [lic("A", "V1"), lic("B", "V2")]}),
    );
    let (code, out, err) = hesctl(&["--db", db, "licenses", "import", "--file", &first, "--dry-run"], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("New vaults are written with license status None, as HES's import writes them.")
            && out.contains("Expected status after HES's next status update (HES will set it and e-mail the admins): None 0, Valid 2,"),
        "{out}"
    );
    assert!(!out.contains("would skip"), "{out}");
    let (code, out, _) = hesctl(&["--db", db, "--json", "licenses", "import", "--file", &first], "");
    assert_eq!(code, 0);
    let applied = &json(&out)["Applied"];
    assert_eq!(applied["NewVaultsStatusAfterHesUpdate"][1], serde_json::json!({"Status": "Valid", "Count": 2}));
    assert_eq!(applied["HesWouldSkip"]["Count"], 0);

    // (B, V1) and (A, V2) are new pairs; HES's own import would skip both (ids across rows).
    let second = write(
        "second.json",
        serde_json::json!({"DevicesDto": [], "LicenseOrdersDto": [], "DeviceLicensesDto": [lic("B", "V1"), lic("A", "V2")]}),
    );
    let (code, out, err) = hesctl(&["--db", db, "licenses", "import", "--file", &second, "--dry-run"], "");
    assert_eq!(code, 0, "{err}");
    let skip = out
        .lines()
        .find(|l| l.starts_with("HES's own import would skip 2 of these license(s): "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(skip.contains("any vault"), "{skip}");
    assert!(out.contains("2 vault(s) already in the database get a new license (their rows stay as they are"), "{out}");
    let (code, out, _) = hesctl(&["--db", db, "--json", "licenses", "import", "--file", &second, "--dry-run"], "");
    assert_eq!(code, 0);
    let p = json(&out);
    assert_eq!((p["HesWouldSkip"]["Count"].as_u64(), p["ExistingVaultsLicensed"].as_u64()), (Some(2), Some(2)));
    assert!(p["HesWouldSkip"]["Reason"].as_str().unwrap().starts_with("HES's own import skips"), "{p}");
    assert_eq!(news(&p), [0, 0, 2], "the console imports both");
}

#[test]
fn rejections_are_listed_and_reported_and_bad_documents_fail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let report = dir.path().join("rejected.csv");
    let (code, out, err) = hesctl(
        &[
            "--db",
            db,
            "licenses",
            "import",
            "--file",
            &fixture("bad-fields.json"),
            "--dry-run",
            "--report",
            report.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Rejected: 14"), "{out}");
    assert!(out.contains("HardwareVaults[1]") && out.contains("TooLong DeviceId"), "{out}");
    assert!(out.contains("Dry run: nothing was written."));
    let csv = std::fs::read_to_string(&report).unwrap();
    assert_eq!(csv.lines().count(), 15, "a header and every rejection: {csv}");
    assert!(csv.starts_with("Table,Index,Key,Code,Field,Message,Record\n"));
    assert!(csv.contains("LicenseOrders,0,9a1e2f3c-1111-4a2b-8c3d-222233334444,BadStatus,OrderStatus,"), "{csv}");

    for (file, code_name) in [
        ("truncated.json", "DocumentTruncated"),
        ("html-error-page.json", "DocumentNotLicenses"),
        ("empty.json", "DocumentEmpty"),
    ] {
        let (code, out, err) = hesctl(&["--db", db, "--json", "licenses", "import", "--file", &fixture(file)], "");
        assert_eq!(code, 3, "{file}: {out}{err}");
        assert_eq!(json(err.lines().last().unwrap())["code"], code_name, "{file}");
    }
    let (code, _, err) =
        hesctl(&["--db", db, "licenses", "import", "--file", &fixture("good.json"), "--max-mb", "0"], "");
    assert_eq!(code, 3);
    assert!(err.contains("DocumentTooLarge"), "{err}");
    let (code, _, err) = hesctl(&["--db", db, "licenses", "import"], "");
    assert_eq!(code, 2, "--file or --from-server is required: {err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn from_server_uses_the_saved_key_and_never_prints_it() {
    let cfg = LicensingConfig::new()
        .key(KEY, KeyAnswer::Good(4))
        .key("empty-key", KeyAnswer::Empty)
        .key("rejected-key", KeyAnswer::Status(401))
        .key("broken-key", KeyAnswer::Status(500));
    let (addr, _stub) = licensing::start(cfg).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let db = db.to_str().unwrap();
    let set = |key: &str| {
        let v = format!(r#"{{"ApiKey":"{key}","ApiAddress":"http://{addr}"}}"#);
        assert_eq!(hesctl(&["--db", db, "settings", "set", "licensing", "-"], &v).0, 0);
    };

    set(KEY);
    // The stub is plain http: without the admin's confirmation the key is not sent.
    let (code, _, err) = hesctl(&["--db", db, "licenses", "import", "--from-server", "--dry-run"], "");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("error [PlainHttpRefused]:") && err.contains("uses plain http"), "{err}");
    assert!(err.contains("--allow-plain-http"), "the hint names the flag: {err}");
    assert!(!err.contains(KEY), "{err}");
    let (code, out, err) =
        hesctl(&["--db", db, "licenses", "import", "--from-server", "--allow-plain-http", "--dry-run"], "");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning [PlainHttp]:") && err.contains("unencrypted"), "warned: {err}");
    assert!(
        out.contains(&format!("Licenses from http://{addr}/api/Devices/GetDevicesWithLicenses/<redacted>")),
        "{out}"
    );
    let (code, out, err) =
        hesctl(&["--db", db, "--json", "licenses", "import", "--from-server", "--allow-plain-http"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(news(&json(&out)["Applied"]), [1, 4, 4]);

    set("empty-key");
    let (code, out, _) = hesctl(&["--db", db, "licenses", "import", "--from-server", "--allow-plain-http"], "");
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to import: the document lists no devices, licenses or orders."), "{out}");

    set("rejected-key");
    let (code, _, err) = hesctl(&["--db", db, "licenses", "import", "--from-server", "--allow-plain-http"], "");
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("error [LicensingKeyRejected]: The licensing server refused the API key (HTTP 401"), "{err}");
    assert!(!err.contains("rejected-key"), "{err}");

    set("broken-key");
    let (code, _, err) =
        hesctl(&["--db", db, "--json", "licenses", "import", "--from-server", "--allow-plain-http"], "");
    assert_eq!(code, 7);
    let e = json(err.lines().last().unwrap());
    assert_eq!(e["code"], "LicensingUnavailable");
    assert!(!err.contains("broken-key"), "{err}");
}
