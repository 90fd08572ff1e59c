//! Is the SSH host the one the administrator trusts? The key pinned on this computer
//! (`ssh://host:port` in pins.json, set only by an explicit "Trust this host key") decides first;
//! without a pin, the user's OpenSSH `known_hosts` (plain and hashed entries). A key found in
//! neither is refused and shown (algorithm, SHA-256) to be trusted; a key other than the pinned
//! or recorded one is refused as changed, and is never re-trusted without the administrator.

use crate::SshTarget;
use hes_core::connections::SshHostKey;
use hes_core::error::{AppError, ErrorCode};
use russh::keys::{HashAlg, PublicKey};
use std::path::PathBuf;

/// known_hosts files larger than this are not read (a real one is a few kilobytes).
const MAX_KNOWN_HOSTS: u64 = 4 * 1024 * 1024;

/// `ssh://host:port`: the pins.json key of an SSH host's trusted key.
pub fn pin_key(host: &str, port: u16) -> String {
    format!("ssh://{}:{port}", host.trim().to_ascii_lowercase())
}

/// What pins.json stores for a trusted host key: `<algorithm> SHA256:<base64>`.
pub fn pin_text(key: &SshHostKey) -> String {
    format!("{} {}", key.algorithm, key.sha256)
}

/// A pin as typed or stored (`ssh-ed25519 SHA256:…`), checked; `None` if it is not one.
pub fn parse_pin(text: &str) -> Option<(String, String)> {
    let (algorithm, sha) = text.trim().split_once(' ')?;
    let b64 = sha.trim().strip_prefix("SHA256:")?;
    let ok = !algorithm.is_empty()
        && b64.len() == 43
        && b64.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    ok.then(|| (algorithm.to_string(), format!("SHA256:{b64}")))
}

/// The key as shown: algorithm and SHA-256 fingerprint.
pub fn describe(host: &str, port: u16, key: &PublicKey) -> SshHostKey {
    SshHostKey {
        host: host.to_string(),
        port,
        algorithm: key.algorithm().as_str().to_string(),
        sha256: key.fingerprint(HashAlg::Sha256).to_string(),
    }
}

#[derive(Debug, Clone)]
pub enum Verdict {
    /// Pinned, or recorded in known_hosts (`how` says which).
    Trusted {
        how: &'static str,
        key: SshHostKey,
    },
    Unknown {
        key: SshHostKey,
    },
    /// Another key than `expected` (a pin, or `known_hosts line N`).
    Changed {
        key: SshHostKey,
        expected: String,
    },
}

impl Verdict {
    pub fn key(&self) -> &SshHostKey {
        match self {
            Verdict::Trusted { key, .. } | Verdict::Unknown { key } | Verdict::Changed { key, .. } => key,
        }
    }

    /// The refusal for an unknown or changed key.
    pub fn error(&self, t: &SshTarget) -> AppError {
        let server = format!("{}:{}", t.host, t.port);
        match self {
            Verdict::Trusted { .. } => AppError::internal("a trusted host key is not an error"),
            Verdict::Unknown { key } => AppError::new(
                ErrorCode::SshHostKeyUnknown,
                format!(
                    "The SSH host {server} is not known on this computer: its {} key has the fingerprint {}. \
                     Nothing was sent.",
                    key.algorithm, key.sha256
                ),
            )
            .with_field("Ssh.Host")
            .with_hint(
                "Compare the fingerprint with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on \
                 the server); if it is the same, trust it (Test connection → Trust this host key; hesctl connections \
                 trust-host-key).",
            ),
            Verdict::Changed { key, expected } => AppError::new(
                ErrorCode::SshHostKeyChanged,
                format!(
                    "The SSH host {server} presented a different host key than the one trusted for it: {} {}, \
                     trusted {expected}. The connection was refused and nothing was sent.",
                    key.algorithm, key.sha256
                ),
            )
            .with_field("Ssh.Host")
            .with_hint(
                "Someone may be intercepting the connection. If the server was reinstalled or its keys were \
                 replaced, confirm the new fingerprint with the server's administrator, then trust it again.",
            ),
        }
    }
}

/// The trust this computer has in `host:port`'s key.
pub struct Verifier {
    host: String,
    port: u16,
    pinned: Option<String>,
    known_hosts: Option<PathBuf>,
}

impl Verifier {
    pub fn new(t: &SshTarget) -> Self {
        Verifier {
            host: t.host.trim().trim_start_matches('[').trim_end_matches(']').to_string(),
            port: t.port,
            pinned: t.pinned.clone(),
            known_hosts: t.known_hosts.clone(),
        }
    }

    pub fn check(&self, key: &PublicKey) -> Verdict {
        let shown = describe(&self.host, self.port, key);
        if let Some(pin) = &self.pinned {
            return match parse_pin(pin) {
                Some((alg, sha)) if alg == shown.algorithm && sha == shown.sha256 => {
                    Verdict::Trusted { how: "trusted on this computer", key: shown }
                }
                _ => Verdict::Changed { key: shown, expected: pin.clone() },
            };
        }
        match self.known_hosts.as_ref().map(|p| known_hosts(p, &self.host, self.port, key)) {
            Some(KnownHosts::Match) => Verdict::Trusted { how: "in known_hosts", key: shown },
            Some(KnownHosts::Changed(line)) => {
                Verdict::Changed { key: shown, expected: format!("the key on line {line} of known_hosts") }
            }
            Some(KnownHosts::NotFound) | None => Verdict::Unknown { key: shown },
        }
    }
}

enum KnownHosts {
    Match,
    Changed(usize),
    NotFound,
}

/// `host` (or `[host]:port`) in an OpenSSH known_hosts file, hashed entries too. An unreadable,
/// oversized or unparsable file counts as not listing the host (the key is then shown to trust).
fn known_hosts(path: &std::path::Path, host: &str, port: u16, key: &PublicKey) -> KnownHosts {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() <= MAX_KNOWN_HOSTS => {}
        _ => return KnownHosts::NotFound,
    }
    match russh::keys::check_known_hosts_path(host, port, key, path) {
        Ok(true) => KnownHosts::Match,
        Ok(false) => KnownHosts::NotFound,
        Err(russh::keys::Error::KeyChanged { line }) => KnownHosts::Changed(line),
        Err(e) => {
            tracing::debug!(file = %path.display(), "known_hosts not usable: {e}");
            KnownHosts::NotFound
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";

    fn target(pinned: Option<String>, known_hosts: Option<PathBuf>) -> SshTarget {
        SshTarget {
            host: "hes.example.com".into(),
            port: 2222,
            user: "u".into(),
            auth: hes_core::connections::SshAuth::Agent,
            secret: None,
            pinned,
            known_hosts,
            timeout: std::time::Duration::from_secs(1),
        }
    }

    #[test]
    fn pins_known_hosts_unknown_and_changed() {
        let key = russh::keys::parse_public_key_base64(ED).unwrap();
        let shown = describe("hes.example.com", 2222, &key);
        assert_eq!(shown.algorithm, "ssh-ed25519");
        assert!(shown.sha256.starts_with("SHA256:") && shown.sha256.len() == 50, "{}", shown.sha256);
        assert_eq!(parse_pin(&pin_text(&shown)), Some((shown.algorithm.clone(), shown.sha256.clone())));
        assert_eq!(parse_pin("ssh-ed25519 MD5:ab"), None);

        assert!(matches!(Verifier::new(&target(None, None)).check(&key), Verdict::Unknown { .. }));
        let pinned = Verifier::new(&target(Some(pin_text(&shown)), None)).check(&key);
        assert!(matches!(pinned, Verdict::Trusted { .. }));
        let other = format!("ssh-ed25519 SHA256:{}", "A".repeat(43));
        let changed = Verifier::new(&target(Some(other), None)).check(&key);
        assert!(matches!(changed, Verdict::Changed { .. }));
        assert_eq!(changed.error(&target(None, None)).code, ErrorCode::SshHostKeyChanged);

        let dir = tempfile::tempdir().unwrap();
        let kh = dir.path().join("known_hosts");
        std::fs::write(&kh, format!("# comment\n[hes.example.com]:2222 ssh-ed25519 {ED}\n")).unwrap();
        assert!(matches!(Verifier::new(&target(None, Some(kh.clone()))).check(&key), Verdict::Trusted { .. }));
        // A hashed entry (ssh-keygen -H) of the same name and port.
        let hashed = hashed_entry("[hes.example.com]:2222");
        std::fs::write(&kh, format!("{hashed} ssh-ed25519 {ED}\n")).unwrap();
        assert!(matches!(Verifier::new(&target(None, Some(kh.clone()))).check(&key), Verdict::Trusted { .. }));
        // Another key of the same algorithm recorded for the host: changed.
        let other_key = "AAAAC3NzaC1lZDI1NTE5AAAAIA6rWI3G1sz07DnfFlrouTcysQlj2P+jpNSOEWD9OJ3X";
        std::fs::write(&kh, format!("[hes.example.com]:2222 ssh-ed25519 {other_key}\n")).unwrap();
        let v = Verifier::new(&target(None, Some(kh.clone()))).check(&key);
        assert!(matches!(v, Verdict::Changed { .. }), "{v:?}");
        assert_eq!(v.error(&target(None, None)).code, ErrorCode::SshHostKeyChanged);
        // Port 22 entries do not vouch for port 2222.
        std::fs::write(&kh, format!("hes.example.com ssh-ed25519 {ED}\n")).unwrap();
        assert!(matches!(Verifier::new(&target(None, Some(kh))).check(&key), Verdict::Unknown { .. }));
    }

    /// `|1|salt|HMAC-SHA1(salt, name)` as `ssh-keygen -H` writes it (fixed salt).
    fn hashed_entry(name: &str) -> String {
        use base64::Engine as _;
        use hmac::{Hmac, Mac};
        let salt = [7u8; 20];
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&salt).unwrap();
        mac.update(name.as_bytes());
        let b64 = base64::engine::general_purpose::STANDARD;
        format!("|1|{}|{}", b64.encode(salt), b64.encode(mac.finalize().into_bytes()))
    }
}
