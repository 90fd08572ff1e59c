//! hes-store against real SQLite workspaces (issue 2, "Store tests on SQLite"): HES's schema,
//! round trip of every section through the `Console` API down to the raw `AppSettings.Value`,
//! the keep/replace/clear secret contract, compare-and-swap against a second writer (the HES web
//! admin, simulated with raw SQL) and transaction rollback.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::customization::Customization;
use hes_core::settings::domains::{DomainView, PRIMARY_ID};
use hes_core::settings::email::Email;
use hes_core::settings::fido::{AuthenticatorAttachment, Fido};
use hes_core::settings::licensing::Licensing;
use hes_core::settings::splunk::Splunk;
use hes_core::settings::view::{Revisions, SettingsView};
use hes_core::workspace::{DataProtectionState, SecretRef};
use hes_core::SecretState;
use hes_store::db::DpRows;
use hes_store::keychain::MemoryStore;
use hes_store::rows::{self, RowChange};
use hes_store::{Console, Db};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Row;
use std::sync::Arc;
use tempfile::TempDir;

const GUID_A: &str = "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011";

// ---------------------------------------------------------------------------------------------
// Helpers

/// A fresh workspace in its own temp dir, plus a second raw connection that plays "the other writer".
struct Ws {
    _dir: TempDir,
    path: String,
    console: Console,
    raw: SqlitePool,
    /// The test's keychain: it holds the workspace's own key (see hes-test-support's workspace).
    store: Arc<MemoryStore>,
}

async fn ws() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite").to_string_lossy().into_owned();
    let store = Arc::new(MemoryStore::new());
    let console = Console::open_workspace_in(&path, store.clone()).await.expect("new workspace opens");
    let raw = raw_pool(&path).await;
    Ws { _dir: dir, path, console, raw, store }
}

async fn raw_pool(path: &str) -> SqlitePool {
    SqlitePoolOptions::new().max_connections(1).connect_with(SqliteConnectOptions::new().filename(path)).await.unwrap()
}

impl Ws {
    /// The row exactly as stored in the file.
    async fn stored_value(&self, key: &str) -> Option<String> {
        hes_test_support::app_setting!(&self.raw, key)
    }

    /// The stored row with its secrets decrypted under the workspace key (exactly what was
    /// stored, in clear): the workspace encrypts its secret fields, HES's JSON is otherwise as is.
    async fn raw_value(&self, key: &str) -> Option<String> {
        let raw = self.stored_value(key).await;
        let k = hes_test_support::workspace::key(&self.raw, &self.store).await;
        raw.map(|raw| hes_core::stj::to_string(&hes_test_support::workspace::clear(&k, key, &raw)).unwrap())
    }

    async fn raw_json(&self, key: &str) -> Value {
        serde_json::from_str(&self.raw_value(key).await.unwrap_or_else(|| panic!("row {key} exists"))).unwrap()
    }

    async fn raw_set(&self, key: &str, value: &str) {
        hes_test_support::set_app_setting!(&self.raw, key, value)
    }

    /// Every AppSettings row, for "nothing was written" checks.
    async fn all_rows(&self) -> Vec<(String, String)> {
        sqlx::query("SELECT Id, Value FROM AppSettings ORDER BY Id")
            .fetch_all(&self.raw)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    }

    async fn saml_rows(&self) -> Vec<Vec<Option<String>>> {
        sqlx::query(
            "SELECT Id, Issuer, SingleSignOnDestination, SingleLogoutResponseDestination, \
             SignatureValidationCertificateBase64, NameIdentifierFormat, CAST(NameIdentifierField AS TEXT) \
             FROM SamlRelyingParties ORDER BY Id",
        )
        .fetch_all(&self.raw)
        .await
        .unwrap()
        .iter()
        .map(|r| (0..7).map(|i| r.get::<Option<String>, _>(i)).collect())
        .collect()
    }

    /// HES's example licensing row (key `secret-api-key-123`), written through the console.
    async fn hes_licensing(&self) -> SettingsView {
        let example = json!({"ApiKey": "secret-api-key-123", "ApiAddress": "https://hls.hideez.com"});
        self.console.set_single::<Licensing>(input(example), &self.revs().await).await.unwrap()
    }

    async fn revs(&self) -> Revisions {
        self.console.view().await.unwrap().revisions
    }
}

fn input<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test input deserializes")
}

fn err<T: std::fmt::Debug>(r: AppResult<T>) -> AppError {
    r.expect_err("the call must fail")
}

/// A Validation error whose first (marked) field is `field`, with HES's `message` there.
fn assert_validation(e: &AppError, field: &str, message: &str) {
    assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    assert_field_error(e, field, message);
}

/// A Validation error that lists `message` at `field` (not necessarily first).
fn assert_field_error(e: &AppError, field: &str, message: &str) {
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    let fe = e.field_errors.iter().find(|f| f.field == field).unwrap_or_else(|| panic!("no error at {field}: {e:?}"));
    assert_eq!(fe.message, message);
}

fn fixture(key: &str) -> String {
    let v: Value =
        serde_json::from_str(include_str!("../../hes-core/tests/fixtures/protect-vectors.json")).expect("fixture");
    v["appsettings_examples"][key]["value_when_protection_off_stj"].as_str().expect("example").to_string()
}

fn domain_ids(v: &SettingsView) -> Vec<String> {
    v.domains
        .iter()
        .map(|d| match d {
            DomainView::ActiveDirectory { id, .. } | DomainView::AzureAd { id, .. } => id.clone(),
        })
        .collect()
}

fn ad(host: &str, user: &str, password: &str) -> Value {
    json!({"Type": "ActiveDirectory", "Host": host, "UserName": user, "Password": password, "MaxPasswordAge": 28})
}

fn azure(name: &str, secret: &str) -> Value {
    json!({"Type": "AzureAd", "Name": name, "TenantId": GUID_A, "ApplicationId": GUID_B, "ClientSecret": secret,
           "MaxPasswordAge": 90})
}

fn sp(issuer: &str) -> Value {
    json!({"Issuer": issuer, "SingleSignOnDestination": "https://sp.example.com/acs"})
}

// ---------------------------------------------------------------------------------------------
// Schema

#[tokio::test]
async fn a_new_workspace_has_hes_tables_and_reopens_idempotently() {
    let w = ws().await;
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&w.raw)
            .await
            .unwrap();
    for t in [
        "AppSettings",
        "DataProtection",
        "SamlRelyingParties",
        "LicenseOrders",
        "HardwareVaultLicenses",
        "HardwareVaults",
        "HardwareVaultProfiles",
        "__EFMigrationsHistory",
    ] {
        assert!(tables.iter().any(|x| x == t), "table {t} missing from {tables:?}");
    }
    let profiles: Vec<String> =
        sqlx::query_scalar("SELECT Id FROM HardwareVaultProfiles").fetch_all(&w.raw).await.unwrap();
    assert_eq!(profiles, ["default"]);
    let newest: String =
        sqlx::query_scalar("SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1")
            .fetch_one(&w.raw)
            .await
            .unwrap();
    assert_eq!(newest, "20210707084209_added_allow_passwordless_by_u2f_field");
    let app_settings: i64 = sqlx::query_scalar("SELECT count(*) FROM AppSettings").fetch_one(&w.raw).await.unwrap();
    assert_eq!(app_settings, 0, "a new workspace has no settings");
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&w.raw).await.unwrap();
    assert_eq!(journal, "wal", "the console's own workspace runs in WAL mode");

    let info = w.console.info();
    assert_eq!(info.hes_version.as_deref(), Some("3.8.4"));
    assert_eq!(info.data_protection, DataProtectionState::Off);
    assert!(!info.read_only);
    assert_eq!(info.kind, hes_core::workspace::DbKind::Sqlite);
    let view = w.console.view().await.unwrap();
    assert!(view.licensing.is_none() && view.domains.is_empty() && view.saml.is_empty() && view.problems.is_empty());

    // Reopening (twice, also as a sqlite: URL) neither fails nor duplicates anything.
    let migrations: i64 =
        sqlx::query_scalar("SELECT count(*) FROM __EFMigrationsHistory").fetch_one(&w.raw).await.unwrap();
    w.console.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &w.revs().await).await.unwrap();
    let again = Console::open_workspace(&w.path).await.expect("reopen");
    let third = Console::open_workspace(&format!("sqlite:{}", w.path)).await.expect("reopen by URL");
    assert_eq!(third.info().hes_version.as_deref(), Some("3.8.4"));
    assert!(again.view().await.unwrap().fido.allow_platform_authenticators, "data survives a reopen");
    let migrations_after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM __EFMigrationsHistory").fetch_one(&w.raw).await.unwrap();
    assert_eq!(migrations, migrations_after);
    let profiles: i64 =
        sqlx::query_scalar("SELECT count(*) FROM HardwareVaultProfiles").fetch_one(&w.raw).await.unwrap();
    assert_eq!(profiles, 1);
}

#[tokio::test]
async fn a_sqlite_file_with_other_tables_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.db");
    let path_s = path.to_string_lossy().into_owned();
    {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(SqliteConnectOptions::new().filename(&path).create_if_missing(true))
            .await
            .unwrap();
        sqlx::raw_sql(
            "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Customers (Name) VALUES ('Ada');",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let before = std::fs::read(&path).unwrap();

    let e = err(Console::open_workspace(&path_s).await.map(|_| ()));
    assert_eq!(e.code, ErrorCode::NotHesDatabase, "{e:?}");

    let after = std::fs::read(&path).unwrap();
    assert!(before == after, "the foreign database file was modified");
    let pool = raw_pool(&path_s).await;
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(tables, ["Customers"]);
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
    assert_eq!(journal, "delete", "the foreign file's journal mode was switched");
}

// ---------------------------------------------------------------------------------------------
// Round trip of every section

#[tokio::test]
async fn every_section_round_trips_as_hes_json() {
    let w = ws().await;
    let c = &w.console;

    // Licensing, Splunk and the primary domain: byte for byte the HES examples.
    let v = w.hes_licensing().await;
    let l = v.licensing.as_ref().unwrap();
    assert_eq!((l.api_key, l.api_address.as_str()), (SecretState::Stored, "https://hls.hideez.com"));
    assert_eq!(w.raw_value("licensing").await.unwrap(), fixture("licensing"));

    let v = c
        .set_single::<Splunk>(
            input(json!({"Host": "https://example.splunkcloud.com:8088", "Token": GUID_A})),
            &v.revisions,
        )
        .await
        .unwrap();
    let s = v.splunk.as_ref().unwrap();
    assert_eq!((s.host.as_str(), s.token), ("https://example.splunkcloud.com:8088", SecretState::Stored));
    assert_eq!(w.raw_value("splunk").await.unwrap(), fixture("splunk"));

    let v = c.domain_save(None, input(ad("corp.example.com", "svc-hes", "Pa$$w0rd+")), &v.revisions).await.unwrap();
    assert_eq!(w.raw_value("domain").await.unwrap(), fixture("domain"));
    assert_eq!(
        v.domains,
        [DomainView::ActiveDirectory {
            id: PRIMARY_ID.into(),
            primary: true,
            host: "corp.example.com".into(),
            user_name: "svc-hes".into(),
            password: SecretState::Stored,
            max_password_age: 28,
        }]
    );

    // A further on-premises domain and an Azure AD domain go to `domains`.
    let v =
        c.domain_save(None, input(ad("branch.example.org", "svc-branch", "br&nch<pw>")), &v.revisions).await.unwrap();
    let v = c.domain_save(None, input(azure("Contoso Entra", "azure-secret+1")), &v.revisions).await.unwrap();
    let ids = domain_ids(&v);
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], PRIMARY_ID);
    assert_eq!(
        w.raw_value("domains").await.unwrap(),
        format!(
            r#"[{{"ConsoleFormat":1,"Type":"ActiveDirectory","Id":"{}","Host":"branch.example.org","UserName":"svc-branch","Password":"br\u0026nch\u003Cpw\u003E","MaxPasswordAge":28}},{{"ConsoleFormat":1,"Type":"AzureAd","Id":"{}","Name":"Contoso Entra","TenantId":"{GUID_A}","ApplicationId":"{GUID_B}","ClientSecret":"azure-secret\u002B1","MaxPasswordAge":90}}]"#,
            ids[1], ids[2]
        )
    );
    assert!(
        matches!(&v.domains[1], DomainView::ActiveDirectory { primary: false, host, password: SecretState::Stored, .. } if host == "branch.example.org")
    );
    assert!(
        matches!(&v.domains[2], DomainView::AzureAd { name, tenant_id, application_id, client_secret: SecretState::Stored, max_password_age: 90, .. }
        if name == "Contoso Entra" && tenant_id == GUID_A && application_id == GUID_B)
    );
    // The primary row did not move while further domains were added.
    assert_eq!(w.raw_value("domain").await.unwrap(), fixture("domain"));

    let v = c
        .set_single::<Fido>(
            input(json!({"AllowPlatformAuthenticators": true, "DefaultAuthenticatorAttachment": "platform"})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert!(v.fido_set && v.fido.allow_platform_authenticators);
    assert_eq!(v.fido.default_authenticator_attachment, AuthenticatorAttachment::Platform);
    assert_eq!(
        w.raw_value("fido").await.unwrap(),
        r#"{"ConsoleFormat":1,"AllowPlatformAuthenticators":true,"DefaultAuthenticatorAttachment":"platform"}"#
    );

    let v = c
        .set_single::<Email>(
            input(json!({"Host": "smtp.example.com", "Port": 465, "Security": "Tls", "UserName": "hes@example.com",
                         "Password": "smtp+pass", "From": "hes@example.com", "FromName": "HES <Admin>"})),
            &v.revisions,
        )
        .await
        .unwrap();
    let e = v.email.as_ref().unwrap();
    assert_eq!((e.host.as_str(), e.port, e.password), ("smtp.example.com", 465, SecretState::Stored));
    assert_eq!(e.from_name, "HES <Admin>");
    assert_eq!(
        w.raw_value("email").await.unwrap(),
        r#"{"ConsoleFormat":1,"Host":"smtp.example.com","Port":465,"Security":"Tls","UserName":"hes@example.com","Password":"smtp\u002Bpass","From":"hes@example.com","FromName":"HES \u003CAdmin\u003E"}"#
    );

    let v = c.set_single::<Customization>(input(json!({"ServerName": "Contoso HES"})), &v.revisions).await.unwrap();
    assert_eq!(v.customization.server_name, "Contoso HES");
    assert!(v.customization.logos.iter().all(|l| !l.custom));
    assert_eq!(
        w.raw_value("customization").await.unwrap(),
        r#"{"ConsoleFormat":1,"ServerName":"Contoso HES","Logos":{}}"#
    );

    let v = c
        .oidc_save(
            None,
            input(json!({"Name": "Portal", "ClientId": "portal", "ClientSecret": "oidc-secret",
                         "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid", "profile"]})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(v.oidc.len(), 1);
    let o = &v.oidc[0];
    assert_eq!((o.name.as_str(), o.client_id.as_str(), o.client_secret), ("Portal", "portal", SecretState::Stored));
    assert_eq!(
        w.raw_value("oidc").await.unwrap(),
        format!(
            r#"[{{"ConsoleFormat":1,"Id":"{}","Name":"Portal","ClientId":"portal","ClientSecret":"oidc-secret","RedirectUris":["https://portal.example.com/cb"],"PostLogoutRedirectUris":[],"Scopes":["openid","profile"],"Enabled":true}}]"#,
            o.id
        )
    );

    let v = c
        .saml_save(
            None,
            input(json!({"Issuer": "https://sp.example.com/metadata", "SingleSignOnDestination": "https://sp.example.com/acs",
                         "SingleLogoutResponseDestination": "https://sp.example.com/slo",
                         "NameIdentifierFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
                         "NameIdentifierField": "External"})),
            None,
        )
        .await
        .unwrap();
    assert_eq!(v.saml.len(), 1);
    let s = &v.saml[0];
    assert_eq!(s.sp.issuer, "https://sp.example.com/metadata");
    assert!(!s.revision.is_empty());
    assert_eq!(
        w.saml_rows().await,
        [[
            Some(s.sp.id.clone()),
            Some("https://sp.example.com/metadata".into()),
            Some("https://sp.example.com/acs".into()),
            Some("https://sp.example.com/slo".into()),
            None,
            Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into()),
            Some("1".into()),
        ]]
    );

    // A second Console on the same file (another process) sees the same page.
    let other = Console::open_workspace(&w.path).await.unwrap();
    let seen = other.view().await.unwrap();
    assert_eq!(seen.licensing, v.licensing);
    assert_eq!(seen.domains, v.domains);
    assert_eq!(seen.oidc, v.oidc);
    assert_eq!(seen.saml.iter().map(|s| &s.sp).collect::<Vec<_>>(), v.saml.iter().map(|s| &s.sp).collect::<Vec<_>>());
    assert!(seen.problems.is_empty(), "{:?}", seen.problems);

    // Show returns the clear value on request.
    let key = c.reveal(&SecretRef { section: "licensing".into(), id: None }).await.unwrap();
    assert_eq!(key.expose(), "secret-api-key-123");
    // Domain logon secrets never are (HES's rule); the rows hold them (a plain workspace).
    let e = c.reveal(&SecretRef { section: "domain".into(), id: Some(PRIMARY_ID.into()) }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert_eq!(w.raw_json("domain").await["Password"], "Pa$$w0rd+");
    let az = w.raw_json("domains").await.as_array().unwrap().iter().find(|d| d["Id"] == ids[2].as_str()).cloned();
    assert_eq!(az.unwrap()["ClientSecret"], "azure-secret+1");
}

// ---------------------------------------------------------------------------------------------
// Secrets: keep, replace, clear

#[tokio::test]
async fn an_absent_secret_keeps_a_string_replaces_and_clearing_a_required_one_writes_nothing() {
    let w = ws().await;
    let c = &w.console;
    let v = w.hes_licensing().await;

    // Absent: the stored key stays as it was, only the address changes.
    let v = c
        .set_single::<Licensing>(input(json!({"ApiAddress": "https://licensing.example.com"})), &v.revisions)
        .await
        .unwrap();
    assert_eq!(v.licensing.as_ref().unwrap().api_key, SecretState::Stored);
    assert_eq!(
        w.raw_value("licensing").await.unwrap(),
        r#"{"ApiKey":"secret-api-key-123","ApiAddress":"https://licensing.example.com"}"#
    );

    // A string replaces.
    let v = c.set_single::<Licensing>(input(json!({"ApiKey": "new-key-456"})), &v.revisions).await.unwrap();
    assert_eq!(w.raw_json("licensing").await["ApiKey"], "new-key-456");

    // null (Clear) on a required secret: a Validation error at the field, nothing written.
    let before = w.all_rows().await;
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": null})), &v.revisions).await);
    assert_validation(&e, "ApiKey", "The API Key field is required.");
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "   "})), &v.revisions).await);
    assert_validation(&e, "ApiKey", "The API Key field is required.");
    assert_eq!(w.all_rows().await, before);

    // A new Splunk row without a token is refused too (no stored token to keep).
    let e = err(c.set_single::<Splunk>(input(json!({"Host": "https://splunk.example.com:8088"})), &v.revisions).await);
    assert_validation(&e, "Token", "The Token field is required.");
    assert_eq!(w.raw_value("splunk").await, None);

    // Domains: an edit without Password keeps it; Clear is refused.
    let v = c.domain_save(None, input(ad("corp.example.com", "svc-hes", "Pa$$w0rd+")), &v.revisions).await.unwrap();
    let v = c
        .domain_save(
            Some(PRIMARY_ID),
            input(json!({"Type": "ActiveDirectory", "Host": "corp.example.com", "UserName": "svc-hes2", "MaxPasswordAge": 30})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(
        w.raw_value("domain").await.unwrap(),
        r#"{"Host":"corp.example.com","UserName":"svc-hes2","Password":"Pa$$w0rd\u002B","MaxPasswordAge":30}"#
    );
    let before = w.all_rows().await;
    let e = err(c
        .domain_save(
            Some(PRIMARY_ID),
            input(json!({"Type": "ActiveDirectory", "Host": "corp.example.com", "UserName": "svc-hes2", "Password": null})),
            &v.revisions,
        )
        .await);
    assert_validation(&e, "Password", "The Password field is required.");
    assert_eq!(w.all_rows().await, before);

    // E-mail's password is optional: null clears it.
    let v = c
        .set_single::<Email>(
            input(json!({"Host": "smtp.example.com", "UserName": "hes", "Password": "smtp-pw", "From": "hes@example.com"})),
            &v.revisions,
        )
        .await
        .unwrap();
    let v = c
        .set_single::<Email>(
            input(json!({"Host": "smtp.example.com", "From": "hes@example.com", "Password": null})),
            &v.revisions,
        )
        .await
        .unwrap();
    assert_eq!(v.email.as_ref().unwrap().password, SecretState::NotSet);
    assert_eq!(w.raw_json("email").await["Password"], Value::Null);

    // OIDC: editing a client without ClientSecret keeps it; null clears it (public client).
    let v = c
        .oidc_save(
            None,
            input(json!({"Name": "Portal", "ClientId": "portal", "ClientSecret": "oidc-secret",
                         "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid"]})),
            &v.revisions,
        )
        .await
        .unwrap();
    let id = v.oidc[0].id.clone();
    let edit = json!({"Name": "Portal 2", "ClientId": "portal", "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid"]});
    let v = c.oidc_save(Some(&id), input(edit), &v.revisions).await.unwrap();
    assert_eq!(w.raw_json("oidc").await[0]["ClientSecret"], "oidc-secret");
    assert_eq!(w.raw_json("oidc").await[0]["Name"], "Portal 2");
    let clear = json!({"Name": "Portal 2", "ClientId": "portal", "ClientSecret": null,
                       "RedirectUris": ["https://portal.example.com/cb"], "Scopes": ["openid"]});
    let v = c.oidc_save(Some(&id), input(clear), &v.revisions).await.unwrap();
    assert_eq!(v.oidc[0].client_secret, SecretState::NotSet);
    assert_eq!(w.raw_json("oidc").await[0]["ClientSecret"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// Compare-and-swap against a second writer

#[tokio::test]
async fn a_single_section_changed_behind_the_consoles_back_is_not_overwritten() {
    let w = ws().await;
    let c = &w.console;
    let loaded = w.hes_licensing().await;

    // The HES web admin saves the page meanwhile.
    let theirs = r#"{"ApiKey":"web-admin-key","ApiAddress":"https://hls.hideez.com"}"#;
    w.raw_set("licensing", theirs).await;

    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "mine"})), &loaded.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(w.raw_value("licensing").await.as_deref(), Some(theirs));
    let e = err(c.delete_single::<Licensing>(&loaded.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(w.raw_value("licensing").await.as_deref(), Some(theirs));

    // A row created by someone else while the console saw none ("absent") is not overwritten either.
    sqlx::query("INSERT INTO AppSettings (Id, Value) VALUES ('splunk', '{\"Host\":\"https://theirs.example.com\",\"Token\":\"t\"}')")
        .execute(&w.raw)
        .await
        .unwrap();
    assert_eq!(loaded.revisions.get("splunk"), Some("absent"));
    let e = err(c
        .set_single::<Splunk>(input(json!({"Host": "https://mine.example.com", "Token": "x"})), &loaded.revisions)
        .await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(w.raw_json("splunk").await["Host"], "https://theirs.example.com");

    // A change without a revision for the section is a bad request, not a blind write.
    let e = err(c.set_single::<Licensing>(input(json!({"ApiKey": "mine"})), &Revisions::default()).await);
    assert_eq!(e.code, ErrorCode::BadRequest);

    // Reloading gives fresh revisions, and then the change goes through.
    let fresh = w.revs().await;
    assert_ne!(fresh.get("licensing"), loaded.revisions.get("licensing"));
    c.set_single::<Licensing>(input(json!({"ApiKey": "mine"})), &fresh).await.unwrap();
    assert_eq!(w.raw_json("licensing").await["ApiKey"], "mine");
}

#[tokio::test]
async fn a_saml_row_edited_in_the_web_admin_is_not_overwritten() {
    let w = ws().await;
    let c = &w.console;
    let v = c.saml_save(None, input(sp("https://sp.example.com/metadata")), None).await.unwrap();
    let (id, old_rev) = (v.saml[0].sp.id.clone(), v.saml[0].revision.clone());

    sqlx::query(
        "UPDATE SamlRelyingParties SET SingleSignOnDestination = 'https://web-admin.example.com/acs' WHERE Id = ?",
    )
    .bind(&id)
    .execute(&w.raw)
    .await
    .unwrap();
    let theirs = w.saml_rows().await;

    let e = err(c.saml_save(Some(&id), input(sp("https://sp.example.com/metadata2")), Some(&old_rev)).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    let e = err(c.saml_delete(&id, Some(&old_rev)).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(w.saml_rows().await, theirs);
    assert_eq!(theirs[0][2].as_deref(), Some("https://web-admin.example.com/acs"));

    // No revision at all is refused; a fresh one works.
    let e = err(c.saml_save(Some(&id), input(sp("https://sp.example.com/metadata2")), None).await);
    assert_eq!(e.code, ErrorCode::BadRequest);
    let fresh = c.view().await.unwrap().saml[0].revision.clone();
    assert_ne!(fresh, old_rev);
    let v = c.saml_save(Some(&id), input(sp("https://sp.example.com/metadata2")), Some(&fresh)).await.unwrap();
    assert_eq!(v.saml[0].sp.issuer, "https://sp.example.com/metadata2");
    let v = c.saml_delete(&id, Some(&v.saml[0].revision)).await.unwrap();
    assert!(v.saml.is_empty());
    assert!(w.saml_rows().await.is_empty());
}

#[tokio::test]
async fn a_domain_delete_on_stale_revisions_is_refused() {
    let w = ws().await;
    let c = &w.console;
    let v = c.domain_save(None, input(ad("corp.example.com", "svc-hes", "pw1")), &w.revs().await).await.unwrap();
    let v = c.domain_save(None, input(azure("Entra", "s1")), &v.revisions).await.unwrap();
    let azure_id = domain_ids(&v)[1].clone();

    let theirs = r#"{"Host":"corp.example.com","UserName":"web-admin","Password":"pw2","MaxPasswordAge":28}"#;
    w.raw_set("domain", theirs).await;
    let domains_before = w.raw_value("domains").await;

    let e = err(c.domain_delete(PRIMARY_ID, &v.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    assert_eq!(w.raw_value("domain").await.as_deref(), Some(theirs));
    // Deleting the Azure domain touches only `domains`, whose revision is still current: it goes through.
    let v2 = c.domain_delete(&azure_id, &v.revisions).await.unwrap();
    assert_eq!(w.raw_value("domains").await, None);
    assert_ne!(domains_before, None);
    assert_eq!(w.raw_value("domain").await.as_deref(), Some(theirs));
    // An edit of the primary on the stale token is refused as well.
    let e = err(c.domain_save(Some(PRIMARY_ID), input(ad("corp.example.com", "me", "pw3")), &v.revisions).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(w.raw_value("domain").await.as_deref(), Some(theirs));
    c.domain_delete(PRIMARY_ID, &v2.revisions).await.unwrap();
    assert_eq!(w.raw_value("domain").await, None);
}

// ---------------------------------------------------------------------------------------------
// Transactions

#[tokio::test]
async fn a_multi_row_change_that_fails_half_way_writes_nothing() {
    let w = ws().await;
    let c = &w.console;
    let v = c.domain_save(None, input(ad("corp.example.com", "svc-hes", "pw1")), &w.revs().await).await.unwrap();
    c.domain_save(None, input(ad("branch.example.com", "svc-b", "pw2")), &v.revisions).await.unwrap();
    let before = w.all_rows().await;
    // The bytes as stored (secrets encrypted): what a compare-and-swap compares.
    let domain = w.stored_value("domain").await.unwrap();
    let domains = w.stored_value("domains").await.unwrap();

    let db = Db::open_sqlite(&w.path).await.unwrap().db;
    let changes = [
        RowChange {
            key: "domain".into(),
            expected: Some(domain.clone()),
            new: Some(r#"{"Host":"promoted.example.com"}"#.into()),
            title: "domain".into(),
        },
        RowChange {
            key: "domains".into(),
            expected: Some("[]".into()), // not what the row holds
            new: None,
            title: "domain".into(),
        },
    ];
    let e = err(rows::apply(&db, &DpRows::default(), &changes).await);
    assert_eq!(e.code, ErrorCode::ConcurrentChange);
    assert_eq!(w.stored_value("domain").await.as_deref(), Some(domain.as_str()), "the first row was rolled back");
    assert_eq!(w.all_rows().await, before);

    // An insert over an existing row (expected "absent") fails the same way, after a good first change.
    let changes = [
        RowChange { key: "fido".into(), expected: None, new: Some("{}".into()), title: "security key".into() },
        RowChange { key: "domains".into(), expected: None, new: Some("[]".into()), title: "domain".into() },
    ];
    assert_eq!(err(rows::apply(&db, &DpRows::default(), &changes).await).code, ErrorCode::ConcurrentChange);
    assert_eq!(w.raw_value("fido").await, None);
    assert_eq!(w.stored_value("domains").await.as_deref(), Some(domains.as_str()));

    // The same pair with correct expectations commits both rows together.
    let changes = [
        RowChange { key: "fido".into(), expected: None, new: Some("{}".into()), title: "security key".into() },
        RowChange { key: "domains".into(), expected: Some(domains.clone()), new: None, title: "domain".into() },
    ];
    rows::apply(&db, &DpRows::default(), &changes).await.unwrap();
    assert_eq!(w.raw_value("fido").await.as_deref(), Some("{}"));
    assert_eq!(w.raw_value("domains").await, None);
}

// ---------------------------------------------------------------------------------------------
// Domains

#[tokio::test]
async fn deleting_the_primary_promotes_the_next_on_premises_domain() {
    let w = ws().await;
    let c = &w.console;
    let v = c.domain_save(None, input(ad("corp.example.com", "svc-hes", "pw-primary")), &w.revs().await).await.unwrap();
    // The Azure domain comes first in `domains`: promotion must skip it.
    let v = c.domain_save(None, input(azure("Entra", "azure-secret")), &v.revisions).await.unwrap();
    let v =
        c.domain_save(None, input(ad("branch.example.com", "svc-branch", "pw-branch")), &v.revisions).await.unwrap();
    let v = c.domain_save(None, input(ad("third.example.com", "svc-third", "pw-third")), &v.revisions).await.unwrap();
    let ids = domain_ids(&v);
    assert_eq!(ids.len(), 4);

    let v = c.domain_delete(PRIMARY_ID, &v.revisions).await.unwrap();
    assert_eq!(
        w.raw_value("domain").await.unwrap(),
        r#"{"Host":"branch.example.com","UserName":"svc-branch","Password":"pw-branch","MaxPasswordAge":28}"#
    );
    assert!(
        matches!(&v.domains[0], DomainView::ActiveDirectory { id, primary: true, host, password: SecretState::Stored, .. } if id == PRIMARY_ID && host == "branch.example.com")
    );
    assert_eq!(domain_ids(&v), [PRIMARY_ID.to_string(), ids[1].clone(), ids[3].clone()]);
    let others = w.raw_json("domains").await;
    let names: Vec<&str> =
        others.as_array().unwrap().iter().map(|d| d["Host"].as_str().or(d["Name"].as_str()).unwrap()).collect();
    assert_eq!(names, ["Entra", "third.example.com"]);
    // The promoted domain's password moved with it.
    assert_eq!(w.raw_json("domain").await["Password"], "pw-branch");

    // Deleting the Azure domain leaves `domain` alone, byte for byte.
    let primary_before = w.raw_value("domain").await;
    let v = c.domain_delete(&ids[1], &v.revisions).await.unwrap();
    assert_eq!(w.raw_value("domain").await, primary_before);
    assert_eq!(domain_ids(&v), [PRIMARY_ID.to_string(), ids[3].clone()]);

    // Promote the last one: `domains` becomes empty and its row goes away.
    let v = c.domain_delete(PRIMARY_ID, &v.revisions).await.unwrap();
    assert_eq!(w.raw_json("domain").await["Host"], "third.example.com");
    assert_eq!(w.raw_value("domains").await, None);
    let v = c.domain_delete(PRIMARY_ID, &v.revisions).await.unwrap();
    assert_eq!(w.raw_value("domain").await, None);
    assert!(v.domains.is_empty());

    // With only an Azure domain, deleting it leaves no primary behind; a new AD domain becomes primary.
    let v = c.domain_save(None, input(azure("Entra", "s")), &v.revisions).await.unwrap();
    assert_eq!(w.raw_value("domain").await, None);
    let v = c.domain_save(None, input(ad("new.example.com", "svc", "pw")), &v.revisions).await.unwrap();
    assert_eq!(domain_ids(&v)[0], PRIMARY_ID);
    assert_eq!(w.raw_json("domain").await["Host"], "new.example.com");
    assert_eq!(w.raw_json("domains").await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn domain_validation_follows_hes_and_writes_nothing() {
    let w = ws().await;
    let c = &w.console;
    let revs = w.revs().await;
    for age in [0, 181, -5] {
        let mut d = ad("corp.example.com", "svc", "pw");
        d["MaxPasswordAge"] = json!(age);
        let e = err(c.domain_save(None, input(d), &revs).await);
        assert_validation(&e, "MaxPasswordAge", "The field Auto Password Change must be between 1 and 180.");
        let mut a = azure("Entra", "s");
        a["MaxPasswordAge"] = json!(age);
        let e = err(c.domain_save(None, input(a), &revs).await);
        assert_validation(&e, "MaxPasswordAge", "The field Auto Password Change must be between 1 and 180.");
    }
    for age in [1, 180] {
        let mut d = ad("edge.example.com", "svc", "pw");
        d["MaxPasswordAge"] = json!(age);
        c.domain_save(None, input(d), &w.revs().await).await.unwrap_or_else(|e| panic!("age {age}: {e:?}"));
        c.domain_delete(PRIMARY_ID, &w.revs().await).await.unwrap();
    }
    assert!(w.all_rows().await.is_empty());

    // Required fields, with HES's words.
    let e = err(c.domain_save(None, input(json!({"Type": "ActiveDirectory"})), &revs).await);
    assert_validation(&e, "Host", "The Domain Name field is required.");
    assert_field_error(&e, "UserName", "The User Logon Name field is required.");
    assert_field_error(&e, "Password", "The Password field is required.");

    // Azure ids must be GUIDs.
    let mut a = azure("Entra", "s");
    a["TenantId"] = json!("contoso.onmicrosoft.com");
    a["ApplicationId"] = json!("8c3e7a2b5f1d4c6e9a0b1d2e3f4a5b6c");
    let e = err(c.domain_save(None, input(a), &revs).await);
    assert_eq!(e.code, ErrorCode::Validation);
    for f in ["TenantId", "ApplicationId"] {
        let fe = e.field_errors.iter().find(|x| x.field == f).unwrap_or_else(|| panic!("{f}: {e:?}"));
        assert!(fe.message.contains("must be a GUID"), "{}", fe.message);
    }
    assert!(w.all_rows().await.is_empty(), "nothing invalid is written");

    // Duplicate domain names (case-insensitive), among on-premises and among Azure domains.
    let v = c.domain_save(None, input(ad("corp.example.com", "svc", "pw")), &revs).await.unwrap();
    let v = c.domain_save(None, input(azure("Entra", "s")), &v.revisions).await.unwrap();
    let before = w.all_rows().await;
    let e = err(c.domain_save(None, input(ad("CORP.example.com", "other", "pw")), &v.revisions).await);
    assert_validation(&e, "Host", "The domain CORP.example.com is already configured.");
    let e = err(c.domain_save(None, input(azure("entra", "s2")), &v.revisions).await);
    assert_validation(&e, "Name", "An Azure AD domain named entra already exists.");
    assert_eq!(w.all_rows().await, before);
    // Editing a domain under its own name is not a duplicate.
    c.domain_save(Some(PRIMARY_ID), input(ad("corp.example.com", "svc2", "pw")), &v.revisions).await.unwrap();

    // A domain's type cannot change, unknown ids are NotFound.
    let v = c.view().await.unwrap();
    let e = err(c.domain_save(Some(PRIMARY_ID), input(azure("X", "s")), &v.revisions).await);
    assert_eq!(e.code, ErrorCode::BadRequest);
    let e = err(c.domain_save(Some("no-such-id"), input(ad("x.example.com", "u", "p")), &v.revisions).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.domain_delete("no-such-id", &v.revisions).await);
    assert_eq!(e.code, ErrorCode::NotFound);
}

// ---------------------------------------------------------------------------------------------
// SAML, read-only, NotFound

#[tokio::test]
async fn a_duplicate_saml_issuer_is_refused_case_insensitively() {
    let w = ws().await;
    let c = &w.console;
    c.saml_save(None, input(sp("https://sp.example.com/metadata")), None).await.unwrap();
    let v = c.saml_save(None, input(sp("https://other.example.com/metadata")), None).await.unwrap();
    let before = w.saml_rows().await;

    let e = err(c.saml_save(None, input(sp("HTTPS://SP.EXAMPLE.COM/Metadata")), None).await);
    assert_validation(&e, "Issuer", "Issuer already exist.");
    // Renaming the other one onto an existing Issuer is the same error.
    let other = v.saml.iter().find(|s| s.sp.issuer.starts_with("https://other")).unwrap();
    let e =
        err(c.saml_save(Some(&other.sp.id), input(sp("https://SP.example.com/metadata")), Some(&other.revision)).await);
    assert_validation(&e, "Issuer", "Issuer already exist.");
    assert_eq!(w.saml_rows().await, before);

    // Other SAML rules: ACS required and a URL, name-id format from HES's list.
    let e = err(c
        .saml_save(None, input(json!({"Issuer": "x", "SingleSignOnDestination": "sp.example.com/acs"})), None)
        .await);
    assert_validation(
        &e,
        "SingleSignOnDestination",
        "The Assertion Consumer Service field is not a valid fully-qualified http, https, or ftp URL.",
    );
    let e = err(c.saml_save(None, input(json!({"Issuer": "x", "SingleSignOnDestination": "https://a.example.com", "NameIdentifierFormat": "urn:bogus"})), None).await);
    assert_eq!(e.field.as_deref(), Some("NameIdentifierFormat"));
    let e = err(c.saml_save(None, input(json!({"Issuer": "x", "SingleSignOnDestination": "https://a.example.com", "SignatureValidationCertificateBase64": "bm90IGEgY2VydA=="})), None).await);
    assert_validation(&e, "SignatureValidationCertificateBase64", "Invalid certificate.");
    assert_eq!(w.saml_rows().await, before);

    // Unknown ids.
    let e = err(c.saml_save(Some("no-such-id"), input(sp("https://new.example.com")), Some("rev")).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.saml_delete("no-such-id", Some("rev")).await);
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn not_found_paths() {
    let w = ws().await;
    let c = &w.console;
    let revs = w.revs().await;
    let e = err(c.delete_single::<Licensing>(&revs).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.delete_single::<Splunk>(&revs).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.domain_delete(PRIMARY_ID, &revs).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.oidc_delete("no-such-id", &revs).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.reveal(&SecretRef { section: "licensing".into(), id: None }).await);
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = err(c.reveal(&SecretRef { section: "domain".into(), id: Some("no-such-id".into()) }).await);
    assert_eq!(e.code, ErrorCode::BadRequest, "domain secrets are never shown, whatever the id");
    let e = err(c.reveal(&SecretRef { section: "fido".into(), id: None }).await);
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert!(w.all_rows().await.is_empty());
}

#[tokio::test]
async fn an_unfinished_data_protection_change_opens_read_only() {
    let w = ws().await;
    let v = w
        .console
        .set_single::<Licensing>(input(json!({"ApiKey": "k", "ApiAddress": "https://hls.hideez.com"})), &w.revs().await)
        .await
        .unwrap();
    let saml = w.console.saml_save(None, input(sp("https://sp.example.com/metadata")), None).await.unwrap();
    sqlx::query("INSERT INTO DataProtection (Value) VALUES ('a'), ('b')").execute(&w.raw).await.unwrap();

    let ro = Console::open_workspace(&w.path).await.unwrap();
    let info = ro.info();
    assert!(info.read_only);
    assert_eq!(info.data_protection, DataProtectionState::Broken);
    assert!(info.read_only_reason.as_deref().unwrap_or_default().contains("DataProtection"));
    // Reading works; every change and Show are refused with ReadOnly, and nothing is written.
    let view = ro.view().await.unwrap();
    assert_eq!(view.licensing, v.licensing);
    let rows_before = w.all_rows().await;
    let saml_before = w.saml_rows().await;
    let (id, rev) = (saml.saml[0].sp.id.clone(), saml.saml[0].revision.clone());
    let fresh_saml_rev = view.saml[0].revision.clone();
    assert_ne!(rev, fresh_saml_rev, "revision tokens are keyed per Console");
    for e in [
        err(ro.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": true})), &view.revisions).await),
        err(ro.delete_single::<Licensing>(&view.revisions).await),
        err(ro.domain_save(None, input(ad("corp.example.com", "u", "p")), &view.revisions).await),
        err(ro.domain_delete(PRIMARY_ID, &view.revisions).await),
        err(ro.saml_save(None, input(sp("https://new.example.com")), None).await),
        err(ro.saml_save(Some(&id), input(sp("https://new.example.com")), Some(&fresh_saml_rev)).await),
        err(ro.saml_delete(&id, Some(&fresh_saml_rev)).await),
        err(ro.set_section_json("licensing", r#"{"ApiKey":"x"}"#).await),
        err(ro.reveal(&SecretRef { section: "licensing".into(), id: None }).await.map(|_| ())),
    ] {
        assert_eq!(e.code, ErrorCode::ReadOnly, "{e:?}");
    }
    assert_eq!(w.all_rows().await, rows_before);
    assert_eq!(w.saml_rows().await, saml_before);
}

#[tokio::test]
async fn with_data_protection_locked_secrets_cannot_be_written_but_other_settings_can() {
    let w = ws().await;
    sqlx::query("INSERT INTO DataProtection (Value) VALUES ('protector-params')").execute(&w.raw).await.unwrap();
    let locked = Console::open_workspace(&w.path).await.unwrap();
    assert_eq!(locked.info().data_protection, DataProtectionState::Locked);
    assert!(!locked.info().read_only);
    let revs = locked.view().await.unwrap().revisions;
    let e = err(locked.set_single::<Licensing>(input(json!({"ApiKey": "k"})), &revs).await);
    assert_eq!(e.code, ErrorCode::DataProtectionLocked);
    assert_eq!(w.raw_value("licensing").await, None);
    locked.set_single::<Fido>(input(json!({"AllowPlatformAuthenticators": false})), &revs).await.unwrap();
    assert!(w.raw_value("fido").await.is_some());
}
