//! No secret in any report: run every check with canary secrets (good and bad), serialize every
//! report (JSON, text, Debug) and grep for the canaries and for bearer tokens.
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use hes_checks::{azure, licensing, splunk, AzureTarget, CheckStep};
use hes_core::Secret;
use hes_stubs::{azure as az, hec, licensing as lic};

#[tokio::test]
async fn no_secret_in_any_report_or_progress_step() {
    let (hec_addr, _h1) = hec::start(hec::HecConfig::standard()).await.unwrap();
    let lcfg = lic::LicensingConfig::new()
        .key("CANARY-L-good", lic::KeyAnswer::Good(2))
        .key("CANARY-L-bad", lic::KeyAnswer::Malformed)
        .key("CANARY-L-slow", lic::KeyAnswer::Slow(Duration::from_secs(5)));
    let (lic_addr, _h2) = lic::start(lcfg).await.unwrap();
    let mut acfg = az::AzureConfig::standard();
    acfg.tenants[0].apps[0].secrets.push(az::AzSecret { value: "CANARY-A-good".into(), expired: false });
    acfg.tenants[0].apps[0].secrets.push(az::AzSecret { value: "CANARY-A-expired".into(), expired: true });
    let (az_addr, _h3) = az::start(acfg).await.unwrap();

    let steps: Arc<Mutex<Vec<CheckStep>>> = Arc::default();
    let s2 = steps.clone();
    let o = opts().with_timeout(Duration::from_millis(800)).with_progress(move |s| s2.lock().unwrap().push(s.clone()));
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let hec_url = format!("http://{hec_addr}");
    let lic_url = format!("http://{lic_addr}");
    let az_url = format!("http://{az_addr}");
    let target = |app: &str, base: &str| AzureTarget {
        authority_base: base.into(),
        graph_base: base.into(),
        tenant: az::TENANT_ID.into(),
        app_id: app.into(),
    };

    let mut reports = Vec::new();
    // The HEC stub knows its own tokens: a canary one is "invalid token"; the valid one is a canary too.
    for (u, tok) in [(&hec_url, "CANARY-H-unknown"), (&hec_url, hec::VALID_TOKEN), (&closed, "CANARY-H-closed")] {
        reports.push(splunk(u, &Secret::new(tok), &o).await);
    }
    for (u, key) in [
        (&lic_url, "CANARY-L-good"),
        (&lic_url, "CANARY-L-bad"),
        (&lic_url, "CANARY-L-slow"),
        (&lic_url, "CANARY-L-unknown"),
        (&closed, "CANARY-L-closed"),
    ] {
        reports.push(licensing(u, &Secret::new(key), &o).await);
    }
    for (app, secret, base) in [
        (az::APP_ID, "CANARY-A-good", &az_url),
        (az::APP_ID, "CANARY-A-wrong", &az_url),
        (az::APP_ID, "CANARY-A-expired", &az_url),
        (az::APP_NO_ROLE_ID, az::APP_SECRET, &az_url),
        (az::APP_ID, "CANARY-A-closed", &closed),
    ] {
        reports.push(azure(&target(app, base), &Secret::new(secret), &o).await);
    }

    let mut all = String::new();
    for r in &reports {
        all.push_str(&all_text(r));
    }
    for s in steps.lock().unwrap().iter() {
        all.push_str(&format!("{s:?}"));
    }
    assert!(reports.len() == 13 && all.len() > 1000);
    for canary in ["CANARY", hec::VALID_TOKEN, az::APP_SECRET, "eyJ", "Bearer ey", "Splunk 1111"] {
        assert!(!all.contains(canary), "{canary} leaked:\n{all}");
    }
    // The checks did reach their peers (so the canaries were really sent).
    assert!(all.contains("API key accepted") && all.contains("Directory.Read.All present"), "{all}");
}
