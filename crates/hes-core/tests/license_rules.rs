//! License document rules one by one: field checks, limits, cancellation, progress, and the
//! vault columns HES's import sets (newest license, status).

use hes_core::error::ErrorCode;
use hes_core::licenses::progress::ImportProgress;
use hes_core::licenses::status::VaultLicenseStatus;
use hes_core::licenses::{parse_document, plan, Existing, ImportControl, ImportPhase, RejectCode, DEFAULT_MAX_BYTES};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const ORDER: &str = "5b0b7c36-3c4f-4d2b-9d64-0c1f3b2a7e10";

fn order() -> Value {
    json!({"Id": ORDER, "ContactEmail": "a@example.com", "EndDate": "2027-01-01T00:00:00",
        "CreatedAt": "2026-01-01T00:00:00", "OrderStatus": 4})
}

fn device(id: &str, mac: &str) -> Value {
    json!({"DeviceId": id, "MAC": mac, "Model": "ST104", "RFID": format!("R-{mac}"), "Firmware": "3.4.1"})
}

fn parse(v: &Value) -> hes_core::licenses::ParsedDocument {
    let text = v.to_string();
    parse_document(text.as_bytes(), Some(text.len() as u64), DEFAULT_MAX_BYTES, &ImportControl::new()).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

#[test]
fn ids_of_255_characters_pass_and_256_are_rejected() {
    let ok = "a".repeat(255);
    let long = "é".repeat(256); // characters, not bytes: 256 two-byte characters
    let doc = parse(&json!({"DevicesDto": [device(&ok, "m1"), device(&long, "m2")], "LicenseOrdersDto": [order()]}));
    assert_eq!(doc.devices.len(), 1);
    assert_eq!(doc.devices[0].id, ok);
    let r = &doc.rejections[0];
    assert_eq!((r.code, r.field.as_deref(), r.index), (RejectCode::TooLong, Some("DeviceId"), 1));
    assert!(r.message.contains("256 characters"), "{}", r.message);
    assert!(r.key.as_ref().unwrap().chars().count() <= 80, "the key is shortened in the report");
}

#[test]
fn data_is_decoded_like_dotnet_and_shortened_in_reports() {
    let big = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, vec![7u8; 1024]);
    let wrapped = format!("{}\n{}", &big[..64], &big[64..]);
    let doc = parse(&json!({
        "DevicesDto": [device("D1", "m1")],
        "LicenseOrdersDto": [order()],
        "DeviceLicensesDto": [
            {"LicenseOrderId": ORDER, "DeviceId": "D1", "Data": wrapped},
            {"LicenseOrderId": ORDER, "DeviceId": "D1", "Data": ""},
            {"LicenseOrderId": ORDER, "DeviceId": "D1", "Data": "AAEC"},
            {"Id": "L4", "LicenseOrderId": ORDER, "DeviceId": "D1", "Data": format!("{big}!")},
        ]
    }));
    assert_eq!(doc.licenses[0].data.as_deref(), Some(&[7u8; 1024][..]), "line breaks are ignored, as .NET does");
    assert_eq!(doc.licenses[1].data.as_deref(), Some(&[][..]), "empty Data is an empty blob, not NULL");
    assert_eq!(doc.licenses[2].data.as_deref(), Some(&[0u8, 1, 2][..]));
    let r = &doc.rejections[0];
    assert_eq!((r.code, r.key.as_deref()), (RejectCode::BadData, Some("L4")));
    assert!(r.record.len() < 400, "the 1 KB Data is shortened: {}", r.record);
    assert!(r.record.contains('…'));
}

#[test]
fn new_vaults_take_their_newest_license_and_its_status() {
    let doc = parse(&json!({
        "DevicesDto": [device("D1", "m1"), device("D2", "m2"), device("D3", "m3")],
        "LicenseOrdersDto": [order(), {"Id": "o2", "ContactEmail": "a@example.com", "EndDate": "2028-01-01",
            "CreatedAt": "2026-01-01", "ProlongExistingLicenses": true}],
        "DeviceLicensesDto": [
            {"LicenseOrderId": ORDER, "DeviceId": "D1", "EndDate": "2026-03-01T00:00:00"},
            {"LicenseOrderId": "o2", "DeviceId": "D1", "EndDate": "2026-01-20T00:00:00"},
            {"LicenseOrderId": ORDER, "DeviceId": "D2", "EndDate": null},
        ]
    }));
    let p = plan(&doc, &Existing::default(), today(), &ImportControl::new());
    let v: Vec<_> = p
        .vaults
        .iter()
        .map(|v| {
            (
                doc.devices[v.device].id.as_str(),
                v.has_new_license,
                v.license_end_date.map(|d| d.to_string()),
                v.license_status,
            )
        })
        .collect();
    assert_eq!(
        v,
        [
            ("D1", true, Some("2026-03-01 00:00:00".to_string()), VaultLicenseStatus::Warning),
            ("D2", true, None, VaultLicenseStatus::None),
            ("D3", false, None, VaultLicenseStatus::None),
        ]
    );
    assert!(doc.orders[1].prolong_existing_licenses);
    assert_eq!(doc.orders[1].order_status, 0, "a missing OrderStatus is New, as Newtonsoft leaves it");
}

#[test]
fn the_size_limit_holds_while_streaming_and_up_front() {
    let text = json!({"DevicesDto": [device("D1", "m1")]}).to_string();
    let e = parse_document(text.as_bytes(), None, 20, &ImportControl::new()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DocumentTooLarge);
    let e = parse_document(std::io::empty(), Some(5 << 30), DEFAULT_MAX_BYTES, &ImportControl::new()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DocumentTooLarge, "a known size over the limit fails before reading");
    assert!(e.message.contains("5120 MB"), "{}", e.message);
}

#[test]
fn cancel_stops_parsing() {
    let ctl = ImportControl::new();
    ctl.cancel();
    let e = parse_document(&b"{\"DevicesDto\":[]}"[..], None, DEFAULT_MAX_BYTES, &ctl).unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled);
}

#[test]
fn parsing_reports_bytes_read() {
    let devices: Vec<Value> = (0..3000).map(|i| device(&format!("D{i}"), &format!("m{i}"))).collect();
    let text = json!({"DevicesDto": devices}).to_string();
    let seen: Arc<Mutex<Vec<ImportProgress>>> = Arc::default();
    let s = seen.clone();
    let ctl = ImportControl::with_progress(move |p| s.lock().unwrap().push(*p));
    let doc = parse_document(text.as_bytes(), Some(text.len() as u64), DEFAULT_MAX_BYTES, &ctl).unwrap();
    assert_eq!(doc.devices.len(), 3000);
    let seen = seen.lock().unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.phase, last.done, last.total), (ImportPhase::Parse, text.len() as u64, text.len() as u64));
    assert_eq!(seen[0].done, 0);
}

#[test]
fn messages_name_the_problem_without_serde_quoting_the_data() {
    let e = parse_document(
        &b"{\"DevicesDto\": \"SECRET-LOOKING-TEXT\"}"[..],
        None,
        DEFAULT_MAX_BYTES,
        &ImportControl::new(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::DocumentNotLicenses);
    assert!(e.message.contains("DevicesDto is a string"), "{}", e.message);
    assert!(!e.message.contains("SECRET-LOOKING-TEXT"));
}

#[test]
fn ui_types_export_to_typescript_in_pascal_case() {
    use hes_core::licenses::{ApplyResult, ImportPreview, LicenseSummary};
    use ts_rs::TS;
    let dir = tempfile::tempdir().unwrap();
    ApplyResult::export_all_to(dir.path()).unwrap();
    ImportPreview::export_all_to(dir.path()).unwrap();
    LicenseSummary::export_all_to(dir.path()).unwrap();
    ImportProgress::export_all_to(dir.path()).unwrap();
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    let p = read("ImportPreview.ts");
    assert!(
        p.contains("Tables: Array<TablePreview>") && p.contains("RejectedTotal: number") && p.contains("Bytes: number"),
        "{p}"
    );
    assert!(read("Rejection.ts").contains("Key?: string"));
    assert!(read("ImportProgress.ts").contains("Phase: ImportPhase, Done: number, Total: number"));
    assert!(read("LicenseSummary.ts").contains("EndingByMonth: Array<MonthCount>"));
    assert!(read("VaultLicenseStatus.ts").contains("\"Critical\""));
}
