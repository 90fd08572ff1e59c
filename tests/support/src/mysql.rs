//! The MariaDB peer of tests/peers and a scratch database per test.

use hes_core::workspace::TlsMode;
use hes_core::Secret;
use hes_store::MySqlTarget;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::ConnectOptions;
use std::path::PathBuf;
use std::time::Duration;

use crate::{must_env, peer_env};

/// HES 3.8.4's schema, as HES's migrations leave it on MySQL.
pub const SCHEMA: &str = include_str!("../../fixtures/hes-3.8.4-mysql.sql");

/// The peer's users as (name, password). No Debug on purpose: it holds the test passwords.
#[derive(Clone)]
pub struct MySqlPeer {
    pub host: String,
    pub port: u16,
    /// The test CA that signed the server's certificate.
    pub ca: PathBuf,
    /// Full rights on `hes_*` databases.
    pub user: (String, String),
    /// SELECT only (helpdesk).
    pub ro: (String, String),
    /// Created with REQUIRE SSL.
    pub tls: (String, String),
    pub root: (String, String),
}

impl MySqlPeer {
    /// The peer from peers.env, or `None` (see [`peer_env`]).
    pub fn from_env() -> Option<MySqlPeer> {
        let port = peer_env("HES_MYSQL_PORT")?;
        Some(MySqlPeer {
            host: must_env("HES_MYSQL_HOST"),
            port: port.parse().expect("HES_MYSQL_PORT is a port number"),
            ca: PathBuf::from(must_env("HES_TEST_CA")),
            user: (must_env("HES_MYSQL_USER"), must_env("HES_MYSQL_PASSWORD")),
            ro: (must_env("HES_MYSQL_RO_USER"), must_env("HES_MYSQL_RO_PASSWORD")),
            tls: (must_env("HES_MYSQL_TLS_USER"), must_env("HES_MYSQL_TLS_PASSWORD")),
            root: (must_env("HES_MYSQL_ROOT_USER"), std::env::var("HES_MYSQL_ROOT_PASSWORD").unwrap_or_default()),
        })
    }

    /// Root, for a test's own setup and "other writer" SQL. Statement logging is off: seed SQL holds
    /// plaintext secrets, and the tests' log checks are about what the console logs.
    pub fn root_options(&self, database: Option<&str>) -> MySqlConnectOptions {
        let mut o = MySqlConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .username(&self.root.0)
            .charset("utf8mb4")
            .disable_statement_logging();
        // An empty password must be sent as none at all (sqlx would scramble "" into a non-empty answer).
        if !self.root.1.is_empty() {
            o = o.password(&self.root.1);
        }
        if let Some(db) = database {
            o = o.database(db);
        }
        o
    }

    /// How the console connects as `user` to `database`; the test CA is given for the verifying modes.
    pub fn target(&self, database: &str, (user, password): &(String, String), tls: TlsMode) -> MySqlTarget {
        MySqlTarget {
            host: self.host.clone(),
            port: self.port,
            database: database.to_string(),
            user: user.clone(),
            password: Secret::new(password.clone()),
            tls,
            ca_file: matches!(tls, TlsMode::VerifyCa | TlsMode::VerifyIdentity).then(|| self.ca.clone()),
            timeout: Duration::from_secs(10),
            pin: None,
            ssh: None,
            via: None,
        }
    }

    /// `mysql://USER@HOST:PORT/DATABASE?ssl-mode=VERIFY_IDENTITY&ssl-ca=CA` for the peer's console
    /// user (its password goes separately): `host` as the console reaches the peer (its own host,
    /// or 127.0.0.1 from an SSH host).
    pub fn url(&self, database: &str, host: &str) -> String {
        let (user, port, ca) = (&self.user.0, self.port, self.ca.display());
        format!("mysql://{user}@{host}:{port}/{database}?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}")
    }

    /// `connections add --name NAME --host HOST --port PORT --database DATABASE --user USER` for
    /// the peer's console user: `host` as the console reaches the peer (its own host, or 127.0.0.1
    /// from an SSH host), then `more` (`--tls`, `--ca-file`, `--password-stdin`, …).
    pub fn add_profile_args(&self, name: &str, database: &str, host: &str, more: &[&str]) -> Vec<String> {
        let port = self.port.to_string();
        let user = self.user.0.as_str();
        ["connections", "add", "--name", name, "--host", host, "--port", &port, "--database", database, "--user", user]
            .iter()
            .chain(more)
            .map(|a| a.to_string())
            .collect()
    }

    /// Every password of the peer's console users: none may ever be logged or printed.
    pub fn passwords(&self) -> Vec<String> {
        [&self.user.1, &self.ro.1, &self.tls.1].into_iter().cloned().collect()
    }
}

/// `hes_t_<random>` (utf8mb4_unicode_ci, as peers-up makes them), filled from SQL, with a root pool
/// on it (the other writer and the test's eyes). Dropped, also after a panic, on Drop; peers-up
/// removes leftovers of interrupted runs.
pub struct ScratchDb {
    pub name: String,
    pub raw: MySqlPool,
    root: MySqlConnectOptions,
}

impl ScratchDb {
    pub async fn create(peer: &MySqlPeer, sql: &[&str]) -> ScratchDb {
        let name = format!("hes_t_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let mut admin = peer.root_options(None).connect().await.expect("root connects to the MariaDB peer");
        sqlx::raw_sql(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
            .execute(&mut admin)
            .await
            .expect("create the test database");
        let raw = MySqlPoolOptions::new()
            .max_connections(2)
            .connect_with(peer.root_options(Some(&name)))
            .await
            .expect("root connects to the test database");
        for part in sql {
            sqlx::raw_sql(part).execute(&raw).await.unwrap_or_else(|e| panic!("loading a fixture into {name}: {e}"));
        }
        ScratchDb { name, raw, root: peer.root_options(None) }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        // On a thread of its own: Drop may run inside or outside a runtime.
        let (opts, name) = (self.root.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            rt.block_on(async move {
                if let Ok(mut c) = opts.connect().await {
                    let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS `{name}`")).execute(&mut c).await;
                }
            });
        })
        .join();
    }
}
