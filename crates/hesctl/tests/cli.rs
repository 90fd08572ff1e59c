//! `hesctl` as a user runs it: the built binary on a temp `--db` file. Output formats, every
//! section set from stdin and from a file, delete, the error JSON and exit codes, and the
//! secret contract (absent keeps, string replaces, null clears).

use hes_test_support::cli::{self, Out};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";

fn run(args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
    let envs: Vec<(&str, Option<&str>)> = envs.iter().map(|(k, v)| (*k, Some(*v))).collect();
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &envs)
}

/// `hesctl --db <db> <args…>`.
fn ctl(db: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all, stdin, &[])
}

fn set_stdin(db: &Path, section: &str, body: &Value) -> Out {
    ctl(db, &["settings", "set", section, "-"], Some(&body.to_string()))
}

fn show_json(db: &Path) -> Value {
    let out = ctl(db, &["--json", "settings", "show"], None).ok();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("show --json is JSON ({e}): {}", out.stdout))
}

fn settings(db: &Path) -> Value {
    show_json(db)["Settings"].clone()
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    (dir, db)
}

/// The clear value of one stored secret, through the same service the Show button uses.
fn reveal(db: &Path, section: &str, id: Option<&str>) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let c = hes_store::Console::open_workspace(db.to_str().unwrap()).await.unwrap();
        let target = hes_core::workspace::SecretRef { section: section.into(), id: id.map(String::from) };
        c.reveal(&target).await.unwrap().expose().to_string()
    })
}

/// A domain's stored secret, read from the workspace row itself: domain logon secrets are never
/// shown by the console (a plain workspace stores them as given).
fn domain_secret(db: &Path, id: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let rows: Vec<(String, String)> = rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display())).await.unwrap();
        sqlx::query_as("SELECT Id, Value FROM AppSettings WHERE Id IN ('domain', 'domains')")
            .fetch_all(&pool)
            .await
            .unwrap()
    });
    let row = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| serde_json::from_str::<Value>(v).unwrap());
    if id == "primary" {
        return row("domain").unwrap()["Password"].as_str().unwrap().to_string();
    }
    let list = row("domains").unwrap();
    let entry = list.as_array().unwrap().iter().find(|d| d["Id"] == id).unwrap().clone();
    entry.get("Password").or(entry.get("ClientSecret")).and_then(Value::as_str).unwrap().to_string()
}

#[test]
fn domain_secrets_are_never_shown() {
    let (_dir, db) = workspace();
    set_stdin(&db, "domain", &json!({"Host": "corp.example.com", "UserName": "svc", "Password": "pw-1"})).ok();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let e = rt.block_on(async {
        let c = hes_store::Console::open_workspace(db.to_str().unwrap()).await.unwrap();
        let target = hes_core::workspace::SecretRef { section: "domain".into(), id: Some("primary".into()) };
        c.reveal(&target).await.unwrap_err()
    });
    assert_eq!(e.code, hes_core::ErrorCode::BadRequest);
    assert!(!format!("{e:?}").contains("pw-1"));
}

/// One valid body per section, with fixed Ids so two workspaces can be compared.
fn every_section() -> Vec<(&'static str, Value)> {
    vec![
        ("licensing", json!({"ApiKey": "api-key-1", "ApiAddress": "https://hls.hideez.com"})),
        (
            "domain",
            json!({"Host": "corp.example.com", "UserName": "svc-hes", "Password": "pw-1", "MaxPasswordAge": 28}),
        ),
        (
            "domains",
            json!([
                {"Id": "branch", "Type": "ActiveDirectory", "Host": "branch.example.com", "UserName": "svc-b", "Password": "pw-2", "MaxPasswordAge": 60},
                {"Id": "entra", "Type": "AzureAd", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B, "ClientSecret": "cs-1"}
            ]),
        ),
        ("splunk", json!({"Host": "https://splunk.example.com:8088", "Token": "token-1"})),
        ("fido", json!({"AllowPlatformAuthenticators": true, "DefaultAuthenticatorAttachment": "platform"})),
        (
            "oidc",
            json!([{"Id": "portal", "Name": "Portal", "ClientId": "portal-client", "ClientSecret": "oidc-1",
                    "RedirectUris": ["https://portal.example.com/cb"], "PostLogoutRedirectUris": ["https://portal.example.com/"],
                    "Scopes": ["openid", "email"], "Enabled": false}]),
        ),
        (
            "email",
            json!({"Host": "smtp.example.com", "Port": 465, "Security": "Tls", "UserName": "hes", "Password": "smtp-1",
                   "From": "hes@example.com", "FromName": "HES"}),
        ),
        ("customization", json!({"ServerName": "Contoso HES"})),
        (
            "saml",
            json!([{"Id": "sp-1", "Issuer": "https://sp.example.com/metadata", "SingleSignOnDestination": "https://sp.example.com/acs",
                    "NameIdentifierFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "NameIdentifierField": "External"}]),
        ),
    ]
}

/// Settings without what differs between processes (revision tokens are keyed per process).
fn comparable(mut s: Value) -> Value {
    s.as_object_mut().unwrap().remove("Revisions");
    for sp in s["Saml"].as_array_mut().unwrap() {
        sp.as_object_mut().unwrap().remove("Revision");
    }
    s
}

#[test]
fn help_documents_the_exit_codes() {
    let out = run(&["--help"], None, &[]).ok();
    for line in [
        "Exit codes:",
        "0  success",
        "2  bad request",
        "3  validation failed",
        "4  not found",
        "5  concurrent change",
        "6  read-only",
        "7  database unreachable",
        "8  Data Protection",
        "9  local file error",
        "10 internal error",
    ] {
        assert!(out.stdout.contains(line), "--help lacks {line:?}:\n{}", out.stdout);
    }
    assert!(out.stdout.contains("--db"));
    let set = run(&["settings", "set", "--help"], None, &[]).ok();
    assert!(set.stdout.contains("licensing, domain, domains, splunk, fido, oidc, email, customization, saml"));
    // A usage error is a bad request too.
    assert_eq!(run(&["settings", "bogus"], None, &[]).code, 2);
}

#[test]
fn show_on_a_new_workspace() {
    let (_dir, db) = workspace();
    let out = ctl(&db, &["settings", "show"], None).ok();
    assert!(db.exists(), "the workspace file is created on first use");
    assert!(out.stdout.contains("HES 3.8.4"), "{}", out.stdout);
    assert!(out.stdout.contains("Data Protection: off"), "{}", out.stdout);
    let licensing =
        out.stdout.split("[licensing]").nth(1).and_then(|rest| rest.split("\n[").next()).unwrap_or_default();
    assert!(licensing.contains("\n  Not configured"), "{}", out.stdout);
    assert!(out.stdout.contains("Default key type: cross-platform"));

    let v = show_json(&db);
    assert_eq!(v["Workspace"]["HesVersion"], "3.8.4");
    assert_eq!(v["Workspace"]["DataProtection"], "off");
    assert_eq!(v["Workspace"]["ReadOnly"], false);
    let s = &v["Settings"];
    assert_eq!(s["Licensing"], Value::Null);
    assert_eq!(s["Domains"], json!([]));
    assert_eq!(
        s["Fido"],
        json!({"AllowPlatformAuthenticators": false, "DefaultAuthenticatorAttachment": "cross-platform"})
    );
    assert_eq!(s["FidoSet"], false);
    assert_eq!(s["Revisions"]["licensing"], "absent");

    // A sqlite: URL names the same file.
    let url = format!("sqlite:{}", db.display());
    let v: Value =
        serde_json::from_str(&run(&["--db", &url, "--json", "settings", "show"], None, &[]).ok().stdout).unwrap();
    assert_eq!(v["Workspace"]["Location"], db.to_str().unwrap());
}

#[test]
fn without_db_it_uses_the_local_workspace() {
    let (_dir, db) = workspace();
    let out = run(&["--json", "settings", "show"], None, &[("HES_CONSOLE_WORKSPACE", db.to_str().unwrap())]).ok();
    assert!(db.exists());
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["Workspace"]["Location"], db.to_str().unwrap());
    assert_eq!(v["Workspace"]["Connection"], "Local workspace");
}

#[test]
fn every_section_is_set_from_stdin_and_from_a_file() {
    let (dir, by_stdin) = workspace();
    let by_file = dir.path().join("other.sqlite");
    for (section, body) in every_section() {
        let out = set_stdin(&by_stdin, section, &body).ok();
        assert!(out.stdout.trim().starts_with(&format!("{section} saved; changed: ")), "{}", out.stdout);
        let file = dir.path().join(format!("{section}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&body).unwrap()).unwrap();
        let out = ctl(&by_file, &["--json", "settings", "set", section, file.to_str().unwrap()], None).ok();
        let mut done: Value = serde_json::from_str(&out.stdout).unwrap();
        let created = done.as_object_mut().unwrap().remove("CreatedWorkspace");
        assert_eq!(created.is_some(), section == every_section()[0].0, "only the first write creates the file");
        assert!(!done["Changed"].as_array().unwrap().is_empty(), "{done}");
        done.as_object_mut().unwrap().remove("Changed");
        assert_eq!(done, json!({"ok": true, "message": format!("{section} saved")}));
    }

    let s = settings(&by_stdin);
    assert_eq!(comparable(s.clone()), comparable(settings(&by_file)), "stdin and file give the same settings");
    assert_eq!(s["Licensing"], json!({"ApiKey": "stored", "ApiAddress": "https://hls.hideez.com"}));
    assert_eq!(
        s["Domains"],
        json!([
            {"Type": "ActiveDirectory", "Id": "primary", "Primary": true, "Host": "corp.example.com", "UserName": "svc-hes",
             "Password": "stored", "MaxPasswordAge": 28},
            {"Type": "ActiveDirectory", "Id": "branch", "Primary": false, "Host": "branch.example.com", "UserName": "svc-b",
             "Password": "stored", "MaxPasswordAge": 60},
            {"Type": "AzureAd", "Id": "entra", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B,
             "ClientSecret": "stored", "MaxPasswordAge": 28}
        ])
    );
    assert_eq!(s["Splunk"], json!({"Host": "https://splunk.example.com:8088", "Token": "stored"}));
    assert_eq!(s["Fido"], json!({"AllowPlatformAuthenticators": true, "DefaultAuthenticatorAttachment": "platform"}));
    assert_eq!(s["FidoSet"], true);
    assert_eq!(
        s["Oidc"],
        json!([{"Id": "portal", "Name": "Portal", "ClientId": "portal-client", "ClientSecret": "stored",
                "RedirectUris": ["https://portal.example.com/cb"], "PostLogoutRedirectUris": ["https://portal.example.com/"],
                "Scopes": ["openid", "email"], "Enabled": false}])
    );
    assert_eq!(
        s["Email"],
        json!({"Host": "smtp.example.com", "Port": 465, "Security": "Tls", "UserName": "hes", "Password": "stored",
               "From": "hes@example.com", "FromName": "HES"})
    );
    assert_eq!(s["Customization"]["ServerName"], "Contoso HES");
    let sp = &s["Saml"][0];
    assert_eq!(sp["Id"], "sp-1");
    assert_eq!(sp["Issuer"], "https://sp.example.com/metadata");
    assert_eq!(sp["NameIdentifierField"], "External");
    assert!(s["Problems"].as_array().unwrap().is_empty());

    // The text form shows the same, secrets as "stored".
    let text = ctl(&by_stdin, &["settings", "show"], None).ok().stdout;
    for needle in [
        "API Key: stored",
        "primary: on-premises corp.example.com (primary) · User Logon Name svc-hes · Password stored",
        "entra: Azure AD Entra",
        "Token: stored",
        "Default key type: platform",
        "portal: Portal · Client ID portal-client · secret stored",
        "sp-1: https://sp.example.com/metadata → https://sp.example.com/acs",
        "Password: stored",
        "Server Name: Contoso HES",
    ] {
        assert!(text.contains(needle), "show lacks {needle:?}:\n{text}");
    }
    // And the values really are the ones sent.
    assert_eq!(reveal(&by_file, "licensing", None), "api-key-1");
    assert_eq!(domain_secret(&by_file, "entra"), "cs-1");
    assert_eq!(reveal(&by_file, "oidc", Some("portal")), "oidc-1");
}

#[test]
fn delete_removes_each_section() {
    let (_dir, db) = workspace();
    for (section, body) in every_section() {
        set_stdin(&db, section, &body).ok();
    }
    for (section, _) in every_section() {
        let out = ctl(&db, &["settings", "delete", section], None).ok();
        assert_eq!(out.stdout.trim(), format!("{section} deleted"));
    }
    // Deleting `domain` promoted the next on-premises domain; `domains` then removed the rest.
    let d = &settings(&db)["Domains"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!((d[0]["Id"].as_str(), d[0]["Host"].as_str()), (Some("primary"), Some("branch.example.com")));
    ctl(&db, &["settings", "delete", "domain"], None).ok();
    let s = settings(&db);
    assert_eq!(s["Licensing"], Value::Null);
    assert_eq!(s["Domains"], json!([]));
    assert_eq!(s["Splunk"], Value::Null);
    assert_eq!(s["FidoSet"], false);
    assert_eq!(s["Oidc"], json!([]));
    assert_eq!(s["Saml"], json!([]));
    assert_eq!(s["Email"], Value::Null);
    assert_eq!(s["Customization"]["ServerName"], "");
    for (key, rev) in s["Revisions"].as_object().unwrap() {
        assert_eq!(rev, "absent", "row {key} is gone");
    }

    // Deleting what is not there: NotFound (4); an unknown section: BadRequest (2).
    let out = ctl(&db, &["--json", "settings", "delete", "licensing"], None);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert_eq!(out.error()["code"], "NotFound");
    let out = ctl(&db, &["--json", "settings", "delete", "colours"], None);
    assert_eq!(out.code, 2);
    assert_eq!(out.error()["code"], "BadRequest");
}

#[test]
fn deleting_the_primary_domain_promotes_the_next() {
    let (_dir, db) = workspace();
    for (section, body) in every_section().into_iter().filter(|(s, _)| s.starts_with("domain")) {
        set_stdin(&db, section, &body).ok();
    }
    ctl(&db, &["settings", "delete", "domain"], None).ok();
    let d = &settings(&db)["Domains"];
    assert_eq!(d[0]["Id"], "primary");
    assert_eq!(d[0]["Host"], "branch.example.com");
    assert_eq!(d.as_array().unwrap().len(), 2);
    assert_eq!(domain_secret(&db, "primary"), "pw-2");
}

#[test]
fn errors_carry_a_code_and_an_exit_status() {
    let (dir, db) = workspace();
    set_stdin(&db, "licensing", &json!({"ApiKey": "api-key-1"})).ok();
    let before = comparable(settings(&db));

    // Malformed JSON: 2 + BadRequest, with message and hint.
    let out = ctl(&db, &["--json", "settings", "set", "licensing", "-"], Some("{\"ApiKey\": "));
    assert_eq!(out.code, 2);
    let e = out.error();
    assert_eq!(e["code"], "BadRequest");
    assert!(e["message"].as_str().unwrap().contains("not valid"), "{e}");
    assert!(e["hint"].is_string());
    assert!(out.stdout.is_empty());

    // An unknown field is named.
    let out = ctl(&db, &["--json", "settings", "set", "splunk", "-"], Some(r#"{"Hots":"https://x.example.com"}"#));
    assert_eq!(out.code, 2);
    assert!(out.error()["message"].as_str().unwrap().contains("Hots"), "{}", out.stderr);

    // Validation: 3 + Validation, with the field.
    let out = ctl(&db, &["--json", "settings", "set", "licensing", "-"], Some(r#"{"ApiAddress":"hls.hideez.com"}"#));
    assert_eq!(out.code, 3, "{}", out.stderr);
    let e = out.error();
    assert_eq!(e["code"], "Validation");
    assert_eq!(e["field"], "ApiAddress");
    assert_eq!(e["message"], "The API Address field is not a valid fully-qualified http, https, or ftp URL.");
    assert_eq!(e["fieldErrors"][0]["field"], "ApiAddress");
    let out = ctl(
        &db,
        &["--json", "settings", "set", "domain", "-"],
        Some(r#"{"Host":"corp.example.com","UserName":"u","Password":"p","MaxPasswordAge":181}"#),
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.error()["field"], "MaxPasswordAge");
    assert_eq!(out.error()["message"], "The field Auto Password Change must be between 1 and 180.");
    // An item of a list is marked with its index.
    let out = ctl(
        &db,
        &["--json", "settings", "set", "oidc", "-"],
        Some(
            r#"[{"Name":"A","ClientId":"a","RedirectUris":["https://a.example.com/cb"],"Scopes":["openid"]},{"Name":"B","ClientId":"b","RedirectUris":["/relative"],"Scopes":["openid"]}]"#,
        ),
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.error()["field"], "[1].RedirectUris[0]");

    // Without --json the error is one readable line (plus hint), not JSON.
    let out = ctl(&db, &["settings", "set", "licensing", "-"], Some(r#"{"ApiKey":null}"#));
    assert_eq!(out.code, 3);
    assert!(out.stderr.starts_with("error [Validation]: The API Key field is required."), "{}", out.stderr);

    // Unknown section: 2, and the hint lists the real ones.
    let out = ctl(&db, &["--json", "settings", "set", "colours", "-"], Some("{}"));
    assert_eq!(out.code, 2);
    let e = out.error();
    assert_eq!(e["code"], "BadRequest");
    assert!(e["hint"].as_str().unwrap().contains("licensing, domain, domains"), "{e}");

    // A file that cannot be read: 9 (Io).
    let missing = dir.path().join("missing.json");
    let out = ctl(&db, &["--json", "settings", "set", "licensing", missing.to_str().unwrap()], None);
    assert_eq!(out.code, 9);
    assert_eq!(out.error()["code"], "Io");

    // None of the above wrote anything.
    assert_eq!(comparable(settings(&db)), before);

    // A file that is not a database: 7, and it is left as it was.
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "these are not the tables you are looking for\n".repeat(40)).unwrap();
    let junk_before = std::fs::read(&junk).unwrap();
    let out = ctl(&junk, &["--json", "settings", "show"], None);
    assert_eq!(out.code, 7, "{}", out.stderr);
    assert_eq!(std::fs::read(&junk).unwrap(), junk_before);
}

#[test]
fn an_absent_secret_is_kept_a_string_replaces_and_null_clears() {
    let (_dir, db) = workspace();
    set_stdin(&db, "licensing", &json!({"ApiKey": "api-key-1", "ApiAddress": "https://hls.hideez.com"})).ok();
    set_stdin(&db, "licensing", &json!({"ApiAddress": "https://licensing.example.com"})).ok();
    let l = &settings(&db)["Licensing"];
    assert_eq!(*l, json!({"ApiKey": "stored", "ApiAddress": "https://licensing.example.com"}));
    assert_eq!(reveal(&db, "licensing", None), "api-key-1");
    set_stdin(&db, "licensing", &json!({"ApiKey": "api-key-2"})).ok();
    assert_eq!(reveal(&db, "licensing", None), "api-key-2");
    // The key is required: null is refused and the stored key stays.
    let out = ctl(&db, &["--json", "settings", "set", "licensing", "-"], Some(r#"{"ApiKey":null}"#));
    assert_eq!(out.code, 3);
    assert_eq!(out.error()["field"], "ApiKey");
    assert_eq!(reveal(&db, "licensing", None), "api-key-2");

    // E-mail's password is optional: absent keeps, null clears.
    let email = json!({"Host": "smtp.example.com", "UserName": "hes", "Password": "smtp-1", "From": "hes@example.com"});
    set_stdin(&db, "email", &email).ok();
    set_stdin(&db, "email", &json!({"Host": "smtp2.example.com", "UserName": "hes", "From": "hes@example.com"})).ok();
    assert_eq!(settings(&db)["Email"]["Password"], "stored");
    assert_eq!(reveal(&db, "email", None), "smtp-1");
    set_stdin(&db, "email", &json!({"Host": "smtp2.example.com", "From": "hes@example.com", "Password": null})).ok();
    assert_eq!(settings(&db)["Email"]["Password"], "not set");

    // Lists: an item whose Id exists keeps its secret when the field is absent.
    let domains = json!([{"Id": "entra", "Type": "AzureAd", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B, "ClientSecret": "cs-1"}]);
    set_stdin(&db, "domains", &domains).ok();
    let domains =
        json!([{"Id": "entra", "Type": "AzureAd", "Name": "Entra 2", "TenantId": GUID_A, "ApplicationId": GUID_B}]);
    set_stdin(&db, "domains", &domains).ok();
    assert_eq!(settings(&db)["Domains"][0]["ClientSecret"], "stored");
    assert_eq!(settings(&db)["Domains"][0]["Name"], "Entra 2");
    assert_eq!(domain_secret(&db, "entra"), "cs-1");

    let client = |secret: Option<Value>| {
        let mut c = json!({"Id": "portal", "Name": "Portal", "ClientId": "portal", "RedirectUris": ["https://p.example.com/cb"], "Scopes": ["openid"]});
        if let Some(s) = secret {
            c["ClientSecret"] = s;
        }
        json!([c])
    };
    set_stdin(&db, "oidc", &client(Some(json!("oidc-1")))).ok();
    set_stdin(&db, "oidc", &client(None)).ok();
    assert_eq!(settings(&db)["Oidc"][0]["ClientSecret"], "stored");
    assert_eq!(reveal(&db, "oidc", Some("portal")), "oidc-1");
    set_stdin(&db, "oidc", &client(Some(Value::Null))).ok();
    assert_eq!(settings(&db)["Oidc"][0]["ClientSecret"], "not set");

    // The primary domain: an edit without Password keeps it.
    set_stdin(&db, "domain", &json!({"Host": "corp.example.com", "UserName": "svc", "Password": "pw-1"})).ok();
    set_stdin(&db, "domain", &json!({"Host": "corp.example.com", "UserName": "svc2", "MaxPasswordAge": 90})).ok();
    let primary = &settings(&db)["Domains"][0];
    assert_eq!((primary["UserName"].as_str(), primary["Password"].as_str()), (Some("svc2"), Some("stored")));
    assert_eq!(domain_secret(&db, "primary"), "pw-1");
}
