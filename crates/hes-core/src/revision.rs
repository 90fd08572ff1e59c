//! Revision tokens for compare-and-swap. The UI gets a token per stored row and
//! sends it back with a change; the backend compares it with the row as it is now.
//! A token is a keyed hash (random key per process) so it reveals nothing about a plaintext secret.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub const ABSENT: &str = "absent";

pub struct RevisionKey([u8; 32]);

impl RevisionKey {
    pub fn random() -> Self {
        let mut k = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut k);
        RevisionKey(k)
    }

    /// The token of a row's stored text; `None` (no row) has the fixed token `absent`.
    pub fn token(&self, value: Option<&str>) -> String {
        let Some(value) = value else { return ABSENT.to_string() };
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(value.as_bytes());
        let out = mac.finalize().into_bytes();
        out[..12].iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for RevisionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RevisionKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_by_value_and_by_key() {
        let a = RevisionKey::random();
        let b = RevisionKey::random();
        assert_eq!(a.token(Some("x")), a.token(Some("x")));
        assert_ne!(a.token(Some("x")), a.token(Some("y")));
        assert_ne!(a.token(Some("x")), b.token(Some("x")));
        assert_eq!(a.token(None), ABSENT);
    }
}
