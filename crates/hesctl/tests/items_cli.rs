//! `hesctl fido|oidc|saml|logo` as a user runs them on a temp workspace: output, exit codes, the
//! error JSON with the same codes the app gets, and the one-time display of a generated OIDC
//! secret (on stdout of add/regenerate only; never in stderr, a log line, a list or an error).

use hes_test_support::cli::{self, Out};
use std::path::{Path, PathBuf};

/// `hesctl --db <db> <args…>` with the most verbose log on stderr.
fn ctl(db: &Path, args: &[&str]) -> Out {
    let db = db.to_str().expect("a UTF-8 temp path");
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &[&["--db", db], args].concat(), None, &[("HESCTL_LOG", Some("trace"))])
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    (dir, db)
}

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(path).to_string_lossy().into_owned()
}

#[test]
fn fido_show_and_set() {
    let (_d, db) = workspace();
    let out = ctl(&db, &["fido", "show"]).ok();
    assert!(out.stdout.contains("Allow platform authenticators: no") && out.stdout.contains("cross-platform"));
    let (code, e) = ctl(&db, &["--json", "fido", "set", "--default-key-type", "platform"]).coded_error();
    assert_eq!(
        (code, e["code"].as_str(), e["field"].as_str()),
        (3, Some("Validation"), Some("DefaultAuthenticatorAttachment"))
    );
    let v = ctl(
        &db,
        &["--json", "fido", "set", "--allow-platform-authenticators", "true", "--default-key-type", "platform"],
    )
    .ok()
    .json();
    assert_eq!(v["Fido"]["DefaultAuthenticatorAttachment"], "platform");
    // Only the option given changes.
    let v = ctl(&db, &["--json", "fido", "set", "--default-key-type", "cross-platform"]).ok().json();
    assert_eq!((v["Fido"]["AllowPlatformAuthenticators"].as_bool(), v["FidoSet"].as_bool()), (Some(true), Some(true)));
    assert_eq!(ctl(&db, &["--json", "fido", "set"]).coded_error().1["code"], "BadRequest");
}

#[test]
fn oidc_secret_is_printed_once_and_nowhere_else() {
    let (_d, db) = workspace();
    let add = ctl(
        &db,
        &[
            "oidc",
            "add",
            "--name",
            "Portal",
            "--client-id",
            "portal",
            "--redirect-uri",
            "https://portal.example.com/cb",
            "--post-logout-uri",
            "http://127.0.0.1:8400/",
        ],
    )
    .ok();
    let secret = add.stdout.lines().find_map(|l| l.strip_prefix("Client secret: ")).expect("printed once").to_string();
    assert_eq!(secret.len(), 43);
    assert_eq!(add.stdout.matches(&secret).count(), 1);
    assert!(!add.stderr.contains(&secret), "not in the trace log: {}", add.stderr);

    for args in
        [&["oidc", "list"][..], &["--json", "oidc", "list"], &["--json", "settings", "show"], &["settings", "show"]]
    {
        let out = ctl(&db, args).ok();
        assert!(!out.stdout.contains(&secret) && !out.stderr.contains(&secret), "{args:?}");
        assert!(out.stdout.contains("stored"), "{args:?}: {}", out.stdout);
    }
    let list = ctl(&db, &["--json", "oidc", "list"]).ok().json();
    assert_eq!(list[0]["Scopes"], serde_json::json!(["openid", "profile", "email"]), "the default scopes");

    // A failing edit says why at the field, and carries no secret.
    let bad = ctl(&db, &["--json", "oidc", "edit", "PORTAL", "--redirect-uri", "https://*.example.com/cb"]);
    let (code, e) = bad.coded_error();
    assert_eq!((code, e["code"].as_str(), e["field"].as_str()), (3, Some("Validation"), Some("RedirectUris[0]")));
    assert!(!bad.stderr.contains(&secret) && !bad.stdout.contains(&secret));

    let regen = ctl(&db, &["--json", "oidc", "regenerate-secret", "portal"]).ok();
    let v = regen.json();
    let new_secret = v["ClientSecret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    assert!(!regen.stdout.contains(&secret) && !regen.stderr.contains(&new_secret));
    assert_eq!(v["ClientId"], "portal");
}

#[test]
fn oidc_edit_disable_and_delete() {
    let (_d, db) = workspace();
    ctl(
        &db,
        &[
            "oidc",
            "add",
            "--name",
            "SPA",
            "--client-id",
            "spa",
            "--redirect-uri",
            "http://localhost:5173/cb",
            "--public",
        ],
    )
    .ok();
    let v = ctl(&db, &["--json", "oidc", "list"]).ok().json();
    assert_eq!(v[0]["ClientSecret"], "not set", "a public client has no secret");
    let id = v[0]["Id"].as_str().unwrap().to_string();
    let v = ctl(&db, &["--json", "oidc", "edit", &id, "--disable", "--scope", "openid,email", "--name", "SPA 2"])
        .ok()
        .json();
    assert_eq!((v["Enabled"].as_bool(), v["Name"].as_str()), (Some(false), Some("SPA 2")));
    assert_eq!(v["Scopes"], serde_json::json!(["openid", "email"]));
    assert_eq!(v["RedirectUris"], serde_json::json!(["http://localhost:5173/cb"]), "lists not given are kept");
    let (code, e) = ctl(
        &db,
        &["--json", "oidc", "add", "--name", "X", "--client-id", "SPA", "--redirect-uri", "https://x.example.com"],
    )
    .coded_error();
    assert_eq!((code, e["field"].as_str()), (3, Some("ClientId")), "client ids are unique ignoring case");
    ctl(&db, &["oidc", "delete", "spa"]).ok();
    let (exit, e) = ctl(&db, &["--json", "oidc", "delete", "spa"]).coded_error();
    assert_eq!((exit, e["code"].as_str()), (4, Some("NotFound")));
    assert_eq!(ctl(&db, &["--json", "oidc", "list"]).ok().json(), serde_json::json!([]));
}

#[test]
fn saml_add_import_and_delete() {
    let (_d, db) = workspace();
    let v = ctl(&db, &["--json", "saml", "import-metadata", &fixture("saml/sp-metadata.xml")]).ok().json();
    assert_eq!(v["Issuer"], "https://sp.example.com/saml");
    assert_eq!(v["SingleSignOnDestination"], "https://sp.example.com/saml/acs");
    assert_eq!(v["Certificate"]["Expired"], false);
    let id = v["Id"].as_str().unwrap().to_string();
    assert_eq!(id, id.to_lowercase(), "a lowercase GUID");

    for (file, code) in [
        ("saml/idp-metadata.xml", "SamlMetadataNoSpDescriptor"),
        ("saml/sp-metadata-no-signing-certificate.xml", "SamlMetadataNoSigningCertificate"),
        ("saml/not-xml.txt", "SamlMetadataNotXml"),
        ("saml/sp-metadata.xml", "Validation"), // the same issuer again
    ] {
        let (exit, e) = ctl(&db, &["--json", "saml", "import-metadata", &fixture(file)]).coded_error();
        assert_eq!((exit, e["code"].as_str()), (3, Some(code)), "{file}: {e}");
    }

    let v = ctl(
        &db,
        &[
            "--json",
            "saml",
            "add",
            "--issuer",
            "urn:b",
            "--acs",
            "https://b.example.com/acs",
            "--certificate",
            &fixture("saml/sp-signing.der"),
            "--name-id-format",
            "Transient",
            "--name-id-field",
            "external-id",
        ],
    )
    .ok()
    .json();
    assert_eq!(v["NameIdentifierFormat"], "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
    assert_eq!(v["NameIdentifierField"], "External");
    // A DER file is stored as PEM, which HES on Linux can load.
    hes_test_support::dotnet_pem::assert_dotnet_loadable_pem(
        v["SignatureValidationCertificateBase64"].as_str().unwrap(),
        "saml add --certificate <DER file>",
    );
    let (exit, e) = ctl(
        &db,
        &[
            "--json",
            "saml",
            "add",
            "--issuer",
            "urn:c",
            "--acs",
            "https://c.example.com/acs",
            "--certificate",
            &fixture("saml/garbage.txt"),
        ],
    )
    .coded_error();
    assert_eq!((exit, e["code"].as_str()), (3, Some("InvalidCertificate")));
    let dry = ctl(&db, &["saml", "import-metadata", "--dry-run", &fixture("saml/sp-metadata.xml")]).ok();
    assert!(dry.stdout.contains("dry run"));

    let cert = ctl(&db, &["--json", "saml", "certificate", &fixture("saml/expired.pem")]).ok().json();
    assert_eq!((cert["Expired"].as_bool(), cert["NotAfter"].as_str()), (Some(true), Some("2021-01-01T00:00:00Z")));

    ctl(&db, &["saml", "delete", "URN:B"]).ok();
    let list = ctl(&db, &["--json", "saml", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(ctl(&db, &["--json", "saml", "delete", "urn:b"]).coded_error().0, 4);
}

#[test]
fn logo_set_and_reset_with_the_apps_codes() {
    let (dir, db) = workspace();
    let v = ctl(&db, &["--json", "logo", "set", "main", &fixture("images/good-480x120.png")]).ok().json();
    assert_eq!(v["Custom"], true);
    assert_eq!(v["Sha256"].as_str().unwrap().len(), 64);
    let big = dir.path().join("big.png");
    std::fs::write(&big, vec![0x89u8; 3 * 1024 * 1024]).unwrap();
    for (file, code) in [
        (fixture("images/svg-with-script.svg"), "ImageSvgRefused"),
        (fixture("images/truncated.png"), "ImageCorrupt"),
        (fixture("images/huge-dimensions.png"), "ImageDimensionsTooLarge"),
        (fixture("images/empty.png"), "ImageEmpty"),
        (fixture("images/wrong-magic.png"), "ImageTypeUnsupported"),
        (big.to_string_lossy().into_owned(), "ImageFileTooLarge"),
    ] {
        let (exit, e) = ctl(&db, &["--json", "logo", "set", "sidebar", &file]).coded_error();
        assert_eq!((exit, e["code"].as_str(), e["field"].as_str()), (3, Some(code), Some("Logos.sidebar")), "{file}");
    }
    let (exit, e) = ctl(&db, &["--json", "logo", "set", "banner", &fixture("images/good-480x120.png")]).coded_error();
    assert_eq!((exit, e["code"].as_str()), (2, Some("BadRequest")));
    let (exit, e) = ctl(&db, &["--json", "logo", "set", "main", "/nonexistent/logo.png"]).coded_error();
    assert_eq!((exit, e["code"].as_str()), (9, Some("Io")));
    let settings = ctl(&db, &["--json", "settings", "show"]).ok().json();
    let logos = &settings["Settings"]["Customization"]["Logos"];
    assert_eq!(logos[0]["Custom"], true);
    assert_eq!(logos[1]["Custom"], false, "refused files changed nothing");
    let v = ctl(&db, &["--json", "logo", "reset", "main"]).ok().json();
    assert_eq!(v["Custom"], false);
}
