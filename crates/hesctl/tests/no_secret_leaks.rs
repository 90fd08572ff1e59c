//! A run that sets every secret of every section, with the most verbose log, never prints one:
//! not in `settings show`, not in `--json`, not in a log line, not in an error.

use hes_test_support::cli::{self, Out};
use serde_json::{json, Value};
use std::path::Path;

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";
const SECRET_FIELDS: [&str; 7] = [
    "ApiKey",
    "DomainPassword",
    "FurtherAdPassword",
    "AzureClientSecret",
    "SplunkToken",
    "EmailPassword",
    "OidcClientSecret",
];

fn canary(field: &str) -> String {
    format!("LEAKCANARY-{field}-7f3a")
}

/// Run hesctl with `HESCTL_LOG=trace`; `json` adds `--json`.
fn hesctl(db: &Path, json: bool, args: &[&str], stdin: Option<&str>) -> Out {
    let db = db.to_str().expect("a UTF-8 temp path");
    let mut all = vec!["--db", db];
    if json {
        all.push("--json");
    }
    all.extend_from_slice(args);
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &all, stdin, &[("HESCTL_LOG", Some("trace")), ("RUST_LOG", Some("trace"))])
}

fn sections() -> Vec<(&'static str, Value)> {
    vec![
        ("licensing", json!({"ApiKey": canary("ApiKey"), "ApiAddress": "https://hls.hideez.com"})),
        ("domain", json!({"Host": "corp.example.com", "UserName": "svc", "Password": canary("DomainPassword")})),
        (
            "domains",
            json!([
                {"Id": "branch", "Type": "ActiveDirectory", "Host": "branch.example.com", "UserName": "svc-b",
                 "Password": canary("FurtherAdPassword")},
                {"Id": "entra", "Type": "AzureAd", "Name": "Entra", "TenantId": GUID_A, "ApplicationId": GUID_B,
                 "ClientSecret": canary("AzureClientSecret")}
            ]),
        ),
        ("splunk", json!({"Host": "https://splunk.example.com:8088", "Token": canary("SplunkToken")})),
        (
            "email",
            json!({"Host": "smtp.example.com", "UserName": "hes", "Password": canary("EmailPassword"), "From": "hes@example.com"}),
        ),
        (
            "oidc",
            json!([{"Id": "portal", "Name": "Portal", "ClientId": "portal", "ClientSecret": canary("OidcClientSecret"),
                    "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid"]}]),
        ),
        ("fido", json!({"AllowPlatformAuthenticators": true})),
        ("customization", json!({"ServerName": "Contoso"})),
        (
            "saml",
            json!([{"Issuer": "https://sp.example.com", "SingleSignOnDestination": "https://sp.example.com/acs"}]),
        ),
    ]
}

#[test]
fn no_secret_appears_in_any_output_or_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let mut outputs: Vec<(String, Out)> = Vec::new();

    for (section, body) in sections() {
        for json in [false, true] {
            let out = hesctl(&db, json, &["settings", "set", section, "-"], Some(&body.to_string()));
            assert_eq!(out.code, 0, "set {section}: {}", out.stderr);
            outputs.push((format!("set {section} json={json}"), out));
        }
    }
    // The log really is at trace level (so the check below means something).
    assert!(
        outputs.iter().any(|(_, o)| o.stderr.contains("TRACE") || o.stderr.contains("DEBUG")),
        "HESCTL_LOG=trace produced no verbose log lines"
    );

    let show = hesctl(&db, false, &["settings", "show"], None);
    assert_eq!(show.code, 0);
    assert!(show.stdout.contains("API Key: stored"));
    outputs.push(("show".into(), show));
    let show_json = hesctl(&db, true, &["settings", "show"], None);
    assert_eq!(show_json.code, 0);
    let v: Value = serde_json::from_str(&show_json.stdout).unwrap();
    assert_eq!(v["Settings"]["Domains"].as_array().unwrap().len(), 3);
    outputs.push(("show --json".into(), show_json));

    // Failing runs with a secret in the input: validation, malformed JSON, a misspelled key,
    // a wrong type. The error names the field, never the value.
    let failing = [
        ("licensing", json!({"ApiKey": canary("ApiKey"), "ApiAddress": "hls.hideez.com"}).to_string(), 3),
        (
            "domains",
            json!([{"Id": "branch", "Type": "ActiveDirectory", "Host": "branch.example.com", "UserName": "svc-b",
                    "Password": canary("FurtherAdPassword")},
                   {"Type": "AzureAd", "Name": "Other", "TenantId": "contoso", "ApplicationId": GUID_B,
                    "ClientSecret": canary("AzureClientSecret")}])
            .to_string(),
            3,
        ),
        (
            "oidc",
            json!([{"Name": "P", "ClientId": "p2", "ClientSecret": canary("OidcClientSecret"), "RedirectUris": ["/cb"], "Scopes": []}])
                .to_string(),
            3,
        ),
        ("splunk", format!(r#"{{"Host":"https://s.example.com","Token":"{}"#, canary("SplunkToken")), 2),
        ("email", json!({"Host": "smtp.example.com", "Pasword": canary("EmailPassword")}).to_string(), 2),
        ("domain", json!({"Host": "corp.example.com", "Password": [canary("DomainPassword")]}).to_string(), 2),
    ];
    for (section, body, code) in failing {
        for json in [false, true] {
            let out = hesctl(&db, json, &["settings", "set", section, "-"], Some(&body));
            assert_eq!(out.code, code, "set {section}: {}", out.stderr);
            outputs.push((format!("failing set {section} json={json}"), out));
        }
    }

    for (what, out) in &outputs {
        for field in SECRET_FIELDS {
            let c = canary(field);
            assert!(!out.stdout.contains(&c), "{what}: stdout shows {field}:\n{}", out.stdout);
            assert!(!out.stderr.contains(&c), "{what}: stderr shows {field}:\n{}", out.stderr);
        }
        assert!(!out.stdout.contains("LEAKCANARY") && !out.stderr.contains("LEAKCANARY"), "{what}");
    }

    // The secrets were stored: the run above really had something to leak.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let shown = rt.block_on(async {
        let c = hes_store::Console::open_workspace(db.to_str().unwrap()).await.unwrap();
        let mut shown = Vec::new();
        for (section, id) in [
            ("licensing", None),
            ("domain", Some("primary")),
            ("domain", Some("branch")),
            ("domain", Some("entra")),
            ("splunk", None),
            ("email", None),
            ("oidc", Some("portal")),
        ] {
            if section == "domain" {
                // Never shown by the console: read the plain workspace's row itself.
                shown.push(raw_domain_secret(&db, id.unwrap()).await);
                continue;
            }
            let target = hes_core::workspace::SecretRef { section: section.into(), id: id.map(String::from) };
            shown.push(c.reveal(&target).await.unwrap().expose().to_string());
        }
        shown
    });
    assert_eq!(shown, SECRET_FIELDS.map(canary));
}

/// A domain's secret as the plain workspace stores it (`domain` row for the primary, else `domains`).
async fn raw_domain_secret(db: &std::path::Path, id: &str) -> String {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display())).await.unwrap();
    let key = if id == "primary" { "domain" } else { "domains" };
    let raw: String =
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = ?").bind(key).fetch_one(&pool).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let entry = if id == "primary" { v } else { v.as_array().unwrap().iter().find(|d| d["Id"] == id).unwrap().clone() };
    entry.get("Password").or(entry.get("ClientSecret")).and_then(|s| s.as_str()).unwrap().to_string()
}
