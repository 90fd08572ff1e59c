//! Issue 11: the OS certificate store is trusted in addition to the bundled roots, by the HTTP
//! checks (licensing, Splunk, Azure) as by AD/SMTP, and by the database connection. The "OS store"
//! here is `SSL_CERT_FILE` (honoured by rustls-native-certs) holding the stubs' throw-away CAs and
//! the MariaDB peer's test CA; no extra CA is given to any check. One test in this binary: the
//! store is read once per process.
mod common;

use common::*;
use hes_checks::{azure, licensing, splunk, AzureTarget, Outcome};
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::Db;
use hes_stubs::{azure as az, hec, licensing as lic, TestCa};
use hes_test_support::mysql::MySqlPeer;

fn pem(ca: &TestCa) -> String {
    let f = tempfile::NamedTempFile::new().unwrap();
    ca.write_ca(f.path()).unwrap();
    std::fs::read_to_string(f.path()).unwrap()
}

#[tokio::test]
async fn a_ca_in_the_os_store_is_trusted_by_the_http_checks_and_the_database() {
    let hec_cfg = hec::HecConfig::standard();
    let (hec_addr, _h1, hec_ca) = hec::start_tls(hec_cfg).await.unwrap();
    let (lic_addr, _h2, lic_ca) =
        lic::start_tls(lic::LicensingConfig::new().key("k-1", lic::KeyAnswer::Good(1))).await.unwrap();
    let (az_addr, _h3, az_ca) = az::start_tls(az::AzureConfig::standard()).await.unwrap();
    let peer = MySqlPeer::from_env();
    let mut bundle = [pem(&hec_ca), pem(&lic_ca), pem(&az_ca)].concat();
    if let Ok(ca) = std::env::var("HES_TEST_CA") {
        bundle.push_str(&std::fs::read_to_string(ca).unwrap());
    }
    let store = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(store.path(), bundle).unwrap();
    // Before any TLS client of this process reads the store.
    std::env::set_var("SSL_CERT_FILE", store.path());
    std::env::remove_var("SSL_CERT_DIR");

    let r = splunk(&format!("https://{hec_addr}"), &Secret::new(hec::VALID_TOKEN), &opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
    let r = licensing(&format!("https://{lic_addr}"), &Secret::new("k-1"), &opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
    let base = format!("https://{az_addr}");
    let t = AzureTarget {
        authority_base: base.clone(),
        graph_base: base,
        tenant: az::TENANT_ID.into(),
        app_id: az::APP_ID.into(),
    };
    let r = azure(&t, &Secret::new(az::APP_SECRET), &opts()).await;
    assert_outcome(&r, Outcome::Ok, None);

    // The database: Verify identity with no CA file, the peer's CA only in the OS store.
    if let Some(peer) = peer {
        let db = hes_test_support::mysql::ScratchDb::create(&peer, &[]).await;
        let mut target = peer.target(&db.name, &peer.user, TlsMode::VerifyIdentity);
        target.ca_file = None;
        Db::open_mysql(&target).await.expect("the peer's certificate is trusted through the OS store");
    }
}
