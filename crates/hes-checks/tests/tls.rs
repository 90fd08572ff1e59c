//! TLS: verification is on by default (a stub's throw-away CA is refused); an extra CA makes it trusted.
mod common;

use common::*;
use hes_checks::{azure, codes, licensing, splunk, AzureTarget, Outcome, StepStatus};
use hes_core::Secret;
use hes_stubs::{azure as az, hec, licensing as lic, TestCa};

fn ca_file(ca: &TestCa) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    ca.write_ca(f.path()).unwrap();
    f
}

#[tokio::test]
async fn untrusted_certificate_fails_by_default() {
    let (addr, _h, _ca) = hec::start_tls(hec::HecConfig::standard()).await.unwrap();
    let r = splunk(&format!("https://{addr}"), &Secret::new(hec::VALID_TOKEN), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_UNTRUSTED_CERTIFICATE));
    assert_step(&r, "Health", StepStatus::Fail, "not trusted");
    assert_eq!(step(&r, "Test event").status, StepStatus::Skipped);
}

#[tokio::test]
async fn extra_ca_makes_splunk_trusted() {
    let cfg = hec::HecConfig::standard();
    let (addr, _h, ca) = hec::start_tls(cfg.clone()).await.unwrap();
    let f = ca_file(&ca);
    for host in [format!("https://{addr}"), format!("https://localhost:{}", addr.port())] {
        let r = splunk(&host, &Secret::new(hec::VALID_TOKEN), &opts().with_extra_ca(f.path())).await;
        assert_outcome(&r, Outcome::Ok, None);
        assert_step(&r, "CA", StepStatus::Ok, "1 extra trusted certificate");
    }
    assert_eq!(cfg.events.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn extra_ca_makes_licensing_and_azure_trusted() {
    let (addr, _h, ca) = lic::start_tls(lic::LicensingConfig::new().key("k-1", lic::KeyAnswer::Good(1))).await.unwrap();
    let f = ca_file(&ca);
    let r = licensing(&format!("https://{addr}"), &Secret::new("k-1"), &opts().with_extra_ca(f.path())).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_step(&r, "API key", StepStatus::Ok, "1 device, 1 license, 1 order");

    let (addr, _h2, ca) = az::start_tls(az::AzureConfig::standard()).await.unwrap();
    let f = ca_file(&ca);
    let base = format!("https://{addr}");
    let t = AzureTarget {
        authority_base: base.clone(),
        graph_base: base,
        tenant: az::TENANT_ID.into(),
        app_id: az::APP_ID.into(),
    };
    let r = azure(&t, &Secret::new(az::APP_SECRET), &opts().with_extra_ca(f.path())).await;
    assert_outcome(&r, Outcome::Ok, None);
}

#[tokio::test]
async fn unreadable_ca_file_is_an_invalid_target() {
    let r = licensing("https://127.0.0.1:1", &Secret::new("k"), &opts().with_extra_ca("/nonexistent/ca.pem")).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
}
