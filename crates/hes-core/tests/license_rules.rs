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

/// HES's `UpdateHardwareVaultsLicenseStatusAsync` on whole days left: > 90 Valid, > 30 Warning,
/// > 0 Critical, < 0 Expired, and exactly 0 (ending today) leaves the status as it was.
#[test]
fn status_boundaries_are_hes_ones_and_ending_today_keeps_the_previous_status() {
    use hes_core::licenses::status::{days_left, status_after_update};
    use VaultLicenseStatus::*;
    let day = today();
    for (days, want) in [
        (-1, Some(Expired)),
        (0, Option::None),
        (1, Some(Critical)),
        (30, Some(Critical)),
        (31, Some(Warning)),
        (90, Some(Warning)),
        (91, Some(Valid)),
    ] {
        assert_eq!(VaultLicenseStatus::from_days_left(days), want, "{days} days");
        // The end date's time of day does not count (HES compares `.Date`s).
        for time in [(0, 0, 0), (23, 59, 59)] {
            let end = (day + chrono::Duration::days(days)).and_hms_opt(time.0, time.1, time.2).unwrap();
            assert_eq!(days_left(&end, day), days);
            for previous in VaultLicenseStatus::ALL {
                let got = status_after_update(previous, Some(&end), day);
                assert_eq!(got, want.unwrap_or(previous), "{days} days, previously {previous:?}");
            }
        }
    }
    // A license ending today is not Expired: a vault that was Critical stays Critical, one that
    // was never updated (None, as the import writes it) stays None until tomorrow.
    let ending_today = day.and_hms_opt(12, 0, 0).unwrap();
    assert_eq!(status_after_update(Critical, Some(&ending_today), day), Critical);
    assert_eq!(status_after_update(None, Some(&ending_today), day), None);
    // No LicenseEndDate: HES's update does not look at the vault.
    assert_eq!(status_after_update(Warning, Option::None, day), Warning);
}

/// HES's own import skips a license when its order appears on any existing license row and its
/// vault on any existing license row (not necessarily the same row). The console imports such a
/// license (the pair is new) and counts it apart, with the reason.
#[test]
fn licenses_hes_would_skip_are_imported_and_counted_apart() {
    use hes_core::licenses::model::key_of;
    const B: &str = "b-order";
    let doc = parse(&json!({
        "DevicesDto": [device("NEW", "m9")],
        "LicenseOrdersDto": [order()],
        "DeviceLicensesDto": [
            // V1 holds a license of order A, order B licenses V2: HES skips (B, V1).
            {"LicenseOrderId": B, "DeviceId": "V1", "EndDate": "2027-01-01T00:00:00"},
            // V3 holds no license at all: HES imports (B, V3) too.
            {"LicenseOrderId": B, "DeviceId": "V3", "EndDate": "2027-01-01T00:00:00"},
            // Order A (the document's) licenses V1 but V2 holds only B's: HES skips (A, V2).
            {"LicenseOrderId": ORDER, "DeviceId": "V2", "EndDate": "2027-01-01T00:00:00"},
            // The exact pair exists: both skip it.
            {"LicenseOrderId": ORDER, "DeviceId": "V1", "EndDate": "2027-01-01T00:00:00"},
            // A new vault cannot hold a license yet: both import it.
            {"LicenseOrderId": B, "DeviceId": "NEW", "EndDate": "2027-01-01T00:00:00"},
        ]
    }));
    let e = Existing {
        vaults: ["V1", "V2", "V3"].iter().map(|s| key_of(s)).collect(),
        orders: [ORDER, B].iter().map(|s| key_of(s)).collect(),
        licenses: [(ORDER, "V1"), (B, "V2")].iter().map(|(o, v)| (key_of(o), key_of(v))).collect(),
        licensed_orders: [ORDER, B].iter().map(|s| s.to_string()).collect(),
        licensed_vaults: ["V1", "V2"].iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let p = plan(&doc, &e, today(), &ImportControl::new());
    let imported: Vec<&str> = p.licenses.iter().map(|i| doc.licenses[*i].device_id.as_str()).collect();
    assert_eq!(imported, ["V1", "V3", "V2", "NEW"], "the console skips exact pairs only");
    assert_eq!(p.hes_would_skip, 2);
    let preview = p.preview("x.json", doc.bytes);
    assert_eq!(preview.table(hes_core::licenses::LicenseTable::HardwareVaultLicenses).present, 1);
    assert_eq!(preview.hes_would_skip.count, 2);
    assert!(
        preview.hes_would_skip.reason.contains("any vault") && !preview.hes_would_skip.reason.contains('\n'),
        "one line: {}",
        preview.hes_would_skip.reason
    );
    let v = serde_json::to_value(&preview).unwrap();
    assert_eq!(v["HesWouldSkip"]["Count"], 2, "{v}");

    // Nothing in the database: HES skips nothing.
    let p = plan(
        &doc,
        &Existing { vaults: e.vaults.clone(), orders: e.orders.clone(), ..Default::default() },
        today(),
        &ImportControl::new(),
    );
    assert_eq!(p.hes_would_skip, 0);
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
                v.expected_status,
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
    let counts: Vec<(String, u32)> = p
        .preview("x.json", doc.bytes)
        .new_vaults_status_after_hes_update
        .iter()
        .map(|c| (format!("{:?}", c.status), c.count))
        .collect();
    assert_eq!(
        counts,
        [("None".into(), 2), ("Valid".into(), 0), ("Warning".into(), 1), ("Critical".into(), 0), ("Expired".into(), 0)]
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

/// The parser scans the document's frame itself and hands serde_json one record at a time: every
/// one-byte edit of a small document must be refused exactly when serde_json finds the edited
/// text not to be JSON (a valid one may still be refused as no license document, never as bad
/// JSON).
#[test]
fn the_scanner_agrees_with_serde_json_on_what_is_json() {
    let text = concat!(
        "\u{feff}{\"DevicesDto\":[{\"DeviceId\":\"D\\u0031\",\"MAC\":\"m\",\"Model\":\"x\",\"RFID\":\"r\",",
        "\"Firmware\":\"1\",\"n\":[-1.5e3,true,false,null,{}]}],\"Other\":{\"a\":[1,\"é\"]},",
        "\"DeviceLicensesDto\":null,\"LicenseOrdersDto\":[0, \"s\" ,[]]}\n"
    );
    let base = text.as_bytes().to_vec();
    let json_ok = |b: &[u8]| {
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        serde_json::from_slice::<Value>(b).is_ok()
    };
    let bad_json = |e: &hes_core::AppError| {
        matches!(e.code, ErrorCode::DocumentTruncated | ErrorCode::DocumentEmpty)
            || e.message.contains("not valid JSON")
            || e.message.contains("not a JSON object")
    };
    assert!(json_ok(&base));
    let mut checked = 0;
    for i in 0..base.len() {
        for edit in
            [None, Some(b'"'), Some(b','), Some(b'}'), Some(b']'), Some(b'1'), Some(b' '), Some(0xC3), Some(b'\\')]
        {
            let mut b = base.clone();
            match edit {
                None => {
                    b.remove(i);
                }
                Some(c) => b[i] = c,
            }
            let r = parse_document(&b[..], None, DEFAULT_MAX_BYTES, &ImportControl::new());
            let shown = String::from_utf8_lossy(&b).into_owned();
            match (json_ok(&b), r) {
                (true, Err(e)) => {
                    assert!(!bad_json(&e) || e.message.contains("not a JSON object"), "{shown}: {}", e.message)
                }
                // A frame refused as no license document first (`{}` then garbage) is as good.
                (false, Err(e)) => assert!(bad_json(&e) || e.code == ErrorCode::DocumentNotLicenses, "{shown}"),
                (false, Ok(_)) => panic!("bad JSON accepted: {shown}"),
                (true, Ok(_)) => {}
            }
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

/// The planner's borrowed keys compare as MySQL's `_ci` collations do, like `key_of`: a key
/// already in that form is not copied, any other is lower-cased and trimmed of trailing spaces.
#[test]
fn borrowed_keys_compare_like_owned_keys() {
    use hes_core::licenses::model::{key_of, key_ref};
    use std::borrow::Cow;
    let guid = "7e57a000-0000-4000-8000-000000000001";
    assert!(matches!(key_ref(guid), Cow::Borrowed(k) if k == guid));
    assert!(matches!(key_ref("st01  "), Cow::Borrowed("st01")));
    for s in ["ST0000000001", "02:AB:CD:EF:00:01 ", "Ärger", "İx", "a b ", "", "   "] {
        assert_eq!(key_ref(s), key_of(s), "{s:?}");
        assert_eq!(key_of(s), s.trim_end_matches(' ').to_lowercase(), "{s:?}");
    }
    assert_eq!(key_ref("ST01"), key_ref("st01 "));
}
