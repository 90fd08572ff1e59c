//! `hesctl history | export | import | backups` against a real HES database on the MariaDB peer:
//! export with a passphrase -> wipe -> import restores every row byte for byte; a wrong
//! passphrase, a truncated, an edited or a newer file is refused with its stable code and exit 3,
//! nothing written even with --apply; the import leaves a listed, restorable backup; a revert is
//! previewed, applied, refused on a concurrent change (exit 5) and refused for a secret under a
//! Data Protection key HES replaced (exit 8). Every run logs at trace level, and no secret, no
//! passphrase and no database password appears in any stdout or stderr.
//! Without `HES_MYSQL_PORT` these tests print a note and pass (fail under `CI=true`).

use hes_test_support::cli::{Out, PeerCli};
use hes_test_support::hes_dp;
use hes_test_support::mysql::SCHEMA;
use serde_json::Value;

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
const SEED_SECRETS: [&str; 3] = ["secret-api-key-123", "Pa$$w0rd", "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"];
const SMTP_PW: &str = "Cli-Mail-Passw0rd";
const PASSPHRASE: &str = "cli correct horse battery";
const WRONG_PASSPHRASE: &str = "cli wrong passphrase 42";

/// The scratch database and hesctl's runs on it (`PeerCli`), with `--json` unless asked otherwise.
struct TestDb(PeerCli);

impl TestDb {
    fn new(seed: &str) -> Option<TestDb> {
        PeerCli::new(env!("CARGO_BIN_EXE_hesctl"), &[SCHEMA, seed]).map(TestDb)
    }

    fn run(&self, args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
        self.0.run(&[&["--json"], args].concat(), stdin, envs)
    }

    /// The same without --json: its stdout (asserting success).
    fn run_text(&self, args: &[&str]) -> String {
        self.0.run(args, None, &[]).ok().stdout
    }

    fn sql(&self, q: &str) {
        self.0.rt.block_on(sqlx::query(q).execute(&self.0.scratch.raw)).unwrap();
    }

    fn raw(&self, key: &str) -> Option<String> {
        self.0
            .rt
            .block_on(
                sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = ?")
                    .bind(key)
                    .fetch_optional(&self.0.scratch.raw),
            )
            .unwrap()
    }

    /// Every settings row and SAML row, as stored.
    fn snapshot(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .0
            .rt
            .block_on(
                sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
                    .fetch_all(&self.0.scratch.raw),
            )
            .unwrap();
        out.extend(
            self.0
                .rt
                .block_on(
                    sqlx::query_scalar::<_, String>(
                        "SELECT CONCAT_WS('|', Id, Issuer, SingleSignOnDestination, \
                         IFNULL(SingleLogoutResponseDestination, '-'), NameIdentifierFormat, NameIdentifierField) \
                         FROM SamlRelyingParties ORDER BY Id",
                    )
                    .fetch_all(&self.0.scratch.raw),
                )
                .unwrap(),
        );
        out
    }

    fn file(&self, name: &str) -> String {
        self.0.config.path().join(name).to_str().unwrap().to_string()
    }

    /// None of `secrets`, the passphrases nor a database password in anything hesctl printed.
    fn assert_nothing_secret_printed(&self, secrets: &[&str]) {
        self.0.assert_never_printed(&[secrets, &[PASSPHRASE, WRONG_PASSPHRASE]].concat());
    }
}

macro_rules! db_or_return {
    ($seed:expr) => {
        match TestDb::new($seed) {
            Some(d) => d,
            None => return,
        }
    };
}

fn email(pw: &str) -> String {
    format!(r#"{{"Host":"smtp.example.com","Port":587,"UserName":"hes","Password":"{pw}","From":"hes@example.com"}}"#)
}

#[test]
fn export_wipe_import_restores_every_row_and_bad_files_write_nothing() {
    let db = db_or_return!(SEED_PLAIN);
    db.run(&["settings", "set", "email", "-"], Some(&email(SMTP_PW)), &[]).ok();
    db.run(&["settings", "set", "fido", "-"], Some(r#"{"AllowPlatformAuthenticators":true}"#), &[]).ok();
    let before = db.snapshot();
    let pass = [("HESCTL_CONFIG_PASSPHRASE", PASSPHRASE)];

    // Without --with-secrets the file has no secret; with it, they are sealed (not readable).
    let (plain, sealed) = (db.file("plain.json"), db.file("sealed.json"));
    db.run(&["export", "-o", &plain], None, &[]).ok();
    db.run(&["export", "-o", &sealed, "--with-secrets"], None, &pass).ok();
    for f in [&plain, &sealed] {
        let text = std::fs::read_to_string(f).unwrap();
        for s in SEED_SECRETS.iter().chain(&[SMTP_PW]) {
            assert!(!text.contains(s), "a secret is readable in {f}");
        }
    }
    let sealed_text = std::fs::read_to_string(&sealed).unwrap();
    assert!(sealed_text.contains("\"Sealed\""), "the secrets are in the sealed part");

    db.sql("DELETE FROM AppSettings");
    db.sql("DELETE FROM SamlRelyingParties");
    let wiped = db.snapshot();

    // Each bad file: its stable code, exit 3, nothing written although --apply was given.
    let write = |name: &str, bytes: &[u8]| {
        let p = db.file(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let truncated = write("truncated.json", &sealed_text.as_bytes()[..sealed_text.len() - 40]);
    let edited =
        write("edited.json", sealed_text.replace("https://hls.hideez.com", "https://evil.example.com").as_bytes());
    let mut v: Value = serde_json::from_str(&sealed_text).unwrap();
    v["Version"] = Value::from(99);
    let newer = write("newer.json", &serde_json::to_vec(&v).unwrap());
    let wrong = [("HESCTL_CONFIG_PASSPHRASE", WRONG_PASSPHRASE)];
    for (file, env, code) in [
        (&sealed, &wrong, "ConfigWrongPassphrase"),
        (&truncated, &pass, "ConfigFileDamaged"),
        (&edited, &pass, "ConfigFileDamaged"),
        (&newer, &pass, "ConfigFileNewer"),
    ] {
        let out = db.run(&["import", file, "--with-secrets", "--apply"], None, env);
        assert_eq!(out.last_error_code(), (3, code.to_string()), "{file}");
        assert!(out.stdout.is_empty(), "no preview for a refused file: {}", out.stdout);
        assert_eq!(db.snapshot(), wiped, "{code}: nothing written");
    }

    // The preview writes nothing; --apply (passphrase on stdin this time) restores every row.
    let preview = db.run(&["import", &sealed, "--with-secrets"], None, &pass).ok().json();
    assert_eq!(preview["Applied"], false);
    let created: Vec<&str> = preview["Preview"]["Sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Action"] == "Create")
        .filter_map(|s| s["Key"].as_str())
        .collect();
    for key in ["licensing", "domain", "splunk", "fido", "email", "saml"] {
        assert!(created.contains(&key), "{key} is created: {created:?}");
    }
    assert_eq!(db.snapshot(), wiped, "a preview writes nothing");
    db.run(&["import", &sealed, "--with-secrets", "--apply"], Some(&format!("{PASSPHRASE}\n")), &[]).ok();
    assert_eq!(db.snapshot(), before, "every row back, byte for byte");

    // Recorded, and the wiped state was backed up first: listed and restorable (removals confirmed).
    let history = db.run(&["history"], None, &[]).ok().json();
    assert_eq!(history["KeptIn"], "database");
    assert_eq!(history["Entries"][0]["Action"], "import");
    let backups = db.run(&["backups"], None, &[]).ok().json();
    assert_eq!(backups[0]["Reason"], "before import");
    let name = backups[0]["Name"].as_str().unwrap();
    let restore = db.run(&["backups", "--restore", name], None, &[]).ok().json();
    assert_eq!(restore["Applied"], false);
    assert_eq!(db.snapshot(), before, "a restore preview writes nothing");
    // Without --remove the restore keeps everything the backup lacks.
    db.run(&["backups", "--restore", name, "--apply"], None, &[]).ok();
    assert_eq!(db.snapshot(), before, "no removal confirmed: nothing removed");
    let every = "licensing,domain,domains,splunk,fido,oidc,email,customization,saml";
    db.run(&["backups", "--restore", name, "--apply", "--remove", every], None, &[]).ok();
    assert_eq!(db.snapshot(), wiped, "the backup restored");
    let (code, e) = db.run(&["backups", "--restore", "../../connections.json"], None, &[]).last_error_code();
    assert_eq!((code, e.as_str()), (4, "NotFound"));

    // The text forms too.
    let out = db.run_text(&["history"]);
    assert!(out.contains("import") && out.contains("restore"), "{out}");
    db.assert_nothing_secret_printed(&SEED_SECRETS.iter().chain(&[SMTP_PW]).copied().collect::<Vec<_>>());
}

#[test]
fn a_revert_is_previewed_applied_and_refused_after_a_concurrent_change() {
    let db = db_or_return!(SEED_PLAIN);
    db.run(&["settings", "set", "licensing", "-"], Some(r#"{"ApiAddress":"https://one.example.com"}"#), &[]).ok();
    let after_one = db.raw("licensing").unwrap();
    db.run(&["settings", "set", "licensing", "-"], Some(r#"{"ApiAddress":"https://two.example.com"}"#), &[]).ok();
    let list = db.run(&["history", "--section", "licensing"], None, &[]).ok().json();
    let ids: Vec<i64> = list["Entries"].as_array().unwrap().iter().map(|e| e["Id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    let (two, one) = (ids[0].to_string(), ids[1].to_string());
    let key = list["Entries"][0]["Sections"][0]["Fields"].as_array().unwrap();
    assert!(key.iter().all(|f| f["Field"] != "ApiKey"), "the key was kept: {key:?}");

    // Preview: nothing written; --apply: the previous bytes exactly.
    let preview = db.run(&["history", "revert", &two], None, &[]).ok().json();
    assert!(preview["ChangedSince"].as_array().unwrap().is_empty());
    let at_two = db.raw("licensing");
    assert_ne!(at_two.as_deref(), Some(after_one.as_str()));
    db.run(&["history", "revert", &two, "--apply"], None, &[]).ok();
    assert_eq!(db.raw("licensing").unwrap(), after_one);

    // Another writer changes the address: the revert of `one` is refused, exit 5, nothing written;
    // the text preview says what changed since.
    let theirs = after_one.replace("https://one.example.com", "https://three.example.com");
    db.sql(&format!("UPDATE AppSettings SET Value = '{theirs}' WHERE Id = 'licensing'"));
    let out = db.run(&["history", "revert", &one, "--apply"], None, &[]);
    assert_eq!(out.last_error_code(), (5, "ConcurrentChange".into()));
    assert_eq!(db.raw("licensing").unwrap(), theirs);
    let text = db.run_text(&["history", "revert", &one]);
    assert!(text.contains("changed since the entry (the revert is refused):"), "{text}");
    assert!(text.contains("ApiAddress: https://one.example.com → https://three.example.com"), "{text}");
    let history = db.run(&["history"], None, &[]).ok().json();
    assert_eq!(history["Entries"].as_array().unwrap().len(), 3, "the refused revert is not recorded");
    db.assert_nothing_secret_printed(&SEED_SECRETS);
}

#[test]
fn a_revert_to_a_secret_under_a_key_hes_replaced_is_refused() {
    let db = db_or_return!(SEED_PROTECTED);
    let old = [("HESCTL_DP_PASSWORD", "password")];
    db.run(&["settings", "set", "email", "-"], Some(&email("Cli-Old-Pw-1")), &old).ok();
    db.0.rt.block_on(hes_dp::change_password(&db.0.scratch.raw, "password", "cli-second-password"));
    let new = [("HESCTL_DP_PASSWORD", "cli-second-password")];
    db.run(&["settings", "set", "email", "-"], Some(&email("Cli-New-Pw-2")), &new).ok();
    let list = db.run(&["history", "--section", "email"], None, &new).ok().json();
    let id = list["Entries"][0]["Id"].as_i64().unwrap().to_string();
    let before = db.snapshot();

    // The preview is printed with why it is blocked, and ends as the refusal does.
    let preview = db.run(&["history", "revert", &id], None, &new);
    let (code, e) = preview.coded_error();
    assert_eq!((code, e["code"].as_str()), (8, Some("DataProtectionStaleKey")), "the preview refuses too");
    assert!(e["message"].as_str().unwrap().contains("key id 1"), "{e}");
    assert_eq!(preview.json()["Blocked"]["code"], "DataProtectionStaleKey");
    let out = db.run(&["history", "revert", &id, "--apply"], None, &new);
    assert_eq!(out.last_error_code(), (8, "DataProtectionStaleKey".into()));
    assert_eq!(db.snapshot(), before, "nothing written");
    db.assert_nothing_secret_printed(&["Cli-Old-Pw-1", "Cli-New-Pw-2", "cli-second-password"]);
}
