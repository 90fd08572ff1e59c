//! `hesctl stage`: a preview writes nothing, --apply copies, and no secret is printed.

use hes_test_support::cli;

fn hesctl(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = cli::run(env!("CARGO_BIN_EXE_hesctl"), args, Some(stdin), &[("HESCTL_LOG", Some("trace"))]);
    (out.code, out.stdout, out.stderr)
}

#[test]
fn preview_then_apply_between_workspaces() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.sqlite");
    let dst = dir.path().join("dst.sqlite");
    let (src, dst) = (src.to_str().unwrap(), dst.to_str().unwrap());
    let canary = "STAGECANARY-key-7f3a";
    let lic = format!(r#"{{"ApiKey":"{canary}","ApiAddress":"https://hls.example.org"}}"#);
    assert_eq!(hesctl(&["--db", src, "settings", "set", "licensing", "-"], &lic).0, 0);
    assert_eq!(hesctl(&["--db", dst, "settings", "show"], "").0, 0);

    let (code, out, err) = hesctl(&["--db", src, "stage", "--to-db", dst, "--sections", "licensing,splunk"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("licensing") && out.contains("create") && out.contains("nothing written"), "{out}");
    assert!(out.contains("ApiAddress: (none) → https://hls.example.org"), "{out}");
    assert!(!out.contains(canary) && !err.contains(canary));
    let (_, shown, _) = hesctl(&["--db", dst, "--json", "settings", "show"], "");
    assert!(shown.contains(r#""Licensing": null"#), "a preview writes nothing: {shown}");

    let (code, out, err) = hesctl(&["--db", src, "--json", "stage", "--to-db", dst, "--apply"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""Applied": true"#));
    assert!(!out.contains(canary) && !err.contains(canary));
    let (_, shown, _) = hesctl(&["--db", dst, "--json", "settings", "show"], "");
    assert!(shown.contains("https://hls.example.org") && shown.contains(r#""ApiKey": "stored""#), "{shown}");

    let (code, _, err) = hesctl(&["--db", src, "--json", "stage", "--to-db", dst, "--sections", "nope"], "");
    assert_eq!(code, 2, "unknown section is a bad request: {err}");
}

#[test]
fn a_removal_is_applied_only_with_remove() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.sqlite");
    let dst = dir.path().join("dst.sqlite");
    let (src, dst) = (src.to_str().unwrap(), dst.to_str().unwrap());
    assert_eq!(hesctl(&["--db", src, "settings", "show"], "").0, 0);
    let splunk = r#"{"Host":"https://splunk.example.org:8088","Token":"tok"}"#;
    assert_eq!(hesctl(&["--db", dst, "settings", "set", "splunk", "-"], splunk).0, 0);

    // The source has no Splunk: --apply alone keeps the target's.
    let (code, out, err) = hesctl(&["--db", src, "stage", "--to-db", dst, "--sections", "splunk", "--apply"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("remove (removals kept: add --remove splunk)"), "{out}");
    let (_, shown, _) = hesctl(&["--db", dst, "--json", "settings", "show"], "");
    assert!(shown.contains("splunk.example.org"), "kept: {shown}");

    let args = ["--db", src, "stage", "--to-db", dst, "--sections", "splunk", "--apply", "--remove", "splunk"];
    let (code, _, err) = hesctl(&args, "");
    assert_eq!(code, 0, "{err}");
    let (_, shown, _) = hesctl(&["--db", dst, "--json", "settings", "show"], "");
    assert!(shown.contains(r#""Splunk": null"#), "removed: {shown}");
}
