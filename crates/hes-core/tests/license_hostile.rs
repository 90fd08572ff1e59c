//! Hostile license documents (issue 11, "Bad files and hostile servers"): millions of bad records
//! are counted, not kept; one record is read only up to its byte and depth bounds; the CSV report
//! neutralises cells a spreadsheet would run as formulas and says how many rejections it leaves out.

use hes_core::licenses::preview::{csv_field, write_report_csv};
use hes_core::licenses::{
    parse_document, plan, Existing, ImportControl, LicenseTable, ParsedDocument, RejectCode, DEFAULT_MAX_BYTES,
    KEPT_REJECTIONS, MAX_RECORD_BYTES, MAX_RECORD_DEPTH,
};

fn parse(text: &str) -> ParsedDocument {
    parse_document(text.as_bytes(), Some(text.len() as u64), DEFAULT_MAX_BYTES, &ImportControl::new())
        .expect("the document is read")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

const DEVICE: &str = r#"{"DeviceId":"D1","MAC":"M1","Model":"ST104","RFID":"R1","Firmware":"3.4.1"}"#;

#[test]
fn bad_records_are_counted_and_only_the_first_are_kept() {
    let n = 50_000;
    let text = format!("{{\"DevicesDto\":[{}]}}", vec!["0"; n].join(","));
    let doc = parse(&text);
    assert_eq!(doc.device_records, n as u32);
    assert_eq!(doc.rejections.total(), n as u32);
    assert_eq!(doc.rejections.kept().len(), KEPT_REJECTIONS, "only the first are kept");
    let p = plan(&doc, &Existing::default(), today(), &ImportControl::new());
    let preview = p.preview("f.json", doc.bytes);
    assert_eq!(preview.rejected_total, n as u32);
    assert_eq!(preview.rejections_kept, KEPT_REJECTIONS as u32);
    assert_eq!(preview.rejections.len(), 100);
    assert_eq!(preview.table(LicenseTable::HardwareVaults).rejected, n as u32);
    assert_eq!(preview.rejection_codes.len(), 1);
    assert_eq!(
        (preview.rejection_codes[0].code, preview.rejection_codes[0].count),
        (RejectCode::NotAnObject, n as u32)
    );

    let mut csv = Vec::new();
    write_report_csv(p.rejections.kept(), p.rejections.not_kept(), &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + KEPT_REJECTIONS + 1, "header, the kept rejections, one 'more' row");
    let last = csv.lines().last().unwrap();
    assert!(last.starts_with(",,,NotListed,,"), "{last}");
    assert!(last.contains(&format!("{} more rejected records", n - KEPT_REJECTIONS)), "{last}");
}

#[test]
fn the_first_rejections_are_kept_in_table_order_across_parse_and_plan() {
    // 1 200 bad devices first in the document, then a bad order: the order (first table) is kept.
    let devices: Vec<String> = (0..1200).map(|i| format!(r#"{{"DeviceId":"D{i}"}}"#)).collect();
    let text = format!(
        r#"{{"DevicesDto":[{}],"LicenseOrdersDto":[{{"Id":"O1"}}],"DeviceLicensesDto":[{{"LicenseOrderId":"O1","DeviceId":"D1199"}}]}}"#,
        devices.join(",")
    );
    let doc = parse(&text);
    let p = plan(&doc, &Existing::default(), today(), &ImportControl::new());
    assert_eq!(p.rejections.total(), 1202);
    assert_eq!(p.rejections.kept().len(), KEPT_REJECTIONS);
    assert_eq!((p.rejections[0].table, p.rejections[0].code), (LicenseTable::LicenseOrders, RejectCode::Required));
    assert_eq!(p.rejections[1].table, LicenseTable::HardwareVaults);
    // A rejected device's id is remembered past the kept ones: its license is DeviceRejected... or
    // OrderRejected first, as the order is checked first.
    let counts: Vec<(RejectCode, u32)> = p.rejections.by_code().collect();
    assert!(counts.contains(&(RejectCode::OrderRejected, 1)), "{counts:?}");
}

#[test]
fn a_device_rejected_past_the_kept_ones_still_rejects_its_license() {
    let devices: Vec<String> = (0..1500).map(|i| format!(r#"{{"DeviceId":"D{i}"}}"#)).collect();
    let text = format!(
        r#"{{"DevicesDto":[{}],"LicenseOrdersDto":[{{"Id":"O1","ContactEmail":"a@b.c","EndDate":"2030-01-01T00:00:00","CreatedAt":"2026-01-01T00:00:00"}}],"DeviceLicensesDto":[{{"LicenseOrderId":"O1","DeviceId":"d1499"}}]}}"#,
        devices.join(",")
    );
    let doc = parse(&text);
    assert_eq!(doc.rejections.total(), 1500);
    let p = plan(&doc, &Existing::default(), today(), &ImportControl::new());
    let counts: Vec<(RejectCode, u32)> = p.rejections.by_code().collect();
    assert!(counts.contains(&(RejectCode::DeviceRejected, 1)), "not UnknownDevice: {counts:?}");
}

#[test]
fn a_record_larger_than_the_bound_is_rejected_and_the_next_one_read() {
    let big = "A".repeat(MAX_RECORD_BYTES + 10);
    let text =
        format!(r#"{{"DevicesDto":[{{"DeviceId":"X","MAC":"{big}","Model":"","RFID":"r","Firmware":""}},{DEVICE}]}}"#);
    let doc = parse(&text);
    assert_eq!(doc.devices.len(), 1, "the next record is read");
    assert_eq!(doc.devices[0].id, "D1");
    let r = &doc.rejections[0];
    assert_eq!((r.code, r.index, r.table), (RejectCode::RecordTooLarge, 0, LicenseTable::HardwareVaults));
    assert!(r.message.contains("1024 KB"), "{}", r.message);
    assert!(r.record.len() < 100, "nothing of it is shown: {}", r.record);

    // Many small values add up too: a record with a 300 000-element array.
    let wide = format!(r#"{{"DevicesDto":[{{"DeviceId":"W","Extra":[{}]}},{DEVICE}]}}"#, vec!["0"; 300_000].join(","));
    let doc = parse(&wide);
    assert_eq!(doc.rejections[0].code, RejectCode::RecordTooLarge);
    assert_eq!(doc.devices.len(), 1);
}

#[test]
fn a_record_nested_too_deep_is_rejected_without_recursion() {
    let nest = |depth: usize| format!("{}0{}", "[".repeat(depth), "]".repeat(depth));
    // Within the bound: an ordinary rejection (WrongType), not RecordTooDeep.
    let ok = format!(r#"{{"DevicesDto":[{{"DeviceId":"A","MAC":{}}},{DEVICE}]}}"#, nest(MAX_RECORD_DEPTH - 2));
    let doc = parse(&ok);
    assert_eq!(doc.rejections[0].code, RejectCode::WrongType);
    // Past it, and far past serde_json's own recursion limit (128): the record is rejected, the
    // document read on.
    for depth in [MAX_RECORD_DEPTH + 1, 200, 1_000_000] {
        let text = format!(r#"{{"DevicesDto":[{{"DeviceId":"A","MAC":{}}},{DEVICE}]}}"#, nest(depth));
        let doc = parse(&text);
        assert_eq!(doc.rejections.len(), 1, "depth {depth}");
        assert_eq!(doc.rejections[0].code, RejectCode::RecordTooDeep, "depth {depth}");
        assert_eq!(doc.devices.len(), 1, "depth {depth}: the next record is read");
    }
    // An element that is itself a deep array.
    let text = format!(r#"{{"DeviceLicensesDto":[{}]}}"#, nest(100_000));
    let doc = parse(&text);
    assert_eq!(doc.rejections[0].code, RejectCode::RecordTooDeep);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    for (cell, want) in [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "\"'\rcmd\""),
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("", ""),
    ] {
        assert_eq!(csv_field(cell), want, "{cell:?}");
    }
    // Through the report: a record whose id is a formula.
    let text = r#"{"DevicesDto":[{"DeviceId":"=cmd|' /C calc'!A0","MAC":"","RFID":"r","Model":"","Firmware":""}]}"#;
    let doc = parse(text);
    let mut csv = Vec::new();
    write_report_csv(doc.rejections.kept(), doc.rejections.not_kept(), &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("HardwareVaults,0,'=cmd|' /C calc'!A0,Required,MAC,"), "{row}");
    assert_eq!(csv.lines().count(), 2, "no 'more' row when every rejection is listed");
}
