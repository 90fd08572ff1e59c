//! HES's three Data Protection operations done to a real MariaDB database exactly as HES 3.8.4's
//! `DataProtectionService` does them (new params row and key id, only `licensing`, `domain` and
//! `splunk` re-encrypted, old row deleted), and what the console then does with the secrets it
//! stored itself: classified, never used, shown or copied while unusable, repaired on request,
//! and every write prepared under the old state refused inside its transaction.
//!
//! Needs tests/peers/peers-up.sh's MariaDB (HES_MYSQL_*); without it the tests pass with a note,
//! except under `CI=true`.

use hes_core::error::ErrorCode;
use hes_core::protect::ProtectionKey;
use hes_core::secret_health::{SecretHealth, SecretRepair};
use hes_core::workspace::{DataProtectionState, SecretRef, TlsMode};
use hes_core::Secret;
use hes_store::Console;
use hes_test_support::hes_dp;
use hes_test_support::mysql::{MySqlPeer, ScratchDb};
use serde_json::Value;
use sqlx::mysql::MySqlPool;

const SEED_PLAIN: &str = include_str!("../../../tests/fixtures/seed-plain.sql");
const SEED_PROTECTED: &str = include_str!("../../../tests/fixtures/seed-protected.sql");
/// The seeds' Data Protection password (key id 1) and their plaintext secrets.
const OLD_PW: &str = "password";
const NEW_PW: &str = "second-password";
const LICENSING_KEY: &str = "secret-api-key-123";
/// The secret the console adds (HES never re-encrypts the `email` row).
const SMTP_PW: &str = "smtp-Pa55word";

struct Db {
    peer: MySqlPeer,
    scratch: ScratchDb,
    archive: tempfile::TempDir,
}

impl Db {
    async fn new(seed: &str) -> Option<Db> {
        let peer = MySqlPeer::from_env()?;
        let scratch = ScratchDb::create(&peer, &[hes_test_support::mysql::SCHEMA, seed]).await;
        Some(Db { peer, scratch, archive: tempfile::tempdir().unwrap() })
    }

    fn raw(&self) -> &MySqlPool {
        &self.scratch.raw
    }

    /// The console as the full-rights user, keeping its params copies in this test's folder.
    async fn open(&self) -> Console {
        let t = self.peer.target(&self.scratch.name, &self.peer.user, TlsMode::VerifyIdentity);
        let c = Console::open_mysql(&t, "test").await.expect("opens");
        c.use_params_archive(self.archive.path().join("dp-params.json")).unwrap();
        c
    }

    async fn value(&self, key: &str) -> String {
        sqlx::query_scalar("SELECT Value FROM AppSettings WHERE Id = ?").bind(key).fetch_one(self.raw()).await.unwrap()
    }

    async fn snapshot(&self) -> Vec<String> {
        let mut out: Vec<String> = sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM AppSettings ORDER BY Id")
            .fetch_all(self.raw())
            .await
            .unwrap();
        let dp: Vec<String> = sqlx::query_scalar("SELECT CONCAT_WS('|', Id, Value) FROM DataProtection ORDER BY Id")
            .fetch_all(self.raw())
            .await
            .unwrap();
        out.extend(dp);
        out
    }

    async fn current_key(&self, password: &str) -> Option<ProtectionKey> {
        hes_dp::current_key(self.raw(), password).await
    }

    async fn hes_enable(&self, password: &str) {
        hes_dp::enable(self.raw(), password).await;
    }

    async fn hes_disable(&self, password: &str) {
        hes_dp::disable(self.raw(), password).await;
    }

    async fn hes_change_password(&self, old: &str, new: &str) {
        hes_dp::change_password(self.raw(), old, new).await;
    }
}

fn email_with_password(pw: &str) -> String {
    format!(r#"{{"Host":"smtp.example.com","Port":587,"UserName":"hes","Password":"{pw}","From":"hes@example.com"}}"#)
}

fn email_ref() -> SecretRef {
    SecretRef { section: "email".into(), id: None }
}

fn licensing_ref() -> SecretRef {
    SecretRef { section: "licensing".into(), id: None }
}

async fn smtp_secret(c: &Console) -> Result<String, String> {
    let inputs = c.check_inputs().await.map_err(|e| e.message)?;
    let smtp = inputs.smtp.expect("e-mail is configured");
    match smtp.password {
        Some(Ok(s)) => Ok(s.expose().to_string()),
        Some(Err(why)) => Err(why),
        None => Err("no password".into()),
    }
}

macro_rules! db_or_return {
    ($seed:expr) => {
        match Db::new($seed).await {
            Some(d) => d,
            None => return,
        }
    };
}

#[tokio::test]
async fn after_hes_enables_protection_console_secrets_are_unprotected_until_protect_now() {
    let db = db_or_return!(SEED_PLAIN);
    let c = db.open().await;
    assert_eq!(c.info().data_protection, DataProtectionState::Off);
    c.set_section_json("email", &email_with_password(SMTP_PW)).await.unwrap();

    db.hes_enable(NEW_PW).await;

    // The console still believes Data Protection is off: its next write is refused in the transaction.
    let before = db.snapshot().await;
    let e = c.set_section_json("email", &email_with_password("another")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionChanged, "{e:?}");
    assert!(e.message.contains("enabled"), "{}", e.message);
    assert_eq!(db.snapshot().await, before, "nothing was written");
    assert_eq!(c.info().data_protection, DataProtectionState::Locked, "the console took the new state");

    c.unlock(&Secret::new(NEW_PW)).await.unwrap();
    let v = c.view().await.unwrap();
    assert_eq!(v.secret_findings.len(), 1, "{:?} {:?} {}", v.secret_findings, c.info(), db.value("email").await);
    let f = &v.secret_findings[0];
    assert_eq!((f.section.as_str(), f.field.as_str()), ("email", "Password"));
    assert_eq!(f.health, SecretHealth::Unprotected);
    assert_eq!(f.repair, SecretRepair::ProtectNow);
    assert!(f.message.contains("stored unprotected") && f.message.contains("Protect now"), "{}", f.message);
    // HES's own rows are fine: HES encrypted them.
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), LICENSING_KEY);
    // The plaintext is never shown or sent while it is unprotected.
    assert_eq!(c.reveal(&email_ref()).await.unwrap_err().code, ErrorCode::DataProtectionUnprotected);
    assert!(smtp_secret(&c).await.unwrap_err().contains("unprotected"));

    let report = c.protect_now().await.unwrap();
    assert_eq!(report.repaired, 1);
    assert!(report.remaining.is_empty(), "{:?}", report.remaining);
    let stored: Value = serde_json::from_str(&db.value("email").await).unwrap();
    let key = db.current_key(NEW_PW).await.unwrap();
    assert_eq!(key.decrypt(stored["Password"].as_str().unwrap()).unwrap(), SMTP_PW, "encrypted under HES's new key");
    assert_eq!(c.reveal(&email_ref()).await.unwrap().expose(), SMTP_PW);
    assert_eq!(smtp_secret(&c).await.unwrap(), SMTP_PW);
}

#[tokio::test]
async fn after_hes_changes_the_password_stale_values_are_refused_and_recovered_with_the_old_one() {
    let db = db_or_return!(SEED_PROTECTED);
    let c = db.open().await;
    c.unlock(&Secret::new(OLD_PW)).await.unwrap();
    c.set_section_json("email", &email_with_password(SMTP_PW)).await.unwrap();
    let stage_target = Console::open_workspace(db.archive.path().join("ws.sqlite").to_str().unwrap()).await.unwrap();

    db.hes_change_password(OLD_PW, NEW_PW).await;

    let before = db.snapshot().await;
    let e = c.set_section_json("email", &email_with_password("another")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionChanged, "{e:?}");
    assert!(e.message.contains("re-keyed"), "{}", e.message);
    assert_eq!(db.snapshot().await, before, "nothing was written");
    assert_eq!(c.info().data_protection, DataProtectionState::Locked);
    assert_eq!(c.unlock(&Secret::new(OLD_PW)).await.unwrap_err().code, ErrorCode::DataProtectionWrongPassword);
    c.unlock(&Secret::new(NEW_PW)).await.unwrap();

    let f = c.secret_findings().await.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].section.as_str(), f[0].health, f[0].key_id), ("email", SecretHealth::StaleKey, Some(1)));
    assert_eq!(f[0].repair, SecretRepair::RecoverWithOldPassword, "the console kept a copy of key 1's params");
    assert!(f[0].message.contains("key HES has replaced") && f[0].message.contains("enter it again"));
    // Never shown, sent or copied.
    assert_eq!(c.reveal(&email_ref()).await.unwrap_err().code, ErrorCode::DataProtectionStaleKey);
    assert!(smtp_secret(&c).await.unwrap_err().contains("replaced"));
    let e = c.stage_plan(&stage_target, &["email".to_string()]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionStaleKey, "{e:?}");
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), LICENSING_KEY, "HES re-encrypted its own rows");

    // A console on another computer has no copy of the old params: only "enter it again".
    let elsewhere = tempfile::tempdir().unwrap();
    let other = db.open().await;
    other.use_params_archive(elsewhere.path().join("dp-params.json")).unwrap();
    assert_eq!(other.secret_findings().await.unwrap()[0].repair, SecretRepair::EnterAgain);

    let before = db.snapshot().await;
    let e = c.recover_secrets(&Secret::new("not-the-old-one")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionWrongPassword);
    assert_eq!(db.snapshot().await, before);

    let report = c.recover_secrets(&Secret::new(OLD_PW)).await.unwrap();
    assert_eq!((report.repaired, report.remaining.len()), (1, 0));
    assert_eq!(c.reveal(&email_ref()).await.unwrap().expose(), SMTP_PW);
    let stored: Value = serde_json::from_str(&db.value("email").await).unwrap();
    assert_eq!(hes_core::protect::peek_key_id(stored["Password"].as_str().unwrap()).unwrap(), 2);
}

#[tokio::test]
async fn after_hes_disables_protection_envelopes_are_never_taken_for_the_secret() {
    let db = db_or_return!(SEED_PROTECTED);
    let c = db.open().await;
    c.unlock(&Secret::new(OLD_PW)).await.unwrap();
    c.set_section_json("email", &email_with_password(SMTP_PW)).await.unwrap();
    let envelope = serde_json::from_str::<Value>(&db.value("email").await).unwrap()["Password"].clone();

    db.hes_disable(OLD_PW).await;

    let before = db.snapshot().await;
    let e = c.set_section_json("email", &email_with_password("another")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionChanged, "{e:?}");
    assert!(e.message.contains("disabled"), "{}", e.message);
    assert_eq!(db.snapshot().await, before);
    assert_eq!(c.info().data_protection, DataProtectionState::Off);

    let f = c.secret_findings().await.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].health, SecretHealth::EnvelopeWhileOff);
    // The base64 ciphertext is never returned as the secret.
    let e = c.reveal(&email_ref()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionEnvelopeWhileOff);
    let sent = smtp_secret(&c).await;
    assert!(sent.is_err(), "the envelope must not be sent as a password");
    assert!(!format!("{sent:?}").contains(envelope.as_str().unwrap()));
    assert_eq!(c.reveal(&licensing_ref()).await.unwrap().expose(), LICENSING_KEY, "HES decrypted its own rows");
    assert_eq!(c.protect_now().await.unwrap_err().code, ErrorCode::BadRequest, "nothing to protect while off");

    let report = c.recover_secrets(&Secret::new(OLD_PW)).await.unwrap();
    assert_eq!((report.repaired, report.remaining.len()), (1, 0));
    let stored: Value = serde_json::from_str(&db.value("email").await).unwrap();
    assert_eq!(stored["Password"], SMTP_PW, "stored in plaintext, as HES stores secrets while off");
}

#[tokio::test]
async fn saml_and_license_writes_are_refused_when_hes_changed_data_protection_meanwhile() {
    use hes_core::licenses::{parse_document, ImportControl, DEFAULT_MAX_BYTES};
    let db = db_or_return!(SEED_PLAIN);
    let c = db.open().await;
    let sp: hes_core::settings::saml::SamlSpInput = serde_json::from_value(serde_json::json!({
        "Issuer": "https://new-sp.example.com/saml",
        "SingleSignOnDestination": "https://new-sp.example.com/acs"
    }))
    .unwrap();
    let good = include_str!("../../../tests/fixtures/licenses/good.json");
    let doc =
        parse_document(good.as_bytes(), Some(good.len() as u64), DEFAULT_MAX_BYTES, &ImportControl::new()).unwrap();

    db.hes_enable(NEW_PW).await;
    let before = db.snapshot().await;
    let saml_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(db.raw()).await.unwrap();
    let licenses_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM HardwareVaultLicenses").fetch_one(db.raw()).await.unwrap();
    let e = c.saml_save(None, sp, None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionChanged, "{e:?}");
    assert_eq!(c.info().data_protection, DataProtectionState::Locked, "reloaded after the refusal");

    // A second console still believes the old state too: its license import is refused the same way.
    db.hes_disable(NEW_PW).await;
    let e = c.license_apply(&doc, "good.json", &ImportControl::new()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DataProtectionChanged, "{e:?}");
    assert_eq!(c.info().data_protection, DataProtectionState::Off);
    let licenses_after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM HardwareVaultLicenses").fetch_one(db.raw()).await.unwrap();
    assert_eq!(licenses_after, licenses_before, "nothing imported");
    let saml: i64 = sqlx::query_scalar("SELECT count(*) FROM SamlRelyingParties").fetch_one(db.raw()).await.unwrap();
    assert_eq!(saml, saml_before, "no SAML row written");
    assert_ne!(db.snapshot().await, before, "only HES's own disable changed the rows");
}
