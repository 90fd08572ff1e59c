//! Opening a database. The embedded workspace is SQLite, created on first use with HES's tables.
//! MySQL (a real HES database) joins as a second variant behind the same API.

use crate::cell::cell;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::hes_version::{release_of, WORKSPACE_MIGRATIONS};
use hes_core::settings::saml::SamlColumns;
use sqlx::mysql::MySqlPool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use std::path::Path;
use std::str::FromStr;

/// The schema version of a workspace this console created (`PRAGMA user_version`).
const WORKSPACE_SCHEMA_VERSION: i64 = 1;
const SCHEMA: &str = include_str!("schema/sqlite.sql");
// Keep in step with WORKSPACE_SCHEMA_VERSION (checked at compile time below).
const PRAGMA_SET_VERSION: &str = "PRAGMA user_version = 1";
const _: () = assert!(WORKSPACE_SCHEMA_VERSION == 1);

#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded local workspace.
    Sqlite(SqlitePool),
    /// A real HES database (MySQL 8 / MariaDB).
    MySql(MySqlPool),
}

/// Run the same sqlx code on whichever pool is open; `$body` is type-checked once per backend.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::MySql($pool) => $body,
        }
    };
}

impl Db {
    pub fn is_mysql(&self) -> bool {
        matches!(self, Db::MySql(_))
    }

    /// Null-safe, case- and accent-sensitive equality of `col` with a bound value. MySQL's
    /// collations compare case-insensitively, which would let a case-only change slip past a
    /// compare-and-swap.
    pub fn same(&self, col: &str) -> String {
        match self {
            Db::Sqlite(_) => format!("{col} IS ?"),
            Db::MySql(_) => format!("CAST({col} AS BINARY) <=> CAST(? AS BINARY)"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Opened {
    pub db: Db,
    pub kind: hes_core::workspace::DbKind,
    pub location: String,
}

/// How far opening a workspace may go to create one that is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateMode {
    /// The app's own data folder: create the folders and the file.
    WithFolders,
    /// A path someone typed (`hesctl --db`): a new file only in a folder that exists, so a typo
    /// does not leave folders and an empty workspace nobody reads.
    InExistingFolder,
}

impl Db {
    /// Open (creating when missing, folders too) a SQLite workspace: a `sqlite:` URL or a file path.
    pub async fn open_sqlite(path_or_url: &str) -> AppResult<Opened> {
        Ok(Self::open_sqlite_with(path_or_url, CreateMode::WithFolders).await?.0)
    }

    /// [`Db::open_sqlite`] with an explicit [`CreateMode`]; also says whether the file was created.
    /// Any URL scheme other than `sqlite:` is refused (`BadRequest`), before anything is created.
    pub async fn open_sqlite_with(path_or_url: &str, mode: CreateMode) -> AppResult<(Opened, bool)> {
        let path = path_or_url
            .strip_prefix("sqlite://")
            .or_else(|| path_or_url.strip_prefix("sqlite:"))
            .unwrap_or(path_or_url);
        if let Some(scheme) = url_scheme(path) {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("'{scheme}:' is not a database this console opens; nothing was created."),
            )
            .with_hint("Give a workspace file path (or sqlite:PATH), or mysql://user@host:3306/database."));
        }
        let created = !Path::new(path).exists();
        if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            if created && mode == CreateMode::InExistingFolder && !dir.is_dir() {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!("The folder {} does not exist; no workspace was created.", dir.display()),
                )
                .with_hint("Check the path, or pass --create to make the folders and a new workspace."));
            }
            crate::files::create_private_dir(dir)?;
        }
        // The workspace holds secrets: private from its first byte (files.rs).
        crate::files::prepare_private_file(Path::new(path))?;
        let opts = SqliteConnectOptions::from_str(&format!("sqlite:{path}"))
            .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("Not a usable SQLite path: {e}")))?
            .create_if_missing(true)
            // Deleted or replaced secrets are overwritten with zeros, not left in free pages.
            .pragma("secure_delete", "ON")
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        // Check (and create) the schema before switching to WAL: WAL mode is written into the file,
        // and a SQLite file that is not a workspace must be left exactly as it was.
        let check = connect_pool(path, opts.clone(), 1).await?;
        let migrated = migrate_sqlite(&check).await;
        check.close().await;
        migrated?;
        let pool = connect_pool(path, opts.journal_mode(SqliteJournalMode::Wal), 4).await?;
        Ok((
            Opened { db: Db::Sqlite(pool), kind: hes_core::workspace::DbKind::Sqlite, location: path.to_string() },
            created,
        ))
    }

    /// The newest `__EFMigrationsHistory.MigrationId`, or `NotHesDatabase`.
    pub async fn newest_migration(&self) -> AppResult<String> {
        let sql = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
        let latest: Option<String> = on_pool!(self, |pool| {
            let rows = sqlx::raw_sql(sql).fetch_all(pool).await.map_err(|_| not_hes())?;
            rows.first().map(|r| sqlx::Row::try_get::<String, _>(r, 0).map_err(|_| not_hes())).transpose()?
        });
        latest.ok_or_else(not_hes)
    }

    /// The HES release named by the newest migration, or `NotHesDatabase`.
    pub async fn hes_version(&self) -> AppResult<String> {
        let latest = self.newest_migration().await?;
        for table in ["AppSettings", "DataProtection", "SamlRelyingParties"] {
            let probe = format!("SELECT count(*) FROM {table} WHERE 1 = 0");
            let ok = on_pool!(self, |pool| sqlx::raw_sql(&probe).fetch_all(pool).await.map(|_| ()));
            if ok.is_err() {
                return Err(AppError::new(ErrorCode::NotHesDatabase, format!("This database has no {table} table."))
                    .with_hint("HES 3.8.3 or newer has it; open the database HES itself uses. Nothing was changed."));
            }
        }
        Ok(release_of(&latest))
    }

    /// Whether this connection may change settings: every one of [`WRITE_PROBES`] passes.
    pub async fn can_write(&self) -> AppResult<bool> {
        for probe in WRITE_PROBES {
            let result = on_pool!(self, |pool| sqlx::raw_sql(probe).execute(pool).await.map(|_| ()));
            if let Err(e) = result {
                tracing::info!(error = %e, "no write privilege: opening read-only");
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The `DataProtection` rows: (Id, Value). 0 rows = off, 1 = on, more = unfinished change.
    pub async fn data_protection_rows(&self) -> AppResult<DpRows> {
        on_pool!(self, |pool| {
            let rows = sqlx::raw_sql(DP_ROWS_SQL).fetch_all(pool).await.map_err(db_err)?;
            let cells = |r| Ok((cell(r, "DataProtection", "Id", 0)?, cell(r, "DataProtection", "Value", 1)?));
            Ok(DpRows(rows.iter().map(cells).collect::<AppResult<_>>()?))
        })
    }

    /// The statement a write runs inside its transaction to re-read Data Protection. On MySQL it
    /// takes shared locks on the rows and the gaps between them, so HES cannot enable, disable or
    /// re-key (insert or delete a params row) until the write has committed.
    pub fn dp_in_tx_sql(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "SELECT Id, Value FROM DataProtection ORDER BY Id",
            Db::MySql(_) => "SELECT Id, Value FROM DataProtection ORDER BY Id LOCK IN SHARE MODE",
        }
    }
}

/// The writes a console makes, each tried on nothing: a statement that touches no row still
/// needs the privilege. `WHERE 1 = 0` changes nothing, so no transaction is needed to undo them.
const WRITE_PROBES: [&str; 4] = [
    "UPDATE AppSettings SET Value = Value WHERE 1 = 0",
    "INSERT INTO AppSettings (Id, Value) SELECT Id, Value FROM AppSettings WHERE 1 = 0",
    "DELETE FROM AppSettings WHERE 1 = 0",
    "DELETE FROM SamlRelyingParties WHERE 1 = 0",
];

/// What opening a HES database on MySQL reads — the newest migration, the Data Protection rows,
/// the first screen's rows (the settings, the SAML table by HES 3.8.4's columns), the write
/// privileges — as ONE batch of statements on the connection that just logged in, after the
/// statement that bounds its session ([`crate::mysql::session_bounds`]). The text protocol runs
/// them in one round trip; one by one, each costs its own, and a connection over a WAN waits for
/// each. `None` when a read fails: the caller then reads them one by one, which names what is
/// missing (not HES, HES 3.8.3's SAML table), as before.
pub(crate) async fn open_facts(conn: &mut sqlx::MySqlConnection, lock_wait_secs: u64) -> Option<OpenFacts> {
    for mariadb in [true, false] {
        let batch = format!("{}; {}", crate::mysql::session_bounds(lock_wait_secs, mariadb), facts_batch());
        match read_facts(conn, &batch).await {
            // MySQL: the bounds' MariaDB form is unknown there and nothing ran; MySQL's form next.
            Err((0, e)) if mariadb && crate::mysql::is_other_server(&e) => continue,
            Err((_, e)) => {
                tracing::debug!(error = %e, "opening reads one by one");
                return None;
            }
            Ok(facts) => return facts,
        }
    }
    None
}

/// The reads of [`open_facts`], then the write probes. Every statement costs the server and the
/// client time, so nothing is probed twice: the reads show that the tables and columns are there.
/// The probes come last: the server stops a batch at its first error, so a user without a write
/// privilege (helpdesk) has had every read done by then.
fn facts_batch() -> String {
    const MIGRATION: &str = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
    let saml = crate::saml_rows::select_sql(SamlColumns::HES_3_8_4);
    let reads = [MIGRATION, DP_ROWS_SQL, crate::rows::SELECT_ALL, &saml];
    [&reads[..], &WRITE_PROBES[..]].concat().join("; ")
}

/// Run `batch` (one statement, then [`facts_batch`]'s) and read what it found: `Err` with the
/// failing statement's index, `Ok(None)` when what it read is not usable as opening facts.
async fn read_facts(conn: &mut sqlx::MySqlConnection, batch: &str) -> Result<Option<OpenFacts>, (usize, sqlx::Error)> {
    use futures_util::TryStreamExt;
    use sqlx::Either;
    // The bounds, the four reads, then the write probes.
    const FIRST_PROBE: usize = 5;
    const STATEMENTS: usize = FIRST_PROBE + WRITE_PROBES.len();
    let cols = SamlColumns::HES_3_8_4;
    let mut stream = sqlx::raw_sql(batch).fetch_many(conn);
    let (mut statement, mut migration, mut dp) = (0, None, Vec::new());
    let (mut settings, mut saml) = (Vec::new(), Vec::new());
    let mut dp_readable = true;
    let may_write = loop {
        match stream.try_next().await {
            Ok(Some(Either::Left(_))) => statement += 1,
            Ok(Some(Either::Right(row))) => match statement {
                1 => migration = sqlx::Row::try_get::<String, _>(&row, 0).ok(),
                2 => match (cell(&row, "DataProtection", "Id", 0), cell(&row, "DataProtection", "Value", 1)) {
                    (Ok(id), Ok(value)) => dp.push((id, value)),
                    _ => dp_readable = false,
                },
                3 => settings.push(row),
                4 => saml.push(row),
                _ => {}
            },
            Ok(None) if statement == STATEMENTS => break true,
            Ok(None) => return Ok(None),
            // As [`Db::can_write`]: a write refused is a read-only opening.
            Err(e) if statement >= FIRST_PROBE => {
                tracing::info!(error = %e, "no write privilege: opening read-only");
                break false;
            }
            Err(e) => return Err((statement, e)),
        }
    };
    if !dp_readable {
        return Ok(None);
    }
    // Rows that cannot be read are not an opening fact: the first view reads them again and
    // reports what is wrong.
    let first_view = match (crate::rows::from_rows(&settings), crate::saml_rows::from_rows(&saml, cols)) {
        (Ok(rows), Ok(saml)) => Some(FirstView { at: std::time::Instant::now(), rows, saml }),
        _ => None,
    };
    Ok(migration.map(|newest_migration| OpenFacts { newest_migration, dp: DpRows(dp), first_view, may_write }))
}

/// The query [`Db::data_protection_rows`] runs (also part of [`open_facts`]).
const DP_ROWS_SQL: &str = "SELECT Id, Value FROM DataProtection ORDER BY Id";

/// What [`open_facts`] found: every table and HES 3.8.4's SAML columns are there.
pub struct OpenFacts {
    pub newest_migration: String,
    pub dp: DpRows,
    /// Every write probe passed ([`Db::can_write`]).
    pub may_write: bool,
    /// The settings and SAML rows, read with the facts.
    pub first_view: Option<FirstView>,
}

/// The rows of the first screen, read while opening (see [`open_facts`]).
pub struct FirstView {
    pub at: std::time::Instant,
    pub rows: std::collections::HashMap<String, String>,
    pub saml: Vec<hes_core::settings::saml::SamlSp>,
}

/// The `DataProtection` rows (Id, Value) as the console last read them. Every write re-reads
/// them inside its own transaction and is refused when they changed: HES's Data Protection
/// operations rewrite secrets, so a value prepared under the old state would be misread.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DpRows(pub Vec<(i32, Option<String>)>);

impl DpRows {
    pub fn ids(&self) -> Vec<i32> {
        self.0.iter().map(|(id, _)| *id).collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `DataProtectionChanged` unless `now` (read inside the write's transaction) is what was expected.
    pub fn verify(&self, now: DpRows) -> AppResult<()> {
        if *self == now {
            return Ok(());
        }
        let what = match (self.len(), now.len()) {
            (0, n) if n > 0 => "enabled",
            (n, 0) if n > 0 => "disabled",
            _ => "re-keyed (its password was changed)",
        };
        Err(AppError::new(
            ErrorCode::DataProtectionChanged,
            format!("HES Data Protection was {what} after the console opened this database. Nothing was written."),
        )
        .with_hint(
            "The console now shows the database in its new Data Protection state; review and apply your change again.",
        ))
    }
}

/// Re-read `DataProtection` inside `$tx` and compare with `$expected` (a [`DpRows`]).
#[macro_export]
macro_rules! verify_dp_in_tx {
    ($db:expr, $tx:expr, $expected:expr) => {{
        use sqlx::Row as _;
        let rows = sqlx::query($db.dp_in_tx_sql()).fetch_all(&mut *$tx).await.map_err($crate::db::db_err)?;
        let now = $crate::db::DpRows(
            rows.iter()
                .map(|r| r.try_get::<i32, _>(0).and_then(|id| Ok((id, r.try_get::<Option<String>, _>(1)?))))
                .collect::<Result<Vec<_>, _>>()
                .map_err($crate::db::db_err)?,
        );
        $expected.verify(now)?;
    }};
}

/// The scheme of a URL-looking path (`postgres://x` → `postgres`). One letter is a Windows drive
/// (`C:\\ws.sqlite`), not a scheme.
fn url_scheme(path: &str) -> Option<&str> {
    let (scheme, _) = path.split_once(':')?;
    let mut chars = scheme.chars();
    let looks_like_scheme = scheme.len() > 1
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    looks_like_scheme.then_some(scheme)
}

async fn connect_pool(path: &str, opts: SqliteConnectOptions, max: u32) -> AppResult<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(max)
        .connect_with(opts)
        .await
        .map_err(|e| AppError::new(ErrorCode::DbUnreachable, format!("Cannot open the workspace {path}: {e}")))
}

fn not_hes() -> AppError {
    AppError::new(ErrorCode::NotHesDatabase, "This database has no HES tables (no __EFMigrationsHistory rows).")
        .with_hint("Open the database HES itself uses; the console never creates HES tables in a server database.")
}

/// Create HES's tables in a new workspace, in one transaction; refuse a file from a newer console.
/// Boxed as `Send`: callers inside Tauri's async commands need a `Send` future, and rustc cannot
/// prove that through sqlx's transaction executor without this concrete boundary.
fn migrate_sqlite(
    pool: &SqlitePool,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>> + Send + '_>> {
    Box::pin(migrate_sqlite_inner(pool))
}

async fn migrate_sqlite_inner(pool: &SqlitePool) -> AppResult<()> {
    let version: i64 = sqlx::query_scalar("PRAGMA user_version").fetch_one(pool).await.map_err(db_err)?;
    if version == WORKSPACE_SCHEMA_VERSION {
        return Ok(());
    }
    if version > WORKSPACE_SCHEMA_VERSION {
        return Err(AppError::new(
            ErrorCode::NotHesDatabase,
            format!("This workspace was made by a newer HES Console (schema {version})."),
        )
        .with_hint("Update HES Console, or open another workspace file."));
    }
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    if tables > 0 {
        return Err(AppError::new(ErrorCode::NotHesDatabase, "This SQLite file is not an HES Console workspace.")
            .with_hint("Choose a new file name; the console leaves other databases untouched."));
    }
    let mut tx = pool.begin().await.map_err(db_err)?;
    sqlx::Executor::execute(&mut *tx, SCHEMA).await.map_err(db_err)?;
    for id in WORKSPACE_MIGRATIONS {
        sqlx::query("INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES (?, '5.0.6')")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    sqlx::Executor::execute(&mut *tx, PRAGMA_SET_VERSION).await.map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!("created a new workspace with HES 3.8.4 tables");
    Ok(())
}

/// A database error as an `AppError`. sqlx messages carry SQL text, never bound values.
/// The session bounds (mysql.rs) end as `Timeout`: 1205 lock wait, 1969 MariaDB statement time,
/// 3024 MySQL execution time.
pub fn db_err(e: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(d) = &e {
        let number = d.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().map(|m| m.number());
        if matches!(number, Some(1205 | 1969 | 3024)) {
            return AppError::new(
                ErrorCode::Timeout,
                format!(
                    "The database gave up waiting (another session holds a lock, or the statement ran too long): {}",
                    d.message()
                ),
            )
            .with_hint("Nothing was changed by this operation. Retry when the other session has finished.");
        }
    }
    AppError::new(ErrorCode::DbUnreachable, format!("Database error: {e}"))
}
