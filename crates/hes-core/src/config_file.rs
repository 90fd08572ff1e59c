//! The configuration file: every settings section and list, the SAML rows and the logos of one
//! database in one versioned JSON document (export, import, automatic backups).
//!
//! The readable part (`Settings`, `Saml`) never holds a secret: secret fields are left out
//! (`null`). With a passphrase, `Sealed` carries the rows *exactly as stored* (ciphertext stays
//! ciphertext, so a restore into the same database is byte-exact), encrypted with
//! XChaCha20-Poly1305 under a key from Argon2id (RustCrypto crates). The readable part is the
//! AEAD's associated data, so no byte of the file can be altered unnoticed; without a sealed part
//! a SHA-256 checksum catches truncation and accidental damage.

use crate::error::{AppError, AppResult, ErrorCode};
use crate::stage::secret_fields;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const FORMAT: &str = "hes-console-configuration";
/// The newest format this console writes and reads.
pub const VERSION: u32 = 1;
/// A configuration file larger than this is refused before it is parsed.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Argon2id cost: 64 MiB, 3 passes, 1 lane (above OWASP's minimum for Argon2id).
const M_COST_KIB: u32 = 64 * 1024;
const T_COST: u32 = 3;
const P_COST: u32 = 1;

/// The exact stored values, only inside `Sealed` (or an automatic backup, a private local file).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct StoredRows {
    /// `AppSettings` Id → Value as stored.
    pub rows: BTreeMap<String, String>,
}

impl std::fmt::Debug for StoredRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredRows").field("keys", &self.rows.keys().collect::<Vec<_>>()).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Sealed {
    pub kdf: String,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    pub salt: String,
    /// Derived with the key: tells a wrong passphrase from a damaged file.
    pub check: String,
    pub nonce: String,
    pub ciphertext: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigFile {
    pub format: String,
    pub version: u32,
    pub console_version: String,
    pub exported_at: String,
    /// The database it was exported from (location only, never a password).
    pub source: String,
    /// `AppSettings` Id → the stored JSON with every secret field `null`.
    pub settings: BTreeMap<String, Value>,
    /// `SamlRelyingParties` rows (nothing in them is secret).
    pub saml: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
    /// SHA-256 (hex) of the readable part, when there is no sealed part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

fn damaged(why: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::ConfigFileDamaged,
        format!("The configuration file cannot be used: {why}. Nothing was written."),
    )
    .with_hint("Use an intact copy of the file (a truncated or edited file is refused).")
}

/// A stored setting's JSON with every secret field set to `null`.
pub fn without_secrets(key: &str, raw: &str) -> Value {
    let mut v: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    let fields = secret_fields(key);
    let clear = |o: &mut serde_json::Map<String, Value>| {
        for f in fields {
            if let Some(x) = o.get_mut(*f) {
                *x = Value::Null;
            }
        }
    };
    match &mut v {
        Value::Object(o) => clear(o),
        Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).for_each(clear),
        _ => {}
    }
    v
}

impl ConfigFile {
    /// The readable part, as the AEAD's associated data and the checksum's input.
    fn readable(&self) -> AppResult<Vec<u8>> {
        let v = serde_json::json!([
            self.format,
            self.version,
            self.console_version,
            self.exported_at,
            self.source,
            self.settings,
            self.saml
        ]);
        serde_json::to_vec(&v).map_err(|e| AppError::internal(e.to_string()))
    }

    /// A file of `rows` (stored values) and `saml`; with `passphrase`, the rows sealed inside.
    pub fn build(
        source: &str,
        console_version: &str,
        exported_at: &str,
        rows: &BTreeMap<String, String>,
        saml: Vec<Value>,
        passphrase: Option<&crate::Secret>,
    ) -> AppResult<ConfigFile> {
        let mut f = ConfigFile {
            format: FORMAT.into(),
            version: VERSION,
            console_version: console_version.into(),
            exported_at: exported_at.into(),
            source: source.into(),
            settings: rows.iter().map(|(k, v)| (k.clone(), without_secrets(k, v))).collect(),
            saml,
            sealed: None,
            checksum: None,
        };
        let aad = f.readable()?;
        match passphrase {
            Some(p) => {
                if p.expose().chars().count() < 8 {
                    return Err(AppError::field_error("Passphrase", "The passphrase must be at least 8 characters."));
                }
                let plain = serde_json::to_vec(&StoredRows { rows: rows.clone() })
                    .map_err(|e| AppError::internal(e.to_string()))?;
                f.sealed = Some(seal(p.expose(), &aad, &plain)?);
            }
            None => f.checksum = Some(sha256_hex(&aad)),
        }
        Ok(f)
    }

    pub fn to_bytes(&self) -> AppResult<Vec<u8>> {
        serde_json::to_vec_pretty(self).map_err(|e| AppError::internal(e.to_string()))
    }

    /// Parse and verify a file: size, JSON, format, version, integrity. The sealed rows come back
    /// only with the right passphrase.
    pub fn parse(bytes: &[u8], passphrase: Option<&crate::Secret>) -> AppResult<(ConfigFile, Option<StoredRows>)> {
        if bytes.len() > MAX_BYTES {
            return Err(damaged(format!("it is larger than {} MB", MAX_BYTES / 1024 / 1024)));
        }
        // The version first, so a newer file is named as such even when its shape changed.
        let loose: Value = serde_json::from_slice(bytes).map_err(|e| {
            if e.is_eof() {
                damaged("it ends too early (truncated)")
            } else {
                damaged(format!("it is not JSON ({e})"))
            }
        })?;
        if loose.get("Format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(damaged("it is not a HES Console configuration file"));
        }
        match loose.get("Version").and_then(Value::as_u64) {
            Some(v) if v > u64::from(VERSION) => {
                return Err(AppError::new(
                    ErrorCode::ConfigFileNewer,
                    format!("The configuration file has format version {v}; this console reads up to {VERSION}. Nothing was written."),
                )
                .with_hint("Update HES Console to import it."))
            }
            Some(_) => {}
            None => return Err(damaged("it has no format version")),
        }
        let f: ConfigFile =
            serde_json::from_value(loose).map_err(|e| damaged(format!("its content is malformed ({e})")))?;
        let aad = f.readable()?;
        let rows = match (&f.sealed, &f.checksum) {
            (Some(s), _) => match passphrase {
                Some(p) => Some(
                    serde_json::from_slice::<StoredRows>(&open(s, p.expose(), &aad)?)
                        .map_err(|e| damaged(format!("its sealed part is malformed ({e})")))?,
                ),
                None => None,
            },
            (None, Some(c)) if *c == sha256_hex(&aad) => None,
            (None, _) => return Err(damaged("its checksum does not match its content (altered or damaged)")),
        };
        Ok((f, rows))
    }
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// 64 bytes from Argon2id: the first 32 the AEAD key, the last 32 the passphrase check.
fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> AppResult<zeroize::Zeroizing<[u8; 64]>> {
    let params = argon2::Params::new(m, t, p, Some(64)).map_err(|e| damaged(format!("bad key parameters ({e})")))?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = zeroize::Zeroizing::new([0u8; 64]);
    a.hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| AppError::internal(format!("key derivation failed: {e}")))?;
    Ok(out)
}

fn seal(passphrase: &str, aad: &[u8], plain: &[u8]) -> AppResult<Sealed> {
    use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
    use rand::RngCore;
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let k = derive(passphrase, &salt, M_COST_KIB, T_COST, P_COST)?;
    let cipher =
        chacha20poly1305::XChaCha20Poly1305::new_from_slice(&k[..32]).map_err(|e| AppError::internal(e.to_string()))?;
    let nonce = chacha20poly1305::XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let ct =
        cipher.encrypt(&nonce, Payload { msg: plain, aad }).map_err(|_| AppError::internal("encryption failed"))?;
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(Sealed {
        kdf: "argon2id".into(),
        m_cost_kib: M_COST_KIB,
        t_cost: T_COST,
        p_cost: P_COST,
        salt: b64.encode(salt),
        check: b64.encode(&k[32..]),
        nonce: b64.encode(nonce),
        ciphertext: b64.encode(ct),
    })
}

fn open(s: &Sealed, passphrase: &str, aad: &[u8]) -> AppResult<zeroize::Zeroizing<Vec<u8>>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let b64 = base64::engine::general_purpose::STANDARD;
    let dec = |what: &str, v: &str| b64.decode(v).map_err(|_| damaged(format!("its {what} is not base64")));
    if s.kdf != "argon2id" || s.m_cost_kib > 1024 * 1024 || s.t_cost > 16 || s.p_cost > 16 {
        return Err(damaged("its key parameters are not ones this console writes"));
    }
    let (salt, check, nonce, ct) =
        (dec("salt", &s.salt)?, dec("check", &s.check)?, dec("nonce", &s.nonce)?, dec("ciphertext", &s.ciphertext)?);
    if nonce.len() != 24 {
        return Err(damaged("its nonce has the wrong length"));
    }
    let k = derive(passphrase, &salt, s.m_cost_kib, s.t_cost, s.p_cost)?;
    use subtle::ConstantTimeEq;
    if !bool::from(k[32..].ct_eq(&check)) {
        return Err(AppError::new(
            ErrorCode::ConfigWrongPassphrase,
            "That passphrase does not open this configuration file's secrets. Nothing was written.",
        )
        .with_hint("Enter the passphrase given when the file was exported."));
    }
    let cipher =
        chacha20poly1305::XChaCha20Poly1305::new_from_slice(&k[..32]).map_err(|e| AppError::internal(e.to_string()))?;
    let plain = cipher
        .decrypt(chacha20poly1305::XNonce::from_slice(&nonce), Payload { msg: &ct, aad })
        .map_err(|_| damaged("its content was altered after export (authentication failed)"))?;
    Ok(zeroize::Zeroizing::new(plain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn rows() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("licensing".to_string(), r#"{"ApiKey":"CIPHERTEXT-KEY","ApiAddress":"https://a"}"#.to_string()),
            ("fido".to_string(), r#"{"AllowPlatformAuthenticators":true}"#.to_string()),
        ])
    }

    #[test]
    fn secrets_left_out_by_default_sealed_with_a_passphrase() {
        let plain = ConfigFile::build("db", "0.1.0", "t", &rows(), vec![], None).unwrap();
        let text = String::from_utf8(plain.to_bytes().unwrap()).unwrap();
        assert!(!text.contains("CIPHERTEXT-KEY"));
        assert_eq!(plain.settings["licensing"]["ApiKey"], Value::Null);
        let (_, none) = ConfigFile::parse(text.as_bytes(), None).unwrap();
        assert!(none.is_none());

        let p = Secret::new("correct horse battery".to_string());
        let sealed = ConfigFile::build("db", "0.1.0", "t", &rows(), vec![], Some(&p)).unwrap();
        let bytes = sealed.to_bytes().unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("CIPHERTEXT-KEY"));
        let (_, got) = ConfigFile::parse(&bytes, Some(&p)).unwrap();
        assert_eq!(got.unwrap().rows, rows(), "the stored bytes come back exactly");

        let wrong = Secret::new("wrong passphrase!".to_string());
        assert_eq!(ConfigFile::parse(&bytes, Some(&wrong)).unwrap_err().code, ErrorCode::ConfigWrongPassphrase);
        // Tampered readable part: the AEAD refuses it.
        let tampered = String::from_utf8(bytes.clone()).unwrap().replace("https://a", "https://b");
        assert_eq!(ConfigFile::parse(tampered.as_bytes(), Some(&p)).unwrap_err().code, ErrorCode::ConfigFileDamaged);
        // Truncated.
        assert_eq!(
            ConfigFile::parse(&bytes[..bytes.len() / 2], Some(&p)).unwrap_err().code,
            ErrorCode::ConfigFileDamaged
        );
    }

    #[test]
    fn newer_versions_and_altered_plain_files_are_refused() {
        let f = ConfigFile::build("db", "0.1.0", "t", &rows(), vec![], None).unwrap();
        let mut v: Value = serde_json::from_slice(&f.to_bytes().unwrap()).unwrap();
        v["Version"] = Value::from(VERSION + 1);
        let e = ConfigFile::parse(&serde_json::to_vec(&v).unwrap(), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::ConfigFileNewer);
        let text = String::from_utf8(f.to_bytes().unwrap()).unwrap().replace("https://a", "https://evil");
        assert_eq!(ConfigFile::parse(text.as_bytes(), None).unwrap_err().code, ErrorCode::ConfigFileDamaged);
        assert_eq!(ConfigFile::parse(b"{\"Format\":1}", None).unwrap_err().code, ErrorCode::ConfigFileDamaged);
        let short = ConfigFile::build("db", "0.1.0", "t", &rows(), vec![], Some(&crate::Secret::new("short")));
        assert_eq!(short.unwrap_err().code, ErrorCode::Validation);
    }
}
