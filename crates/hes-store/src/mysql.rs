//! Opening a real HES database on MySQL 8 / MariaDB, with TLS as the profile asks, a bounded
//! connect time, and errors an admin can act on (wrong password, TLS refused, not HES).

pub mod tls;

use crate::db::{Db, Opened};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::workspace::TlsMode;
use hes_core::Secret;
use sqlx::mysql::{MySqlConnectOptions, MySqlConnection, MySqlPoolOptions, MySqlSslMode};
use std::path::PathBuf;
use std::time::Duration;

/// Where and as whom to connect. The password lives here only in memory (it comes from the
/// keychain, stdin or an environment variable, never from a file or a command line).
#[derive(Debug, Clone)]
pub struct MySqlTarget {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: Secret,
    pub tls: TlsMode,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    /// The SHA-256 of the one certificate the administrator trusts for this server (pins.json,
    /// `mysql://host:port`). With Verify CA/identity, the connection then goes through the
    /// console's own TLS upgrade (mysql/tls.rs): trusted by a CA, or exactly this certificate.
    pub pin: Option<String>,
    /// Reach `host:port` through this SSH host (a local forward opened per connection): `host`
    /// and `port` are then the database as seen from the SSH host, and TLS still verifies `host`.
    pub ssh: Option<hes_tunnel::SshTarget>,
    /// Set by [`Db::open_mysql`] while a tunnel is open: where TCP connects instead of
    /// `host:port` (the tunnel's local end). `None` everywhere else.
    pub via: Option<std::net::SocketAddr>,
}

impl MySqlTarget {
    /// `user@host:port/database`, for headers and messages (never the password).
    pub fn location(&self) -> String {
        format!("{}@{}:{}/{}", self.user, self.host, self.port, self.database)
    }
}

fn ssl_mode(t: TlsMode) -> MySqlSslMode {
    match t {
        TlsMode::Disabled => MySqlSslMode::Disabled,
        TlsMode::Preferred => MySqlSslMode::Preferred,
        TlsMode::Required => MySqlSslMode::Required,
        TlsMode::VerifyCa => MySqlSslMode::VerifyCa,
        TlsMode::VerifyIdentity => MySqlSslMode::VerifyIdentity,
    }
}

impl MySqlTarget {
    /// sqlx's options for this target (TLS mode, CA file, no empty password sent).
    pub fn connect_options(&self) -> AppResult<MySqlConnectOptions> {
        let t = self;
        // Through a tunnel, TCP goes to its local end; the modes that verify the host name go
        // through the relay (mysql/tls.rs), which verifies the real one.
        let (host, port) = match t.via {
            Some(a) => (a.ip().to_string(), a.port()),
            None => (t.host.clone(), t.port),
        };
        let mut opts = MySqlConnectOptions::new()
            .host(&host)
            .port(port)
            .database(&t.database)
            .username(&t.user)
            .ssl_mode(ssl_mode(t.tls))
            .charset("utf8mb4");
        // An empty password must not be sent at all: MySQL would see "using password: YES".
        if !t.password.expose().is_empty() {
            opts = opts.password(t.password.expose());
        }
        if let Some(ca) = &t.ca_file {
            if !ca.is_file() {
                return Err(AppError::new(ErrorCode::Io, format!("The CA file {} does not exist.", ca.display()))
                    .with_field("CaFile"));
            }
            opts = opts.ssl_ca(ca);
        } else if matches!(t.tls, TlsMode::VerifyCa | TlsMode::VerifyIdentity) {
            // sqlx trusts only its bundled webpki roots; a corporate CA lives in the OS store.
            // Its certificates are added to the bundled ones (sqlx adds an ssl-ca to them).
            let pem = crate::trust::os_roots_pem();
            if !pem.is_empty() {
                opts = opts.ssl_ca_from_pem(pem.as_bytes().to_vec());
            }
        }
        Ok(opts)
    }

    /// Whether this connection goes through the pinned path (mysql/tls.rs).
    pub fn uses_pin(&self) -> bool {
        self.pin.is_some() && matches!(self.tls, TlsMode::VerifyCa | TlsMode::VerifyIdentity)
    }

    /// Whether the console's own TLS upgrade (mysql/tls.rs) carries this connection: a pinned
    /// certificate, or Verify identity through an SSH tunnel (sqlx would check the certificate
    /// against 127.0.0.1, the tunnel's end, instead of the database's name).
    pub fn uses_relay(&self) -> bool {
        self.uses_pin() || ((self.ssh.is_some() || self.via.is_some()) && matches!(self.tls, TlsMode::VerifyIdentity))
    }

    /// sqlx's options to reach the server through the pinned-certificate relay at 127.0.0.1:`port`:
    /// the relay verifies the server; sqlx encrypts to the relay (ssl-mode Required).
    fn relay_options(&self, port: u16) -> MySqlConnectOptions {
        let mut opts = MySqlConnectOptions::new()
            .host("127.0.0.1")
            .port(port)
            .database(&self.database)
            .username(&self.user)
            .ssl_mode(MySqlSslMode::Required)
            .charset("utf8mb4");
        if !self.password.expose().is_empty() {
            opts = opts.password(self.password.expose());
        }
        opts
    }

    /// A connect failure in words an admin can act on (see `connect_error`).
    pub fn connect_error(&self, e: sqlx::Error) -> AppError {
        connect_error(self, e)
    }
}

/// Issue 11: no statement of a console session runs unbounded. The server cuts a statement after
/// this long (MariaDB `max_statement_time`, every statement; MySQL 8 `max_execution_time`,
/// SELECTs) — long enough for the largest license import's single LOAD DATA.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The client-side bound on one console operation (a settings read or write): above the server's
/// bounds, for what they cannot catch (a network cut mid-query: the server never answers and
/// sqlx 0.8 sets no TCP keepalive or read timeout). Dropping the operation releases the write lock
/// and the connection, so the UI stays usable.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(45);

/// Run one console operation within [`OPERATION_TIMEOUT`]; past it, `Timeout`.
pub async fn bounded<T>(op: impl std::future::Future<Output = AppResult<T>>) -> AppResult<T> {
    bounded_by(OPERATION_TIMEOUT, op).await
}

/// [`bounded`] with another limit (tests). A panic inside the operation (sqlx-mysql 0.8.6 panics
/// on some malformed server packets, see guard.rs) becomes `DbUnreachable`: the caller gets an
/// answer instead of a command that never returns.
pub async fn bounded_by<T>(limit: Duration, op: impl std::future::Future<Output = AppResult<T>>) -> AppResult<T> {
    use futures_util::FutureExt;
    let op = std::panic::AssertUnwindSafe(op).catch_unwind().map(|r| {
        r.unwrap_or_else(|_| {
            Err(AppError::new(
                ErrorCode::DbUnreachable,
                "The database connection failed: the server sent something the database driver could not read. Nothing was changed by this operation.",
            )
            .with_hint("Check that the address is the HES database server; then retry."))
        })
    });
    match tokio::time::timeout(limit, op).await {
        Ok(r) => r,
        Err(_) => Err(AppError::new(
            ErrorCode::Timeout,
            format!("The database did not answer within {} s; nothing was changed by this operation.", limit.as_secs()),
        )
        .with_hint("Check the network to the database server and retry.")),
    }
}

/// The statement that bounds a session: lock waits (row locks and metadata locks) end after the
/// profile's timeout, statements after [`STATEMENT_TIMEOUT`]. `mariadb` picks the statement
/// bound's name: MariaDB's `max_statement_time` (seconds, every statement) or MySQL 8's
/// `max_execution_time` (milliseconds, SELECTs). One statement: where the name is unknown, none
/// of it applies and the other form is sent instead (see [`is_other_server`]).
pub(crate) fn session_bounds(lock_wait_secs: u64, mariadb: bool) -> String {
    let statement = match mariadb {
        true => format!("max_statement_time = {}", STATEMENT_TIMEOUT.as_secs()),
        false => format!("max_execution_time = {}", STATEMENT_TIMEOUT.as_millis()),
    };
    format!(
        "SET SESSION innodb_lock_wait_timeout = {lock_wait_secs}, lock_wait_timeout = {lock_wait_secs}, {statement}"
    )
}

/// Whether `e` says MariaDB's form of [`session_bounds`] is unknown here (the server is MySQL).
pub(crate) fn is_other_server(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(e) if e.message().contains("max_statement_time"))
}

/// Per-session bounds ([`session_bounds`]), set on every pooled connection: one round trip where
/// the server is MariaDB (HES's usual server), two on MySQL.
async fn bound_session(conn: &mut MySqlConnection, lock_wait_secs: u64) -> Result<(), sqlx::Error> {
    use sqlx::Executor;
    // A statement without arguments goes as text (COM_QUERY), not prepared.
    match conn.execute(session_bounds(lock_wait_secs, true).as_str()).await {
        Err(e) if is_other_server(&e) => conn.execute(session_bounds(lock_wait_secs, false).as_str()).await.map(|_| ()),
        other => other.map(|_| ()),
    }
}

/// The way to a target, set up once per opening: its SSH tunnel and pinned-certificate relay
/// when it needs them, and sqlx's options to reach the server through them.
struct Route {
    /// The target as TCP reaches it (through the tunnel's local end when there is one).
    t: MySqlTarget,
    tunnel: Option<std::sync::Arc<hes_tunnel::Tunnel>>,
    relay: Option<std::sync::Arc<tls::Relay>>,
    opts: MySqlConnectOptions,
    /// `host:port`, for messages.
    server: String,
}

impl Route {
    async fn open(t: &MySqlTarget) -> AppResult<Route> {
        // Through SSH: the tunnel first (its own bounded steps), then everything below connects
        // to its local end. The pool keeps it open (its after_connect hook holds it); dropping
        // the pool closes it.
        let tunnel = match &t.ssh {
            Some(ssh) => Some(std::sync::Arc::new(hes_tunnel::Tunnel::open(ssh, &t.host, t.port).await.result?)),
            None => None,
        };
        let t = match &tunnel {
            Some(tunnel) => MySqlTarget { via: Some(tunnel.addr), ..t.clone() },
            None => t.clone(),
        };
        // A pinned certificate: the console's own TLS upgrade, lent to sqlx (mysql/tls.rs). The
        // pool keeps the relay alive (its after_connect hook holds it).
        let relay = match t.uses_relay() {
            true => Some(tls::Relay::start(&t).await?),
            false => None,
        };
        let opts = match &relay {
            Some(r) => t.relay_options(r.addr.port()),
            None => t.connect_options()?,
        };
        let server = format!("{}:{}", t.host, t.port);
        Ok(Route { t, tunnel, relay, opts, server })
    }

    /// A login's failure in words an admin can act on. What the relay refused (a changed
    /// certificate) says more than sqlx's closed connection; what the tunnel saw (a refused
    /// forward, a lost session) likewise. The tunnel's first: a refused forward makes the relay
    /// see a closed connection too.
    fn failed(&self, e: sqlx::Error) -> AppError {
        self.tunnel
            .as_ref()
            .and_then(|s| s.take_failure())
            .or_else(|| self.relay.as_ref().and_then(|r| r.take_failure()))
            .unwrap_or_else(|| connect_error(&self.t, e))
    }

    /// A login's outcome within the profile's timeout, as the console reports it. The login runs
    /// isolated (crate::guard): sqlx-mysql panics on some malformed packets.
    async fn login<T: Send + 'static>(
        &self,
        login: impl std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
    ) -> AppResult<T> {
        match tokio::time::timeout(self.t.timeout, crate::guard::isolated(&self.server, login)).await {
            Err(_) => Err(timeout(&self.t)),
            Ok(Err(e)) => Err(e),
            Ok(Ok(Err(e))) => Err(self.failed(e)),
            Ok(Ok(Ok(v))) => Ok(v),
        }
    }

    /// One login of its own, not pooled: a refused port or a bad password fails at once through
    /// it, where the pool would keep retrying until its timeout.
    async fn direct(&self) -> AppResult<MySqlConnection> {
        let opts = self.opts.clone();
        self.login(async move { sqlx::ConnectOptions::connect(&opts).await }).await
    }

    /// Close a connection off the waiting path, within the profile's timeout (a server that no
    /// longer answers must not keep the socket).
    fn close_later(&self, conn: MySqlConnection) {
        let limit = self.t.timeout;
        tokio::spawn(async move {
            let _ = tokio::time::timeout(limit, sqlx::Connection::close(conn)).await;
        });
    }

    fn lock_wait_secs(&self) -> u64 {
        self.t.timeout.as_secs_f64().ceil().max(1.0) as u64
    }

    /// The pool: at most 4 connections, each bounded ([`bound_session`]) and holding the relay
    /// and the tunnel open while the pool lives.
    fn pool_options(&self) -> MySqlPoolOptions {
        let lock_wait_secs = self.lock_wait_secs();
        let keep = (self.relay.clone(), self.tunnel.clone());
        MySqlPoolOptions::new().max_connections(4).acquire_timeout(self.t.timeout).after_connect(move |conn, _| {
            let _relay_and_tunnel = &keep;
            Box::pin(bound_session(conn, lock_wait_secs))
        })
    }

    fn opened(&self, pool: sqlx::MySqlPool) -> Opened {
        let location = match &self.t.ssh {
            Some(ssh) => format!("{} via ssh {}", self.t.location(), ssh.label()),
            None => self.t.location(),
        };
        Opened { db: Db::MySql(pool), kind: hes_core::workspace::DbKind::Mysql, location }
    }
}

/// What [`Db::open_mysql_with_facts`] returns: the database, what the opening batch read on the
/// first login (`None`: read them one by one, see [`crate::db::open_facts`]), and the pool's
/// warm-up, stopped when dropped.
pub struct OpenedWithFacts {
    pub opened: Opened,
    pub facts: Option<crate::db::OpenFacts>,
    pub warm_up: Option<crate::guard::AbortOnDrop>,
}

impl Db {
    /// Open a HES database with a pool whose first connection is logged in and bounded.
    pub async fn open_mysql(t: &MySqlTarget) -> AppResult<Opened> {
        let route = Route::open(t).await?;
        let started = std::time::Instant::now();
        // The direct login alongside the pool's first, for its quick failures. They run together,
        // so opening waits for one login, not two.
        let direct = route.direct();
        let opts = route.opts.clone();
        let pool = route.login(route.pool_options().connect_with(opts));
        tokio::pin!(direct, pool);
        let mut direct_done = false;
        let pool = loop {
            tokio::select! {
                d = &mut direct, if !direct_done => {
                    direct_done = true;
                    route.close_later(d?);
                }
                p = &mut pool => break p?,
            }
        };
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "connected to {}", route.server);
        Ok(route.opened(pool))
    }

    /// Open a HES database for the console, with one login on the waiting path: the direct login
    /// (quick, precise failures) also bounds its session and reads the opening facts and the
    /// first screen's rows in one round trip, then closes. The pool logs in on its own after that
    /// (`warm_up`, while the first screen is drawn), or when first used. Two logins at once
    /// would share the CPU (the TLS handshakes on both ends), and on a fast network the CPU is
    /// what an opening waits for.
    pub async fn open_mysql_with_facts(t: &MySqlTarget) -> AppResult<OpenedWithFacts> {
        let route = Route::open(t).await?;
        let started = std::time::Instant::now();
        let mut conn = route.direct().await?;
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "connected to {}", route.server);
        let lock_wait_secs = route.lock_wait_secs();
        let facts = bounded(async { Ok(crate::db::open_facts(&mut conn, lock_wait_secs).await) }).await?;
        route.close_later(conn);
        let (pool, warm_up) = match facts {
            Some(_) => {
                let pool = route.pool_options().connect_lazy_with(route.opts.clone());
                let warm = pool.clone();
                // Bounded by the pool's acquire timeout; a failure shows again on the first use.
                let warm_up = crate::guard::AbortOnDrop::spawn(async move {
                    let _ = warm.acquire().await;
                });
                (pool, Some(warm_up))
            }
            // The console reads the facts one by one on the pool at once: its login now, and a
            // failure reported as a login's (not as a missing table).
            None => (route.login(route.pool_options().connect_with(route.opts.clone())).await?, None),
        };
        Ok(OpenedWithFacts { opened: route.opened(pool), facts, warm_up })
    }
}

fn timeout(t: &MySqlTarget) -> AppError {
    AppError::new(
        ErrorCode::Timeout,
        format!("{}:{} did not answer within {} s.", t.host, t.port, t.timeout.as_secs_f32()),
    )
    .with_hint("Check the host name, the port (MySQL listens on 3306) and any firewall between you and the server.")
}

/// sqlx's error as an `AppError`: MySQL error numbers first, then TLS and network failures.
fn connect_error(t: &MySqlTarget, e: sqlx::Error) -> AppError {
    let server = format!("{}:{}", t.host, t.port);
    match &e {
        sqlx::Error::Database(db) => match db.code().as_deref() {
            // 1045 access denied (wrong password, or a REQUIRE SSL user without TLS); 1044 no grant.
            Some("28000") | Some("42000") if db.message().contains("Access denied") => AppError::new(
                ErrorCode::DbAuthFailed,
                format!("{server} refused the login of '{}': {}", t.user, db.message()),
            )
            .with_field("Password")
            .with_hint("Check the user name and password; a user created with REQUIRE SSL also needs a TLS mode other than Disabled."),
            _ if db.message().contains("Unknown database") => AppError::new(
                ErrorCode::NotHesDatabase,
                format!("{server} has no database '{}'.", t.database),
            )
            .with_field("Database"),
            _ => AppError::new(ErrorCode::DbUnreachable, format!("{server}: {}", db.message())),
        },
        sqlx::Error::Tls(inner) => AppError::new(
            ErrorCode::TlsUntrustedCertificate,
            format!("The TLS connection to {server} failed: {inner}"),
        )
        .with_hint("Choose the CA file that signed the server's certificate, or connect by the host name the certificate names; Test connection shows the certificate, to trust exactly that one after checking its SHA-256."),
        sqlx::Error::PoolTimedOut => timeout(t),
        // rustls refusing the certificate arrives as an I/O error of kind InvalidData.
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData && io.to_string().contains("certificate") => {
            AppError::new(ErrorCode::TlsUntrustedCertificate, format!("{server}'s TLS certificate was refused: {io}"))
                .with_field("CaFile")
                .with_hint("Choose the CA file that signed the server's certificate, or connect by the host name the certificate names; Test connection shows the certificate, to trust exactly that one after checking its SHA-256.")
        }
        sqlx::Error::Io(io) => AppError::new(ErrorCode::DbUnreachable, format!("Cannot reach {server}: {io}"))
            .with_hint("Check the host name and port, and that the server accepts connections from this computer."),
        other => AppError::new(ErrorCode::DbUnreachable, format!("Cannot connect to {server}: {other}")),
    }
}

#[cfg(test)]
mod bounded_tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_operation_is_an_error_and_a_slow_one_a_timeout() {
        let panics = bounded_by(Duration::from_secs(5), async {
            if std::hint::black_box(true) {
                panic!("a driver bug");
            }
            Ok::<u8, AppError>(1)
        });
        let e = panics.await.unwrap_err();
        assert_eq!(e.code, ErrorCode::DbUnreachable);
        let slow = bounded_by(Duration::from_millis(50), async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok::<u8, AppError>(1)
        });
        assert_eq!(slow.await.unwrap_err().code, ErrorCode::Timeout);
        assert_eq!(bounded_by(Duration::from_secs(1), async { Ok::<u8, AppError>(7) }).await.unwrap(), 7);
    }
}
