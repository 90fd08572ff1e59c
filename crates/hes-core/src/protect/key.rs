//! The verified AES-256 key and the value envelope (`CryptoHelper.Encrypt/Decrypt`, ref §3.3-3.6).

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use aes::Aes256;
use rand::rngs::OsRng;
use rand::RngCore;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::params::MAX_ITERATION_COUNT;
use super::{wire, DataProtectionParams, ProtectError};

const MAGIC: &[u8; 3] = b"HES";
const VERIFICATION_PLAINTEXT: &[u8] = b"HIDEEZ";

/// A Data Protection key whose password passed the verification code check.
#[derive(Clone)]
pub struct ProtectionKey {
    key_id: i32,
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for ProtectionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProtectionKey").field("key_id", &self.key_id).field("key", &format_args!("<redacted>")).finish()
    }
}

/// Constant-time on the key bytes, so comparing keys leaks nothing about them.
impl PartialEq for ProtectionKey {
    fn eq(&self, other: &Self) -> bool {
        self.key_id == other.key_id && bool::from(self.key.ct_eq(&*other.key))
    }
}

impl Eq for ProtectionKey {}

impl ProtectionKey {
    /// PBKDF2 from the stored params, then the 4-byte verification code check (ref §3.4).
    /// `key_id` is the `DataProtection.Id` of the params row.
    pub fn derive(params: &DataProtectionParams, key_id: i32, password: &str) -> Result<Self, ProtectError> {
        let vc = params.verification_code.as_slice();
        if vc.len() != 20 {
            return Err(ProtectError::BadParams("VerificationCode is not 20 bytes".into()));
        }
        let key = derive_key(params, password)?;
        let iv: [u8; 16] = vc[4..].try_into().expect("20 - 4 bytes");
        let block = verification_block(&key, iv);
        if !bool::from(block[..4].ct_eq(&vc[..4])) {
            return Err(ProtectError::WrongPassword);
        }
        Ok(ProtectionKey { key_id, key })
    }

    /// A key from raw bytes, skipping password verification (tests and repair tooling).
    pub fn from_bytes(key_id: i32, key: [u8; 32]) -> Self {
        ProtectionKey { key_id, key: Zeroizing::new(key) }
    }

    pub fn key_id(&self) -> i32 {
        self.key_id
    }

    /// Encrypts with a fresh random IV, as HES does for every value.
    pub fn encrypt(&self, plaintext: &str) -> String {
        let mut iv = [0u8; 16];
        OsRng.fill_bytes(&mut iv);
        self.encrypt_with_iv(plaintext, iv)
    }

    /// Deterministic encryption for test vectors. Never reuse an IV in production.
    pub fn encrypt_with_iv(&self, plaintext: &str, iv: [u8; 16]) -> String {
        let mut pt = Zeroizing::new(Vec::with_capacity(MAGIC.len() + plaintext.len()));
        pt.extend_from_slice(MAGIC);
        pt.extend_from_slice(plaintext.as_bytes());
        let body =
            cbc::Encryptor::<Aes256>::new(self.key.as_ref().into(), &iv.into()).encrypt_padded_vec_mut::<Pkcs7>(&pt);
        let mut out = Vec::with_capacity(24 + body.len());
        out.extend_from_slice(&self.key_id.to_le_bytes());
        out.extend_from_slice(&16i32.to_le_bytes());
        out.extend_from_slice(&iv);
        out.extend_from_slice(&body);
        wire::encode_base64(&out)
    }

    /// `CryptoHelper.Decrypt` step by step (ref §3.6); the key id is checked before any crypto.
    pub fn decrypt(&self, ciphertext: &str) -> Result<String, ProtectError> {
        let buf = wire::decode_base64(ciphertext).ok_or_else(|| ProtectError::CorruptValue("invalid base64".into()))?;
        let found = wire::key_id(&buf)?;
        if found != self.key_id {
            return Err(ProtectError::WrongKeyId { expected: self.key_id, found });
        }
        let (iv, body) = wire::split_envelope(&buf)?;
        // block-padding's Pkcs7 checks every pad byte, like .NET.
        let pt = Zeroizing::new(
            cbc::Decryptor::<Aes256>::new(self.key.as_ref().into(), &iv.into())
                .decrypt_padded_vec_mut::<Pkcs7>(body)
                .map_err(|_| ProtectError::CorruptValue("padding".into()))?,
        );
        // Ordinal magic check on bytes; equivalent to checking the lossy string because
        // replacement characters never decode to ASCII. Invalid UTF-8 is not an error in HES.
        match pt.strip_prefix(MAGIC) {
            Some(rest) => Ok(String::from_utf8_lossy(rest).into_owned()),
            None => Err(ProtectError::CorruptValue("not valid".into())),
        }
    }

    /// `Encrypt(null)` is null in HES: protected JSON fields may be null.
    pub fn encrypt_opt(&self, plaintext: Option<&str>) -> Option<String> {
        plaintext.map(|p| self.encrypt(p))
    }

    /// `Decrypt(null)` is null in HES.
    pub fn decrypt_opt(&self, ciphertext: Option<&str>) -> Result<Option<String>, ProtectError> {
        ciphertext.map(|c| self.decrypt(c)).transpose()
    }
}

/// `Rfc2898DeriveBytes(...).GetBytes(32)`: plain PBKDF2, hash name matched case-sensitively.
fn derive_key(params: &DataProtectionParams, password: &str) -> Result<Zeroizing<[u8; 32]>, ProtectError> {
    if params.salt.len() < 8 {
        return Err(ProtectError::BadParams("Salt is shorter than 8 bytes".into()));
    }
    let rounds = params.iteration_count;
    if rounds == 0 || rounds > i32::MAX as u32 {
        return Err(ProtectError::BadParams("IterationCount is out of range".into()));
    }
    if rounds > MAX_ITERATION_COUNT {
        return Err(ProtectError::BadParams(format!(
            "IterationCount {rounds} exceeds the console's maximum of {MAX_ITERATION_COUNT} (HES uses 100000); \
             the key is not derived"
        )));
    }
    let (pw, salt) = (password.as_bytes(), params.salt.as_slice());
    let mut key = Zeroizing::new([0u8; 32]);
    let out = key.as_mut_slice();
    match params.hash_algorithm_name.as_str() {
        "SHA1" => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, rounds, out),
        "SHA256" => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt, rounds, out),
        "SHA384" => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, salt, rounds, out),
        "SHA512" => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, salt, rounds, out),
        other => return Err(ProtectError::UnsupportedHash(other.into())),
    }
    Ok(key)
}

/// AES-256-CBC-PKCS7(key, iv, "HIDEEZ"): 6 bytes pad to exactly one block.
fn verification_block(key: &[u8; 32], iv: [u8; 16]) -> [u8; 16] {
    let ct =
        cbc::Encryptor::<Aes256>::new(key.into(), &iv.into()).encrypt_padded_vec_mut::<Pkcs7>(VERIFICATION_PLAINTEXT);
    ct.try_into().expect("one block")
}

/// Params as HES `CreateParams` builds them, with caller-chosen salt and verification IV.
pub(super) fn create_params(password: &str, salt: [u8; 16], iv: [u8; 16]) -> DataProtectionParams {
    let mut params = DataProtectionParams { salt: salt.to_vec(), ..DataProtectionParams::default() };
    let key = derive_key(&params, password).expect("defaults are supported");
    let block = verification_block(&key, iv);
    params.verification_code = [&block[..4], &iv[..]].concat();
    params
}
