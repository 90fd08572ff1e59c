//! The corpus of license documents under tests/fixtures/licenses/: each file with the error code
//! or the rejection codes (table#index:code:field) and counts that cases.json expects.

use hes_core::licenses::model::key_of;
use hes_core::licenses::{parse_document, plan, Existing, ImportControl, LicenseTable, DEFAULT_MAX_BYTES};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/licenses")
}

fn existing(v: Option<&Value>) -> Existing {
    let mut e = Existing::default();
    let Some(v) = v else { return e };
    let strs = |k: &str| -> Vec<String> {
        v[k].as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect()).unwrap_or_default()
    };
    e.vaults = strs("vaults").iter().map(|s| key_of(s)).collect();
    e.orders = strs("orders").iter().map(|s| key_of(s)).collect();
    for pair in v["licenses"].as_array().into_iter().flatten() {
        e.licenses.insert((key_of(pair[0].as_str().unwrap()), key_of(pair[1].as_str().unwrap())));
        // As the store looks them up (as stored): orders licensing, and vaults holding, any license.
        e.licensed_orders.insert(pair[0].as_str().unwrap().to_string());
        e.licensed_vaults.insert(pair[1].as_str().unwrap().to_string());
    }
    for (field, map) in [("macs", &mut e.macs), ("rfids", &mut e.rfids)] {
        for (k, owner) in v[field].as_object().into_iter().flatten() {
            map.insert(key_of(k), owner.as_str().unwrap().to_string());
        }
    }
    e
}

#[test]
fn every_corpus_file_gives_its_expected_codes() {
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut checked = 0;
    for (name, want) in cases.as_object().unwrap() {
        let (file, limit) = match name.split_once("@limit=") {
            Some((f, l)) => (f, l.parse().unwrap()),
            None => (name.as_str(), DEFAULT_MAX_BYTES),
        };
        let path = dir().join(file);
        let f = std::fs::File::open(&path).unwrap();
        // No size hint: the limit must hold while streaming (an HTTP body has no size up front).
        let parsed = parse_document(f, None, limit, &ImportControl::new());
        if let Some(code) = want.get("error") {
            let e = parsed.expect_err(name);
            assert_eq!(e.code.as_str(), code.as_str().unwrap(), "{name}: {}", e.message);
            checked += 1;
            continue;
        }
        let doc = parsed.unwrap_or_else(|e| panic!("{name}: {e}"));
        let p = plan(&doc, &existing(want.get("existing")), today, &ImportControl::new());
        let got: Vec<String> = p
            .rejections
            .iter()
            .map(|r| format!("{}#{}:{}:{}", r.table.as_str(), r.index, r.code, r.field.as_deref().unwrap_or("")))
            .collect();
        let expected: Vec<String> =
            want["rejections"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort_by_key(|s| {
            let t = LicenseTable::ALL.iter().position(|t| s.starts_with(&format!("{}#", t.as_str()))).unwrap();
            let i: u32 = s.split(['#', ':']).nth(1).unwrap().parse().unwrap();
            (t, i)
        });
        assert_eq!(got, sorted_expected, "{name}");
        let preview = p.preview(file, doc.bytes);
        let new: Vec<u32> = preview.tables.iter().map(|t| t.new).collect();
        assert_eq!(new, serde_json::from_value::<Vec<u32>>(want["new"].clone()).unwrap(), "{name}: new rows");
        if let Some(present) = want.get("present") {
            let got: Vec<u32> = preview.tables.iter().map(|t| t.present).collect();
            assert_eq!(got, serde_json::from_value::<Vec<u32>>(present.clone()).unwrap(), "{name}: present rows");
        }
        if let Some(n) = want.get("existing_vaults_licensed") {
            assert_eq!(u64::from(preview.existing_vaults_licensed), n.as_u64().unwrap(), "{name}");
        }
        if let Some(n) = want.get("hes_would_skip") {
            assert_eq!(u64::from(preview.hes_would_skip.count), n.as_u64().unwrap(), "{name}");
        }
        for t in &preview.tables {
            assert_eq!(t.records, t.new + t.present + t.rejected, "{name}: every record is counted once: {t:?}");
        }
        assert_eq!(preview.rejected_total as usize, expected.len());
        checked += 1;
    }
    assert!(checked >= 18, "only {checked} cases ran");
}
