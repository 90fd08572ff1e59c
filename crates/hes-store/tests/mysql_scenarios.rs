//! hes-store against a real MariaDB (issue 3, "Real database in tests"): every scenario opens its
//! own database `hes_t_<random>`, made by root from tests/fixtures (HES 3.8.4's schema plus a
//! seed), and drives the `Console` API as the desktop app and `hesctl` do. The "other writer"
//! (HES's web admin) is simulated with raw SQL as root.
//!
//! The server is tests/peers/peers-up.sh's (scripts/test.sh starts it in its `peers` stage and
//! exports peers.env). Without `HES_MYSQL_PORT` these tests fail under `CI=true`; locally they
//! print a note and pass.
//!
//! Everything the library logs (all levels, all targets) is captured; each test checks that none
//! of the secrets it handled (settings secrets, database and Data Protection passwords) is there.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::settings::domains::{DomainView, PRIMARY_ID};
use hes_core::settings::fido::Fido;
use hes_core::settings::licensing::Licensing;
use hes_core::settings::splunk::Splunk;
use hes_core::settings::view::Revisions;
use hes_core::workspace::{DataProtectionState, SecretRef, TlsMode};
use hes_core::{Secret, SecretState};
use hes_store::rows::{self, RowChange};
use hes_store::saml_rows::{self, SamlChange};
use hes_store::{Console, Db, MySqlTarget};
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const SCHEMA: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
const SEED_BROKEN: &str = include_str!("../../../tests/fixtures/seed-broken.sql");
const NOT_HES: &str = include_str!("../../../tests/fixtures/not-hes.sql");
const VECTORS: &str = include_str!("../../hes-core/tests/fixtures/protect-vectors.json");

/// The Data Protection password of vector `ascii_api_key` (the seeds' key, id 1).
const DP_PASSWORD: &str = "password";
/// The plaintext secrets of the seeds (appsettings_examples.*.plain_settings).
const SEED_SECRETS: [&str; 3] = ["secret-api-key-123", "Pa$$w0rd+", "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"];

// ---------------------------------------------------------------------------------------------
// The peer (peers.env)

type Peer = MySqlPeer;

fn peer() -> Option<Peer> {
    capture_logs();
    MySqlPeer::from_env()
}

async fn root_pool(p: &Peer, database: Option<&str>) -> MySqlPool {
    MySqlPoolOptions::new()
        .max_connections(2)
        .connect_with(p.root_options(database))
        .await
        .expect("root connects to the MariaDB peer")
}

// ---------------------------------------------------------------------------------------------
// A database of its own per test

struct TestDb {
    peer: Peer,
    /// Owns the database: dropping it drops the database.
    _db: ScratchDb,
    name: String,
    /// Root on this database: the other writer, and the eyes of the test.
    raw: MySqlPool,
}

impl TestDb {
    /// A scratch database (see hes-test-support) filled with `sql`.
    async fn new(peer: &Peer, sql: &[&str]) -> TestDb {
        let db = ScratchDb::create(peer, sql).await;
        TestDb { peer: peer.clone(), name: db.name.clone(), raw: db.raw.clone(), _db: db }
    }

    fn target(&self, user: &(String, String), tls: TlsMode) -> MySqlTarget {
        self.peer.target(&self.name, user, tls)
    }

    /// The console as the `hes` user (full rights), TLS verified against the test CA.
    async fn open(&self) -> Console {
        Console::open_mysql(&self.target(&self.peer.user, TlsMode::VerifyIdentity), "test").await.expect("opens")
    }

    async fn raw_value(&self, key: &str) -> Option<String> {
        hes_test_support::app_setting!(&self.raw, key)
    }

    async fn raw_json(&self, key: &str) -> Value {
        serde_json::from_str(&self.raw_value(key).await.unwrap_or_else(|| panic!("row {key} exists"))).unwrap()
    }

    async fn raw_set(&self, key: &str, value: &str) {
        hes_test_support::set_app_setting!(&self.raw, key, value)
    }

    /// Every row of the tables the console may write, for "nothing was written" checks.
    async fn snapshot(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id",
            "SELECT CONCAT_WS('|', Id, Issuer, SingleSignOnDestination, IFNULL(SingleLogoutResponseDestination, '-'), \
             IFNULL(SignatureValidationCertificateBase64, '-'), NameIdentifierFormat, NameIdentifierField) \
             FROM SamlRelyingParties ORDER BY Id",
            "SELECT CONCAT_WS('|', Id, IFNULL(Value, '-'), CreatedAt) FROM DataProtection ORDER BY Id",
        ] {
            let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.raw).await.unwrap();
            out.extend(rows);
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Captured logs

static LOGS: OnceLock<Arc<Mutex<String>>> = OnceLock::new();

/// Install (once per test binary) a subscriber that records every span and event, at every level,
/// into a buffer: field values are written both raw and Debug-formatted.
fn capture_logs() -> Arc<Mutex<String>> {
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(String::new()));
        tracing::subscriber::set_global_default(Capture { buf: buf.clone(), next: Default::default() })
            .expect("no other global subscriber in this test binary");
        buf
    })
    .clone()
}

struct Capture {
    buf: Arc<Mutex<String>>,
    next: std::sync::atomic::AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
    fn record_error(&mut self, field: &tracing::field::Field, value: &(dyn std::error::Error + 'static)) {
        self.0.push_str(&format!(" {}={value} ({value:?})", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {} {}:", span.metadata().level(), span.metadata().target());
        span.record(&mut Fields(&mut line));
        line.push('\n');
        self.buf.lock().unwrap().push_str(&line);
        tracing::span::Id::from_u64(1 + self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        line.push('\n');
        self.buf.lock().unwrap().push_str(&line);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("{} {}:", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        line.push('\n');
        self.buf.lock().unwrap().push_str(&line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// None of `secrets` is in anything logged so far (by any test of this binary).
/// `HES_TEST_LOG_DUMP=<file>` writes what was captured there, to look at.
fn assert_not_logged<S: AsRef<str>>(secrets: impl IntoIterator<Item = S>) {
    let logs = capture_logs().lock().unwrap().clone();
    if let Ok(path) = std::env::var("HES_TEST_LOG_DUMP") {
        std::fs::write(path, &logs).expect("write the log dump");
    }
    for s in secrets {
        let s = s.as_ref();
        assert!(!s.is_empty());
        assert!(!logs.contains(s), "a secret ({} characters) appears in the captured logs", s.len());
    }
}

fn logged(needle: &str) -> bool {
    capture_logs().lock().unwrap().contains(needle)
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn input<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test input deserializes")
}

fn err<T>(r: AppResult<T>) -> AppError {
    match r {
        Ok(_) => panic!("the call must fail"),
        Err(e) => e,
    }
}

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("protect-vectors.json")
}

fn example(key: &str, which: &str) -> String {
    vectors()["appsettings_examples"][key][which].as_str().expect("example").to_string()
}

fn vector_params() -> String {
    vectors()["positive"][0]["params_json"].as_str().unwrap().to_string()
}

fn vector_key() -> ProtectionKey {
    ProtectionKey::derive(&DataProtectionParams::from_json(&vector_params()).unwrap(), 1, DP_PASSWORD).unwrap()
}

fn licensing_ref() -> SecretRef {
    SecretRef { section: "licensing".into(), id: None }
}

/// Standard base64 (the ciphertext envelope), for looking at the IV.
fn b64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        acc = (acc << 6) | A.iter().position(|&a| a == c).expect("base64") as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// (key id, IV) of an HES ciphertext.
fn envelope(ct: &str) -> (i32, Vec<u8>) {
    let b = b64(ct);
    assert_eq!(&b[4..8], &[16, 0, 0, 0], "IV length 16");
    (i32::from_le_bytes(b[0..4].try_into().unwrap()), b[8..24].to_vec())
}

// ---------------------------------------------------------------------------------------------
// The fixture databases peers-up made

#[tokio::test]
async fn the_peer_fixture_databases_hold_the_vectors_byte_for_byte() {
    let Some(p) = peer() else { return };
    let root = root_pool(&p, None).await;
    let value = |db: &str, key: &str| {
        let sql = format!("SELECT Value FROM `{db}`.AppSettings WHERE Id = ?");
        let root = root.clone();
        let key = key.to_string();
        async move { sqlx::query_scalar::<_, String>(&sql).bind(key).fetch_one(&root).await.unwrap() }
    };
    for key in ["licensing", "domain", "splunk"] {
        assert_eq!(value("hes_plain", key).await, example(key, "value_when_protection_off_stj"));
        assert_eq!(value("hes_protected", key).await, example(key, "value_when_protection_on_stj"));
        assert_eq!(value("hes_broken", key).await, example(key, "value_when_protection_on_stj"));
    }
    let dp: Vec<(i32, String)> =
        sqlx::query_as("SELECT Id, Value FROM hes_protected.DataProtection").fetch_all(&root).await.unwrap();
    assert_eq!(dp, [(1, vector_params())]);
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM hes_broken.DataProtection").fetch_one(&root).await.unwrap();
    assert_eq!(n, 2);
    for db in ["hes_plain", "hes_protected", "hes_broken", "hes_empty"] {
        let newest: String = sqlx::query_scalar(&format!(
            "SELECT MigrationId FROM `{db}`.__EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1"
        ))
        .fetch_one(&root)
        .await
        .unwrap();
        assert_eq!(newest, "20210707084209_added_allow_passwordless_by_u2f_field");
        let profile: String =
            sqlx::query_scalar(&format!("SELECT Id FROM `{db}`.HardwareVaultProfiles")).fetch_one(&root).await.unwrap();
        assert_eq!(profile, "default");
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'not_hes'",
    )
    .fetch_all(&root)
    .await
    .unwrap();
    assert_eq!(tables, ["inventory"]);
    // HES's columns compare case-insensitively here, as under MySQL 8's utf8mb4_0900_ai_ci: the
    // reason the console's compare-and-swap must compare bytes.
    let collation: String = sqlx::query_scalar(
        "SELECT CAST(COLLATION_NAME AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = 'hes_plain' AND TABLE_NAME = 'AppSettings' AND COLUMN_NAME = 'Value'",
    )
    .fetch_one(&root)
    .await
    .unwrap();
    assert_eq!(collation, "utf8mb4_unicode_ci");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM hes_plain.AppSettings WHERE Value = UPPER(Value)")
        .fetch_one(&root)
        .await
        .unwrap();
    assert_eq!(n, 3, "the collation is case-insensitive");
}

// ---------------------------------------------------------------------------------------------
// Data Protection off / locked / unlocked / wrong password / broken

#[tokio::test]
async fn protection_off_reads_and_writes_hes_json() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PLAIN]).await;
    let c = db.open().await;
    let info = c.info();
    assert_eq!(info.kind, hes_core::workspace::DbKind::Mysql);
    assert_eq!(info.hes_version.as_deref(), Some("3.8.4"));
    assert_eq!(info.data_protection, DataProtectionState::Off);
    assert!(!info.read_only, "{info:?}");
    assert!(info.location.contains(&db.name) && !info.location.contains(&p.user.1), "{}", info.location);

    let v = c.view().await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    let l = v.licensing.as_ref().unwrap();
    assert_eq!((l.api_key, l.api_address.as_str()), (SecretState::Stored, "https://hls.hideez.com"));
    assert!(
        matches!(&v.domains[..], [DomainView::ActiveDirectory { host, user_name, password: SecretState::Stored, max_password_age: 28, .. }]
        if host == "corp.example.com" && user_name == "svc-hes")
    );
    assert_eq!(v.splunk.as_ref().unwrap().host, "https://example.splunkcloud.com:8088");
    assert_eq!(v.saml.len(), 1);
    assert_eq!(v.saml[0].sp.issuer, "https://sp.example.com/saml");
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), "secret-api-key-123");
    // Domain logon secrets are never shown (HES's rule), stored or not.
    let e = c.reveal(&SecretRef { section: "domain".into(), id: Some(PRIMARY_ID.into()) }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);

    // Writes: the raw row is exactly what HES's System.Text.Json writes.
    let v = c
        .set_single::<Licensing>(
            input(json!({"ApiKey": "new+key<1>", "ApiAddress": "https://hls.example.com"})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(
        db.raw_value("licensing").await.unwrap(),
        r#"{"ApiKey":"new\u002Bkey\u003C1\u003E","ApiAddress":"https://hls.example.com"}"#
    );
    let v = c
        .set_single::<Licensing>(
            input(json!({"ApiKey": "secret-api-key-123", "ApiAddress": "https://hls.hideez.com"})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(db.raw_value("licensing").await.unwrap(), example("licensing", "value_when_protection_off_stj"));
    let v = c
        .domain_save(
            Some(PRIMARY_ID),
            input(json!({"Type": "ActiveDirectory", "Host": "corp.example.com", "UserName": "svc-hes",
                         "Password": "Pa$$w0rd+", "MaxPasswordAge": 28})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(db.raw_value("domain").await.unwrap(), example("domain", "value_when_protection_off_stj"));
    let v = c.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &v.revisions).await.unwrap();
    assert!(v.fido_set && v.fido.allow_platform_authenticators);
    assert_eq!(
        db.raw_value("fido").await.unwrap(),
        r#"{"ConsoleFormat":1,"AllowPlatformAuthenticators":true,"DefaultAuthenticatorAttachment":"cross-platform"}"#,
        "the console's own row carries its format version (docs/console-rows.md)"
    );

    // SAML: add one more (EF-style lowercase GUID id), edit and delete the seeded one.
    let v = c
        .saml_save(
            None,
            input(
                json!({"Issuer": "https://sp2.example.com", "SingleSignOnDestination": "https://sp2.example.com/acs"}),
            ),
            None,
        )
        .await
        .unwrap();
    let new = v.saml.iter().find(|s| s.sp.issuer == "https://sp2.example.com").expect("added");
    assert_eq!(new.sp.id.len(), 36);
    assert_eq!(new.sp.id, new.sp.id.to_lowercase());
    let seeded = v.saml.iter().find(|s| s.sp.issuer == "https://sp.example.com/saml").unwrap();
    // A duplicate issuer differing only in case is refused, as HES and its unique index do.
    let e = err(c
        .saml_save(
            None,
            input(json!({"Issuer": "HTTPS://SP.EXAMPLE.COM/SAML", "SingleSignOnDestination": "https://x.example.com"})),
            None,
        )
        .await);
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    let v = c.saml_delete(&seeded.sp.id, Some(&seeded.revision)).await.unwrap();
    assert_eq!(v.saml.len(), 1);
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(&db.raw).await.unwrap();
    assert_eq!(n, 1);

    // A second console (another process) sees the same page.
    let other = db.open().await;
    let seen = other.view().await.unwrap();
    assert_eq!(seen.licensing, v.licensing);
    assert_eq!(seen.domains, v.domains);

    assert_not_logged(SEED_SECRETS);
    assert_not_logged(["new+key<1>"]);
    assert_not_logged(p.passwords());
}

#[tokio::test]
async fn protection_locked_shows_non_secrets_and_refuses_secret_writes() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PROTECTED]).await;
    let c = db.open().await;
    let info = c.info();
    assert_eq!(info.data_protection, DataProtectionState::Locked);
    assert!(!info.read_only, "{info:?}");
    assert_eq!(info.hes_version.as_deref(), Some("3.8.4"));

    let v = c.view().await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    let l = v.licensing.as_ref().unwrap();
    assert_eq!((l.api_key, l.api_address.as_str()), (SecretState::Stored, "https://hls.hideez.com"));
    assert!(
        matches!(&v.domains[..], [DomainView::ActiveDirectory { host, password: SecretState::Stored, .. }] if host == "corp.example.com")
    );
    let s = v.splunk.as_ref().unwrap();
    assert_eq!((s.host.as_str(), s.token), ("https://example.splunkcloud.com:8088", SecretState::Stored));

    let before = db.snapshot().await;
    let e = err(c.reveal(&licensing_ref()).await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "locked-new-key"})), &v.revisions).await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    let e = err(c
        .set_single::<Splunk>(
            input(json!({"Host": "https://splunk.example.com", "Token": "locked-token"})),
            &v.revisions,
        )
        .await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    let e = err(c
        .domain_save(
            Some(PRIMARY_ID),
            input(json!({"Type": "ActiveDirectory", "Host": "corp.example.com", "UserName": "svc-hes",
                         "Password": "locked-pw", "MaxPasswordAge": 28})),
            &v.revisions,
        )
        .await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    assert_eq!(db.snapshot().await, before, "nothing was written");

    // A section without secrets is written while locked.
    c.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &v.revisions).await.unwrap();
    assert_eq!(db.raw_json("fido").await["AllowPlatformAuthenticators"], true);
    assert_eq!(db.raw_value("licensing").await.unwrap(), example("licensing", "value_when_protection_on_stj"));
    assert_not_logged(SEED_SECRETS);
    assert_not_logged(["locked-new-key", "locked-token", "locked-pw"]);
}

#[tokio::test]
async fn protection_unlocked_reveals_the_vector_values_and_encrypts_with_a_fresh_iv() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PROTECTED]).await;
    let c = db.open().await;
    c.unlock(&Secret::new(DP_PASSWORD)).await.unwrap();
    assert_eq!(c.info().data_protection, DataProtectionState::Unlocked);
    assert!(logged("Data Protection unlocked"), "the audit line is captured (the log capture works)");

    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), "secret-api-key-123");
    // Domain logon secrets are never shown (HES's rule), stored or not.
    let e = c.reveal(&SecretRef { section: "domain".into(), id: Some(PRIMARY_ID.into()) }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    let token = c.reveal(&SecretRef { section: "splunk".into(), id: None }).await.unwrap();
    assert_eq!(token.expose(), "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c");

    // A new secret: HES's envelope under key id 1, a fresh random IV, decryptable with the vector key.
    let vector_iv = b64(vectors()["appsettings_examples"]["licensing"]["iv_b64"].as_str().unwrap());
    let revs = c.view().await.unwrap().revisions;
    let v = c
        .set_single::<Licensing>(
            input(json!({"ApiKey": "unlocked-new-key+1", "ApiAddress": "https://hls.hideez.com"})),
            &revs,
        )
        .await
        .unwrap();
    let raw = db.raw_value("licensing").await.unwrap();
    let first = db.raw_json("licensing").await["ApiKey"].as_str().unwrap().to_string();
    assert!(first.starts_with("AQAAABAAAA"), "{first}");
    assert!(
        raw.starts_with(r#"{"ApiKey":"AQAAABAAAA"#) && raw.ends_with(r#"","ApiAddress":"https://hls.hideez.com"}"#)
    );
    assert!(!raw.contains('+'), "STJ writes + as \\u002B: {raw}");
    let (key_id, iv1) = envelope(&first);
    assert_eq!(key_id, 1);
    assert_ne!(iv1, vector_iv);
    assert_eq!(vector_key().decrypt(&first).unwrap(), "unlocked-new-key+1");
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), "unlocked-new-key+1");
    // The same plaintext again: another IV, another ciphertext.
    c.set_single::<Licensing>(input(json!({"ApiKey": "unlocked-new-key+1"})), &v.revisions).await.unwrap();
    let second = db.raw_json("licensing").await["ApiKey"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    assert_ne!(envelope(&second).1, iv1);
    assert_eq!(vector_key().decrypt(&second).unwrap(), "unlocked-new-key+1");
    // Untouched rows keep HES's bytes.
    assert_eq!(db.raw_value("domain").await.unwrap(), example("domain", "value_when_protection_on_stj"));

    assert_not_logged(SEED_SECRETS);
    assert_not_logged(["unlocked-new-key+1"]);
}

#[tokio::test]
async fn a_wrong_data_protection_password_is_refused_and_nothing_is_decrypted() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PROTECTED]).await;
    let c = db.open().await;
    let before = db.snapshot().await;
    for wrong in ["Password", "password ", "wrong-dp-password-9"] {
        let e = err(c.unlock(&Secret::new(wrong)).await);
        assert_eq!(e.code, ErrorCode::DataProtectionWrongPassword, "{e:?}");
        assert!(!format!("{e:?}").contains("wrong-dp-password-9"), "{e:?}");
    }
    assert_eq!(c.info().data_protection, DataProtectionState::Locked);
    let e = err(c.reveal(&licensing_ref()).await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    let revs = c.view().await.unwrap().revisions;
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "after-wrong-pw"})), &revs).await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked, "{e:?}");
    assert_eq!(db.snapshot().await, before);
    // The right password still works afterwards.
    c.unlock(&Secret::new(DP_PASSWORD)).await.unwrap();
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), "secret-api-key-123");
    assert_not_logged(SEED_SECRETS);
    assert_not_logged(["wrong-dp-password-9", "after-wrong-pw"]);
}

#[tokio::test]
async fn two_data_protection_rows_open_read_only_with_the_reason() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_BROKEN]).await;
    let c = db.open().await;
    let info = c.info();
    assert_eq!(info.data_protection, DataProtectionState::Broken);
    assert!(info.read_only);
    let reason = info.read_only_reason.unwrap_or_default();
    assert!(reason.contains("password change did not finish"), "{reason}");

    let v = c.view().await.unwrap();
    assert_eq!(v.licensing.as_ref().unwrap().api_address, "https://hls.hideez.com");
    let before = db.snapshot().await;
    for e in [
        err(c.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &v.revisions).await),
        err(c.set_single::<Licensing>(input(json!({"ApiKey": "broken-new-key"})), &v.revisions).await),
        err(c.delete_single::<Splunk>(&v.revisions).await),
        err(c
            .saml_save(
                None,
                input(
                    json!({"Issuer": "https://x.example.com", "SingleSignOnDestination": "https://x.example.com/acs"}),
                ),
                None,
            )
            .await),
        err(c.reveal(&licensing_ref()).await.map(|_| ())),
    ] {
        assert_eq!(e.code, ErrorCode::ReadOnly, "{e:?}");
    }
    let e = err(c.unlock(&Secret::new(DP_PASSWORD)).await);
    assert_eq!(e.code, ErrorCode::DataProtectionBroken, "{e:?}");
    assert_eq!(db.snapshot().await, before, "nothing was written");
    assert_not_logged(["broken-new-key"]);
}

// ---------------------------------------------------------------------------------------------
// Compare-and-swap against the HES web admin

#[tokio::test]
async fn a_change_made_between_view_and_save_is_not_overwritten_even_if_only_case_differs() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PLAIN]).await;
    let c = db.open().await;
    let loaded = c.view().await.unwrap();

    // The web admin saves the licensing page meanwhile.
    let theirs = r#"{"ApiKey":"web-admin-key","ApiAddress":"https://hls.hideez.com"}"#;
    db.raw_set("licensing", theirs).await;
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "mine-1"})), &loaded.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(db.raw_value("licensing").await.as_deref(), Some(theirs));
    let e = err(c.delete_single::<Licensing>(&loaded.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(db.raw_value("licensing").await.as_deref(), Some(theirs));

    // A change of letter case only (equal under the case-insensitive collation) is a change too.
    let v = c.view().await.unwrap();
    let splunk = db.raw_value("splunk").await.unwrap();
    let upper = splunk.replace("example.splunkcloud.com", "EXAMPLE.splunkcloud.com");
    db.raw_set("splunk", &upper).await;
    let e = err(c.set_single::<Splunk>(input(json!({"Host": "https://mine.example.com:8088"})), &v.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(db.raw_value("splunk").await.as_deref(), Some(upper.as_str()));

    // The same at the SQL level: the UPDATE ... WHERE Value = <expected> must compare bytes.
    let hes_pool = MySqlPoolOptions::new()
        .max_connections(1)
        .connect_with(
            MySqlConnectOptions::new()
                .host(&p.host)
                .port(p.port)
                .database(&db.name)
                .username(&p.user.0)
                .password(&p.user.1),
        )
        .await
        .unwrap();
    let raw_db = Db::MySql(hes_pool);
    let dp = raw_db.data_protection_rows().await.unwrap();
    let e = err(rows::apply(
        &raw_db,
        &dp,
        &[RowChange {
            key: "splunk".into(),
            expected: Some(splunk.clone()),
            new: Some(r#"{"Host":"https://mine.example.com:8088","Token":"t"}"#.into()),
            title: "Splunk".into(),
        }],
    )
    .await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(db.raw_value("splunk").await.as_deref(), Some(upper.as_str()));
    // ... and with the right expected bytes it goes through.
    rows::apply(
        &raw_db,
        &dp,
        &[RowChange {
            key: "splunk".into(),
            expected: Some(upper.clone()),
            new: Some(splunk.clone()),
            title: "Splunk".into(),
        }],
    )
    .await
    .unwrap();
    assert_eq!(db.raw_value("splunk").await.as_deref(), Some(splunk.as_str()));

    // SAML rows: a case-only edit of the Issuer in the web admin.
    let v = c.view().await.unwrap();
    let (sp, rev) = (v.saml[0].sp.clone(), v.saml[0].revision.clone());
    sqlx::query("UPDATE SamlRelyingParties SET Issuer = 'https://SP.example.com/saml' WHERE Id = ?")
        .bind(&sp.id)
        .execute(&db.raw)
        .await
        .unwrap();
    let e = err(c
        .saml_save(
            Some(&sp.id),
            input(json!({"Issuer": "https://sp.example.com/saml", "SingleSignOnDestination": "https://mine.example.com/acs"})),
            Some(&rev),
        )
        .await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    let e = err(c.saml_delete(&sp.id, Some(&rev)).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    let mut mine = sp.clone();
    mine.single_sign_on_destination = "https://mine.example.com/acs".into();
    let e = err(saml_rows::apply(&raw_db, &[SamlChange { old: Some(&sp), new: Some(&mine) }]).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    let issuer: String = sqlx::query_scalar("SELECT Issuer FROM SamlRelyingParties").fetch_one(&db.raw).await.unwrap();
    assert_eq!(issuer, "https://SP.example.com/saml", "the other writer's value is kept");

    // Reloading gives fresh revisions, and then the change goes through.
    let fresh = c.view().await.unwrap();
    assert_ne!(fresh.revisions.get("licensing"), loaded.revisions.get("licensing"));
    c.set_single::<Licensing>(input(json!({"ApiKey": "mine-2"})), &fresh.revisions).await.unwrap();
    assert_eq!(db.raw_json("licensing").await["ApiKey"], "mine-2");
    assert_not_logged(["web-admin-key", "mine-1", "mine-2"]);
}

// ---------------------------------------------------------------------------------------------
// Users and connections

#[tokio::test]
async fn a_read_only_user_can_view_but_not_change() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PLAIN]).await;
    let c = Console::open_mysql(&db.target(&p.ro, TlsMode::VerifyIdentity), "helpdesk").await.unwrap();
    let info = c.info();
    assert!(info.read_only, "{info:?}");
    assert!(info.read_only_reason.is_some());
    assert_eq!(info.data_protection, DataProtectionState::Off);
    assert_eq!(info.hes_version.as_deref(), Some("3.8.4"));

    let v = c.view().await.unwrap();
    assert_eq!(v.licensing.as_ref().unwrap().api_key, SecretState::Stored);
    assert_eq!(v.saml.len(), 1);
    let before = db.snapshot().await;
    let (id, rev) = (v.saml[0].sp.id.clone(), v.saml[0].revision.clone());
    for e in [
        err(c.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &v.revisions).await),
        err(c.set_single::<Licensing>(input(json!({"ApiKey": "ro-new-key"})), &v.revisions).await),
        err(c.delete_single::<Splunk>(&v.revisions).await),
        err(c.domain_delete(PRIMARY_ID, &v.revisions).await),
        err(c.saml_delete(&id, Some(&rev)).await),
        err(c.set_section_json("fido", r#"{"AllowPlatformAuthenticators":true}"#).await),
        err(c.reveal(&licensing_ref()).await.map(|_| ())),
    ] {
        assert_eq!(e.code, ErrorCode::ReadOnly, "{e:?}");
    }
    assert_eq!(db.snapshot().await, before, "nothing was written");
    assert_not_logged(p.passwords());
    assert_not_logged(["ro-new-key"]);
}

#[tokio::test]
async fn a_user_that_requires_tls_connects_with_tls_and_is_refused_without() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PLAIN]).await;
    for mode in [TlsMode::VerifyIdentity, TlsMode::VerifyCa, TlsMode::Required, TlsMode::Preferred] {
        let c =
            Console::open_mysql(&db.target(&p.tls, mode), "tls").await.unwrap_or_else(|e| panic!("{mode:?}: {e:?}"));
        assert!(!c.info().read_only);
        assert_eq!(c.view().await.unwrap().licensing.unwrap().api_address, "https://hls.hideez.com");
    }
    let e = err(Console::open_mysql(&db.target(&p.tls, TlsMode::Disabled), "tls").await);
    assert_eq!(e.code, ErrorCode::DbAuthFailed, "{e:?}");
    assert!(!format!("{e:?}").contains(&p.tls.1));
    // Verifying without the CA that signed the server's certificate fails as untrusted.
    let mut no_ca = db.target(&p.tls, TlsMode::VerifyIdentity);
    no_ca.ca_file = None;
    let e = err(Console::open_mysql(&no_ca, "tls").await);
    assert_eq!(e.code, ErrorCode::TlsUntrustedCertificate, "{e:?}");
    // The plain user connects without TLS too (MySQL's default setup).
    Console::open_mysql(&db.target(&p.user, TlsMode::Disabled), "plain").await.unwrap();
    assert_not_logged(p.passwords());
}

#[tokio::test]
async fn a_wrong_database_password_is_db_auth_failed() {
    let Some(p) = peer() else { return };
    let db = TestDb::new(&p, &[SCHEMA, SEED_PLAIN]).await;
    let t = db.target(&(p.user.0.clone(), "wrong-db-password-5".to_string()), TlsMode::VerifyIdentity);
    let e = err(Console::open_mysql(&t, "wrong").await);
    assert_eq!(e.code, ErrorCode::DbAuthFailed, "{e:?}");
    assert!(!format!("{e:?}").contains("wrong-db-password-5"), "{e:?}");
    assert!(!format!("{t:?}").contains("wrong-db-password-5"), "MySqlTarget's Debug shows the password");
    // An unknown user is the same error, and says nothing about which part was wrong.
    let e = err(Console::open_mysql(&db.target(&("nobody".into(), "x".into()), TlsMode::Required), "x").await);
    assert_eq!(e.code, ErrorCode::DbAuthFailed, "{e:?}");
    assert_not_logged(["wrong-db-password-5"]);
}

#[tokio::test]
async fn an_unreachable_server_fails_within_its_timeout() {
    let Some(p) = peer() else { return };
    let timeout = Duration::from_secs(2);
    let target = |port: u16| {
        let mut t = p.target("hes_plain", &p.user, TlsMode::Preferred);
        t.port = port;
        t.timeout = timeout;
        t
    };

    // A closed port on loopback: refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let start = Instant::now();
    let e = err(Console::open_mysql(&target(closed), "closed").await);
    let took = start.elapsed();
    eprintln!("closed port: {:?} after {took:?}", e.code);
    assert!(matches!(e.code, ErrorCode::DbUnreachable | ErrorCode::Timeout), "{e:?}");
    assert!(took <= timeout.mul_f64(1.1), "took {took:?} with a {timeout:?} timeout");

    // A server that accepts the connection and never says a word (a hung server, or a port
    // forwarded into a black hole): the connect must give up within its timeout (+10 %).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for s in silent.incoming().flatten() {
            keep.lock().unwrap().push(s);
        }
    });
    let start = Instant::now();
    let e = err(Console::open_mysql(&target(port), "silent").await);
    let took = start.elapsed();
    assert_eq!(e.code, ErrorCode::Timeout, "{e:?}");
    assert!(took <= timeout.mul_f64(1.1), "took {took:?} with a {timeout:?} timeout");
    assert!(!held.lock().unwrap().is_empty(), "the console did connect to the silent server");
}

#[tokio::test]
async fn a_database_without_hes_tables_is_refused_and_left_untouched() {
    let Some(p) = peer() else { return };
    let check = |db: String| {
        let p = p.clone();
        async move {
            let root = root_pool(&p, Some(&db)).await;
            let tables: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
        )
        .fetch_all(&root)
        .await
        .unwrap();
            let rows: String = sqlx::query_scalar(
                "SELECT CAST(GROUP_CONCAT(CONCAT(Id, ':', Name) ORDER BY Id SEPARATOR ',') AS CHAR) FROM inventory",
            )
            .fetch_one(&root)
            .await
            .unwrap();
            (tables, rows)
        }
    };
    // The peer's `not_hes` and a fresh copy of it.
    let copy = TestDb::new(&p, &[NOT_HES]).await;
    for name in ["not_hes".to_string(), copy.name.clone()] {
        let before = check(name.clone()).await;
        assert_eq!(
            (before.0.as_slice(), before.1.as_str()),
            (["inventory".to_string()].as_slice(), "1:stapler,2:printer")
        );
        let e = err(Console::open_mysql(&p.target(&name, &p.user, TlsMode::VerifyIdentity), "x").await);
        assert_eq!(e.code, ErrorCode::NotHesDatabase, "{name}: {e:?}");
        assert_eq!(check(name.clone()).await, before, "{name} was changed");
    }
    // An HES database missing a table the console needs is not HES 3.8.x either.
    let partial = TestDb::new(&p, &[SCHEMA, "DROP TABLE SamlRelyingParties"]).await;
    let e = err(Console::open_mysql(&partial.target(&p.user, TlsMode::VerifyIdentity), "x").await);
    assert_eq!(e.code, ErrorCode::NotHesDatabase, "{e:?}");
    // A database that does not exist.
    let e = err(Console::open_mysql(&p.target("hes_no_such_db", &p.user, TlsMode::VerifyIdentity), "x").await);
    assert_eq!(e.code, ErrorCode::NotHesDatabase, "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// Secrets in the logs, with a Data Protection password of our own

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let Some(p) = peer() else { return };
    const DP: &str = "log-check-dp-password-Zq8";
    const OLD: &str = "log-check-old-api-key-Jm4";
    const NEW: &str = "log-check-new-api-key-Vx2";
    let params = DataProtectionParams::create(DP);
    let key = ProtectionKey::derive(&params, 1, DP).unwrap();
    let seed = format!(
        "INSERT INTO DataProtection (Id, Value, CreatedAt) VALUES (1, '{}', UTC_TIMESTAMP(6));\n\
         INSERT INTO AppSettings (Id, Value) VALUES ('licensing', '{{\"ApiKey\":\"{}\",\"ApiAddress\":\"https://hls.hideez.com\"}}');",
        params.to_json(),
        key.encrypt(OLD)
    );
    let db = TestDb::new(&p, &[SCHEMA, &seed]).await;
    let c = db.open().await;
    assert_eq!(
        err(c.unlock(&Secret::new("not-the-dp-password-Kw1")).await).code,
        ErrorCode::DataProtectionWrongPassword
    );
    c.unlock(&Secret::new(DP)).await.unwrap();
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), OLD);
    let revs: Revisions = c.view().await.unwrap().revisions;
    c.set_single::<Licensing>(input(json!({"ApiKey": NEW})), &revs).await.unwrap();
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), NEW);
    assert!(logged("Data Protection unlocked") && logged("secret shown on request"), "the log capture works");
    assert_not_logged([DP, OLD, NEW, "not-the-dp-password-Kw1"]);
    assert_not_logged(p.passwords());
    assert_not_logged(SEED_SECRETS);
}
