//! `hesctl` and HES releases (issue 10, item 3): a database of a release newer than 3.8.4 refuses
//! writes (exit 6, `NewerHesRelease`) unless `--allow-newer-hes` is given, for every command that
//! writes, staging targets included; HES 3.8.3 (MariaDB peer) shows and takes no name-id fields.
//! Certificates written by `saml add` are PEM that .NET on Linux loads (item 2).

use hes_test_support::cli::{self, Out};
use hes_test_support::dotnet_pem::assert_dotnet_loadable_pem;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use std::path::{Path, PathBuf};

const NEWER: &str = "20220315101010_a_future_hes_migration";

fn ctl(db: &Path, args: &[&str]) -> Out {
    let db = db.to_str().expect("a UTF-8 temp path");
    cli::run(env!("CARGO_BIN_EXE_hesctl"), &[&["--db", db], args].concat(), None, &[])
}

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(path).to_string_lossy().into_owned()
}

fn sqlite(db: &Path, sql: &str) -> Vec<(String, Option<String>)> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display())).await.unwrap();
        let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    })
}

/// A workspace whose migrations end with one newer than 3.8.4's.
fn newer_workspace(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    ctl(&db, &["settings", "show"]).ok();
    sqlite(&db, &format!("INSERT INTO __EFMigrationsHistory VALUES ('{NEWER}', '6.0.0') RETURNING MigrationId, NULL"));
    db
}

fn saml_certs(db: &Path) -> Vec<(String, Option<String>)> {
    sqlite(db, "SELECT Issuer, SignatureValidationCertificateBase64 FROM SamlRelyingParties ORDER BY Issuer")
}

#[test]
fn a_newer_release_needs_allow_newer_hes_for_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = newer_workspace(dir.path(), "newer.sqlite");
    let der = fixture("saml/sp-signing.der");
    let add = [
        "saml",
        "add",
        "--issuer",
        "https://a.example.com",
        "--acs",
        "https://a.example.com/acs",
        "--certificate",
        &der,
    ];

    // Reading needs nothing.
    let shown = ctl(&db, &["--json", "settings", "show"]).ok().json();
    assert!(shown.to_string().contains("newer than 3.8.4"), "{shown}");

    // Writes without the flag: exit 6, the stable code, what is known about the release; nothing written.
    for args in [
        &add[..],
        &["settings", "set", "fido", "-"][..],
        &["fido", "set", "--allow-platform-authenticators", "true"][..],
    ] {
        let out = ctl(&db, &[&["--json"], args].concat());
        let (code, e) = out.coded_error();
        assert_eq!((code, e["code"].as_str()), (6, Some("NewerHesRelease")), "{args:?}: {}", out.stderr);
        assert!(e["message"].as_str().unwrap().contains(NEWER), "{e}");
        assert!(e["hint"].as_str().unwrap().contains("--allow-newer-hes"), "{e}");
    }
    assert!(saml_certs(&db).is_empty(), "nothing written");

    // With the flag: written, and said on stderr.
    let out = ctl(&db, &[&["--allow-newer-hes"], &add[..]].concat()).ok();
    assert!(out.stderr.contains(NEWER) && out.stderr.contains("--allow-newer-hes"), "{}", out.stderr);
    let rows = saml_certs(&db);
    assert_eq!(rows.len(), 1);
    assert_dotnet_loadable_pem(rows[0].1.as_deref().unwrap(), "hesctl saml add --certificate <DER file>");

    // The flag is per run: the next run without it is refused again.
    let (code, e) = ctl(&db, &["--json", "fido", "set", "--allow-platform-authenticators", "true"]).coded_error();
    assert_eq!((code, e["code"].as_str()), (6, Some("NewerHesRelease")));

    // A staging target of a newer release: refused without the flag, written with it.
    let src = dir.path().join("src.sqlite");
    ctl(&src, &["saml", "add", "--issuer", "https://s.example.com", "--acs", "https://s.example.com/acs"]).ok();
    let target = db.to_str().unwrap();
    let stage = ["stage", "--to-db", target, "--sections", "saml", "--apply"];
    let (code, e) = ctl(&src, &[&["--json"], &stage[..]].concat()).coded_error();
    assert_eq!((code, e["code"].as_str()), (6, Some("NewerHesRelease")));
    assert_eq!(saml_certs(&db).len(), 1);
    ctl(&src, &[&["--allow-newer-hes"], &stage[..]].concat()).ok();
    // Staging adds the source's provider and keeps the target's own (removals only on --remove).
    let mut issuers = saml_certs(&db).into_iter().map(|r| r.0).collect::<Vec<_>>();
    issuers.sort();
    assert_eq!(issuers, ["https://a.example.com", "https://s.example.com"]);

    // On a 3.8.4 workspace the flag changes nothing and says nothing.
    let known = dir.path().join("known.sqlite");
    let out = ctl(&known, &[&["--allow-newer-hes"], &add[..]].concat()).ok();
    assert!(!out.stderr.contains("newer"), "{}", out.stderr);
}

#[test]
fn hes_3_8_3_shows_and_takes_no_name_id_fields() {
    let Some(peer) = MySqlPeer::from_env() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = rt.block_on(ScratchDb::create(
        &peer,
        &[
            include_str!("../../../tests/fixtures/hes-3.8.3-mysql.sql"),
            include_str!("../../../tests/fixtures/seed-3.8.3.sql"),
        ],
    ));
    let url = peer.url(&db.name, &peer.host);
    let run = |args: &[&str]| {
        cli::run(
            env!("CARGO_BIN_EXE_hesctl"),
            &[&["--db", &url], args].concat(),
            None,
            &[("HESCTL_DB_PASSWORD", Some(&peer.user.1))],
        )
    };
    let text = run(&["saml", "list"]).ok();
    assert!(text.stdout.contains("https://sp383.example.com/saml"), "{}", text.stdout);
    assert!(!text.stdout.contains("Name Identifier"), "{}", text.stdout);
    let json = run(&["--json", "saml", "list"]).ok();
    assert!(!json.stdout.contains("NameIdentifier"), "{}", json.stdout);
    assert_eq!(json.json()[0]["Issuer"], "https://sp383.example.com/saml");

    // `saml add` of https://x.example.com with `more`.
    let add_x = |more: &[&str]| {
        let base = ["--json", "saml", "add", "--issuer", "https://x.example.com", "--acs", "https://x.example.com/acs"];
        run(&[&base[..], more].concat())
    };
    let (code, e) = add_x(&["--name-id-field", "external-id"]).coded_error();
    assert_eq!(
        (code, e["code"].as_str(), e["field"].as_str()),
        (3, Some("Validation"), Some("NameIdentifierField")),
        "{e}"
    );
    let added = add_x(&["--certificate", &fixture("saml/sp-signing.pem")]).ok();
    assert!(!added.stdout.contains("NameIdentifier"), "{}", added.stdout);
    let cert: Option<String> = rt.block_on(
        sqlx::query_scalar("SELECT SignatureValidationCertificateBase64 FROM SamlRelyingParties WHERE Issuer = 'https://x.example.com'")
            .fetch_one(&db.raw),
    ).unwrap();
    assert_dotnet_loadable_pem(cert.as_deref().unwrap(), "hesctl saml add on 3.8.3");
    drop(db);
}
