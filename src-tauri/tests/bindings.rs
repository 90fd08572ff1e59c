//! The UI's IPC types are generated from these Rust types (ts-rs) into `ui/src/lib/bindings/`.
//! This test fails when the committed files are stale. Regenerate with:
//! `UPDATE_BINDINGS=1 cargo test -p hes-console --test bindings`. It lives in the app package because
//! the app is what serves these types, and it sees every crate (hes-core, hes-checks).
//! Beside the types it writes `commands.ts`: the typed command and event contract (commands_ts.rs).

#[path = "bindings/commands_ts.rs"]
mod commands_ts;

use hes_core::settings::{customization, domains, email, fido, licensing, oidc, saml, splunk, view};
use hes_core::{connections, stage, workspace, AppError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

fn export_all(dir: &Path) {
    fn one<T: TS + 'static>(dir: &Path) {
        T::export_all_to(dir).unwrap_or_else(|e| panic!("export {}: {e}", T::name()));
    }
    one::<view::SettingsView>(dir);
    one::<workspace::WorkspaceInfo>(dir);
    one::<workspace::SecretRef>(dir);
    one::<AppError>(dir);
    one::<licensing::LicensingInput>(dir);
    one::<splunk::SplunkInput>(dir);
    one::<fido::FidoInput>(dir);
    one::<domains::DomainInput>(dir);
    one::<oidc::OidcClientInput>(dir);
    one::<saml::SamlSpInput>(dir);
    one::<email::EmailInput>(dir);
    one::<customization::CustomizationInput>(dir);
    one::<workspace::TlsMode>(dir);
    one::<connections::ConnectionProfileView>(dir);
    one::<connections::ConnectionProfileInput>(dir);
    one::<connections::ConnectionTestResult>(dir);
    one::<stage::StagePreview>(dir);
    one::<hes_core::history::HistoryList>(dir);
    one::<hes_core::history::RevertPreview>(dir);
    one::<hes_store::console::BackupInfo>(dir);
    one::<hes_checks::CheckReport>(dir);
    one::<hes_checks::report::ServerCertificate>(dir);
    one::<hes_checks::report::CheckProgress>(dir);
    one::<hes_core::settings::oidc_secret::OidcSecretIssued>(dir);
    one::<hes_core::settings::saml_cert::CertificateInfo>(dir);
    one::<hes_core::settings::saml_metadata::SamlMetadataImport>(dir);
    one::<hes_store::console::CheckForm>(dir);
    one::<hes_console_lib::LicenseSource>(dir);
    one::<hes_console_lib::AboutInfo>(dir);
    one::<hes_console_lib::PageTimeline>(dir);
    one::<hes_console_lib::PageStep>(dir);
    one::<hes_core::licenses::ImportPreview>(dir);
    one::<hes_core::licenses::ApplyResult>(dir);
    one::<hes_core::licenses::ImportProgress>(dir);
    one::<hes_core::licenses::LicenseSummary>(dir);
    one::<hes_store::console::SecretRepairReport>(dir);
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ui_bindings_are_up_to_date() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let tmp = tempfile::tempdir().unwrap();
    export_all(tmp.path());
    let mut fresh = read_dir(tmp.path());
    assert!(fresh.len() > 10, "expected the generated bindings, got {:?}", fresh.keys());
    let exported = fresh.keys().cloned().collect();
    let app_src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    fresh.insert("commands.ts".into(), commands_ts::generate(&app_src, &exported));
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(&committed_dir).unwrap();
        for old in read_dir(&committed_dir).keys() {
            std::fs::remove_file(committed_dir.join(old)).unwrap();
        }
        for (name, text) in &fresh {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let stale: Vec<&String> = fresh.keys().filter(|k| committed.get(*k) != fresh.get(*k)).collect();
    let extra: Vec<&String> = committed.keys().filter(|k| !fresh.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/lib/bindings is stale (changed: {stale:?}, no longer generated: {extra:?}); run UPDATE_BINDINGS=1 cargo test -p hes-console --test bindings"
    );
}
