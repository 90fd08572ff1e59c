//! Fuzzing of every parser that reads bytes from a file or a peer (issue 11, "Done when"): the
//! license document parser (with the check, preview and report after it), SAML metadata, SAML
//! certificates, the logo sniffing and decoding, and the Data Protection envelope decoder
//! (`ProtectionKey::decrypt`, `peek_key_id`, `envelope_key_id`) plus the params JSON.
//!
//! cargo-fuzz is not used: it needs a nightly toolchain and libFuzzer on every machine that runs
//! the tests. This is a mutation fuzzer with a time budget on the stable toolchain: it starts from
//! a seed corpus (the project's fixtures and valid inputs made here), mutates (bit flips, bytes
//! and tokens of the format inserted, ranges deleted, duplicated and repeated — which makes deep
//! nesting and long strings —, splices of two inputs), and keeps every input whose outcome is new
//! (Ok or the error code and message shape: a coarse coverage signal). A panic or an input that
//! takes longer than SLOW is a finding: saved under target/fuzz-findings/<target>/ and the test
//! fails. Inputs in tests/fuzz-regressions/<target>/ (earlier findings) run first, every time.
//!
//!   cargo test -p hes-core --test fuzz -- --nocapture            # FUZZ_SECONDS=1 per target
//!   FUZZ_SECONDS=60 scripts/fuzz.sh [target]                     # longer, release build
//!
//! Env: FUZZ_SECONDS (per target, default 1), FUZZ_SEED (default: the clock; printed), and
//! FUZZ_MAX_LEN (longest input, default 64 KiB).

use std::collections::HashSet;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use hes_core::licenses::preview::write_report_csv;
use hes_core::licenses::{parse_document, plan, Existing, ImportControl};
use hes_core::protect::{envelope_key_id, peek_key_id, DataProtectionParams, ProtectionKey};
use hes_core::settings::{saml_cert, saml_metadata};

/// An input slower than this is a finding (a parser that can be made to hang).
const SLOW: Duration = Duration::from_secs(2);
const NOW: i64 = 1_790_000_000; // 2026-09

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures(dir: &str, ext: &[&str]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root().join(dir)) {
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let e = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext.is_empty() || ext.contains(&e) {
                if let Ok(b) = std::fs::read(&p) {
                    out.push(b);
                }
            }
        }
    }
    out
}

fn regressions(target: &str) -> Vec<Vec<u8>> {
    fixtures(&format!("crates/hes-core/tests/fuzz-regressions/{target}"), &[])
}

// ---- the targets: each returns its outcome's shape (the coverage signal) ----

fn shape(e: &hes_core::AppError) -> String {
    // The code and the message without digits and quoted text, so positions and data do not
    // make every input "new".
    let m: String = e.message.chars().filter(|c| !c.is_ascii_digit()).take(60).collect();
    format!("{:?}:{m}", e.code)
}

fn licenses(input: &[u8]) -> String {
    let ctl = ImportControl::new();
    match parse_document(input, Some(input.len() as u64), 1 << 20, &ctl) {
        Err(e) => shape(&e),
        Ok(doc) => {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
            let p = plan(&doc, &Existing::default(), today, &ctl);
            let preview = p.preview("fuzz", doc.bytes);
            let per_table: u32 = preview.tables.iter().map(|t| t.rejected).sum();
            assert_eq!(per_table, preview.rejected_total, "rejections per table add up");
            assert!(p.rejections.kept().len() <= hes_core::licenses::KEPT_REJECTIONS);
            let mut csv = Vec::new();
            write_report_csv(p.rejections.kept(), p.rejections.not_kept(), &mut csv).expect("report");
            let codes: Vec<String> = preview.rejection_codes.iter().map(|c| format!("{:?}", c.code)).collect();
            format!(
                "ok:{}{}{}:{}",
                u8::from(!doc.devices.is_empty()),
                u8::from(!doc.licenses.is_empty()),
                u8::from(!doc.orders.is_empty()),
                codes.join(",")
            )
        }
    }
}

fn saml_metadata_target(input: &[u8]) -> String {
    match saml_metadata::import_at(input, NOW) {
        Ok(m) => format!("ok:{}", serde_json::to_value(&m).map(|v| v.as_object().map_or(0, |o| o.len())).unwrap_or(0)),
        Err(e) => shape(&e),
    }
}

fn saml_cert_target(input: &[u8]) -> String {
    let der = match saml_cert::certificate_der(input) {
        Ok(d) => format!("der:{}", d.len().min(1)),
        Err(e) => shape(&e),
    };
    let info = match saml_cert::inspect_at(input, NOW) {
        Ok(_) => "ok".to_string(),
        Err(e) => shape(&e),
    };
    format!("{der}|{info}")
}

fn logo_target(input: &[u8]) -> String {
    let kind = hes_core::logo::sniff(input);
    let out = match hes_core::logo::process("sidebar", input) {
        Ok(p) => {
            assert!(!p.stored().data.is_empty(), "a processed logo has data");
            "ok".to_string()
        }
        Err(e) => shape(&e),
    };
    format!("{kind:?}|{out}")
}

fn protect_target(input: &[u8]) -> String {
    let s = String::from_utf8_lossy(input);
    let key = ProtectionKey::from_bytes(7, [0x42; 32]);
    let d = match key.decrypt(&s) {
        Ok(p) => format!("ok:{}", p.len().min(1)),
        Err(e) => format!("{e:?}").chars().filter(|c| !c.is_ascii_digit()).take(40).collect(),
    };
    let peek = peek_key_id(&s).map(|_| "id").unwrap_or("err");
    let env = envelope_key_id(&s).map(|_| "env").unwrap_or("-");
    let params = match DataProtectionParams::from_json(&s) {
        Ok(_) => "params".to_string(),
        Err(e) => format!("{e:?}").chars().filter(|c| !c.is_ascii_digit()).take(30).collect(),
    };
    format!("{d}|{peek}|{env}|{params}")
}

// ---- seeds and dictionaries ----

fn license_seeds() -> Vec<Vec<u8>> {
    let mut s = fixtures("tests/fixtures/licenses", &["json"]);
    s.push(br#"{"DevicesDto":[0,{},[],"x",null],"DeviceLicensesDto":null}"#.to_vec());
    s
}

fn saml_seeds() -> Vec<Vec<u8>> {
    fixtures("tests/fixtures/saml", &["xml", "txt"])
}

fn cert_seeds() -> Vec<Vec<u8>> {
    fixtures("tests/fixtures/saml", &["pem", "der", "b64", "txt"])
}

fn logo_seeds() -> Vec<Vec<u8>> {
    // The huge-dimension fixtures are decoded under limits; small ones mutate faster.
    fixtures("tests/fixtures/images", &["png", "jpg", "webp", "svg"])
}

fn protect_seeds() -> Vec<Vec<u8>> {
    let key = ProtectionKey::from_bytes(7, [0x42; 32]);
    let mut s: Vec<Vec<u8>> = ["", "secret", "päss wörd ✓", &"x".repeat(100)]
        .iter()
        .map(|p| key.encrypt_with_iv(p, [9; 16]).into_bytes())
        .collect();
    s.push(DataProtectionParams::create_with("pw", [1; 16], [2; 16]).to_json().into_bytes());
    s.push(ProtectionKey::from_bytes(8, [1; 32]).encrypt("other key").into_bytes());
    s
}

const JSON_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"false",
    b"0",
    b"-1",
    b"1e999",
    b"-0.0",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\"DevicesDto\"",
    b"\"DeviceLicensesDto\"",
    b"\"LicenseOrdersDto\"",
    b"\"DeviceId\"",
    b"\"MAC\"",
    b"\"RFID\"",
    b"\"Id\"",
    b"\"LicenseOrderId\"",
    b"\"EndDate\"",
    b"\"Data\"",
    b"\"OrderStatus\"",
    b"\"2026-02-30T00:00:00\"",
    b"\"AQID\"",
    b"\"====\"",
    b"\xef\xbb\xbf",
    b"\"Completed\"",
    b"4294967296",
];
const XML_TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aa\">]>",
    b"&a;",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"",
    b"xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
    b"<md:EntityDescriptor",
    b"<EntityDescriptor entityID=\"x\">",
    b"<SPSSODescriptor>",
    b"<KeyDescriptor use=\"signing\">",
    b"<ds:X509Certificate>",
    b"</ds:X509Certificate>",
    b"<AssertionConsumerService Location=\"https://x/acs\" Binding=\"b\"/>",
    b"entityID=\"\"",
    b"\"",
    b"'",
];
const CERT_TOKENS: &[&[u8]] = &[
    b"-----BEGIN CERTIFICATE-----",
    b"-----END CERTIFICATE-----",
    b"\n",
    b"\r\n",
    b"=",
    b"==",
    b"MII",
    b"\x00",
    b"\x30\x82",
    b"\x30\x80",
    b"\x06\x09",
    b"\x17\x0d",
    b"\x18\x0f",
    b"\x02\x01\x00",
    b"\x05\x00",
    b"-----BEGIN PRIVATE KEY-----",
];
const IMAGE_TOKENS: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"IHDR",
    b"IDAT",
    b"IEND",
    b"PLTE",
    b"tRNS",
    b"acTL",
    b"\xff\xd8\xff",
    b"\xff\xc0",
    b"\xff\xda",
    b"RIFF",
    b"WEBP",
    b"VP8 ",
    b"VP8L",
    b"VP8X",
    b"<svg",
    b"GIF89a",
    b"\0\0\0\0",
    b"\x7f\xff\xff\xff",
];
const PROTECT_TOKENS: &[&[u8]] = &[
    b"BwAAABAAAAA",
    b"AAAAAA",
    b"=",
    b"==",
    b"+",
    b"/",
    b"-",
    b"_",
    b" ",
    b"\n",
    b"{\"Version\":1,",
    b"\"IterationCount\":",
    b"2147483647",
    b"\"HashAlgorithmName\":\"SHA256\"",
    b"\"Salt\":\"",
    b"\"VerificationCode\":\"",
    b"}",
];

// ---- the mutation engine ----

struct Target {
    name: &'static str,
    run: fn(&[u8]) -> String,
    seeds: fn() -> Vec<Vec<u8>>,
    tokens: &'static [&'static [u8]],
}

const TARGETS: &[Target] = &[
    Target { name: "licenses", run: licenses, seeds: license_seeds, tokens: JSON_TOKENS },
    Target { name: "saml_metadata", run: saml_metadata_target, seeds: saml_seeds, tokens: XML_TOKENS },
    Target { name: "saml_cert", run: saml_cert_target, seeds: cert_seeds, tokens: CERT_TOKENS },
    Target { name: "logo", run: logo_target, seeds: logo_seeds, tokens: IMAGE_TOKENS },
    Target { name: "protect", run: protect_target, seeds: protect_seeds, tokens: PROTECT_TOKENS },
];

fn mutate(rng: &mut StdRng, input: &[u8], corpus: &[Vec<u8>], tokens: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let len = v.len();
        match rng.gen_range(0..10) {
            0 if len > 0 => {
                let i = rng.gen_range(0..len);
                v[i] ^= 1 << rng.gen_range(0..8);
            }
            1 if len > 0 => {
                let i = rng.gen_range(0..len);
                v[i] = [0u8, 0xff, 0x7f, 0x80, b'"', b'\\', b'{', b'[', b'<', b'0', b'-', b'\n'][rng.gen_range(0..12)];
            }
            2 | 3 => {
                let t = tokens[rng.gen_range(0..tokens.len())];
                let i = rng.gen_range(0..=len);
                v.splice(i..i, t.iter().copied());
            }
            4 if len > 0 => {
                let a = rng.gen_range(0..len);
                let b = (a + rng.gen_range(1..=64)).min(len);
                v.drain(a..b);
            }
            5 if len > 0 => {
                // Repeat a slice many times: deep nesting, long strings, huge arrays.
                let a = rng.gen_range(0..len);
                let b = (a + rng.gen_range(1..=8)).min(len);
                let piece = v[a..b].to_vec();
                let times = [2usize, 16, 256, 4096][rng.gen_range(0..4)];
                let mut rep = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    rep.extend_from_slice(&piece);
                }
                v.splice(b..b, rep);
            }
            6 if len > 0 => v.truncate(rng.gen_range(0..len)),
            7 if !corpus.is_empty() => {
                let other = &corpus[rng.gen_range(0..corpus.len())];
                if !other.is_empty() {
                    let a = rng.gen_range(0..other.len());
                    let b = (a + rng.gen_range(1..=256)).min(other.len());
                    let i = rng.gen_range(0..=len);
                    v.splice(i..i, other[a..b].iter().copied());
                }
            }
            8 => {
                let i = rng.gen_range(0..=len);
                let n = rng.gen_range(1..=8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
                v.splice(i..i, bytes);
            }
            _ if len >= 4 => {
                // Overwrite 1, 2 or 4 bytes with an edge integer (lengths, counts, key ids).
                let edge: [u8; 4] = [
                    0u32.to_le_bytes(),
                    u32::MAX.to_le_bytes(),
                    (i32::MAX as u32).to_le_bytes(),
                    0x8000_0000u32.to_le_bytes(),
                    16u32.to_le_bytes(),
                    0x0000_ffffu32.to_be_bytes(),
                ][rng.gen_range(0..6)];
                let w = [1, 2, 4][rng.gen_range(0..3)];
                let i = rng.gen_range(0..=len - w);
                v[i..i + w].copy_from_slice(&edge[..w]);
            }
            _ => {}
        }
    }
    v.truncate(max_len);
    v
}

static HOOK: Once = Once::new();
thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Panics inside a fuzzed call are recorded, not printed (the finding report prints them).
fn quiet_panics() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(|q| q.get()) {
                let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = format!("{info}{at}"));
            } else {
                default(info);
            }
        }));
    });
}

struct Report {
    executions: u64,
    corpus: usize,
    seeds: usize,
    crashes: Vec<(PathBuf, String)>,
    slow: Vec<(PathBuf, Duration)>,
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-findings").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let digest = {
        use sha2::Digest;
        let d = sha2::Sha256::digest(input);
        d[..8].iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let path = dir.join(format!("{kind}-{digest}"));
    if let Ok(mut f) = std::fs::File::create(&path) {
        let _ = f.write_all(input);
    }
    path
}

fn fuzz(t: &Target) -> Report {
    quiet_panics();
    let secs: f64 = std::env::var("FUZZ_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    let max_len: usize = std::env::var("FUZZ_MAX_LEN").ok().and_then(|v| v.parse().ok()).unwrap_or(64 * 1024);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    let mut rng = StdRng::seed_from_u64(seed);
    let mut report = Report { executions: 0, corpus: 0, seeds: 0, crashes: Vec::new(), slow: Vec::new() };
    let mut seen: HashSet<String> = HashSet::new();
    let mut corpus: Vec<Vec<u8>> = Vec::new();

    let exec = |input: &[u8], report: &mut Report| -> Option<String> {
        QUIET.with(|q| q.set(true));
        let started = Instant::now();
        let out = catch_unwind(AssertUnwindSafe(|| (t.run)(input)));
        let took = started.elapsed();
        QUIET.with(|q| q.set(false));
        report.executions += 1;
        match out {
            Ok(sig) => {
                if took > SLOW {
                    report.slow.push((save(t.name, "slow", input), took));
                }
                Some(sig)
            }
            Err(_) => {
                let msg = LAST_PANIC.with(|p| p.borrow().clone());
                report.crashes.push((save(t.name, "crash", input), msg));
                None
            }
        }
    };

    let mut initial = regressions(t.name);
    initial.extend((t.seeds)());
    report.seeds = initial.len();
    for s in initial {
        if let Some(sig) = exec(&s, &mut report) {
            if seen.insert(sig) || corpus.is_empty() {
                corpus.push(s);
            }
        }
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    while Instant::now() < deadline && report.crashes.len() < 5 {
        let base = corpus[rng.gen_range(0..corpus.len())].clone();
        let input = mutate(&mut rng, &base, &corpus, t.tokens, max_len);
        if let Some(sig) = exec(&input, &mut report) {
            if seen.insert(sig) {
                corpus.push(input);
            }
        }
    }
    report.corpus = corpus.len();
    // Kept for a longer run to start from (scripts/fuzz.sh): target/fuzz-corpus/<target>/.
    let dir = root().join("target/fuzz-corpus").join(t.name);
    if std::fs::create_dir_all(&dir).is_ok() {
        for (i, c) in corpus.iter().enumerate() {
            let _ = std::fs::write(dir.join(format!("{i:05}")), c);
        }
    }
    println!(
        "fuzz {:<14} {:>9} executions in {secs} s, corpus {} ({} seeds, {} outcomes), findings {} (crashes {}, slow {}), seed {seed}",
        t.name,
        report.executions,
        report.corpus,
        report.seeds,
        seen.len(),
        report.crashes.len() + report.slow.len(),
        report.crashes.len(),
        report.slow.len()
    );
    report
}

fn run(name: &str) {
    let t = TARGETS.iter().find(|t| t.name == name).expect("target");
    let r = fuzz(t);
    let mut problems = Vec::new();
    for (path, msg) in &r.crashes {
        problems.push(format!("crash {}: {msg}", path.display()));
    }
    for (path, took) in &r.slow {
        problems.push(format!("slow ({} ms) {}", took.as_millis(), path.display()));
    }
    assert!(problems.is_empty(), "fuzz {name} found:\n{}", problems.join("\n"));
    assert!(r.executions > r.seeds as u64, "the fuzzer ran");
}

#[test]
fn fuzz_licenses() {
    run("licenses");
}

#[test]
fn fuzz_saml_metadata() {
    run("saml_metadata");
}

#[test]
fn fuzz_saml_cert() {
    run("saml_cert");
}

#[test]
fn fuzz_logo() {
    run("logo");
}

#[test]
fn fuzz_protect() {
    run("protect");
}

// ---- proptest: the same targets under generated inputs (shrunk to a minimal case on failure) ----
// `cargo test -p hes-core --test fuzz` runs each property PROPTEST_CASES times (default 256);
// `PROPTEST_CASES=100000 cargo test --release -p hes-core --test fuzz prop_` runs longer. A failure
// prints the minimal input and proptest keeps it in tests/fuzz.proptest-regressions.

mod properties {
    use super::*;
    use proptest::collection::vec as bytes_of;
    use proptest::prelude::*;

    /// JSON-shaped text from HES's license document vocabulary, so cases reach past the first byte.
    fn license_like() -> impl Strategy<Value = Vec<u8>> {
        let token = prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just("\"DevicesDto\"".to_string()),
            Just("\"DeviceLicensesDto\"".to_string()),
            Just("\"LicenseOrdersDto\"".to_string()),
            Just("\"Id\"".to_string()),
            Just("\"EndDate\"".to_string()),
            Just("\"2027-01-01T00:00:00\"".to_string()),
            Just("null".to_string()),
            Just("0".to_string()),
            "\"[a-zA-Z0-9:-]{0,12}\"",
            "-?[0-9]{1,20}",
        ];
        bytes_of(token, 0..200).prop_map(|t| t.concat().into_bytes())
    }

    proptest! {
        #[test]
        fn prop_licenses_never_panic(bytes in bytes_of(any::<u8>(), 0..4096)) {
            let _ = licenses(&bytes);
        }

        #[test]
        fn prop_license_like_documents_never_panic(bytes in license_like()) {
            let _ = licenses(&bytes);
        }

        #[test]
        fn prop_saml_metadata_never_panics(text in "(<[a-zA-Z:]{0,12}( [a-zA-Z]{1,8}=\"[^\"]{0,12}\")*/?>|</[a-zA-Z:]{0,12}>|[^<]{0,20}){0,40}") {
            let _ = saml_metadata_target(text.as_bytes());
        }

        #[test]
        fn prop_saml_certificates_never_panic(bytes in bytes_of(any::<u8>(), 0..2048)) {
            let _ = saml_cert_target(&bytes);
        }

        #[test]
        fn prop_logos_never_panic(bytes in bytes_of(any::<u8>(), 0..2048)) {
            let _ = logo_target(&bytes);
        }

        #[test]
        fn prop_envelopes_never_panic(text in ".{0,200}") {
            let _ = protect_target(text.as_bytes());
        }

        /// What is encrypted decrypts to itself, carries its key id, and never decrypts under another id.
        #[test]
        fn prop_envelopes_round_trip(plain in ".{0,300}", key_id in any::<i32>(), key in any::<[u8; 32]>()) {
            let k = ProtectionKey::from_bytes(key_id, key);
            let c = k.encrypt(&plain);
            prop_assert_eq!(envelope_key_id(&c), Some(key_id));
            prop_assert_eq!(k.decrypt(&c).unwrap(), plain);
            let other = ProtectionKey::from_bytes(key_id.wrapping_add(1), key);
            prop_assert!(other.decrypt(&c).is_err());
        }
    }
}
