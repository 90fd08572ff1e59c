//! HES Data Protection against the reference vectors (tests/fixtures/protect-vectors.json).

use std::collections::HashMap;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hes_core::protect::{peek_key_id, DataProtectionParams, ProtectError, ProtectionKey};
use serde_json::Value;

const VECTORS: &str = include_str!("fixtures/protect-vectors.json");

fn vectors() -> &'static Value {
    static V: OnceLock<Value> = OnceLock::new();
    V.get_or_init(|| serde_json::from_str(VECTORS).expect("vectors parse"))
}

fn group(name: &str) -> &'static [Value] {
    vectors()[name].as_array().expect("vector group")
}

fn s<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field].as_str().unwrap_or_else(|| panic!("{field} missing in {}", v["name"]))
}

fn b64(v: &Value, field: &str) -> Vec<u8> {
    STANDARD.decode(s(v, field)).expect("vector base64")
}

fn hex(v: &Value, field: &str) -> Vec<u8> {
    let h = s(v, field);
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
}

fn arr16(bytes: Vec<u8>) -> [u8; 16] {
    bytes.try_into().expect("16 bytes")
}

fn key_id(v: &Value) -> i32 {
    i32::try_from(v["key_id"].as_i64().expect("key_id")).unwrap()
}

type Job = (String, String, i32);

fn job(v: &Value) -> Job {
    let id = v["key_id"].as_i64().map_or(0, |_| key_id(v));
    (s(v, "params_json").to_owned(), s(v, "password").to_owned(), id)
}

/// PBKDF2 (100k rounds) is slow in debug builds: derive each (params, password, id) once, in
/// parallel, for every vector that has params.
fn derived() -> &'static HashMap<Job, Result<ProtectionKey, ProtectError>> {
    static K: OnceLock<HashMap<Job, Result<ProtectionKey, ProtectError>>> = OnceLock::new();
    K.get_or_init(|| {
        let mut jobs: Vec<Job> = ["positive", "negative", "lenient"]
            .iter()
            .flat_map(|g| group(g))
            .filter(|v| v["params_json"].is_string())
            .map(job)
            .collect();
        jobs.sort();
        jobs.dedup();
        std::thread::scope(|sc| {
            let handles: Vec<_> = jobs
                .into_iter()
                .map(|j| {
                    sc.spawn(move || {
                        let params = DataProtectionParams::from_json(&j.0).expect("params");
                        let key = ProtectionKey::derive(&params, j.2, &j.1);
                        (j, key)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    })
}

fn key_for(v: &Value) -> Result<ProtectionKey, ProtectError> {
    derived()[&job(v)].clone()
}

fn positive_key(v: &Value) -> ProtectionKey {
    key_for(v).unwrap_or_else(|e| panic!("{}: {e}", v["name"]))
}

fn corrupt(reason: &str) -> ProtectError {
    ProtectError::CorruptValue(reason.into())
}

#[test]
fn fixture_has_all_groups() {
    assert_eq!(group("positive").len(), 13);
    assert_eq!(group("negative").len(), 10);
    assert_eq!(group("lenient").len(), 2);
}

#[test]
fn positive_params_parse_and_reserialize_exactly() {
    for v in group("positive") {
        let json = s(v, "params_json");
        let p = DataProtectionParams::from_json(json).unwrap();
        assert_eq!(p.version, "1.0");
        assert_eq!(i64::from(p.iteration_count), v["iteration_count"].as_i64().unwrap());
        assert_eq!(p.hash_algorithm_name, s(v, "hash_algorithm_name"));
        assert_eq!(p.salt, b64(v, "salt_b64"));
        assert_eq!(p.verification_code, b64(v, "verification_code_b64"));
        assert_eq!(p.to_json(), json, "{}", v["name"]);
    }
}

#[test]
fn positive_derive_matches_key_and_verification_code() {
    for v in group("positive") {
        assert_eq!(s(v, "password").as_bytes(), hex(v, "password_utf8_hex"));
        let key = positive_key(v);
        let expected = ProtectionKey::from_bytes(key_id(v), hex(v, "derived_key_hex").try_into().unwrap());
        assert_eq!(key, expected, "{}", v["name"]);
        assert_eq!(key.key_id(), key_id(v));
        let vc = b64(v, "verification_code_b64");
        assert_eq!(vc[..4], hex(v, "verification_block_hex")[..4]);
        assert_eq!(vc[4..], b64(v, "verification_iv_b64"));
    }
}

#[test]
fn positive_create_with_reproduces_params_json() {
    // `create` always writes the defaults, so only vectors HES itself produced can match.
    for v in group("positive").iter().filter(|v| v["produced_by_hes"] == true) {
        let p = DataProtectionParams::create_with(
            s(v, "password"),
            arr16(b64(v, "salt_b64")),
            arr16(b64(v, "verification_iv_b64")),
        );
        assert_eq!(p.to_json(), s(v, "params_json"), "{}", v["name"]);
    }
}

#[test]
fn positive_encrypt_with_iv_matches_ciphertext() {
    for v in group("positive") {
        let key = positive_key(v);
        let pt = s(v, "plaintext");
        assert_eq!([b"HES".as_slice(), pt.as_bytes()].concat(), hex(v, "plaintext_with_magic_utf8_hex"));
        let ct = key.encrypt_with_iv(pt, arr16(b64(v, "iv_b64")));
        assert_eq!(ct, s(v, "ciphertext_b64"), "{}", v["name"]);
        let layout = &v["ciphertext_layout"];
        assert_eq!(STANDARD.decode(&ct).unwrap().len() as u64, layout["total_bytes"].as_u64().unwrap());
        assert_eq!(peek_key_id(&ct), Ok(key_id(v)));
    }
}

#[test]
fn positive_decrypt_matches_plaintext() {
    for v in group("positive") {
        let key = positive_key(v);
        assert_eq!(key.decrypt(s(v, "ciphertext_b64")).as_deref(), Ok(s(v, "plaintext")), "{}", v["name"]);
    }
}

/// Every `expect` string in the fixture and the error it maps to.
fn expected_error(v: &Value) -> ProtectError {
    match s(v, "expect") {
        "invalid_password" => ProtectError::WrongPassword,
        "WrongKeyId" => {
            let found = peek_key_id(s(v, "ciphertext_b64")).unwrap();
            ProtectError::WrongKeyId { expected: key_id(v), found }
        }
        "BadMagic" => corrupt("not valid"),
        "BadPadding" => corrupt("padding"),
        "InvalidBase64" => corrupt("invalid base64"),
        "MalformedCiphertext" => ProtectError::CorruptValue(String::new()), // any reason
        other => panic!("unmapped expect {other:?} in {}", v["name"]),
    }
}

#[test]
fn negative_vectors_fail_with_the_expected_error() {
    for v in group("negative") {
        let want = expected_error(v);
        let got = match s(v, "operation") {
            "validate_password" => key_for(v).map(|_| ()),
            "decrypt" => key_for(v).unwrap().decrypt(s(v, "ciphertext_b64")).map(|_| ()),
            op => panic!("unknown operation {op}"),
        };
        let got = got.expect_err(s(v, "name"));
        match (&want, &got) {
            (ProtectError::CorruptValue(w), ProtectError::CorruptValue(_)) if w.is_empty() => {}
            _ => assert_eq!(got, want, "{}", v["name"]),
        }
    }
}

#[test]
fn lenient_vectors() {
    for v in group("lenient") {
        match s(v, "name") {
            "whitespace_inside_base64_is_ignored" => {
                let key = key_for(v).unwrap();
                assert_eq!(key.decrypt(s(v, "ciphertext_b64")).as_deref(), Ok(s(v, "expect_plaintext")));
                assert_eq!(peek_key_id(s(v, "ciphertext_b64")), Ok(key_id(v)));
            }
            "null_passthrough" => {
                assert!(v["plaintext"].is_null() && v["ciphertext_b64"].is_null());
                let key = ProtectionKey::from_bytes(1, [7; 32]);
                assert_eq!(key.encrypt_opt(None), None);
                assert_eq!(key.decrypt_opt(None), Ok(None));
            }
            other => panic!("unknown lenient vector {other}"),
        }
    }
}

fn ascii_vector() -> &'static Value {
    group("positive").iter().find(|v| v["name"] == "ascii_api_key").unwrap()
}

#[test]
fn encrypt_uses_a_fresh_iv_each_time() {
    let key = positive_key(ascii_vector());
    let (a, b) = (key.encrypt("same"), key.encrypt("same"));
    assert_ne!(a, b);
    assert!(a.starts_with("AQAAABAAAA"), "key id 1, IV length 16");
    assert_eq!(key.decrypt(&a).as_deref(), Ok("same"));
    assert_eq!(key.decrypt(&b).as_deref(), Ok("same"));
    assert_eq!(key.decrypt_opt(key.encrypt_opt(Some("x")).as_deref()), Ok(Some("x".into())));
}

#[test]
fn wrong_key_id_is_rejected_before_any_crypto() {
    let key = ProtectionKey::from_bytes(1, [7; 32]);
    // Key id 2 followed by garbage that would otherwise be a layout error.
    let mut buf = 2i32.to_le_bytes().to_vec();
    buf.extend([0xFF; 5]);
    let ct = STANDARD.encode(&buf);
    assert_eq!(key.decrypt(&ct), Err(ProtectError::WrongKeyId { expected: 1, found: 2 }));
    assert_eq!(peek_key_id(&ct), Ok(2));
}

#[test]
fn key_ids_are_signed_little_endian() {
    let key = ProtectionKey::from_bytes(-1, [7; 32]);
    let ct = key.encrypt("neg");
    assert!(ct.starts_with("/////xAAAA"));
    assert_eq!(peek_key_id(&ct), Ok(-1));
    assert_eq!(key.decrypt(&ct).as_deref(), Ok("neg"));
}

#[test]
fn layout_errors_are_corrupt_values() {
    let key = ProtectionKey::from_bytes(1, [7; 32]);
    let envelope = |iv_len: i32, body: usize| {
        let mut b = 1i32.to_le_bytes().to_vec();
        b.extend(iv_len.to_le_bytes());
        b.extend(vec![0u8; 16 + body]);
        STANDARD.encode(b)
    };
    for (ct, why) in [
        (envelope(8, 16), "IV length is not 16"),
        (envelope(-1, 16), "IV length out of range"),
        (envelope(1000, 16), "IV length out of range"),
        (envelope(16, 0), "ciphertext is not a whole number of blocks"),
        (envelope(16, 17), "ciphertext is not a whole number of blocks"),
        (STANDARD.encode([1, 0, 0, 0, 16]), "too short for an IV length"),
        (String::new(), "too short for a key id"),
    ] {
        assert_eq!(key.decrypt(&ct), Err(corrupt(why)), "{ct}");
    }
    assert_eq!(peek_key_id("AAA"), Err(corrupt("invalid base64")));
    assert_eq!(peek_key_id("AQ AA"), Err(corrupt("too short for a key id")));
}

#[test]
fn base64_follows_dotnet() {
    // Unused trailing bits are ignored ("AB==" decodes like "AA=="); '=' must pad to 4.
    assert_eq!(peek_key_id("AQAAAB=="), Ok(1));
    assert_eq!(peek_key_id("AQAAAA"), Err(corrupt("invalid base64")));
    assert_eq!(peek_key_id(" AQ\tAA\r\nA A=\n="), Ok(1));
    assert_eq!(peek_key_id("AQAA-A=="), Err(corrupt("invalid base64")));
}

#[test]
fn invalid_utf8_after_magic_becomes_replacement_chars() {
    let key = ProtectionKey::from_bytes(1, [7; 32]);
    let mut buf = STANDARD.decode(key.encrypt_with_iv("HESa", [0; 16])).unwrap();
    // Flip the IV bit under plaintext byte 6 ('a' -> 0xE1, a lone UTF-8 lead byte).
    buf[8 + 6] ^= 0x80;
    assert_eq!(key.decrypt(&STANDARD.encode(buf)).as_deref(), Ok("HES\u{FFFD}"));
}

#[test]
fn debug_never_prints_key_bytes() {
    let v = ascii_vector();
    let key = positive_key(v);
    let dbg = format!("{key:?} {key:#?}");
    assert!(dbg.contains("<redacted>") && dbg.contains("key_id: 1"), "{dbg}");
    let key_hex = s(v, "derived_key_hex");
    for window in (0..key_hex.len() - 8).step_by(8) {
        assert!(!dbg.to_lowercase().contains(&key_hex[window..window + 8]));
    }
    assert!(!dbg.contains("76, 124") && !dbg.contains("0x4c"), "no decimal/hex byte dumps");
}

#[test]
fn params_parse_case_insensitively_with_defaults() {
    let v = ascii_vector();
    let lower = r#"{"version":"1.0","iterationcount":100000,"hashalgorithmname":"SHA256","salt":"bZWT1YF6NpYRkeIbSauPPQ==","verificationcode":"L1wPsN3U/BSiJoI5PjUHWpaisSk="}"#;
    let expected = DataProtectionParams::from_json(s(v, "params_json")).unwrap();
    assert_eq!(DataProtectionParams::from_json(lower).unwrap(), expected);
    // Missing properties keep the C# defaults; unknown ones are ignored; odd casing matches.
    let minimal =
        r#"{"SALT":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCODE":"L1wPsN3U/BSiJoI5PjUHWpaisSk=","Extra":[1]}"#;
    assert_eq!(DataProtectionParams::from_json(minimal).unwrap(), expected);
    // Last duplicate wins, whatever its casing.
    let dup = r#"{"IterationCount":5,"iterationCount":"1000","Salt":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCode":"L1wPsN3U/BSiJoI5PjUHWpaisSk="}"#;
    assert_eq!(DataProtectionParams::from_json(dup).unwrap().iteration_count, 1000);
    assert_eq!(expected.to_json(), s(v, "params_json"));
}

#[test]
fn params_reject_unusable_values() {
    let vc = "L1wPsN3U/BSiJoI5PjUHWpaisSk=";
    let bad = |json: String| match DataProtectionParams::from_json(&json) {
        Err(ProtectError::BadParams(_)) => {}
        other => panic!("{json}: {other:?}"),
    };
    bad(format!(r#"{{"Salt":"AAAAAAAAAA==","VerificationCode":"{vc}"}}"#)); // 7-byte salt
    bad(format!(r#"{{"VerificationCode":"{vc}"}}"#)); // no salt
    bad(r#"{"Salt":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCode":"AAAA"}"#.into());
    bad(format!(r#"{{"Salt":"not base64!","VerificationCode":"{vc}"}}"#));
    bad(format!(r#"{{"IterationCount":0,"Salt":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCode":"{vc}"}}"#));
    bad(format!(r#"{{"IterationCount":2147483648,"Salt":"bZWT1YF6NpYRkeIbSauPPQ==","VerificationCode":"{vc}"}}"#));
    bad("null".into());
    bad("[]".into());
}

#[test]
fn hash_name_is_case_sensitive() {
    let mut p = DataProtectionParams::from_json(s(ascii_vector(), "params_json")).unwrap();
    p.hash_algorithm_name = "sha256".into();
    assert_eq!(ProtectionKey::derive(&p, 1, "password"), Err(ProtectError::UnsupportedHash("sha256".into())));
}

#[test]
fn create_then_derive_round_trips() {
    let p = DataProtectionParams::create("fresh-password");
    assert_eq!((p.salt.len(), p.verification_code.len()), (16, 20));
    let again = DataProtectionParams::from_json(&p.to_json()).unwrap();
    assert_eq!(again, p);
    let key = ProtectionKey::derive(&again, 3, "fresh-password").unwrap();
    assert_eq!(key.decrypt(&key.encrypt("v")).as_deref(), Ok("v"));
    assert_eq!(ProtectionKey::derive(&again, 3, "other"), Err(ProtectError::WrongPassword));
}

/// Issue 11: a database announcing up to 2^31 - 1 PBKDF2 iterations made unlock hang for about an
/// hour. Above 10 000 000 (100 times HES's 100 000) the key is not derived: a clear
/// DataProtectionBroken error at once.
#[test]
fn iteration_count_above_the_cap_is_refused_at_once() {
    for rounds in [10_000_001u32, i32::MAX as u32] {
        let mut params = DataProtectionParams::create_with("pw", [7; 16], [9; 16]);
        params.iteration_count = rounds;
        // Also as HES stores it: the JSON parses (an int32), the derivation refuses.
        let params = DataProtectionParams::from_json(&params.to_json()).expect("an int32 count parses");
        let started = std::time::Instant::now();
        let e = ProtectionKey::derive(&params, 1, "pw").unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "no derivation was started");
        let msg = e.to_string();
        assert!(matches!(e, ProtectError::BadParams(_)), "{e:?}");
        assert!(msg.contains(&format!("IterationCount {rounds} exceeds")) && msg.contains("10000000"), "{msg}");
        assert_eq!(hes_core::protect::protect_error(e).code, hes_core::error::ErrorCode::DataProtectionBroken);
    }
}
