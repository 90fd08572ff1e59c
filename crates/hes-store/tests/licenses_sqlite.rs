//! License import into the SQLite workspace: exactly the rows HES's import writes, a second
//! import adds nothing, Cancel rolls back, statuses (left to HES's status update, as HES's import
//! leaves them), the licenses HES's own import would skip, and the summary.

use hes_core::error::ErrorCode;
use hes_core::licenses::progress::ImportProgress;
use hes_core::licenses::{parse_document, ImportControl, ImportPhase, LicenseTable, ParsedDocument, DEFAULT_MAX_BYTES};
use hes_store::Console;
use serde_json::{json, Value};
use sqlx::Row;
use std::sync::{Arc, Mutex};

const ORDER: &str = "5b0b7c36-3c4f-4d2b-9d64-0c1f3b2a7e10";

/// `n` devices each with one license of one order; `Data` of `data_len` bytes.
fn document(n: usize, data_len: usize, end: &str) -> Value {
    let data = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, vec![0xA5u8; data_len]);
    json!({
        "DevicesDto": (0..n).map(|i| json!({"DeviceId": format!("ST{i:08}"), "MAC": format!("00:11:{:02X}:{:02X}:{:02X}:01", i >> 16, (i >> 8) & 255, i & 255),
            "Model": "ST104", "RFID": format!("{i:010}"), "Firmware": "3.4.1"})).collect::<Vec<_>>(),
        "DeviceLicensesDto": (0..n).map(|i| json!({"Id": format!("hls-{i}"), "LicenseOrderId": ORDER, "DeviceId": format!("ST{i:08}"),
            "EndDate": end, "Data": data})).collect::<Vec<_>>(),
        "LicenseOrdersDto": [{"Id": ORDER, "ContactEmail": "admin@example.com", "Note": "first order", "StartDate": "2026-01-01T00:00:00",
            "EndDate": end, "ProlongExistingLicenses": false, "CreatedAt": "2025-12-24T10:11:12.5", "OrderStatus": 4}]
    })
}

fn parse(v: &Value) -> ParsedDocument {
    let t = v.to_string();
    parse_document(t.as_bytes(), Some(t.len() as u64), DEFAULT_MAX_BYTES, &ImportControl::new()).unwrap()
}

async fn workspace() -> (tempfile::TempDir, Console, sqlx::SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let console = Console::open_workspace(path.to_str().unwrap()).await.unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    (dir, console, raw)
}

async fn count(raw: &sqlx::SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(raw).await.unwrap()
}

fn in_days(d: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(d)).format("%Y-%m-%dT00:00:00").to_string()
}

#[tokio::test]
async fn writes_what_hes_writes_and_a_second_import_adds_nothing() {
    let (_dir, console, raw) = workspace().await;
    let end = in_days(200);
    let doc = parse(&document(3, 1024, &end));
    let ctl = ImportControl::new();

    let preview = console.license_check(&doc, &ctl).await.unwrap().preview("test.json", doc.bytes);
    let new: Vec<u32> = preview.tables.iter().map(|t| t.new).collect();
    assert_eq!(new, [1, 3, 3]);
    let valid = &preview.new_vaults_status_after_hes_update[1];
    assert_eq!((format!("{:?}", valid.status), valid.count), ("Valid".to_string(), 3), "what HES will set");
    assert_eq!(count(&raw, "HardwareVaults").await, 0, "the preview writes nothing");

    let done = console.license_apply(&doc, "test.json", &ctl).await.unwrap();
    assert_eq!(done.applied.table(LicenseTable::HardwareVaultLicenses).new, 3);

    let o = sqlx::query("SELECT Id, ContactEmail, Note, StartDate, EndDate, ProlongExistingLicenses, CreatedAt, OrderStatus FROM LicenseOrders")
        .fetch_one(&raw).await.unwrap();
    assert_eq!(o.get::<String, _>(0), ORDER, "orders keep the HLS id");
    assert_eq!(o.get::<Option<String>, _>(2).as_deref(), Some("first order"));
    assert_eq!(o.get::<String, _>(3), "2026-01-01 00:00:00.000000");
    assert_eq!(o.get::<i64, _>(5), 0);
    assert_eq!(o.get::<String, _>(6), "2025-12-24 10:11:12.500000");
    assert_eq!(o.get::<i64, _>(7), 4);

    let v = sqlx::query(
        "SELECT Battery, LastSynced, NeedSync, EmployeeId, MasterPassword, HardwareVaultProfileId, ImportedAt, HasNewLicense, \
         LicenseStatus, LicenseEndDate, Status, StatusReason, StatusDescription, IsStatusApplied, Timestamp, MAC, RFID \
         FROM HardwareVaults WHERE Id = 'ST00000001'",
    )
    .fetch_one(&raw)
    .await
    .unwrap();
    assert_eq!(v.get::<i64, _>(0), 100);
    assert_eq!(v.get::<Option<String>, _>(1), None);
    assert_eq!(v.get::<i64, _>(2), 0);
    assert_eq!((v.get::<Option<String>, _>(3), v.get::<Option<String>, _>(4)), (None, None));
    assert_eq!(v.get::<String, _>(5), "default");
    assert_eq!(v.get::<String, _>(6).len(), "2026-01-01 00:00:00.000000".len());
    assert_eq!(v.get::<i64, _>(7), 1, "HasNewLicense from its imported license");
    assert_eq!(v.get::<i64, _>(8), 0, "LicenseStatus None, as HES's import writes it (its status update sets Valid)");
    assert_eq!(v.get::<String, _>(9), end.replace('T', " ") + ".000000");
    assert_eq!((v.get::<i64, _>(10), v.get::<i64, _>(11), v.get::<i64, _>(13), v.get::<i64, _>(14)), (0, 0, 0, 0));
    assert_eq!(v.get::<String, _>(15), "00:11:00:00:01:01");

    let l = sqlx::query("SELECT Id, LicenseOrderId, ImportedAt, AppliedAt, EndDate, Data FROM HardwareVaultLicenses WHERE HardwareVaultId = 'ST00000002'")
        .fetch_one(&raw).await.unwrap();
    let id = l.get::<String, _>(0);
    assert!(
        uuid::Uuid::parse_str(&id).is_ok() && id.len() == 36 && id == id.to_lowercase(),
        "a new GUID, as EF makes: {id}"
    );
    assert_ne!(id, "hls-2", "the document's license Id is not used");
    assert_eq!(l.get::<Option<String>, _>(3), None);
    assert_eq!(l.get::<Vec<u8>, _>(5), vec![0xA5u8; 1024], "Data is stored base64-decoded");

    // The same document again: everything is present, nothing is added.
    let again = console.license_check(&doc, &ctl).await.unwrap().preview("test.json", doc.bytes);
    let present: Vec<u32> = again.tables.iter().map(|t| t.present).collect();
    assert_eq!((again.new_rows(), present), (0, vec![1, 3, 3]));
    let r = console.license_apply(&doc, "test.json", &ctl).await.unwrap();
    assert_eq!(r.applied.new_rows(), 0);
    for (t, n) in [("LicenseOrders", 1), ("HardwareVaults", 3), ("HardwareVaultLicenses", 3)] {
        assert_eq!(count(&raw, t).await, n, "{t}");
    }
}

#[tokio::test]
async fn cancel_during_the_write_rolls_everything_back() {
    let (_dir, _console, raw) = workspace().await;
    let path = _dir.path().join("ws.sqlite");
    let console = Console::open_workspace(path.to_str().unwrap()).await.unwrap();
    let doc = parse(&document(5000, 64, &in_days(100)));
    let seen: Arc<Mutex<Vec<ImportProgress>>> = Arc::default();
    let s = seen.clone();
    let slot: Arc<Mutex<Option<ImportControl>>> = Arc::default();
    let me = slot.clone();
    let ctl = ImportControl::with_progress(move |p| {
        s.lock().unwrap().push(*p);
        // Cancel as the write starts (the UI's Cancel button): the first batch is already on
        // its way, and the check after it stops the import.
        if p.phase == ImportPhase::Write {
            if let Some(c) = me.lock().unwrap().as_ref() {
                c.cancel();
            }
        }
    });
    *slot.lock().unwrap() = Some(ctl.clone());
    let e = console.license_apply(&doc, "big.json", &ctl).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled, "{e}");
    assert!(seen.lock().unwrap().iter().any(|p| p.phase == ImportPhase::Validate), "{:?}", seen.lock().unwrap());
    for t in ["LicenseOrders", "HardwareVaults", "HardwareVaultLicenses"] {
        assert_eq!(count(&raw, t).await, 0, "{t}: the transaction was rolled back");
    }
    // And a new import succeeds.
    let r = console.license_apply(&doc, "big.json", &ImportControl::new()).await.unwrap();
    assert_eq!(r.applied.table(LicenseTable::HardwareVaults).new, 5000);
    assert_eq!(count(&raw, "HardwareVaultLicenses").await, 5000);
}

#[tokio::test]
async fn existing_vaults_are_left_as_they_are_and_mac_clashes_are_rejected() {
    let (_dir, console, raw) = workspace().await;
    // A vault HES imported earlier, whose stored status is stale (10 days left is Critical).
    let end = in_days(10).replace('T', " ") + ".000000";
    sqlx::query(
        "INSERT INTO HardwareVaults (Id, MAC, Model, RFID, Firmware, Battery, NeedSync, HardwareVaultProfileId, ImportedAt, \
         HasNewLicense, LicenseStatus, LicenseEndDate, Status, StatusReason, IsStatusApplied, Timestamp) \
         VALUES ('OLD-1', 'AA:BB:CC:DD:EE:FF', 'ST104', 'RF-OLD', '3.4', 100, 0, 'default', '2025-01-01 00:00:00.000000', 0, 1, ?, 0, 0, 0, 0)",
    )
    .bind(&end)
    .execute(&raw)
    .await
    .unwrap();
    let doc = parse(&json!({
        "DevicesDto": [
            {"DeviceId": "NEW-1", "MAC": "AA:BB:CC:DD:EE:FF", "Model": "ST104", "RFID": "RF-1", "Firmware": "3.4"},
            {"DeviceId": "NEW-2", "MAC": "AA:BB:CC:DD:EE:00", "Model": "ST104", "RFID": "RF-2", "Firmware": "3.4"}],
        "LicenseOrdersDto": [{"Id": ORDER, "ContactEmail": "a@example.com", "EndDate": in_days(400), "CreatedAt": "2026-01-01T00:00:00"}],
        "DeviceLicensesDto": [
            {"LicenseOrderId": ORDER, "DeviceId": "OLD-1", "EndDate": in_days(400), "Data": "AAEC"},
            {"LicenseOrderId": ORDER, "DeviceId": "NEW-1", "EndDate": in_days(400), "Data": "AAEC"},
            {"LicenseOrderId": ORDER, "DeviceId": "NEW-2", "EndDate": in_days(20), "Data": "AAEC"}]
    }));
    let r = console.license_apply(&doc, "x.json", &ImportControl::new()).await.unwrap().applied;
    let codes: Vec<String> = r.rejections.iter().map(|r| format!("{:?}:{}", r.table, r.code)).collect();
    assert_eq!(codes, ["HardwareVaults:DuplicateMac", "HardwareVaultLicenses:DeviceRejected"]);
    assert!(r.rejections[0].message.contains("OLD-1"), "{}", r.rejections[0].message);
    assert_eq!(r.existing_vaults_licensed, 1);
    let status: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT Id, LicenseStatus, HasNewLicense FROM HardwareVaults ORDER BY Id")
            .fetch_all(&raw)
            .await
            .unwrap();
    // HES's import transaction leaves OLD-1's row alone (its stale Valid stays until HES's status
    // update) and inserts NEW-2 with None: HES's update makes both Critical and e-mails it.
    assert_eq!(status, [("NEW-2".to_string(), 0, 1), ("OLD-1".to_string(), 1, 0)]);

    let s = console.license_summary().await.unwrap();
    let by: Vec<(String, u32)> = s.by_status.iter().map(|c| (format!("{:?}", c.status), c.count)).collect();
    assert_eq!(
        by,
        [("None".into(), 0), ("Valid".into(), 0), ("Warning".into(), 0), ("Critical".into(), 2), ("Expired".into(), 0)]
    );
    assert_eq!((s.vaults, s.licenses, s.ending_by_month.len()), (2, 2, 12));
    // One license ends in 20 days (within the 12 months), the other in 400 (beyond).
    assert_eq!(s.ending_by_month.iter().map(|m| m.count).sum::<u32>(), 1);
}

#[tokio::test]
async fn parse_file_reads_a_file_and_names_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("doc.json");
    std::fs::write(&p, document(2, 10, "2027-01-01T00:00:00").to_string()).unwrap();
    let doc = hes_store::licenses::parse_file(&p, DEFAULT_MAX_BYTES, &ImportControl::new()).await.unwrap();
    assert_eq!((doc.devices.len(), doc.licenses.len(), doc.orders.len()), (2, 2, 1));
    let e = hes_store::licenses::parse_file(&dir.path().join("nope.json"), DEFAULT_MAX_BYTES, &ImportControl::new())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    assert!(e.message.contains("nope.json"));
}

/// A vault per boundary of HES's rule: the import writes None (0) on every one, as HES's import
/// transaction does, and the preview says what HES's status update will set; the summary applies
/// HES's rule, where a license ending today keeps the stored status.
#[tokio::test]
async fn statuses_are_left_to_hes_and_the_summary_keeps_a_status_ending_today() {
    let (_dir, console, raw) = workspace().await;
    let days = [-1i64, 0, 1, 30, 31, 90, 91];
    let doc = parse(&json!({
        "DevicesDto": days.iter().map(|d| json!({"DeviceId": format!("D{d}"), "MAC": format!("MAC{d}"), "Model": "ST104",
            "RFID": format!("RF{d}"), "Firmware": "3.4"})).collect::<Vec<_>>(),
        "LicenseOrdersDto": [{"Id": ORDER, "ContactEmail": "a@example.com", "EndDate": in_days(91), "CreatedAt": "2026-01-01T00:00:00"}],
        "DeviceLicensesDto": days.iter().map(|d| json!({"LicenseOrderId": ORDER, "DeviceId": format!("D{d}"),
            "EndDate": in_days(*d), "Data": "AAEC"})).collect::<Vec<_>>(),
    }));
    let r = console.license_apply(&doc, "x.json", &ImportControl::new()).await.unwrap().applied;
    let expected: Vec<(String, u32)> =
        r.new_vaults_status_after_hes_update.iter().map(|c| (format!("{:?}", c.status), c.count)).collect();
    // -1 Expired; 0 keeps None; 1 and 30 Critical; 31 and 90 Warning; 91 Valid.
    assert_eq!(
        expected,
        [("None".into(), 1), ("Valid".into(), 1), ("Warning".into(), 2), ("Critical".into(), 2), ("Expired".into(), 1)]
    );
    let statuses: Vec<i64> =
        sqlx::query_scalar("SELECT LicenseStatus FROM HardwareVaults").fetch_all(&raw).await.unwrap();
    assert_eq!(statuses, vec![0; days.len()], "HES's import writes LicenseStatus = 0; its status update sets it");
    let has_new: Vec<i64> =
        sqlx::query_scalar("SELECT HasNewLicense FROM HardwareVaults").fetch_all(&raw).await.unwrap();
    assert_eq!(has_new, vec![1; days.len()]);

    // The summary: HES's rule on the end dates; D0 ends today and keeps its stored None.
    let by = |s: &hes_core::licenses::LicenseSummary| -> Vec<u32> { s.by_status.iter().map(|c| c.count).collect() };
    assert_eq!(by(&console.license_summary().await.unwrap()), [1, 1, 2, 2, 1]);
    // Once HES's update has run (say D0 was Critical yesterday), ending today stays Critical, not Expired.
    sqlx::query("UPDATE HardwareVaults SET LicenseStatus = 3 WHERE Id = 'D0'").execute(&raw).await.unwrap();
    assert_eq!(by(&console.license_summary().await.unwrap()), [0, 1, 2, 3, 1]);
    // A vault without LicenseEndDate: HES's update skips it, its stored status counts.
    sqlx::query("UPDATE HardwareVaults SET LicenseEndDate = NULL, LicenseStatus = 2 WHERE Id = 'D91'")
        .execute(&raw)
        .await
        .unwrap();
    assert_eq!(by(&console.license_summary().await.unwrap()), [0, 0, 3, 3, 1]);
}

/// HES's own import skips a license whose order already licenses some vault and whose vault
/// already holds some license (ids compared across rows). The console imports it and the preview
/// counts it apart, before and after the apply, with a one-line reason.
#[tokio::test]
async fn licenses_hes_would_skip_are_counted_apart() {
    let (_dir, console, raw) = workspace().await;
    const B: &str = "7c2d5f10-0000-4000-8000-00000000000b";
    let order = |id: &str| json!({"Id": id, "ContactEmail": "a@example.com", "EndDate": in_days(400), "CreatedAt": "2026-01-01T00:00:00"});
    let dev = |id: &str| json!({"DeviceId": id, "MAC": format!("M-{id}"), "Model": "ST104", "RFID": format!("R-{id}"), "Firmware": "3.4"});
    let lic = |o: &str, v: &str| json!({"LicenseOrderId": o, "DeviceId": v, "EndDate": in_days(400), "Data": "AAEC"});
    // First import: order A licenses V1, order B licenses V2.
    let first =
        parse(&json!({"DevicesDto": [dev("V1"), dev("V2"), dev("V3")], "LicenseOrdersDto": [order(ORDER), order(B)],
        "DeviceLicensesDto": [lic(ORDER, "V1"), lic(B, "V2")]}));
    let r = console.license_apply(&first, "1.json", &ImportControl::new()).await.unwrap().applied;
    assert_eq!(r.hes_would_skip.count, 0);
    // Second: (B, V1) and (A, V2) are new pairs HES would skip; (B, V3) HES imports too.
    let second = parse(&json!({"DevicesDto": [], "LicenseOrdersDto": [],
        "DeviceLicensesDto": [lic(B, "V1"), lic(ORDER, "V2"), lic(B, "V3"), lic(ORDER, "V1")]}));
    let preview = console.license_check(&second, &ImportControl::new()).await.unwrap().preview("2.json", second.bytes);
    assert_eq!(preview.hes_would_skip.count, 2, "{preview:?}");
    assert!(!preview.hes_would_skip.reason.is_empty() && !preview.hes_would_skip.reason.contains('\n'));
    assert_eq!(preview.table(LicenseTable::HardwareVaultLicenses).present, 1, "the exact pair (A, V1)");
    let r = console.license_apply(&second, "2.json", &ImportControl::new()).await.unwrap().applied;
    assert_eq!((r.table(LicenseTable::HardwareVaultLicenses).new, r.hes_would_skip.count), (3, 2));
    assert_eq!(count(&raw, "HardwareVaultLicenses").await, 5);
    // The existing vaults' rows are not changed by either import.
    let v1: (i64, i64) = sqlx::query_as("SELECT HasNewLicense, LicenseStatus FROM HardwareVaults WHERE Id = 'V3'")
        .fetch_one(&raw)
        .await
        .unwrap();
    assert_eq!(v1, (0, 0), "V3 had no license when inserted; HES's import does not update it");
}

/// Tauri commands need `Send` futures: this fails to compile if an import future is not.
#[allow(dead_code)]
fn import_futures_are_send(c: &Console, d: &ParsedDocument, ctl: &ImportControl, p: &std::path::Path) {
    fn send<T: Send>(_: T) {}
    send(c.license_check(d, ctl));
    send(c.license_apply(d, "x", ctl));
    send(c.license_summary());
    send(c.licensing_server());
    send(hes_store::licenses::parse_file(p, 1, ctl));
}

/// A file indexed for its preview and applied by streaming its licenses from a second read:
/// the same rows and `Data` bytes as the whole document's apply, spread over several chunks of
/// the stream, and the index holds no `Data`.
#[tokio::test]
async fn an_indexed_file_streams_its_licenses_into_the_same_rows() {
    let (dir, console, raw) = workspace().await;
    let end = in_days(200);
    let n = hes_store::licenses::INSERT_ROWS * 2 + 17;
    let path = dir.path().join("licenses.json");
    std::fs::write(&path, document(n, 700, &end).to_string()).unwrap();
    let ctl = ImportControl::new();
    let file = hes_store::licenses::index_file(&path, DEFAULT_MAX_BYTES, &ctl).await.unwrap();
    assert!(file.doc.index_only);
    assert!(file.doc.licenses.iter().all(|l| l.data.is_none() && l.data_mark.map(|m| m.len) == Some(700)));
    let preview = console.license_check(&file.doc, &ctl).await.unwrap().preview("f.json", file.doc.bytes);
    assert_eq!(preview.tables.iter().map(|t| t.new).collect::<Vec<_>>(), [1, n as u32, n as u32]);

    let done = console.license_apply_file(&file, "f.json", &ctl).await.unwrap();
    assert_eq!(done.applied.table(LicenseTable::HardwareVaultLicenses).new, n as u32);
    assert_eq!(count(&raw, "HardwareVaultLicenses").await, n as i64);
    let blobs: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT Data FROM HardwareVaultLicenses").fetch_all(&raw).await.unwrap();
    assert!(blobs.iter().all(|b| b == &vec![0xA5u8; 700]), "Data decoded from the second read");
    let e = console.license_apply(&file.doc, "f.json", &ctl).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal, "an index has no Data to write: {e:?}");
}

/// The file changed between its preview and its apply: nothing is written.
#[tokio::test]
async fn a_file_changed_after_its_preview_writes_nothing() {
    let (dir, console, raw) = workspace().await;
    let end = in_days(200);
    let path = dir.path().join("licenses.json");
    let text = document(5, 64, &end).to_string();
    std::fs::write(&path, &text).unwrap();
    let file = hes_store::licenses::index_file(&path, DEFAULT_MAX_BYTES, &ImportControl::new()).await.unwrap();
    // Same length, one Data byte different (its base64 still valid), same modification time.
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let at = text.find("pa").expect("Data of 0xA5 bytes is base64 'paWl…'");
    let mut changed = text.clone().into_bytes();
    changed[at] = b'q';
    std::fs::write(&path, &changed).unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    let e = console.license_apply_file(&file, "f.json", &ImportControl::new()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConcurrentChange, "{e:?}");
    for t in ["LicenseOrders", "HardwareVaults", "HardwareVaultLicenses"] {
        assert_eq!(count(&raw, t).await, 0, "{t}: the transaction rolled back");
    }

    // Cancelled while streaming: nothing either.
    std::fs::write(&path, &text).unwrap();
    let file = hes_store::licenses::index_file(&path, DEFAULT_MAX_BYTES, &ImportControl::new()).await.unwrap();
    let ctl = ImportControl::new();
    ctl.cancel();
    let e = console.license_apply_file(&file, "f.json", &ctl).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled, "{e:?}");
    assert_eq!(count(&raw, "HardwareVaultLicenses").await, 0);
}
