//! The console's own SSH client: a local forward to the HES database through an SSH host, for
//! admins who can SSH to the HES server but cannot reach its MySQL port.
//!
//! [`Tunnel::open`] resolves and connects to the SSH host, verifies its host key ([`host_key`]:
//! the key pinned on this computer, else `~/.ssh/known_hosts`; anything else is refused with the
//! key shown), authenticates ([`auth`]: key file, agent or password) and listens on
//! `127.0.0.1:0`. Each accepted connection is forwarded over its own `direct-tcpip` channel to the
//! database as seen from the SSH host, and closed with it. Every step is bounded by the profile's
//! timeout. When the SSH session ends under the tunnel, the connection in use fails and the next
//! accepted connection opens a new session. Dropping the [`Tunnel`] stops it.

pub mod auth;
pub mod host_key;

use hes_core::connections::{SshAuth, SshHostKey};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::Secret;
use russh::client::{self, Handle};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};

/// Where and as whom to reach the SSH host, and where the database is as seen from it.
#[derive(Debug, Clone)]
pub struct SshTarget {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub auth: SshAuth,
    /// The SSH password, or the key file's passphrase (from the keychain, stdin or the environment).
    pub secret: Option<Secret>,
    /// The host key trusted on this computer for `host:port` (`<algorithm> SHA256:<base64>`).
    pub pinned: Option<String>,
    /// OpenSSH's known_hosts file to consult too (`None`: none).
    pub known_hosts: Option<PathBuf>,
    /// Each step (name, TCP, handshake, authentication, channel open) gets this long.
    pub timeout: Duration,
}

impl SshTarget {
    /// `user@host:port`, for messages.
    pub fn label(&self) -> String {
        format!("{}@{}:{}", self.user, self.host, self.port)
    }

    /// `~/.ssh/known_hosts` of the user running the console, if there is a home folder.
    pub fn default_known_hosts() -> Option<PathBuf> {
        dirs::home_dir().map(|h| h.join(".ssh").join("known_hosts"))
    }
}

/// One step of reaching the SSH host, for the database check's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshStep {
    /// `DNS`, `TCP`, `Host key`, `Authentication`, `Forward`.
    pub name: &'static str,
    pub outcome: Result<String, AppError>,
    pub duration_ms: u32,
}

/// What an attempt to open a tunnel found: the tunnel or the error, the host key the server
/// presented (to show and trust it), and the steps passed.
pub struct Opening {
    pub result: AppResult<Tunnel>,
    pub host_key: Option<SshHostKey>,
    pub steps: Vec<SshStep>,
}

/// A running local forward. `addr` is where the database client connects.
pub struct Tunnel {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: tokio::task::AbortHandle,
}

struct Shared {
    target: SshTarget,
    dest_host: String,
    dest_port: u16,
    session: tokio::sync::Mutex<Option<Arc<Handle<hostkey_client::Client>>>>,
    /// Why the last forwarded connection failed: the database client only sees it closed.
    failure: Mutex<Option<AppError>>,
    connections: Mutex<Vec<tokio::task::AbortHandle>>,
}

mod hostkey_client {
    use super::host_key::{Verdict, Verifier};
    use russh::keys::PublicKeyOrCertificate;
    use std::sync::{Arc, Mutex};

    /// The russh handler: only the host key decision, recorded for the caller.
    pub struct Client {
        pub verifier: Arc<Verifier>,
        pub seen: Arc<Mutex<Option<Verdict>>>,
    }

    impl russh::client::Handler for Client {
        type Error = russh::Error;

        async fn check_server_key(&mut self, key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
            let key = match key {
                PublicKeyOrCertificate::PublicKey { key, .. } => key.clone(),
                PublicKeyOrCertificate::Certificate(cert) => russh::keys::PublicKey::from(cert.public_key().clone()),
            };
            let verdict = self.verifier.check(&key);
            let ok = matches!(verdict, Verdict::Trusted { .. });
            *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(verdict);
            Ok(ok)
        }
    }
}

fn ms(since: Instant) -> u32 {
    u32::try_from(since.elapsed().as_millis()).unwrap_or(u32::MAX)
}

fn unreachable(t: &SshTarget, why: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::SshUnreachable, format!("Cannot reach the SSH host {}:{}: {why}", t.host, t.port))
        .with_field("Ssh.Host")
        .with_hint("Check the SSH host name and port (SSH listens on 22) and that this computer may connect to it.")
}

fn timed_out(t: &SshTarget, what: &str) -> AppError {
    AppError::new(
        ErrorCode::Timeout,
        format!("The SSH host {}:{} did not {what} within {} s.", t.host, t.port, t.timeout.as_secs_f32()),
    )
    .with_field("Ssh.Host")
    .with_hint("Check the SSH host name and port and any firewall between you and the server.")
}

/// The russh client settings: keepalives find a dead server while a connection is idle.
fn config() -> Arc<client::Config> {
    Arc::new(client::Config {
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    })
}

/// Name, TCP, handshake with host key verification, authentication: a ready session.
async fn session(
    t: &SshTarget,
    steps: &mut Vec<SshStep>,
    host_key: &mut Option<SshHostKey>,
) -> AppResult<Handle<hostkey_client::Client>> {
    let host = t.host.trim().trim_start_matches('[').trim_end_matches(']').to_string();
    // DNS
    let started = Instant::now();
    let addrs: Vec<SocketAddr> =
        match tokio::time::timeout(t.timeout, tokio::net::lookup_host((host.as_str(), t.port))).await {
            Err(_) => Err(timed_out(t, "resolve")),
            Ok(Err(e)) => Err(unreachable(t, format!("the name does not resolve ({e})"))),
            Ok(Ok(a)) => Ok(a.collect()),
        }
        .and_then(
            |a: Vec<SocketAddr>| if a.is_empty() { Err(unreachable(t, "the name has no address")) } else { Ok(a) },
        )
        .inspect_err(|e| steps.push(SshStep { name: "DNS", outcome: Err(e.clone()), duration_ms: ms(started) }))?;
    let list = addrs.iter().map(|a| a.ip().to_string()).collect::<Vec<_>>().join(", ");
    steps.push(SshStep { name: "DNS", outcome: Ok(format!("{host} → {list}")), duration_ms: ms(started) });

    // TCP: each address in turn, within the one timeout.
    let started = Instant::now();
    let connect = async {
        let mut last = None;
        for a in &addrs {
            match TcpStream::connect(a).await {
                Ok(s) => return Ok(s),
                Err(e) => last = Some(e),
            }
        }
        Err(last.map(|e| e.to_string()).unwrap_or_default())
    };
    let tcp = match tokio::time::timeout(t.timeout, connect).await {
        Err(_) => Err(timed_out(t, "accept the TCP connection")),
        Ok(Err(e)) => Err(unreachable(t, e)),
        Ok(Ok(s)) => Ok(s),
    };
    let tcp =
        tcp.inspect_err(|e| steps.push(SshStep { name: "TCP", outcome: Err(e.clone()), duration_ms: ms(started) }))?;
    let peer = tcp.peer_addr().map(|a| a.to_string()).unwrap_or_default();
    steps.push(SshStep { name: "TCP", outcome: Ok(format!("connected to {peer}")), duration_ms: ms(started) });

    // Handshake and host key.
    let started = Instant::now();
    let verifier = Arc::new(host_key::Verifier::new(t));
    let seen = Arc::new(Mutex::new(None));
    let handler = hostkey_client::Client { verifier, seen: seen.clone() };
    let handshake = tokio::time::timeout(t.timeout, client::connect_stream(config(), tcp, handler)).await;
    let verdict = seen.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(v) = &verdict {
        *host_key = Some(v.key().clone());
    }
    let handle = match (handshake, verdict) {
        (Ok(Ok(h)), Some(host_key::Verdict::Trusted { how, key })) => {
            let detail = format!("{} {} ({how})", key.algorithm, key.sha256);
            steps.push(SshStep { name: "Host key", outcome: Ok(detail), duration_ms: ms(started) });
            h
        }
        (_, Some(v @ (host_key::Verdict::Unknown { .. } | host_key::Verdict::Changed { .. }))) => {
            let e = v.error(t);
            steps.push(SshStep { name: "Host key", outcome: Err(e.clone()), duration_ms: ms(started) });
            return Err(e);
        }
        (Err(_), _) => {
            let e = timed_out(t, "complete the SSH handshake");
            steps.push(SshStep { name: "Host key", outcome: Err(e.clone()), duration_ms: ms(started) });
            return Err(e);
        }
        (Ok(Err(e)), _) => {
            let e = unreachable(t, format!("the SSH handshake failed ({e})"));
            steps.push(SshStep { name: "Host key", outcome: Err(e.clone()), duration_ms: ms(started) });
            return Err(e);
        }
        (Ok(Ok(_)), _) => {
            let e = AppError::internal("the SSH handshake ended without a host key decision");
            steps.push(SshStep { name: "Host key", outcome: Err(e.clone()), duration_ms: ms(started) });
            return Err(e);
        }
    };

    // Authentication.
    let started = Instant::now();
    let mut handle = handle;
    let outcome = match tokio::time::timeout(t.timeout, auth::authenticate(&mut handle, t)).await {
        Err(_) => Err(timed_out(t, "finish authentication")),
        Ok(r) => r,
    };
    match outcome {
        Ok(how) => steps.push(SshStep { name: "Authentication", outcome: Ok(how), duration_ms: ms(started) }),
        Err(e) => {
            steps.push(SshStep { name: "Authentication", outcome: Err(e.clone()), duration_ms: ms(started) });
            return Err(e);
        }
    }
    Ok(handle)
}

impl Tunnel {
    /// Open a session to `t` and listen on 127.0.0.1 for connections forwarded to
    /// `dest_host:dest_port` (as the SSH host resolves it). The forward itself is tried by the
    /// first connection (or [`Tunnel::check_forward`]).
    pub async fn open(t: &SshTarget, dest_host: &str, dest_port: u16) -> Opening {
        let mut steps = Vec::new();
        let mut host_key = None;
        let result = async {
            let handle = session(t, &mut steps, &mut host_key).await?;
            let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await.map_err(|e| {
                AppError::new(ErrorCode::Io, format!("Cannot open the local end of the SSH tunnel: {e}"))
            })?;
            let addr = listener.local_addr().map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
            let shared = Arc::new(Shared {
                target: t.clone(),
                dest_host: dest_host.trim().trim_start_matches('[').trim_end_matches(']').to_string(),
                dest_port,
                session: tokio::sync::Mutex::new(Some(Arc::new(handle))),
                failure: Mutex::new(None),
                connections: Mutex::new(Vec::new()),
            });
            let accept = tokio::spawn(accept_loop(listener, shared.clone())).abort_handle();
            tracing::info!(ssh = %t.label(), local = %addr, "SSH tunnel opened");
            Ok(Tunnel { addr, shared, accept })
        }
        .await;
        Opening { result, host_key, steps }
    }

    /// Why the last forwarded connection failed (forward refused, session lost, host key changed
    /// on reconnect), if one did.
    pub fn take_failure(&self) -> Option<AppError> {
        self.shared.failure.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Open one channel to the database and close it at once: whether the SSH host forwards there.
    pub async fn check_forward(&self) -> SshStep {
        let started = Instant::now();
        let outcome = match self.shared.channel(0).await {
            Ok(channel) => {
                let _ = channel.close().await;
                Ok(format!("forwarding to {}:{} is allowed", self.shared.dest_host, self.shared.dest_port))
            }
            Err(e) => Err(e),
        };
        SshStep { name: "Forward", outcome, duration_ms: ms(started) }
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.accept.abort();
        for c in self.shared.connections.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
            c.abort();
        }
        // Say goodbye to the server when a runtime is there to send it; the session ends anyway
        // when its last handle goes.
        if let (Ok(rt), Ok(mut slot)) = (tokio::runtime::Handle::try_current(), self.shared.session.try_lock()) {
            if let Some(h) = slot.take() {
                rt.spawn(async move {
                    let _ = h.disconnect(russh::Disconnect::ByApplication, "", "en").await;
                });
            }
        }
        tracing::info!(ssh = %self.shared.target.label(), "SSH tunnel closed");
    }
}

impl Shared {
    /// The live session, or a new one when the last has ended (the server restarted, the network
    /// dropped): the next connection after a drop reconnects.
    async fn live(&self) -> AppResult<Arc<Handle<hostkey_client::Client>>> {
        let mut slot = self.session.lock().await;
        if let Some(h) = slot.as_ref().filter(|h| !h.is_closed()) {
            return Ok(h.clone());
        }
        if slot.take().is_some() {
            tracing::info!(ssh = %self.target.label(), "SSH session ended; reconnecting");
        }
        let handle = Arc::new(session(&self.target, &mut Vec::new(), &mut None).await?);
        *slot = Some(handle.clone());
        Ok(handle)
    }

    async fn channel(&self, origin_port: u16) -> AppResult<russh::Channel<russh::client::Msg>> {
        let t = &self.target;
        let handle = self.live().await?;
        let open = handle.channel_open_direct_tcpip(
            self.dest_host.clone(),
            u32::from(self.dest_port),
            "127.0.0.1",
            u32::from(origin_port),
        );
        match tokio::time::timeout(t.timeout, open).await {
            Err(_) => Err(timed_out(t, "open the forwarded channel")),
            Ok(Ok(c)) => Ok(c),
            Ok(Err(russh::Error::ChannelOpenFailure(why))) => Err(AppError::new(
                ErrorCode::SshForwardRefused,
                format!(
                    "The SSH host {}:{} refused to forward to {}:{} ({why:?}).",
                    t.host, t.port, self.dest_host, self.dest_port
                ),
            )
            .with_field("Host")
            .with_hint(
                "The database Host and Port are as seen from the SSH host (often 127.0.0.1:3306). The SSH server must \
                 allow TCP forwarding for this user to that address (AllowTcpForwarding, PermitOpen).",
            )),
            Ok(Err(e)) => Err(AppError::new(
                ErrorCode::SshTunnelClosed,
                format!("The SSH connection to {}:{} ended: {e}", t.host, t.port),
            )
            .with_hint("Retry: the next action reconnects through SSH.")),
        }
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let (mut local, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(_) => {
                // Out of descriptors, say: do not spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if !peer.ip().is_loopback() {
            continue;
        }
        let s = shared.clone();
        let task = tokio::spawn(async move {
            let channel = match s.channel(peer.port()).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(ssh = %s.target.label(), code = e.code.as_str(), "SSH forward failed: {}", e.message);
                    *s.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    return;
                }
            };
            let mut remote = channel.into_stream();
            if let Err(e) = tokio::io::copy_bidirectional(&mut local, &mut remote).await {
                tracing::debug!(ssh = %s.target.label(), "SSH forwarded connection ended: {e}");
                if s.session.lock().await.as_ref().is_none_or(|h| h.is_closed()) {
                    let lost = AppError::new(
                        ErrorCode::SshTunnelClosed,
                        format!("The SSH connection to {}:{} ended.", s.target.host, s.target.port),
                    )
                    .with_hint("Retry: the next action reconnects through SSH.");
                    *s.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(lost);
                }
            }
        });
        let mut all = shared.connections.lock().unwrap_or_else(|p| p.into_inner());
        all.retain(|c| !c.is_finished());
        all.push(task.abort_handle());
    }
}
