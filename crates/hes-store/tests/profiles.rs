//! Connection profiles (`hes_store::profiles`) on a temp config dir with the in-memory secret
//! store: list/save/edit/rename/delete, keychain entries moving with their profile, validation,
//! and the file never holding a password.
//!
//! `keychain_round_trip_on_this_machine` exercises the real OS keychain; it runs only with
//! `HES_KEYRING_IT=1` (see its comment for how to give it a Secret Service).

use hes_core::connections::{ConnectionProfileInput, DEFAULT_TIMEOUT_MS};
use hes_core::error::ErrorCode;
use hes_core::secret::SecretInput;
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::keychain::{Keychain, MemoryStore, SecretStore};
use hes_store::profiles::{test_connection, Profiles};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

const DB_PW: &str = "db-pw-Zq81-unique";
const DB_PW2: &str = "db-pw-second-Lm42";
const DP_PW: &str = "dp-pw-Hx93-unique";

fn setup() -> (tempfile::TempDir, Arc<MemoryStore>, Profiles) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let profiles = Profiles::new(dir.path().join("cfg").join("connections.json"), store.clone());
    (dir, store, profiles)
}

fn input(v: Value) -> ConnectionProfileInput {
    serde_json::from_value(v).expect("input JSON")
}

fn prod(password: Option<&str>) -> ConnectionProfileInput {
    let mut v = json!({"Name": "Prod", "Host": "db.example.com", "Port": 3307, "Database": "hes", "User": "hes",
                       "Tls": "VerifyIdentity", "CaFile": "/etc/ssl/ca.crt"});
    if let Some(p) = password {
        v["Password"] = json!(p);
    }
    input(v)
}

fn file_text(p: &Profiles) -> String {
    std::fs::read_to_string(p.path()).expect("connections.json exists")
}

fn assert_no_secret_in_file(p: &Profiles) {
    let text = file_text(p);
    for s in [DB_PW, DB_PW2, DP_PW, "Password\""] {
        assert!(!text.contains(s), "connections.json holds {s:?}: {text}");
    }
}

#[test]
fn empty_without_a_file() {
    let (_d, _s, p) = setup();
    assert!(p.list().unwrap().is_empty());
    assert_eq!(p.get("Prod").unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(p.delete("Prod").unwrap_err().code, ErrorCode::NotFound);
    assert!(!p.path().exists(), "reading creates nothing");
}

#[test]
fn save_list_and_the_file_has_no_password() {
    let (_d, store, p) = setup();
    let view = p.save(None, prod(Some(DB_PW))).unwrap();
    assert!(view.password_stored);
    assert!(!view.data_protection_password_stored);
    assert_eq!(store.keys(), vec!["db:Prod"]);
    assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW);

    let list = p.list().unwrap();
    assert_eq!(list.len(), 1);
    let prof = &list[0].profile;
    assert_eq!(
        (prof.name.as_str(), prof.host.as_str(), prof.port, prof.database.as_str(), prof.user.as_str()),
        ("Prod", "db.example.com", 3307, "hes", "hes")
    );
    assert_eq!(prof.tls, TlsMode::VerifyIdentity);
    assert_eq!(prof.ca_file.as_deref(), Some("/etc/ssl/ca.crt"));
    assert_eq!(prof.timeout_ms, DEFAULT_TIMEOUT_MS);

    // The file: exactly the profile, in PascalCase, and no password anywhere.
    let on_disk: Value = serde_json::from_str(&file_text(&p)).unwrap();
    assert_eq!(on_disk["Version"], 1);
    assert_eq!(
        on_disk["Connections"][0],
        json!({"Name": "Prod", "Host": "db.example.com", "Port": 3307, "Database": "hes", "User": "hes",
               "Tls": "VerifyIdentity", "CaFile": "/etc/ssl/ca.crt", "TimeoutMs": 10000})
    );
    assert_no_secret_in_file(&p);

    // The view the UI gets serializes flat, with the two flags and no password.
    let ui = serde_json::to_value(&list[0]).unwrap();
    assert_eq!(ui["Name"], "Prod");
    assert_eq!(ui["PasswordStored"], true);
    assert_eq!(ui["DataProtectionPasswordStored"], false);
    assert!(!ui.to_string().contains(DB_PW));

    // No temp files left behind; the file is private on Unix.
    let names: Vec<String> = std::fs::read_dir(p.path().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["connections.json"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(p.path()).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn edit_password_absent_keeps_null_deletes_string_replaces() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();

    // Absent: kept, while fields other than the target (host, port, user) change.
    let mut edit = prod(None);
    edit.database = "hes2".into();
    let v = p.save(Some("Prod"), edit).unwrap();
    assert_eq!(v.profile.database, "hes2");
    assert!(v.password_stored);
    assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW);

    // A string replaces.
    let v = p.save(Some("Prod"), prod(Some(DB_PW2))).unwrap();
    assert!(v.password_stored);
    assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW2);

    // null deletes.
    let mut clear = prod(None);
    clear.password = SecretInput::Clear;
    let v = p.save(Some("Prod"), clear).unwrap();
    assert!(!v.password_stored);
    assert!(store.keys().is_empty());
    assert_eq!(p.list().unwrap().len(), 1, "an edit does not add a profile");
    assert_no_secret_in_file(&p);
}

#[test]
fn rename_moves_both_keychain_entries() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();
    p.set_dp_password("Prod", Some(&Secret::new(DP_PW))).unwrap();
    assert_eq!(store.keys(), vec!["db:Prod", "dp:Prod"]);
    assert!(p.list().unwrap()[0].data_protection_password_stored);

    let mut renamed = prod(None);
    renamed.name = "Production".into();
    let v = p.save(Some("Prod"), renamed).unwrap();
    assert!(v.password_stored && v.data_protection_password_stored);
    assert_eq!(store.keys(), vec!["db:Production", "dp:Production"]);
    assert_eq!(p.dp_password("Production").unwrap().unwrap().expose(), DP_PW);
    assert_eq!(p.target("Production", None).unwrap().password.expose(), DB_PW);
    assert_eq!(p.get("Prod").unwrap_err().code, ErrorCode::NotFound);

    // A case-only rename moves them too (and works on case-insensitive keychains).
    let mut recased = prod(Some(DB_PW2));
    recased.name = "PRODUCTION".into();
    p.save(Some("Production"), recased).unwrap();
    assert_eq!(store.keys(), vec!["db:PRODUCTION", "dp:PRODUCTION"]);
    assert_eq!(store.get("db:PRODUCTION").unwrap().unwrap().expose(), DB_PW2, "rename and new password at once");
    assert_no_secret_in_file(&p);
}

#[test]
fn delete_removes_the_keychain_entries() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();
    p.set_dp_password("Prod", Some(&Secret::new(DP_PW))).unwrap();
    let mut other = prod(Some(DB_PW2));
    other.name = "Staging".into();
    p.save(None, other).unwrap();

    p.delete("prod").unwrap(); // names match ignoring case
    assert_eq!(store.keys(), vec!["db:Staging"]);
    let names: Vec<String> = p.list().unwrap().into_iter().map(|v| v.profile.name).collect();
    assert_eq!(names, vec!["Staging"]);

    // A new profile with the old name does not inherit anything.
    let v = p.save(None, prod(None)).unwrap();
    assert!(!v.password_stored && !v.data_protection_password_stored);
}

#[test]
fn stale_entries_do_not_come_back_with_a_new_profile() {
    let (_d, store, p) = setup();
    store.set("db:Prod", &Secret::new(DB_PW)).unwrap();
    store.set("dp:Prod", &Secret::new(DP_PW)).unwrap();
    let v = p.save(None, prod(None)).unwrap();
    assert!(!v.password_stored && !v.data_protection_password_stored);
    assert!(store.keys().is_empty());
}

#[test]
fn validation_errors_write_nothing() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();
    let mut second = prod(None);
    second.name = "Second".into();
    p.save(None, second).unwrap();
    let before = file_text(&p);

    let dup = p.save(None, input(json!({"Name": "prod", "Host": "h", "Database": "d", "User": "u"}))).unwrap_err();
    assert_eq!((dup.code, dup.field.as_deref()), (ErrorCode::Validation, Some("Name")));

    let bad = p
        .save(None, input(json!({"Name": "X", "Host": "mysql://h", "Database": "", "User": "u", "Password": DB_PW2})))
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);
    let fields: Vec<&str> = bad.field_errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["Host", "Database"]);
    assert!(!format!("{bad:?}").contains(DB_PW2));

    let timeout = p
        .save(None, input(json!({"Name": "X", "Host": "h", "Database": "d", "User": "u", "TimeoutMs": 10})))
        .unwrap_err();
    assert_eq!(timeout.field.as_deref(), Some("TimeoutMs"));

    let ca = p
        .save(
            None,
            input(json!({"Name": "X", "Host": "h", "Database": "d", "User": "u", "Tls": "Disabled", "CaFile": "/ca"})),
        )
        .unwrap_err();
    assert_eq!(ca.field.as_deref(), Some("CaFile"));

    // Renaming onto another profile's name is refused too.
    let mut clash = prod(None);
    clash.name = "PROD".into();
    assert_eq!(p.save(Some("Second"), clash).unwrap_err().field.as_deref(), Some("Name"));
    assert_eq!(p.save(Some("Missing"), prod(None)).unwrap_err().code, ErrorCode::NotFound);

    assert_eq!(file_text(&p), before, "nothing written");
    assert_eq!(store.keys(), vec!["db:Prod"]);
}

#[test]
fn a_locked_keychain_changes_nothing() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();
    let before = file_text(&p);
    store.set_failing(true);
    let e = p.save(Some("Prod"), prod(Some(DB_PW2))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    let mut renamed = prod(None);
    renamed.name = "Renamed".into();
    assert_eq!(p.save(Some("Prod"), renamed).unwrap_err().code, ErrorCode::Io);
    assert_eq!(file_text(&p), before);
    // Listing still works; the flags say "not stored" when the keychain cannot be read.
    assert!(!p.list().unwrap()[0].password_stored);
    store.set_failing(false);
    assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW);
}

#[test]
fn an_unwritable_file_rolls_the_keychain_back() {
    let (dir, store, _) = setup();
    // The "file" is a directory: the rename fails after the keychain was changed.
    let path = dir.path().join("connections.json");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("x"), "").unwrap();
    let p = Profiles::new(&path, store.clone());
    let e = p.save(None, prod(Some(DB_PW))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    assert!(store.keys().is_empty(), "the stored password was taken back");
    assert!(!e.message.contains(DB_PW));
}

#[test]
fn corrupt_file_is_an_io_error() {
    let (_d, store, _) = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("connections.json");
    std::fs::write(&path, "{not json").unwrap();
    let p = Profiles::new(&path, store);
    let e = p.list().unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    assert!(e.message.contains("connections.json"));
}

#[test]
fn target_uses_the_argument_else_the_keychain() {
    let (_d, _s, p) = setup();
    p.save(None, prod(None)).unwrap();
    let e = p.target("Prod", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::DbAuthFailed);
    assert!(e.message.contains("No database password is stored"), "{}", e.message);

    let t = p.target("Prod", Some(Secret::new(DB_PW2))).unwrap();
    assert_eq!(t.password.expose(), DB_PW2);
    p.save(Some("Prod"), prod(Some(DB_PW))).unwrap();
    let t = p.target("prod", None).unwrap();
    assert_eq!(
        (t.host.as_str(), t.port, t.database.as_str(), t.user.as_str(), t.tls),
        ("db.example.com", 3307, "hes", "hes", TlsMode::VerifyIdentity)
    );
    assert_eq!(t.password.expose(), DB_PW);
    assert_eq!(t.ca_file, Some(PathBuf::from("/etc/ssl/ca.crt")));
    assert_eq!(t.timeout, std::time::Duration::from_millis(10_000));
    assert!(!format!("{t:?}").contains(DB_PW), "MySqlTarget's Debug hides the password");

    assert_eq!(p.target("Nope", None).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn dp_password_remember_and_forget() {
    let (_d, store, p) = setup();
    p.save(None, prod(None)).unwrap();
    assert!(p.dp_password("Prod").unwrap().is_none());
    p.set_dp_password("Prod", Some(&Secret::new(DP_PW))).unwrap();
    assert_eq!(p.dp_password("Prod").unwrap().unwrap().expose(), DP_PW);
    p.set_dp_password("Prod", None).unwrap();
    assert!(p.dp_password("Prod").unwrap().is_none());
    assert!(store.keys().is_empty());
    assert_eq!(p.set_dp_password("Nope", Some(&Secret::new(DP_PW))).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn default_path_follows_the_env_override() {
    // Only this test in this binary touches the variable.
    std::env::set_var("HES_CONSOLE_CONFIG_DIR", "/tmp/hes-cfg-test");
    assert_eq!(Profiles::default_path(), PathBuf::from("/tmp/hes-cfg-test/connections.json"));
    std::env::remove_var("HES_CONSOLE_CONFIG_DIR");
    let p = Profiles::default_path();
    assert!(p.ends_with("io.hesconsole.desktop/connections.json"), "{}", p.display());
}

/// The retarget rule (issue 11): the stored password goes only to the host, port and user it was
/// saved for; a Save that keeps it for another target, or a Test of such a form, asks for it again.
#[test]
fn a_stored_password_is_not_sent_to_a_retargeted_form() {
    let (_d, store, p) = setup();
    p.save(None, prod(Some(DB_PW))).unwrap();
    let profile_of = |f: fn(&mut ConnectionProfileInput)| {
        let mut i = prod(None);
        f(&mut i);
        i.into_profile(&[], Some("Prod")).unwrap().0
    };
    let retargets: [fn(&mut ConnectionProfileInput); 3] =
        [|i| i.host = "attacker.example.net".into(), |i| i.port = Some(3308), |i| i.user = "root".into()];
    for f in retargets {
        let form = profile_of(f);
        let e = p.test_password(Some("Prod"), &form, SecretInput::Keep).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some("Password")), "{form:?}");
        assert!(!format!("{e:?}").contains(DB_PW));
        // Typed again: that one is used.
        let typed = p.test_password(Some("Prod"), &form, SecretInput::Replace(Secret::new(DB_PW2))).unwrap();
        assert_eq!(typed.expose(), DB_PW2);

        // Save keeping the stored password for the new target: refused, nothing changed.
        let mut edit = prod(None);
        f(&mut edit);
        let e = p.save(Some("Prod"), edit).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some("Password")));
        assert_eq!(p.get("Prod").unwrap().host, "db.example.com");
        assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW);
    }
    // Same target (host case and spaces do not matter), other database or name: the stored one.
    let same = profile_of(|i| {
        i.host = " DB.Example.com ".into();
        i.database = "other".into();
    });
    assert_eq!(p.test_password(Some("Prod"), &same, SecretInput::Keep).unwrap().expose(), DB_PW);
    // A new profile has no stored password to fall back on.
    assert_eq!(p.test_password(None, &same, SecretInput::Keep).unwrap_err().code, ErrorCode::DbAuthFailed);
    // Retargeted with a new password, or with the stored one removed: saved.
    let mut edit = prod(Some(DB_PW2));
    edit.host = "db2.example.com".into();
    p.save(Some("Prod"), edit).unwrap();
    assert_eq!(store.get("db:Prod").unwrap().unwrap().expose(), DB_PW2);
    let mut edit = prod(None);
    edit.host = "db3.example.com".into();
    edit.password = SecretInput::Clear;
    assert!(!p.save(Some("Prod"), edit).unwrap().password_stored);
    // Nothing stored: nothing to protect, a retarget saves.
    let mut edit = prod(None);
    edit.host = "db4.example.com".into();
    assert_eq!(p.save(Some("Prod"), edit).unwrap().profile.host, "db4.example.com");
}

#[tokio::test]
async fn test_connection_reports_the_error_and_the_time() {
    let (_d, _s, p) = setup();
    let mut v = prod(Some(DB_PW));
    v.host = "127.0.0.1".into();
    v.port = Some(1); // nothing listens on port 1
    v.tls = Some(TlsMode::Disabled);
    v.ca_file = None;
    v.timeout_ms = Some(2000);
    p.save(None, v).unwrap();
    let result = test_connection(&p.target("Prod", None).unwrap(), "Prod").await;
    assert!(!result.ok);
    let e = result.error.as_ref().expect("an error");
    assert!(matches!(e.code, ErrorCode::DbUnreachable | ErrorCode::Timeout), "{e:?}");
    assert!(result.duration_ms < 5000);
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["Ok"], false);
    assert!(json["DurationMs"].is_u64());
    assert!(!json.to_string().contains(DB_PW));
    // TLS Disabled: the result carries the warning, reached or not.
    assert_eq!(json["Warning"]["Code"], "TlsDisabled");
}

/// The real OS keychain: set, read back through a fresh entry, delete. Run it with
/// `HES_KEYRING_IT=1`; on Linux, for the Secret Service:
/// `dbus-run-session -- bash -c 'printf it-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
///   HES_KEYRING_IT=1 HES_CONSOLE_KEYRING=secret-service cargo test -p hes-store --test profiles keychain'`
/// and for the kernel keyring: `HES_KEYRING_IT=1 HES_CONSOLE_KEYRING=keyutils cargo test …` (also
/// without a login session). Uses its own service name, so real entries are never touched.
#[test]
fn keychain_round_trip_on_this_machine() {
    if std::env::var("HES_KEYRING_IT").as_deref() != Ok("1") {
        eprintln!("note: HES_KEYRING_IT is not 1: the real keychain test did not run");
        return;
    }
    let service = format!("io.hesconsole.test.{}", std::process::id());
    let chain = Keychain::with_service(&service);
    eprintln!("keychain backend: {}", chain.backend().label());
    let key = "db:Integration Test";
    assert!(chain.get(key).unwrap().is_none());
    chain.set(key, &Secret::new(DB_PW)).unwrap();
    // A second Keychain (fresh entries) sees it.
    let again = Keychain::with_service(&service);
    assert_eq!(again.get(key).unwrap().unwrap().expose(), DB_PW);
    chain.set(key, &Secret::new(DB_PW2)).unwrap();
    assert_eq!(again.get(key).unwrap().unwrap().expose(), DB_PW2);
    chain.delete(key).unwrap();
    chain.delete(key).unwrap(); // deleting twice is fine
                                // keyutils may still find an invalidated key for a few milliseconds in the same process.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while again.get(key).unwrap().is_some() {
        assert!(std::time::Instant::now() < deadline, "the entry was deleted");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // Profiles on the real keychain.
    let dir = tempfile::tempdir().unwrap();
    let p = Profiles::new(dir.path().join("connections.json"), Arc::new(Keychain::with_service(&service)));
    p.save(None, prod(Some(DB_PW))).unwrap();
    assert!(p.list().unwrap()[0].password_stored);
    p.delete("Prod").unwrap();
}
