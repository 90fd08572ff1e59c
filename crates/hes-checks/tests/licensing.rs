//! Licensing check against the licensing stub.
mod common;

use std::time::{Duration, Instant};

use common::*;
use hes_checks::{codes, licensing, CancellationToken, Outcome, StepStatus};
use hes_core::Secret;
use hes_stubs::licensing::{self as stub, KeyAnswer, LicensingConfig};

const GOOD: &str = "CANARY-lic-good/key?&#% 1";
const EMPTY: &str = "CANARY-lic-empty";
const BAD_JSON: &str = "CANARY-lic-malformed";
const SLOW: &str = "CANARY-lic-slow";

async fn stub() -> (String, LicensingConfig, hes_stubs::StubHandle) {
    let cfg = LicensingConfig::new()
        .key(GOOD, KeyAnswer::Good(3))
        .key(EMPTY, KeyAnswer::Empty)
        .key(BAD_JSON, KeyAnswer::Malformed)
        .key(SLOW, KeyAnswer::Slow(Duration::from_secs(30)));
    let (addr, h) = stub::start(cfg.clone()).await.unwrap();
    (format!("http://{addr}"), cfg, h)
}

#[track_caller]
fn no_key(r: &hes_checks::CheckReport, key: &str) {
    let t = all_text(r);
    assert!(!t.contains(key) && !t.contains("CANARY"), "key leaked: {t}");
    assert!(r.target.ends_with("/api/Devices/GetDevicesWithLicenses/<redacted>"), "{}", r.target);
}

#[tokio::test]
async fn good_key_counts_dtos_and_key_travels_encoded() {
    let (url, cfg, _h) = stub().await;
    let r = licensing(&url, &Secret::new(GOOD), &opts()).await;
    assert_step(&r, "API key", StepStatus::Ok, "3 devices, 3 licenses, 1 order");
    assert_ne!(r.outcome, Outcome::Fail, "{}", r.to_text());
    no_key(&r, GOOD);
    // The stub decoded the path segment back to the exact key: it was percent-encoded, one segment.
    let reqs = cfg.requests.lock().unwrap();
    assert_eq!(reqs.len(), 1);
    assert!(reqs[0].starts_with("/api/Devices/GetDevicesWithLicenses/CANARY-lic-good%2Fkey%3F"), "{reqs:?}");
}

#[tokio::test]
async fn empty_answer_is_an_accepted_key() {
    let (url, _cfg, _h) = stub().await;
    let r = licensing(&url, &Secret::new(EMPTY), &opts()).await;
    assert_step(&r, "API key", StepStatus::Ok, "0 devices, 0 licenses, 0 orders");
    no_key(&r, EMPTY);
}

#[tokio::test]
async fn unknown_key_is_rejected() {
    let (url, _cfg, _h) = stub().await;
    let r = licensing(&url, &Secret::new("CANARY-lic-unknown"), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LICENSING_KEY_REJECTED));
    assert_step(&r, "API key", StepStatus::Fail, "HTTP 404");
    no_key(&r, "CANARY-lic-unknown");
}

#[tokio::test]
async fn unauthorized_key_is_rejected() {
    let cfg = LicensingConfig { unknown_key_status: 401, ..LicensingConfig::new() };
    let (addr, _h) = stub::start(cfg).await.unwrap();
    let r = licensing(&format!("http://{addr}"), &Secret::new("CANARY-lic-401"), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LICENSING_KEY_REJECTED));
    assert_step(&r, "API key", StepStatus::Fail, "HTTP 401");
}

#[tokio::test]
async fn redirect_is_not_followed_and_location_is_scrubbed() {
    let cfg = LicensingConfig::new().key("CANARY-lic-redirect", KeyAnswer::Status(301));
    let (addr, _h) = stub::start(cfg).await.unwrap();
    let r = licensing(&format!("http://{addr}"), &Secret::new("CANARY-lic-redirect"), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LICENSING_BAD_RESPONSE));
    assert_step(&r, "API key", StepStatus::Fail, "HTTP 301");
    no_key(&r, "CANARY-lic-redirect");
}

#[tokio::test]
async fn malformed_json_is_a_bad_response() {
    let (url, _cfg, _h) = stub().await;
    let r = licensing(&url, &Secret::new(BAD_JSON), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LICENSING_BAD_RESPONSE));
    assert_step(&r, "API key", StepStatus::Fail, "not the expected JSON");
    assert!(!all_text(&r).contains("Service Unavailable"), "the body is never shown");
    no_key(&r, BAD_JSON);
}

#[tokio::test]
async fn slow_server_times_out_within_timeout_plus_10_percent() {
    let (url, _cfg, _h) = stub().await;
    let timeout = Duration::from_millis(2000);
    let t = Instant::now();
    let r = licensing(&url, &Secret::new(SLOW), &opts().with_timeout(timeout)).await;
    let took = t.elapsed();
    assert_outcome(&r, Outcome::Fail, Some(codes::TIMEOUT));
    assert_eq!(step(&r, "API key").status, StepStatus::Fail, "{}", r.to_text());
    assert!(took >= timeout && took <= timeout * 11 / 10, "took {took:?}");
    no_key(&r, SLOW);
}

#[tokio::test]
async fn cancellation_stops_a_slow_check_promptly() {
    let (url, _cfg, _h) = stub().await;
    let cancel = CancellationToken::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c2.cancel();
    });
    let t = Instant::now();
    let r =
        licensing(&url, &Secret::new(SLOW), &opts().with_timeout(Duration::from_secs(10)).with_cancel(cancel)).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::CANCELLED));
    assert_step(&r, "API key", StepStatus::Fail, "cancelled");
    assert!(t.elapsed() < Duration::from_millis(500), "{:?}", t.elapsed());
}

#[tokio::test]
async fn already_cancelled_runs_nothing() {
    let cancel = CancellationToken::new();
    cancel.cancel();
    let r = licensing("http://127.0.0.1:1", &Secret::new("k"), &opts().with_cancel(cancel)).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::CANCELLED));
    assert!(r.steps.iter().all(|s| s.status == StepStatus::Skipped), "{}", r.to_text());
}

#[tokio::test]
async fn closed_port_fails_fast() {
    let t = Instant::now();
    let r = licensing(&format!("http://127.0.0.1:{}", closed_port()), &Secret::new("CANARY-lic-closed"), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::UNREACHABLE));
    assert_step(&r, "TCP", StepStatus::Fail, "connection refused");
    assert_eq!(step(&r, "API key").status, StepStatus::Skipped);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    no_key(&r, "CANARY-lic-closed");
}

#[tokio::test]
async fn progress_channel_receives_steps() {
    let (url, _cfg, _h) = stub().await;
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let r = licensing(&url, &Secret::new(GOOD), &opts().with_progress_channel(tx)).await;
    let mut got = Vec::new();
    while let Ok(s) = rx.try_recv() {
        got.push(s);
    }
    assert_eq!(got, r.steps);
}
