//! Authenticating to the SSH host: a private key file (OpenSSH or PEM, maybe with a passphrase),
//! the running agent (ssh-agent through SSH_AUTH_SOCK; Pageant on Windows), or a password. The
//! secrets come from the caller (keychain, stdin, environment) and are never logged.

use crate::SshTarget;
use hes_core::connections::SshAuth;
use hes_core::error::{AppError, AppResult, ErrorCode};
use russh::client::{Handle, Handler};
use russh::keys::PrivateKeyWithHashAlg;
use std::sync::Arc;

/// A private key file is a few kilobytes; larger files are not read.
const MAX_KEY_FILE: u64 = 64 * 1024;

fn refused(t: &SshTarget, what: &str) -> AppError {
    AppError::new(ErrorCode::SshAuthFailed, format!("The SSH host {}:{} refused {what} for the user {}.", t.host, t.port, t.user))
        .with_field("Ssh.User")
        .with_hint("Check the SSH user and that the server accepts this key or password for it (authorized_keys, PasswordAuthentication).")
}

fn sent(e: russh::Error) -> AppError {
    AppError::new(ErrorCode::SshTunnelClosed, format!("The SSH connection ended during authentication: {e}"))
}

/// Authenticate `handle` as the profile says; returns how, for the check's report.
pub async fn authenticate<H: Handler>(handle: &mut Handle<H>, t: &SshTarget) -> AppResult<String> {
    match &t.auth {
        SshAuth::Password => {
            let password = t.secret.as_ref().filter(|s| !s.expose().is_empty()).ok_or_else(|| {
                AppError::new(ErrorCode::SshAuthFailed, "Enter the SSH password for this connection.")
                    .with_field("Ssh.Secret")
            })?;
            let r = handle.authenticate_password(t.user.clone(), password.expose()).await.map_err(sent)?;
            if r.success() {
                Ok(format!("{} by password", t.user))
            } else {
                Err(refused(t, "the password").with_field("Ssh.Secret"))
            }
        }
        SshAuth::Key { path } => {
            let key = load_key(path, t.secret.as_ref().map(|s| s.expose()))?;
            let hash = handle.best_supported_rsa_hash().await.map_err(sent)?.flatten();
            let algorithm = key.algorithm().as_str().to_string();
            let with = PrivateKeyWithHashAlg::new(Arc::new(key), hash);
            let r = handle.authenticate_publickey(t.user.clone(), with).await.map_err(sent)?;
            if r.success() {
                Ok(format!("{} by the {algorithm} key {path}", t.user))
            } else {
                Err(refused(t, &format!("the key {path}")).with_field("Ssh.KeyPath"))
            }
        }
        SshAuth::Agent => agent(handle, t).await,
    }
}

/// Read and decrypt a private key file, bounded in size.
pub fn load_key(path: &str, passphrase: Option<&str>) -> AppResult<russh::keys::PrivateKey> {
    let bad = |why: String| AppError::new(ErrorCode::SshAuthFailed, why).with_field("Ssh.KeyPath");
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("Cannot read the private key file {path}: {e}")))?;
    if meta.len() > MAX_KEY_FILE {
        return Err(bad(format!("{path} is larger than a private key file ({} bytes).", meta.len())));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| bad(format!("Cannot read the private key file {path}: {e}")))?;
    let passphrase = passphrase.filter(|p| !p.is_empty());
    russh::keys::decode_secret_key(&text, passphrase).map_err(|e| match e {
        russh::keys::Error::KeyIsEncrypted => AppError::new(
            ErrorCode::SshAuthFailed,
            format!("The private key {path} is protected by a passphrase: enter it."),
        )
        .with_field("Ssh.Secret"),
        // A wrong passphrase decrypts to garbage: the key's check bytes or padding do not match.
        _ if passphrase.is_some() => AppError::new(
            ErrorCode::SshAuthFailed,
            format!("The private key {path} could not be decrypted: the passphrase is wrong, or the file is not a private key."),
        )
        .with_field("Ssh.Secret"),
        other => bad(format!("{path} is not a usable private key (OpenSSH or PEM): {other}")),
    })
}

fn no_agent(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::SshAuthFailed, format!("No SSH agent is available: {e}."))
        .with_field("Ssh.Auth")
        .with_hint("Start ssh-agent (Pageant on Windows) and add your key, or choose a key file or a password.")
}

#[cfg(unix)]
async fn agent<H: Handler>(handle: &mut Handle<H>, t: &SshTarget) -> AppResult<String> {
    let client = russh::keys::agent::client::AgentClient::connect_env().await.map_err(no_agent)?;
    with_agent(handle, t, client).await
}

#[cfg(windows)]
async fn agent<H: Handler>(handle: &mut Handle<H>, t: &SshTarget) -> AppResult<String> {
    let client = russh::keys::agent::client::AgentClient::connect_pageant().await.map_err(no_agent)?;
    with_agent(handle, t, client).await
}

/// Try each of the agent's keys in turn (the agent signs; the key never leaves it).
#[cfg(any(unix, windows))]
async fn with_agent<H, S>(
    handle: &mut Handle<H>,
    t: &SshTarget,
    mut client: russh::keys::agent::client::AgentClient<S>,
) -> AppResult<String>
where
    H: Handler,
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    use russh::keys::agent::AgentIdentity;
    let identities = client.request_identities().await.map_err(|e| {
        AppError::new(ErrorCode::SshAuthFailed, format!("The SSH agent did not list its keys: {e}."))
            .with_field("Ssh.Auth")
    })?;
    let hash = handle.best_supported_rsa_hash().await.map_err(sent)?.flatten();
    let mut tried = 0;
    for identity in identities {
        let AgentIdentity::PublicKey { key, comment } = identity else { continue };
        tried += 1;
        match handle.authenticate_publickey_with(t.user.clone(), key, hash, &mut client).await {
            Ok(r) if r.success() => return Ok(format!("{} by the agent's key {comment}", t.user)),
            Ok(_) => {}
            Err(e) => tracing::debug!("SSH agent could not sign: {e}"),
        }
    }
    Err(match tried {
        0 => AppError::new(ErrorCode::SshAuthFailed, "The SSH agent holds no key.")
            .with_field("Ssh.Auth")
            .with_hint("Add your key to the agent (ssh-add), or choose a key file or a password."),
        n => refused(t, &format!("the agent's {n} key(s)")).with_field("Ssh.Auth"),
    })
}

#[cfg(not(any(unix, windows)))]
async fn agent<H: Handler>(_: &mut Handle<H>, _: &SshTarget) -> AppResult<String> {
    Err(AppError::new(ErrorCode::SshAuthFailed, "No SSH agent is supported on this system.").with_field("Ssh.Auth"))
}
