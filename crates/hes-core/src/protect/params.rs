//! `DataProtectionParams`, the JSON in `DataProtection.Value`, read and written like Newtonsoft.

use rand::rngs::OsRng;
use rand::RngCore;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::{key, wire, ProtectError};

/// The most PBKDF2 iterations the console derives a key with. HES writes 100 000; the field is an
/// int32, so a hostile or damaged database could ask for 2^31 - 1 (about an hour of CPU, with the
/// unlock hanging). 10 000 000 is 100 times HES's value, a few seconds at most.
pub const MAX_ITERATION_COUNT: u32 = 10_000_000;

/// KDF settings and verification code. Nothing here is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProtectionParams {
    /// Written as "1.0", never checked by HES.
    pub version: String,
    pub iteration_count: u32,
    /// Must be exactly `SHA1`, `SHA256`, `SHA384` or `SHA512` (checked when deriving).
    pub hash_algorithm_name: String,
    pub salt: Vec<u8>,
    /// `AES(key, iv, "HIDEEZ")[0..4] || iv`, 20 bytes.
    pub verification_code: Vec<u8>,
}

/// The C# property initializers. Salt and VerificationCode default to null (unusable).
impl Default for DataProtectionParams {
    fn default() -> Self {
        DataProtectionParams {
            version: "1.0".into(),
            iteration_count: 100_000,
            hash_algorithm_name: "SHA256".into(),
            salt: Vec::new(),
            verification_code: Vec::new(),
        }
    }
}

impl DataProtectionParams {
    /// Reads like `JsonConvert.DeserializeObject`: property names case-insensitive, the last
    /// duplicate wins, unknown properties ignored, missing ones keep the defaults.
    pub fn from_json(s: &str) -> Result<Self, ProtectError> {
        let Entries(entries) = serde_json::from_str(s).map_err(|e| bad(format!("not a JSON object: {e}")))?;
        let mut p = DataProtectionParams::default();
        let (mut salt, mut vc) = (None, None);
        for (name, value) in entries {
            if same_name(&name, "Version") {
                // Never checked by HES, so tolerate null rather than refuse a usable row.
                p.version = match value {
                    Value::String(v) => v,
                    Value::Null => String::new(),
                    _ => return Err(bad("Version is not a string")),
                };
            } else if same_name(&name, "IterationCount") {
                p.iteration_count = iteration_count(&value)?;
            } else if same_name(&name, "HashAlgorithmName") {
                p.hash_algorithm_name = string(value, "HashAlgorithmName")?;
            } else if same_name(&name, "Salt") {
                salt = Some(string(value, "Salt")?);
            } else if same_name(&name, "VerificationCode") {
                vc = Some(string(value, "VerificationCode")?);
            }
        }
        p.salt = base64_field(salt, "Salt")?;
        if p.salt.len() < 8 {
            return Err(bad("Salt is shorter than 8 bytes"));
        }
        p.verification_code = base64_field(vc, "VerificationCode")?;
        if p.verification_code.len() != 20 {
            return Err(bad("VerificationCode is not 20 bytes"));
        }
        Ok(p)
    }

    /// `JsonConvert.SerializeObject`: compact, PascalCase, declaration order, Newtonsoft escaping.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"Version":{},"IterationCount":{},"HashAlgorithmName":{},"Salt":"{}","VerificationCode":"{}"}}"#,
            newtonsoft_string(&self.version),
            self.iteration_count,
            newtonsoft_string(&self.hash_algorithm_name),
            wire::encode_base64(&self.salt),
            wire::encode_base64(&self.verification_code),
        )
    }

    /// Fresh params as HES `CreateParams`: defaults, random 16-byte salt and verification IV.
    pub fn create(password: &str) -> Self {
        let (mut salt, mut iv) = ([0u8; 16], [0u8; 16]);
        OsRng.fill_bytes(&mut salt);
        OsRng.fill_bytes(&mut iv);
        Self::create_with(password, salt, iv)
    }

    /// [`create`](Self::create) with fixed randomness, to reproduce test vectors.
    pub fn create_with(password: &str, salt: [u8; 16], verification_iv: [u8; 16]) -> Self {
        key::create_params(password, salt, verification_iv)
    }
}

fn bad(reason: impl Into<String>) -> ProtectError {
    ProtectError::BadParams(reason.into())
}

/// Newtonsoft matches exactly, then `OrdinalIgnoreCase`; our names differ even ignoring case,
/// so one case-insensitive test suffices. Simple uppercase mapping also folds `ı`→I, `ſ`→S.
fn same_name(key: &str, name: &str) -> bool {
    fn upper(c: char) -> char {
        let mut u = c.to_uppercase();
        match (u.next(), u.next()) {
            (Some(x), None) => x,
            _ => c,
        }
    }
    key.chars().map(upper).eq(name.chars().map(upper))
}

fn string(value: Value, name: &str) -> Result<String, ProtectError> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(bad(format!("{name} is not a string"))),
    }
}

/// An int32 > 0 (Rfc2898DeriveBytes rejects 0); Newtonsoft also converts numeric strings.
fn iteration_count(value: &Value) -> Result<u32, ProtectError> {
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    n.filter(|&n| n >= 1 && n <= i64::from(i32::MAX))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| bad("IterationCount is not a positive int32"))
}

fn base64_field(value: Option<String>, name: &str) -> Result<Vec<u8>, ProtectError> {
    let s = value.ok_or_else(|| bad(format!("{name} is missing")))?;
    wire::decode_base64(&s).ok_or_else(|| bad(format!("{name} is not valid base64")))
}

/// Newtonsoft's default escaping: `"`, `\`, control characters, U+0085, U+2028, U+2029.
fn newtonsoft_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Object members in document order, duplicates kept (serde_json's map would lose both).
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut v = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    v.push(entry);
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(V)
    }
}
