//! `hesctl protect` against every reference vector (crates/hes-core/tests/fixtures/protect-vectors.json):
//! check-password, decrypt and encrypt through the built binary, with the password on stdin (or
//! in HESCTL_DP_PASSWORD, or via --dp-password-stdin), exit codes and error codes.

use hes_core::protect::ProtectionKey;
use hes_test_support::cli::{self, Out};
use serde_json::Value;

const VECTORS: &str = include_str!("../../hes-core/tests/fixtures/protect-vectors.json");

fn hesctl(args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Out {
    let mut all = vec![("HESCTL_LOG", Some("trace"))];
    all.extend(envs.iter().map(|(k, v)| (*k, Some(*v))));
    cli::run(env!("CARGO_BIN_EXE_hesctl"), args, stdin, &all)
}

fn vectors(group: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    all[group].as_array().unwrap().clone()
}

fn s<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field].as_str().unwrap_or_else(|| panic!("{field} missing in {}", v["name"]))
}

/// Key ids are numbers in some vectors and strings in others.
fn key_id(v: &Value) -> String {
    match &v["key_id"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => panic!("key_id {other} in {}", v["name"]),
    }
}

fn hex32(h: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect();
    bytes.try_into().expect("32 bytes")
}

/// The password three ways, in turn: a stdin line, HESCTL_DP_PASSWORD, --dp-password-stdin (CRLF).
fn with_password(i: usize, password: &str, args: &[&str]) -> Out {
    match i % 3 {
        0 => hesctl(args, Some(&format!("{password}\n")), &[]),
        1 => hesctl(args, None, &[("HESCTL_DP_PASSWORD", password)]),
        _ => {
            let mut all = vec!["--dp-password-stdin"];
            all.extend_from_slice(args);
            hesctl(&all, Some(&format!("{password}\r\n")), &[])
        }
    }
}

#[test]
fn positive_vectors_check_decrypt_and_encrypt() {
    let positive = vectors("positive");
    assert_eq!(positive.len(), 13);
    let handles: Vec<_> = positive
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            std::thread::spawn(move || {
                let name = s(&v, "name").to_string();
                let (params, password, plaintext) = (s(&v, "params_json"), s(&v, "password"), s(&v, "plaintext"));
                let id = key_id(&v);

                let out = with_password(i, password, &["protect", "check-password", "--params", params]).ok();
                assert!(out.stdout.contains("right"), "{name}: {}", out.stdout);

                let out = with_password(
                    i + 1,
                    password,
                    &["protect", "decrypt", "--params", params, "--key-id", &id, s(&v, "ciphertext_b64")],
                )
                .ok();
                assert_eq!(out.stdout, format!("{plaintext}\n"), "{name}: decrypt");

                // Encrypt: a fresh IV each time, the layout of the vector, and it decrypts back.
                let enc = with_password(
                    i + 2,
                    password,
                    &["protect", "encrypt", "--params", params, "--key-id", &id, plaintext],
                )
                .ok();
                let ct = enc.stdout.trim_end_matches('\n').to_string();
                assert_eq!(ct.len(), s(&v, "ciphertext_b64").len(), "{name}: same length as HES's");
                assert_eq!(&ct[..8], &s(&v, "ciphertext_b64")[..8], "{name}: key id and IV length prefix");
                assert_ne!(ct, s(&v, "ciphertext_b64"), "{name}: a random IV");
                // Decrypted in-process with the vector's derived key (no second PBKDF2 run).
                let key = ProtectionKey::from_bytes(id.parse().unwrap(), hex32(s(&v, "derived_key_hex")));
                assert_eq!(key.decrypt(&ct).as_deref(), Ok(plaintext), "{name}: round trip");
                // Nothing but the requested value is printed: never the password.
                if password.len() >= 6 && password != "password" {
                    for o in [&out, &enc] {
                        assert!(!o.stderr.contains(password), "{name}: password in stderr");
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("vector thread");
    }
}

#[test]
fn negative_vectors_fail_with_their_codes() {
    let negative = vectors("negative");
    assert_eq!(negative.len(), 10);
    for v in negative {
        let name = s(&v, "name");
        let (params, password) = (s(&v, "params_json"), s(&v, "password"));
        let out = match s(&v, "operation") {
            "validate_password" => hesctl(
                &["--json", "protect", "check-password", "--params", params],
                Some(&format!("{password}\n")),
                &[],
            ),
            "decrypt" => hesctl(
                &["--json", "protect", "decrypt", "--params", params, "--key-id", &key_id(&v), s(&v, "ciphertext_b64")],
                Some(&format!("{password}\n")),
                &[],
            ),
            other => panic!("{name}: unknown operation {other}"),
        };
        let want = match s(&v, "expect") {
            "invalid_password" => "DataProtectionWrongPassword",
            "WrongKeyId" => "DataProtectionWrongKeyId",
            "BadMagic" | "BadPadding" | "InvalidBase64" | "MalformedCiphertext" => "DataProtectionCorruptValue",
            other => panic!("{name}: unmapped expect {other}"),
        };
        assert_eq!(out.error_code(), (8, want.to_string()), "{name}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        // (The wrong passwords of these vectors are words that error codes contain.)
        if !password.to_ascii_lowercase().contains("password") {
            assert!(!out.stderr.contains(password), "{name}: the password is not echoed");
        }
    }
}

#[test]
fn lenient_vectors() {
    for v in vectors("lenient") {
        match s(&v, "name") {
            "whitespace_inside_base64_is_ignored" => {
                let out = hesctl(
                    &[
                        "protect",
                        "decrypt",
                        "--params",
                        s(&v, "params_json"),
                        "--key-id",
                        &key_id(&v),
                        s(&v, "ciphertext_b64"),
                    ],
                    Some(&format!("{}\n", s(&v, "password"))),
                    &[],
                )
                .ok();
                assert_eq!(out.stdout, format!("{}\n", s(&v, "expect_plaintext")));
            }
            // JSON null has no command-line form; hes-core's vector test covers it.
            "null_passthrough" => {}
            other => panic!("unknown lenient vector {other}"),
        }
    }
}

fn first_positive() -> Value {
    vectors("positive").into_iter().next().unwrap()
}

#[test]
fn values_from_stdin_after_the_password_line() {
    let v = first_positive();
    let params = s(&v, "params_json");
    // Plaintext "-": the rest of stdin, verbatim (here with a newline inside and none at the end).
    let enc =
        hesctl(&["protect", "encrypt", "--params", params, "--key-id", "1", "-"], Some("password\nline1\nline2"), &[])
            .ok();
    let ct = enc.stdout.trim().to_string();
    let dec = hesctl(
        &["--json", "protect", "decrypt", "--params", params, "--key-id", "1", "-"],
        Some(&format!("password\n{ct}\n")),
        &[],
    )
    .ok();
    let json: Value = serde_json::from_str(&dec.stdout).unwrap();
    assert_eq!(json["Plaintext"], "line1\nline2");
}

#[test]
fn usage_errors() {
    let v = first_positive();
    let params = s(&v, "params_json");
    // No password at all: stdin ends at once.
    let out = hesctl(&["--json", "protect", "check-password", "--params", params], None, &[]);
    assert_eq!(out.error_code(), (2, "BadRequest".to_string()));
    // Params that are not params.
    let out = hesctl(&["--json", "protect", "check-password", "--params", "{\"Salt\":1}"], Some("x\n"), &[]);
    assert_eq!(out.error_code(), (8, "DataProtectionBroken".to_string()));
    let e: Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(e["field"], "params");
    // The key id is required for decrypt and encrypt (clap: exit 2).
    assert_eq!(hesctl(&["protect", "decrypt", "--params", params, "x"], Some("password\n"), &[]).code, 2);
    // A wrong key id for a value, decided before any cryptography.
    let out = hesctl(
        &["--json", "protect", "decrypt", "--params", params, "--key-id", "-5", s(&v, "ciphertext_b64")],
        Some("password\n"),
        &[],
    );
    assert_eq!(out.error_code(), (8, "DataProtectionWrongKeyId".to_string()));
    // The help names the commands.
    let help = hesctl(&["protect", "--help"], None, &[]).ok();
    for c in ["check-password", "decrypt", "encrypt"] {
        assert!(help.stdout.contains(c), "{}", help.stdout);
    }
}
