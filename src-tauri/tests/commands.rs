//! The desktop app's commands through `tauri::test`'s mock runtime (no window system needed):
//! the same IPC the UI uses, with the argument names and JSON shapes it sends, on a temp workspace.

use hes_console_lib::AppState;
use hes_test_support::app::AppHarness;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::time::Instant;
use tauri::Manager;

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";
const API_KEY: &str = "secret-api-key-123";

struct Harness {
    _dir: tempfile::TempDir,
    path: String,
    ipc: AppHarness,
}

impl std::ops::Deref for Harness {
    type Target = AppHarness;
    fn deref(&self) -> &AppHarness {
        &self.ipc
    }
}

fn harness_on(dir: tempfile::TempDir, path: String) -> Harness {
    let state = tauri::async_runtime::block_on(AppState::open_workspace(&path, Instant::now()));
    let ipc = AppHarness::new(|b| hes_console_lib::setup(b).manage(state));
    Harness { _dir: dir, path, ipc }
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    harness_on(dir, path)
}

impl Harness {
    fn settings(&self) -> Value {
        self.ok("settings_get", json!({}))
    }

    fn revisions(&self) -> Value {
        self.settings()["Revisions"].clone()
    }

    fn set_licensing(&self) -> Value {
        self.ok(
            "licensing_set",
            json!({"input": {"ApiKey": API_KEY, "ApiAddress": "https://hls.hideez.com"}, "revisions": self.revisions()}),
        )
    }
}

#[test]
fn workspace_info_and_settings_get_on_a_new_workspace() {
    let h = harness();
    let info = h.ok("workspace_info", json!({}));
    assert_eq!(info["HesVersion"], "3.8.4");
    assert_eq!(info["Kind"], "sqlite");
    assert_eq!(info["Location"], h.path.as_str());
    assert_eq!(info["DataProtection"], "off");
    assert_eq!(info["ReadOnly"], false);

    let s = h.settings();
    assert_eq!(s["Licensing"], Value::Null);
    assert_eq!(s["Domains"], json!([]));
    assert_eq!(s["Fido"]["DefaultAuthenticatorAttachment"], "cross-platform");
    let revs = s["Revisions"].as_object().unwrap();
    assert_eq!(revs.len(), 8);
    assert!(revs.values().all(|r| r == "absent"));
}

#[test]
fn licensing_set_stores_the_key_and_answers_with_its_state_only() {
    let h = harness();
    let before = h.revisions();
    let req = json!({"input": {"ApiKey": API_KEY, "ApiAddress": "https://hls.hideez.com"}, "revisions": before});
    let s = h.ok("licensing_set", req);
    assert_eq!(s["Licensing"], json!({"ApiKey": "stored", "ApiAddress": "https://hls.hideez.com"}));
    assert!(!s.to_string().contains(API_KEY), "the response carries the key: {s}");
    assert!(!h.settings().to_string().contains(API_KEY));
    assert_ne!(s["Revisions"]["licensing"], before["licensing"]);
    // Other sections' tokens did not move.
    assert_eq!(s["Revisions"]["splunk"], before["splunk"]);

    // Show: the one command that returns it, on request.
    let shown = h.ok("secret_show", json!({"target": {"Section": "licensing"}}));
    assert_eq!(shown, json!(API_KEY));

    // Absent key keeps it; the address changes.
    let s = h.ok(
        "licensing_set",
        json!({"input": {"ApiAddress": "https://licensing.example.com"}, "revisions": s["Revisions"]}),
    );
    assert_eq!(s["Licensing"]["ApiAddress"], "https://licensing.example.com");
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "licensing", "Id": null}})), json!(API_KEY));

    // Delete.
    let s = h.ok("licensing_delete", json!({"revisions": s["Revisions"]}));
    assert_eq!(s["Licensing"], Value::Null);
    let e = h.err("secret_show", json!({"target": {"Section": "licensing"}}));
    assert_eq!(e["code"], "NotFound");
}

#[test]
fn a_validation_error_names_the_field() {
    let h = harness();
    let e = h.err(
        "licensing_set",
        json!({"input": {"ApiKey": "   ", "ApiAddress": "https://hls.hideez.com"}, "revisions": h.revisions()}),
    );
    assert_eq!(
        e,
        json!({"code": "Validation", "message": "The API Key field is required.", "field": "ApiKey",
               "fieldErrors": [{"field": "ApiKey", "message": "The API Key field is required."}]})
    );
    // Several bad fields are all listed; the first is `field`.
    let e = h.err("licensing_set", json!({"input": {"ApiAddress": "hls.hideez.com"}, "revisions": h.revisions()}));
    assert_eq!(e["code"], "Validation");
    assert_eq!(e["field"], "ApiAddress");
    let fields: Vec<&str> = e["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["ApiAddress", "ApiKey"]);
    // A rejected secret is not echoed back.
    let e =
        h.err("licensing_set", json!({"input": {"ApiKey": API_KEY, "ApiAddress": "nope"}, "revisions": h.revisions()}));
    assert!(!e.to_string().contains(API_KEY), "{e}");
    assert_eq!(h.settings()["Licensing"], Value::Null, "nothing was written");
}

#[test]
fn stale_revisions_are_a_concurrent_change() {
    let h = harness();
    let loaded = h.set_licensing();
    // Another writer (a second console, or the HES web admin) saves meanwhile.
    tauri::async_runtime::block_on(async {
        let other = hes_store::Console::open_workspace(&h.path).await.unwrap();
        let revs = other.current_revisions().await.unwrap();
        let input = serde_json::from_value(json!({"ApiKey": "their-key"})).unwrap();
        other.set_single::<hes_core::settings::licensing::Licensing>(input, &revs).await.unwrap();
    });
    let e = h.err("licensing_set", json!({"input": {"ApiKey": "my-key"}, "revisions": loaded["Revisions"]}));
    assert_eq!(e["code"], "ConcurrentChange");
    assert!(e["message"].as_str().unwrap().contains("changed by someone else"), "{e}");
    assert!(e["hint"].is_string());
    let e = h.err("licensing_delete", json!({"revisions": loaded["Revisions"]}));
    assert_eq!(e["code"], "ConcurrentChange");
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "licensing"}})), json!("their-key"));

    // Reloaded revisions work.
    h.ok("licensing_set", json!({"input": {"ApiKey": "my-key"}, "revisions": h.revisions()}));
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "licensing"}})), json!("my-key"));
}

#[test]
fn domains_are_saved_shown_and_deleted_one_by_one() {
    let h = harness();
    let ad = |host: &str, pw: &str| json!({"Type": "ActiveDirectory", "Host": host, "UserName": "svc", "Password": pw, "MaxPasswordAge": 28});
    let s =
        h.ok("domain_save", json!({"id": null, "input": ad("corp.example.com", "pw-1"), "revisions": h.revisions()}));
    assert_eq!(s["Domains"][0]["Id"], "primary");
    assert_eq!(s["Domains"][0]["Password"], "stored");
    let s = h.ok("domain_save", json!({"input": ad("branch.example.com", "pw-2"), "revisions": s["Revisions"]}));
    let azure = json!({"Type": "AzureAd", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B, "ClientSecret": "cs-1"});
    let s = h.ok("domain_save", json!({"id": null, "input": azure, "revisions": s["Revisions"]}));
    let domains = s["Domains"].as_array().unwrap().clone();
    assert_eq!(domains.len(), 3);
    assert_eq!(domains[2]["ClientSecret"], "stored");
    for secret in ["pw-1", "pw-2", "cs-1"] {
        assert!(!s.to_string().contains(secret));
    }
    let azure_id = domains[2]["Id"].as_str().unwrap().to_string();
    // Domain logon secrets are never shown (as in HES): the command refuses, naming no value.
    for id in [azure_id.as_str(), "primary"] {
        let e = h.err("secret_show", json!({"target": {"Section": "domain", "Id": id}}));
        assert_eq!(e["code"], "BadRequest");
        assert!(!e.to_string().contains("cs-1") && !e.to_string().contains("pw-1"));
    }

    // Edit without the password keeps it.
    let edit = json!({"Type": "ActiveDirectory", "Host": "corp.example.com", "UserName": "svc2", "MaxPasswordAge": 60});
    let s = h.ok("domain_save", json!({"id": "primary", "input": edit, "revisions": s["Revisions"]}));
    assert_eq!(s["Domains"][0]["UserName"], "svc2");
    assert_eq!(s["Domains"][0]["Password"], "stored");

    // Validation at the field.
    let mut bad = ad("corp2.example.com", "x");
    bad["MaxPasswordAge"] = json!(0);
    let e = h.err("domain_save", json!({"id": null, "input": bad, "revisions": s["Revisions"]}));
    assert_eq!(e["code"], "Validation");
    assert_eq!(e["field"], "MaxPasswordAge");
    assert_eq!(e["message"], "The field Auto Password Change must be between 1 and 180.");

    // Deleting the primary promotes the next on-premises domain.
    let stale = s["Revisions"].clone();
    let s = h.ok("domain_delete", json!({"id": "primary", "revisions": s["Revisions"]}));
    assert_eq!(s["Domains"][0]["Host"], "branch.example.com");
    assert_eq!(s["Domains"][0]["Primary"], true);
    assert_eq!(s["Domains"].as_array().unwrap().len(), 2);
    assert_eq!(s["Domains"][0]["Password"], "stored");
    // The same delete on the old revisions is refused.
    let e = h.err("domain_delete", json!({"id": "primary", "revisions": stale}));
    assert_eq!(e["code"], "ConcurrentChange");
    let e = h.err("domain_delete", json!({"id": "no-such-id", "revisions": s["Revisions"]}));
    assert_eq!(e["code"], "NotFound");
    let s = h.ok("domain_delete", json!({"id": azure_id, "revisions": s["Revisions"]}));
    assert_eq!(s["Domains"].as_array().unwrap().len(), 1);
}

#[test]
fn saml_service_providers_are_saved_with_row_revisions() {
    let h = harness();
    let sp = |issuer: &str| json!({"Issuer": issuer, "SingleSignOnDestination": "https://sp.example.com/acs"});
    let s = h.ok("saml_save", json!({"id": null, "input": sp("https://sp.example.com/metadata"), "revision": null}));
    let row = &s["Saml"][0];
    assert_eq!(row["Issuer"], "https://sp.example.com/metadata");
    assert_eq!(row["NameIdentifierFormat"], "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    assert_eq!(row["NameIdentifierField"], "Email");
    let (id, rev) = (row["Id"].as_str().unwrap().to_string(), row["Revision"].as_str().unwrap().to_string());

    let e = h.err("saml_save", json!({"input": sp("HTTPS://SP.example.com/METADATA")}));
    assert_eq!(e["code"], "Validation");
    assert_eq!(e["field"], "Issuer");
    assert_eq!(e["message"], "Issuer already exist.");

    let s = h.ok("saml_save", json!({"id": id, "input": sp("https://sp.example.com/v2"), "revision": rev}));
    assert_eq!(s["Saml"][0]["Issuer"], "https://sp.example.com/v2");
    let e = h.err("saml_save", json!({"id": id, "input": sp("https://sp.example.com/v3"), "revision": rev}));
    assert_eq!(e["code"], "ConcurrentChange", "the old row revision is stale");
    let e = h.err("saml_delete", json!({"id": "no-such-id", "revision": rev}));
    assert_eq!(e["code"], "NotFound");
    let s = h.ok("saml_delete", json!({"id": id, "revision": s["Saml"][0]["Revision"]}));
    assert_eq!(s["Saml"], json!([]));
}

#[test]
fn every_other_section_has_its_command() {
    let h = harness();
    let s = h.ok(
        "splunk_set",
        json!({"input": {"Host": "https://splunk.example.com:8088", "Token": "tok-1"}, "revisions": h.revisions()}),
    );
    assert_eq!(s["Splunk"], json!({"Host": "https://splunk.example.com:8088", "Token": "stored"}));
    let s = h.ok(
        "email_set",
        json!({"input": {"Host": "smtp.example.com", "UserName": "hes", "Password": "smtp-1", "From": "hes@example.com"},
               "revisions": s["Revisions"]}),
    );
    assert_eq!(s["Email"]["Password"], "stored");
    assert_eq!(s["Email"]["Port"], 587);
    let s = h.ok(
        "fido_set",
        json!({"input": {"AllowPlatformAuthenticators": true, "DefaultAuthenticatorAttachment": "platform"},
               "revisions": s["Revisions"]}),
    );
    assert_eq!(s["FidoSet"], true);
    let s = h.ok("customization_set", json!({"input": {"ServerName": "Contoso"}, "revisions": s["Revisions"]}));
    assert_eq!(s["Customization"]["ServerName"], "Contoso");
    let client = json!({"Name": "Portal", "ClientId": "portal", "ClientSecret": "oidc-1",
                        "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid"]});
    let s = h.ok("oidc_save", json!({"id": null, "input": client, "revisions": s["Revisions"]}));
    assert_eq!(s["Oidc"][0]["ClientSecret"], "stored");
    for secret in ["tok-1", "smtp-1", "oidc-1"] {
        assert!(!s.to_string().contains(secret));
    }
    let oidc_id = s["Oidc"][0]["Id"].as_str().unwrap().to_string();
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "oidc", "Id": oidc_id}})), json!("oidc-1"));
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "splunk"}})), json!("tok-1"));
    assert_eq!(h.ok("secret_show", json!({"target": {"Section": "email"}})), json!("smtp-1"));

    let s = h.ok("splunk_delete", json!({"revisions": s["Revisions"]}));
    let s = h.ok("email_delete", json!({"revisions": s["Revisions"]}));
    let s = h.ok("oidc_delete", json!({"id": oidc_id, "revisions": s["Revisions"]}));
    assert_eq!((&s["Splunk"], &s["Email"], &s["Oidc"]), (&Value::Null, &Value::Null, &json!([])));

    // Malformed input is rejected by the command layer before any service runs.
    let e = h.err("fido_set", json!({"input": {"AllowPlatformAuthenticators": "yes"}, "revisions": s["Revisions"]}));
    assert!(e.as_str().is_some_and(|m| m.contains("input") && m.contains("fido_set")), "{e}");
    let e = h.err("licensing_set", json!({"input": {"ApiKey": "k", "Bogus": 1}, "revisions": s["Revisions"]}));
    assert!(e.to_string().contains("Bogus"), "unknown fields are refused by name: {e}");
    let e = h.err("splunk_set", json!({"input": {"Host": "https://x.example.com", "Token": "t"}}));
    assert!(e.to_string().contains("revisions"), "{e}");
    assert_eq!(h.settings()["Splunk"], Value::Null);
    assert_eq!(h.settings()["Licensing"], Value::Null);
}

#[test]
fn ui_ready_shows_the_window_and_logs_once() {
    let h = harness();
    let state = h.app.state::<AppState>();
    assert!(!state.ready_logged.load(Ordering::SeqCst));
    assert_eq!(h.ok("ui_ready", json!({})), Value::Null);
    assert!(state.ready_logged.load(Ordering::SeqCst));
    assert_eq!(h.ok("ui_ready", json!({})), Value::Null, "a second call is harmless");
}

#[test]
fn a_workspace_that_cannot_be_opened_is_reported_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-a-workspace.sqlite");
    std::fs::write(&path, "plain text, not SQLite\n".repeat(50)).unwrap();
    let h = harness_on(dir, path.to_string_lossy().into_owned());
    for (cmd, args) in [
        ("workspace_info", json!({})),
        ("settings_get", json!({})),
        ("secret_show", json!({"target": {"Section": "licensing"}})),
        ("licensing_set", json!({"input": {"ApiKey": "k"}, "revisions": {}})),
    ] {
        let e = h.err(cmd, args);
        assert!(e["code"].is_string() && e["message"].is_string(), "{cmd}: {e}");
        assert_eq!(e["code"], "DbUnreachable", "{cmd}: {e}");
    }
    assert_eq!(h.ok("ui_ready", json!({})), Value::Null, "the window still shows, with the error");
}

/// A dialog's Test (`check_form`): the stored token is used only while the host is the stored one;
/// a retargeted test must bring its own. No token ever reaches the IPC answer.
#[test]
fn check_form_uses_a_stored_secret_only_for_the_stored_target() {
    use hes_stubs::hec;
    let h = harness();
    let (a, _stub_a) = tauri::async_runtime::block_on(hec::start(hec::HecConfig::standard())).unwrap();
    let (b, _stub_b) = tauri::async_runtime::block_on(hec::start(hec::HecConfig::standard())).unwrap();
    let host_a = format!("http://{a}");
    h.ok("splunk_set", json!({"input": {"Host": host_a, "Token": hec::VALID_TOKEN}, "revisions": h.revisions()}));

    let (on_step, same_run) = h.channel();
    let same = h.ok("check_form", json!({"form": {"Section": "splunk", "Input": {"Host": host_a}}, "onStep": on_step}));
    // Every finished step reached this call's own channel, tagged with its check.
    let steps = h.sent(same_run);
    assert_eq!(steps.len(), same[0]["Steps"].as_array().unwrap().len(), "{steps:?}");
    assert!(steps.iter().all(|p| p["Check"] == "splunk"), "{steps:?}");
    assert_eq!(same[0]["Check"], "splunk");
    assert_ne!(same[0]["Outcome"], "fail", "{same}");
    assert!(same[0]["Steps"].as_array().unwrap().iter().any(|s| s["Name"] == "Test event" && s["Status"] == "ok"));

    let moved = h.ok(
        "check_form",
        json!({"form": {"Section": "splunk", "Input": {"Host": format!("http://{b}")}}, "onStep": h.channel().0}),
    );
    assert_eq!(moved[0]["Outcome"], "fail");
    assert_eq!(moved[0]["Code"], "SecretUnavailable");
    assert!(moved[0]["Steps"][0]["Detail"].as_str().unwrap().contains("type the secret again"), "{moved}");

    let typed = h.ok(
        "check_form",
        json!({"form": {"Section": "splunk", "Input": {"Host": format!("http://{b}"), "Token": hec::VALID_TOKEN}}, "onStep": h.channel().0}),
    );
    assert_ne!(typed[0]["Outcome"], "fail", "{typed}");
    for answer in [same, moved, typed] {
        assert!(!answer.to_string().contains(hec::VALID_TOKEN), "token in the IPC answer: {answer}");
    }
    // Nothing was stored by testing: the stored host is still A.
    assert_eq!(h.settings()["Splunk"]["Host"], host_a);
}

/// `checks_cancel` while two checks hang: the run it names comes back at once with `Cancelled`,
/// the other keeps running until it is cancelled in turn (without a run: every run).
#[test]
fn checks_cancel_stops_the_run_it_names_only() {
    let h = harness();
    // A server that accepts and never answers.
    let addr = hes_test_support::net::SilentServer::start().addr;
    let form = json!({"Section": "splunk", "Input": {"Host": format!("https://{addr}"), "Token": "t"}});
    let (first, first_run) = h.channel();
    let (second, _) = h.channel();
    let started = Instant::now();
    let webview = h.webview.clone();
    let other = std::thread::spawn(move || {
        hes_test_support::app::invoke(
            &webview,
            "check_form",
            json!({"form": {"Section": "splunk", "Input": {"Host": format!("https://{addr}"), "Token": "t"}}, "timeoutMs": 20000, "onStep": second}),
        )
    });
    let webview = h.webview.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        hes_test_support::app::invoke(&webview, "checks_cancel", json!({"run": first_run}))
            .expect("checks_cancel answers");
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let other_running = Instant::now();
        hes_test_support::app::invoke(&webview, "checks_cancel", json!({})).expect("checks_cancel answers");
        other_running
    });
    let r = h.ok("check_form", json!({"form": form, "timeoutMs": 20000, "onStep": first}));
    let cancelled_first = started.elapsed();
    assert_eq!(r[0]["Code"], "Cancelled", "{r}");
    assert!(cancelled_first < std::time::Duration::from_millis(1800), "{cancelled_first:?}");
    let cancel_all_at = canceller.join().unwrap();
    let r2 = other.join().unwrap().expect("the other run answers");
    assert_eq!(r2[0]["Code"], "Cancelled", "{r2}");
    assert!(cancel_all_at.duration_since(started) >= std::time::Duration::from_millis(1900), "the other run ran on");
    assert!(started.elapsed() < std::time::Duration::from_secs(6), "{:?}", started.elapsed());
}

/// License import through the commands the Licensing tab uses: preview a file (nothing written),
/// apply it, see it in the summary; applying again needs a new preview, which then adds nothing.
#[test]
fn license_file_preview_apply_and_summary() {
    let h = harness();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/licenses/good.json");
    let source =
        |channel: String| json!({"source": {"Kind": "File", "Path": file.to_string_lossy()}, "onProgress": channel});
    let (channel, run) = h.channel();
    let preview = h.ok("licenses_preview", source(channel));
    assert!(!h.sent(run).is_empty(), "the preview reports its progress over its own channel");
    assert_eq!(preview["Source"], "good.json");
    let new: u64 = preview["Tables"].as_array().unwrap().iter().map(|t| t["New"].as_u64().unwrap()).sum();
    assert!(new > 0, "{preview}");
    assert_eq!(h.ok("licenses_summary", json!({}))["Licenses"], 0, "a preview writes nothing");

    let applied = h.ok("licenses_apply", json!({"onProgress": h.channel().0}));
    assert_eq!(applied["Applied"]["Tables"], preview["Tables"]);
    let summary = h.ok("licenses_summary", json!({}));
    let licenses = preview["Tables"][2]["New"].as_u64().unwrap();
    assert_eq!(summary["Licenses"].as_u64(), Some(licenses), "{summary}");
    assert_eq!(summary["EndingByMonth"].as_array().unwrap().len(), 12);

    assert_eq!(
        h.err("licenses_apply", json!({"onProgress": h.channel().0}))["code"],
        "BadRequest",
        "apply needs a fresh preview"
    );
    let again = h.ok("licenses_preview", source(h.channel().0));
    let new: u64 = again["Tables"].as_array().unwrap().iter().map(|t| t["New"].as_u64().unwrap()).sum();
    assert_eq!(new, 0, "the same file again adds nothing: {again}");

    let bad = h.err(
        "licenses_preview",
        json!({"source": {"Kind": "File", "Path": "/nonexistent/licenses.json"}, "onProgress": h.channel().0}),
    );
    assert_eq!(bad["code"], "Io");
}
