//! License import from the licensing server stub (tests/stubs): good, empty, huge, malformed,
//! cut-off and slow answers and HTTP errors, each with its code and message, and the API key in
//! none of them.

use hes_checks::license_import::{fetch_licenses, FetchOptions};
use hes_core::error::{AppError, ErrorCode};
use hes_core::licenses::ImportControl;
use hes_core::Secret;
use hes_stubs::licensing::{self, KeyAnswer, LicensingConfig};
use std::time::Duration;

const KEY: &str = "LIC-key/with space+1";

async fn stub(answer: KeyAnswer) -> (String, hes_stubs::StubHandle, LicensingConfig) {
    let cfg = LicensingConfig::new().key(KEY, answer);
    let seen = cfg.clone();
    let (addr, h) = licensing::start(cfg).await.unwrap();
    (format!("http://{addr}"), h, seen)
}

/// The stub speaks plain http: these tests confirm it, as the admin would.
fn opts() -> FetchOptions {
    FetchOptions { timeout: Duration::from_secs(5), allow_plain_http: true, ..FetchOptions::default() }
}

/// The error, after checking that the key is nowhere in it.
fn no_key(e: AppError) -> AppError {
    let all = format!("{e:?} {}", serde_json::to_string(&e).unwrap());
    for form in [KEY, "LIC-key%2Fwith%20space+1", "LIC-key"] {
        assert!(!all.contains(form), "the key leaked: {all}");
    }
    e
}

async fn fetch_err(answer: KeyAnswer, opts: FetchOptions) -> AppError {
    let (url, _h, _) = stub(answer).await;
    no_key(fetch_licenses(&url, &Secret::new(KEY), &opts, &ImportControl::new()).await.unwrap_err())
}

#[tokio::test]
async fn a_good_answer_is_parsed_and_the_key_travels_in_the_path() {
    let (url, _h, cfg) = stub(KeyAnswer::Good(3)).await;
    let doc = fetch_licenses(&format!("{url}/"), &Secret::new(KEY), &opts(), &ImportControl::new()).await.unwrap();
    assert_eq!((doc.devices.len(), doc.licenses.len(), doc.orders.len(), doc.rejections.len()), (3, 3, 1, 0));
    let paths = cfg.requests.lock().unwrap().clone();
    assert_eq!(paths, ["/api/Devices/GetDevicesWithLicenses/LIC-key%2Fwith%20space+1"]);
}

#[tokio::test]
async fn an_empty_answer_is_an_empty_document() {
    let (url, _h, _) = stub(KeyAnswer::Empty).await;
    let doc = fetch_licenses(&url, &Secret::new(KEY), &opts(), &ImportControl::new()).await.unwrap();
    assert_eq!(doc.records(), 0);
}

#[tokio::test]
async fn a_huge_answer_streams_within_the_limit_and_is_refused_over_it() {
    let (url, _h, _) = stub(KeyAnswer::Huge(3000)).await;
    let doc = fetch_licenses(&url, &Secret::new(KEY), &opts(), &ImportControl::new()).await.unwrap();
    assert_eq!(doc.licenses.len(), 3000);
    assert!(doc.bytes > 3_000_000, "{}", doc.bytes);
    assert_eq!(doc.licenses[0].data.as_ref().unwrap().len(), 1024);

    let small = FetchOptions { max_bytes: 1024 * 1024, ..opts() };
    let e = fetch_err(KeyAnswer::Huge(3000), small).await;
    assert_eq!(e.code, ErrorCode::DocumentTooLarge);
    assert!(e.message.starts_with("The license document is larger than the import limit of 1 MB"), "{}", e.message);
}

#[tokio::test]
async fn malformed_and_cut_off_answers_say_what_they_are() {
    let e = fetch_err(KeyAnswer::Malformed, opts()).await;
    assert_eq!(e.code, ErrorCode::DocumentNotLicenses);
    assert!(e.message.contains("not valid JSON"), "{}", e.message);

    let full = licensing::import_body(20).to_string();
    let e = fetch_err(KeyAnswer::Body(full[..full.len() / 2].to_string()), opts()).await;
    assert_eq!(e.code, ErrorCode::DocumentTruncated);
    assert!(e.message.contains("cut off"), "{}", e.message);

    let e = fetch_err(KeyAnswer::Body(String::new()), opts()).await;
    assert_eq!(e.code, ErrorCode::DocumentEmpty);
    assert_eq!(e.message, "The license document is empty.");
}

#[tokio::test]
async fn a_slow_server_times_out_and_cancel_stops_the_wait() {
    let short = FetchOptions { timeout: Duration::from_millis(300), ..opts() };
    let started = std::time::Instant::now();
    let e = fetch_err(KeyAnswer::Slow(Duration::from_secs(5)), short).await;
    assert_eq!(e.code, ErrorCode::Timeout);
    assert!(e.message.contains("did not answer within 0.3 s"), "{}", e.message);
    assert!(e.message.contains("/api/Devices/GetDevicesWithLicenses/<redacted>"), "{}", e.message);
    assert!(started.elapsed() < Duration::from_secs(3));

    let (url, _h, _) = stub(KeyAnswer::Slow(Duration::from_secs(5))).await;
    let ctl = ImportControl::new();
    let c = ctl.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.cancel();
    });
    let e = no_key(fetch_licenses(&url, &Secret::new(KEY), &opts(), &ctl).await.unwrap_err());
    assert_eq!(e.code, ErrorCode::Cancelled);
}

#[tokio::test]
async fn http_errors_map_to_their_codes() {
    for (status, code, text) in [
        (401, ErrorCode::LicensingKeyRejected, "refused the API key (HTTP 401"),
        (404, ErrorCode::LicensingKeyRejected, "refused the API key (HTTP 404"),
        (500, ErrorCode::LicensingUnavailable, "HTTP 500 from http://"),
        (302, ErrorCode::LicensingUnavailable, "redirects"),
    ] {
        let e = fetch_err(KeyAnswer::Status(status), opts()).await;
        assert_eq!(e.code, code, "{status}: {e}");
        assert!(e.message.contains(text), "{status}: {}", e.message);
    }
    // Nothing listens: unreachable, named without the key.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = no_key(
        fetch_licenses(&format!("http://127.0.0.1:{port}"), &Secret::new(KEY), &opts(), &ImportControl::new())
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code, ErrorCode::LicensingUnavailable, "{e}");
    assert!(e.message.starts_with("Cannot connect to http://127.0.0.1"), "{}", e.message);
    // A blank key is refused before any request.
    let e = fetch_licenses("http://127.0.0.1:1", &Secret::new(" "), &opts(), &ImportControl::new()).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref(), e.message.as_str()),
        (ErrorCode::Validation, Some("ApiKey"), "API Key is empty.")
    );
}

/// Tauri commands need `Send` futures: this fails to compile if the fetch future is not.
#[allow(dead_code)]
fn the_fetch_future_is_send(key: &Secret, ctl: &ImportControl) {
    fn send<T: Send>(_: T) {}
    send(fetch_licenses("", key, &FetchOptions::default(), ctl));
}

#[tokio::test]
async fn progress_keeps_coming_while_the_server_is_slow() {
    let (url, _h, _) = stub(KeyAnswer::Slow(Duration::from_millis(900))).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let s = seen.clone();
    let ctl = ImportControl::with_progress(move |p| s.lock().unwrap().push((std::time::Instant::now(), *p)));
    fetch_licenses(&url, &Secret::new(KEY), &opts(), &ctl).await.unwrap();
    let seen = seen.lock().unwrap();
    // 900 ms of silence from the server: the heartbeat still reports (every 200 ms).
    assert!(seen.len() >= 4, "{} events", seen.len());
}

#[tokio::test]
async fn plain_http_is_refused_before_the_key_is_sent_unless_confirmed() {
    let (url, _h, cfg) = stub(KeyAnswer::Good(1)).await;
    let refused = FetchOptions { allow_plain_http: false, ..opts() };
    let e = no_key(fetch_licenses(&url, &Secret::new(KEY), &refused, &ImportControl::new()).await.unwrap_err());
    assert_eq!(e.code, ErrorCode::PlainHttpRefused, "{e:?}");
    assert_eq!(e.field.as_deref(), Some("ApiAddress"));
    assert!(e.message.contains("uses plain http") && e.message.contains("Nothing was sent"), "{}", e.message);
    assert!(cfg.requests.lock().unwrap().is_empty(), "nothing reached the server");
    // The warning the callers show (the Splunk check's wording and code).
    let w = hes_checks::license_import::plain_http_warning(&url).expect("a warning for http");
    assert!(w.contains("plain http") && w.contains("unencrypted"), "{w}");
    assert_eq!(hes_checks::license_import::plain_http_warning("https://hls.hideez.com"), None);
    assert_eq!(hes_checks::license_import::plain_http_warning(""), None, "HES's default is https");
    // Confirmed: sent.
    let doc = fetch_licenses(&url, &Secret::new(KEY), &opts(), &ImportControl::new()).await.unwrap();
    assert_eq!(doc.devices.len(), 1);
    assert_eq!(cfg.requests.lock().unwrap().len(), 1);
}
