//! A screen's checks run concurrently: together they take about as long as the slowest one.
mod common;

use std::time::{Duration, Instant};

use common::*;
use hes_checks::{azure, codes, licensing, splunk, AzureTarget, Outcome};
use hes_core::Secret;
use hes_stubs::{azure as az, hec, licensing as lic};

#[tokio::test]
async fn checks_together_take_as_long_as_the_slowest() {
    let (h_addr, _h1) = hec::start(hec::HecConfig::standard()).await.unwrap();
    let (l_addr, _h2) =
        lic::start(lic::LicensingConfig::new().key("slow", lic::KeyAnswer::Slow(Duration::from_secs(30))))
            .await
            .unwrap();
    let (a_addr, _h3) = az::start(az::AzureConfig::standard()).await.unwrap();
    let base = format!("http://{a_addr}");
    let t = AzureTarget {
        authority_base: base.clone(),
        graph_base: base,
        tenant: az::TENANT_ID.into(),
        app_id: az::APP_ID.into(),
    };
    let o = opts().with_timeout(Duration::from_millis(1500));
    let (hec_url, lic_url) = (format!("http://{h_addr}"), format!("http://{l_addr}"));
    let (tok, key, secret) = (Secret::new(hec::VALID_TOKEN), Secret::new("slow"), Secret::new(az::APP_SECRET));

    let t0 = Instant::now();
    let (s, l, a) = tokio::join!(splunk(&hec_url, &tok, &o), licensing(&lic_url, &key, &o), azure(&t, &secret, &o));
    let together = t0.elapsed();
    assert_eq!(s.outcome, Outcome::Warn, "{}", s.to_text());
    assert_outcome(&l, Outcome::Fail, Some(codes::TIMEOUT));
    assert_eq!(a.outcome, Outcome::Warn, "{}", a.to_text());
    // The slowest is the licensing timeout (1.5 s): together within its budget + 10 %.
    assert!(together <= Duration::from_millis(1650), "together took {together:?}");
}
