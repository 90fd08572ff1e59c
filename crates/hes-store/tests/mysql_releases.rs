//! HES releases on a real MariaDB (issue 10, items 2 and 3), each test on a database of its own
//! (`hes_t_<random>`, tests/support):
//! - a HES 3.8.3 database (tests/fixtures/hes-3.8.3-mysql.sql: no name-id columns) opens, reads
//!   and writes without those columns, also as a staging source and target;
//! - a database older than 3.8.3 (no SAML table) and one with half of 3.8.4's SAML columns are
//!   refused at open, untouched;
//! - a database of a release newer than 3.8.4 refuses every write (`NewerHesRelease`) until the
//!   admin acknowledges it for that connection, and the acknowledgement is in the audit log;
//! - every certificate the console writes there is PEM that .NET on Linux loads
//!   (`assert_dotnet_loadable_pem`), and an unchanged one keeps its stored text.
//!
//! The server is tests/peers/peers-up.sh's; without `HES_MYSQL_PORT` these tests fail under
//! `CI=true` and otherwise print a note and pass.

use base64::Engine;
use hes_core::error::{AppResult, ErrorCode};
use hes_core::settings::licensing::{Licensing, LicensingInput};
use hes_core::settings::saml::{NameIdField, SamlSpInput};
use hes_core::settings::saml_metadata;
use hes_core::workspace::TlsMode;
use hes_core::SecretInput;
use hes_store::Console;
use hes_test_support::dotnet_pem::assert_dotnet_loadable_pem;
use hes_test_support::inputs::saml_sp as sp;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use serde_json::json;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

const SCHEMA_384: &str = include_str!("../../../tests/fixtures/hes-3.8.4-mysql.sql");
const SCHEMA_383: &str = include_str!("../../../tests/fixtures/hes-3.8.3-mysql.sql");
const SEED_383: &str = include_str!("../../../tests/fixtures/seed-3.8.3.sql");
const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
/// The seeded row of seed-3.8.3.sql.
const SEEDED_383: &str = "7d1e5b2a-3c4f-4a8e-9b6d-2f0e1c3a5b7d";
const NEWER: &str = "20220315101010_a_future_hes_migration";

fn peer() -> Option<MySqlPeer> {
    logs();
    MySqlPeer::from_env()
}

async fn open(peer: &MySqlPeer, db: &ScratchDb) -> AppResult<Console> {
    Console::open_mysql(&peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity), "test").await
}

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/saml").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn bare() -> String {
    base64::engine::general_purpose::STANDARD.encode(fixture("sp-signing.der"))
}

/// (Id, ACS, certificate) of every SAML row, as stored.
async fn saml_rows(db: &ScratchDb) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT Id, SingleSignOnDestination, SignatureValidationCertificateBase64 FROM SamlRelyingParties ORDER BY Id",
    )
    .fetch_all(&db.raw)
    .await
    .unwrap()
}

/// The .NET check on every stored certificate except rows the fixture or the test wrote raw.
async fn assert_console_rows_loadable(db: &ScratchDb, raw_ids: &[&str]) -> usize {
    let mut n = 0;
    for (id, _, cert) in saml_rows(db).await {
        if let (Some(c), false) = (cert, raw_ids.contains(&id.as_str())) {
            assert_dotnet_loadable_pem(&c, &id);
            n += 1;
        }
    }
    n
}

/// Everything in the tables the console may write, for "nothing was written".
async fn snapshot(db: &ScratchDb) -> Vec<String> {
    let mut out: Vec<String> = sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
        .fetch_all(&db.raw)
        .await
        .unwrap();
    out.extend(saml_rows(db).await.into_iter().map(|r| format!("{r:?}")));
    out
}

#[tokio::test]
async fn hes_3_8_3_opens_reads_and_writes_without_the_name_id_columns() {
    let Some(p) = peer() else { return };
    let db = ScratchDb::create(&p, &[SCHEMA_383, SEED_383]).await;
    let c = open(&p, &db).await.expect("a 3.8.3 database opens");
    let info = c.info();
    assert_eq!(info.hes_version.as_deref(), Some("3.8.3"));
    assert!(!info.saml_name_id, "the UI is told there are no name-id fields");
    assert!(!info.newer_release && !info.read_only);

    let v = c.view().await.expect("every view of a 3.8.3 database works");
    assert_eq!(v.saml.len(), 1);
    let seeded = &v.saml[0];
    assert!(seeded.certificate.is_some(), "HES 3.8.3's bare base64 is read");
    assert_eq!(v.licensing.as_ref().unwrap().api_address, "https://hls.hideez.com");

    // Edit only the ACS: written without the name-id columns; the bare base64 stays as it is.
    let mut input = sp("https://sp383.example.com/saml", seeded.sp.signature_validation_certificate_base64.clone());
    input.single_sign_on_destination = "https://sp383.example.com/saml/acs2".into();
    c.saml_save(Some(SEEDED_383), input, Some(&seeded.revision)).await.unwrap();
    let row = saml_rows(&db).await.into_iter().find(|r| r.0 == SEEDED_383).unwrap();
    assert_eq!((row.1.as_str(), row.2), ("https://sp383.example.com/saml/acs2", Some(bare())));

    // Add one from metadata: PEM.
    let m = saml_metadata::import(&fixture("sp-metadata.xml")).unwrap();
    let input = SamlSpInput {
        issuer: m.issuer.clone(),
        single_sign_on_destination: m.single_sign_on_destination.clone(),
        signature_validation_certificate_base64: Some(m.signature_validation_certificate_base64.clone()),
        name_identifier_format: None,
        ..Default::default()
    };
    let v = c.saml_save(None, input, None).await.unwrap();
    assert_eq!(v.saml.len(), 2);
    assert_eq!(assert_console_rows_loadable(&db, &[SEEDED_383]).await, 1);

    // A name-id value other than HES's default cannot be stored: refused, nothing written.
    let before = snapshot(&db).await;
    let mut input = sp("https://other.example.com", None);
    input.name_identifier_field = Some(NameIdField::External);
    let e = c.saml_save(None, input, None).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some("NameIdentifierField")), "{e:?}");
    assert_eq!(snapshot(&db).await, before);

    // `hesctl settings set saml` and delete work on this table too.
    let list = json!([{"Id": SEEDED_383, "Issuer": "https://sp383.example.com/saml",
                       "SingleSignOnDestination": "https://sp383.example.com/saml/acs3",
                       "SignatureValidationCertificateBase64": String::from_utf8(fixture("sp-signing.pem")).unwrap()}]);
    let v = c.set_section_json("saml", &list.to_string()).await.unwrap();
    assert_eq!(v.saml.len(), 1);
    assert_eq!(saml_rows(&db).await[0].2, Some(bare()), "same certificate, text kept");
    // A settings row is written on 3.8.3 as on 3.8.4.
    let rev = c.current_revisions().await.unwrap();
    let input = LicensingInput { api_key: SecretInput::replace("new-383-key"), api_address: None };
    c.set_single::<Licensing>(input, &rev).await.unwrap();
    assert!(sqlx::query_scalar::<_, String>("SELECT Value FROM AppSettings WHERE Id = 'licensing'")
        .fetch_one(&db.raw)
        .await
        .unwrap()
        .contains("new-383-key"));
}

#[tokio::test]
async fn staging_between_a_workspace_and_hes_3_8_3() {
    let Some(p) = peer() else { return };
    let db = ScratchDb::create(&p, &[SCHEMA_383, SEED_383]).await;
    let server = open(&p, &db).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ws = Console::open_workspace(dir.path().join("ws.sqlite").to_str().unwrap()).await.unwrap();

    // 3.8.3 → workspace (3.8.4 columns): HES's defaults arrive, the preview shows no name-id field.
    let plan = server.stage_plan(&ws, &["saml".to_string()]).await.unwrap();
    let fields = serde_json::to_string(&plan.preview).unwrap();
    assert!(!fields.contains("NameIdentifier"), "no name-id fields in a 3.8.3 staging preview: {fields}");
    Console::stage_apply(&ws, plan).await.unwrap();
    let copied = ws.view().await.unwrap().saml;
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].sp.name_identifier_field, NameIdField::Email);
    assert_dotnet_loadable_pem(
        copied[0].sp.signature_validation_certificate_base64.as_deref().unwrap(),
        "staged to ws",
    );

    // Workspace → 3.8.3: a new row is written without name-id columns, as PEM; the seeded row
    // (same certificate in both, PEM in the workspace, bare base64 on the server) keeps its text.
    ws.saml_save(None, sp("https://new.example.com", Some(String::from_utf8(fixture("expired.pem")).unwrap())), None)
        .await
        .unwrap();
    let plan = ws.stage_plan(&server, &["saml".to_string()]).await.unwrap();
    Console::stage_apply(&server, plan).await.unwrap();
    assert_eq!(saml_rows(&db).await.len(), 2);
    assert_eq!(saml_rows(&db).await.into_iter().find(|r| r.0 == SEEDED_383).unwrap().2, Some(bare()));
    assert_eq!(assert_console_rows_loadable(&db, &[SEEDED_383]).await, 1);

    // A workspace row with a name-id value 3.8.3 cannot store: refused at the preview.
    let v = ws.view().await.unwrap();
    let row = v.saml.iter().find(|s| s.sp.issuer == "https://new.example.com").unwrap();
    let mut input = sp("https://new.example.com", row.sp.signature_validation_certificate_base64.clone());
    input.name_identifier_field = Some(NameIdField::External);
    ws.saml_save(Some(&row.sp.id), input, Some(&row.revision)).await.unwrap();
    let before = snapshot(&db).await;
    let e = ws.stage_plan(&server, &["saml".to_string()]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest, "{e:?}");
    assert!(e.message.contains("3.8.3") && e.message.contains("https://new.example.com"), "{}", e.message);
    assert_eq!(snapshot(&db).await, before);
}

#[tokio::test]
async fn databases_older_than_3_8_3_or_half_migrated_are_refused_untouched() {
    let Some(p) = peer() else { return };
    // HES 3.7.4–3.8.1: no SamlRelyingParties table, newest migration 20210407142956.
    let db = ScratchDb::create(&p, &[SCHEMA_383]).await;
    sqlx::raw_sql(
        "DROP TABLE SamlRelyingParties; DELETE FROM __EFMigrationsHistory WHERE MigrationId > '20210407142956_rename_proximity_vault_table'",
    )
    .execute(&db.raw)
    .await
    .unwrap();
    let e = open(&p, &db).await.err().expect("refused");
    assert_eq!(e.code, ErrorCode::NotHesDatabase, "{e:?}");
    assert!(e.message.contains("SamlRelyingParties"), "{}", e.message);

    // Only the first of 3.8.4's two SAML migrations: no release has that shape.
    let db = ScratchDb::create(&p, &[SCHEMA_383]).await;
    sqlx::raw_sql(
        "ALTER TABLE SamlRelyingParties ADD NameIdentifierFormat longtext NOT NULL; \
         INSERT INTO __EFMigrationsHistory VALUES ('20210630114557_added_name_identifier_format_field', '5.0.6')",
    )
    .execute(&db.raw)
    .await
    .unwrap();
    let e = open(&p, &db).await.err().expect("refused");
    assert_eq!(e.code, ErrorCode::NotHesDatabase, "{e:?}");
    assert!(e.message.contains("NameIdentifierField"), "{}", e.message);
}

#[tokio::test]
async fn a_newer_release_refuses_writes_until_acknowledged_for_the_connection() {
    let Some(p) = peer() else { return };
    let db = ScratchDb::create(&p, &[SCHEMA_384, SEED_PLAIN]).await;
    sqlx::query("INSERT INTO __EFMigrationsHistory VALUES (?, '6.0.0')").bind(NEWER).execute(&db.raw).await.unwrap();
    let c = open(&p, &db).await.expect("a newer release opens");
    let info = c.info();
    assert_eq!(info.hes_version.as_deref(), Some("newer than 3.8.4"));
    assert!(info.newer_release && !info.newer_release_acknowledged && !info.read_only);
    assert_eq!(info.newest_migration.as_deref(), Some(NEWER));
    assert!(info.saml_name_id);

    // Reading works; every kind of write is refused with the stable code, nothing written.
    let v = c.view().await.unwrap();
    let before = snapshot(&db).await;
    let rev = v.revisions.clone();
    let set = || LicensingInput { api_key: SecretInput::replace("newer-key-1"), api_address: None };
    let errors = [
        c.set_single::<Licensing>(set(), &rev).await.unwrap_err(),
        c.saml_save(None, sp("https://n.example.com", Some(bare())), None).await.unwrap_err(),
        c.saml_delete(&v.saml[0].sp.id, Some(&v.saml[0].revision)).await.unwrap_err(),
        c.set_section_json("saml", "[]").await.unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.code, ErrorCode::NewerHesRelease, "{e:?}");
        assert!(e.message.contains(NEWER) && e.message.contains("3.8.4"), "says what is known: {}", e.message);
    }
    assert_eq!(snapshot(&db).await, before, "nothing written before the acknowledgement");
    assert!(!logged("writes to a newer HES release acknowledged"));

    // Acknowledged: logged with the audit target and the release's newest migration; writes go.
    let info = c.acknowledge_newer_release();
    assert!(info.newer_release_acknowledged);
    let line = log_line("writes to a newer HES release acknowledged").expect("the acknowledgement is logged");
    assert!(line.contains(" audit:") && line.contains(NEWER), "{line}");
    c.set_single::<Licensing>(set(), &rev).await.unwrap();
    c.saml_save(None, sp("https://n.example.com", Some(bare())), None).await.unwrap();
    assert_eq!(assert_console_rows_loadable(&db, &[]).await, 1, "the newer release gets PEM too");

    // Another connection (a new console, as after reconnecting) must be acknowledged again.
    let again = open(&p, &db).await.unwrap();
    assert!(!again.info().newer_release_acknowledged);
    let rev = again.current_revisions().await.unwrap();
    assert_eq!(again.set_single::<Licensing>(set(), &rev).await.unwrap_err().code, ErrorCode::NewerHesRelease);

    // A 3.8.4 database needs no acknowledgement (and acknowledging there logs nothing).
    let known = ScratchDb::create(&p, &[SCHEMA_384, SEED_PLAIN]).await;
    let k = open(&p, &known).await.unwrap();
    assert!(!k.info().newer_release);
    let rev = k.current_revisions().await.unwrap();
    k.set_single::<Licensing>(set(), &rev).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Captured logs (every event of this test binary), to find the audit line.

static LOGS: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();

fn logs() -> Arc<Mutex<Vec<String>>> {
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        tracing::subscriber::set_global_default(Capture(buf.clone())).expect("one global subscriber");
        buf
    })
    .clone()
}

fn log_line(needle: &str) -> Option<String> {
    logs().lock().unwrap().iter().find(|l| l.contains(needle)).cloned()
}

fn logged(needle: &str) -> bool {
    log_line(needle).is_some()
}

struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("{} {}:", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
