//! Where the change history lives. Preferably the console's own table in the database the
//! change was made to (`HesConsoleHistory`, see the README), written inside the change's own
//! transaction, so every admin of that database sees every console's changes and a change is
//! never committed without its entry. When the database user may not create that table, the
//! entries go to a private file on this computer instead, and the History view says so.

use crate::cell::cell;
use crate::db::{db_err, Db, DpRows};
use crate::on_pool;
use crate::rows::RowChange as StoreRow;
use crate::saml_rows::{SamlChange, SamlSql};
use hes_core::error::{AppError, AppResult, ErrorCode};
pub use hes_core::history::row_section as row_section_json;
use hes_core::history::{self, Actor, Change, Entry, RowChange, RowKind, TABLE};
use hes_core::settings::saml::{SamlColumns, SamlSp};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

const MYSQL_DDL: &str = "CREATE TABLE IF NOT EXISTS HesConsoleHistory (
  Id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  At VARCHAR(40) NOT NULL,
  DbUser VARCHAR(300) NOT NULL,
  OsUser VARCHAR(300) NOT NULL,
  Computer VARCHAR(300) NOT NULL,
  ConsoleVersion VARCHAR(40) NOT NULL,
  Connection VARCHAR(600) NOT NULL,
  Action VARCHAR(40) NOT NULL,
  Section VARCHAR(300) NOT NULL,
  Summary VARCHAR(1000) NOT NULL,
  Reverts BIGINT NULL,
  Changes LONGTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

// No AUTOINCREMENT: entries are never deleted, so the rowid already grows by one per entry, and
// AUTOINCREMENT would add a write to sqlite_sequence to every recorded change.
const SQLITE_DDL: &str = "CREATE TABLE IF NOT EXISTS HesConsoleHistory (
  Id INTEGER PRIMARY KEY,
  At TEXT NOT NULL, DbUser TEXT NOT NULL, OsUser TEXT NOT NULL, Computer TEXT NOT NULL,
  ConsoleVersion TEXT NOT NULL, Connection TEXT NOT NULL, Action TEXT NOT NULL, Section TEXT NOT NULL,
  Summary TEXT NOT NULL, Reverts INTEGER NULL, Changes TEXT NOT NULL)";

pub const INSERT: &str = "INSERT INTO HesConsoleHistory (At, DbUser, OsUser, Computer, ConsoleVersion, Connection, Action, Section, Summary, Reverts, Changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const SELECT: &str = "SELECT Id, At, DbUser, OsUser, Computer, ConsoleVersion, Connection, Action, Section, Summary, Reverts, Changes FROM HesConsoleHistory";

/// The local file keeps at most this many entries per database (oldest dropped first).
const MAX_FILE_ENTRIES: usize = 2000;
const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Where this console records the changes of one open database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Table,
    /// The private file, and why the table could not be used.
    File {
        reason: String,
    },
}

/// The history of one open database.
pub struct History {
    connection: String,
    location: String,
    file: std::sync::RwLock<PathBuf>,
    /// Automatic backups of this database (backup.rs).
    backups: std::sync::RwLock<PathBuf>,
    place: tokio::sync::Mutex<Option<Place>>,
    /// Who makes the changes: the database user asked once, the OS user and computer looked up
    /// once (each look-up is a system call or an NSS query; a write should not pay for them).
    actor: tokio::sync::Mutex<Option<Actor>>,
}

/// An entry ready to be written inside the change's transaction (table) or after it (file).
#[derive(Clone)]
pub struct Pending {
    pub place: Place,
    pub entry: Entry,
    pub changes_json: String,
    file: PathBuf,
    location: String,
}

impl History {
    pub fn new(connection: &str, location: &str) -> History {
        let dir = crate::paths::profiles_file().parent().map(|d| d.join("history")).unwrap_or_default();
        History::with_dir(connection, location, dir)
    }

    /// Keep the fallback file in `dir` (tests, portable use).
    pub fn with_dir(connection: &str, location: &str, dir: PathBuf) -> History {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(location.as_bytes());
        let name: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
        History {
            connection: connection.to_string(),
            location: location.to_string(),
            // An empty dir (no home folder) gives a relative name no write accepts.
            file: std::sync::RwLock::new(if dir.as_os_str().is_empty() {
                PathBuf::new()
            } else {
                dir.join(format!("history-{name}.json"))
            }),
            backups: std::sync::RwLock::new(if dir.as_os_str().is_empty() {
                PathBuf::new()
            } else {
                dir.join(format!("backups-{name}"))
            }),
            place: tokio::sync::Mutex::new(None),
            actor: tokio::sync::Mutex::new(None),
        }
    }

    /// The folder of this database's automatic backups.
    pub fn backups_dir(&self) -> PathBuf {
        self.backups.read().expect("lock").clone()
    }

    /// Keep the fallback file in `dir` from now on.
    pub fn set_dir(&self, dir: PathBuf) {
        let other = History::with_dir(&self.connection, &self.location, dir);
        *self.file.write().expect("lock") = other.file.into_inner().expect("lock");
        *self.backups.write().expect("lock") = other.backups.into_inner().expect("lock");
    }

    fn file(&self) -> PathBuf {
        self.file.read().expect("lock").clone()
    }

    /// The table if it exists or can be created now (outside any transaction: MySQL commits
    /// around DDL), else the file. Decided once per open database.
    pub async fn place(&self, db: &Db) -> Place {
        let mut g = self.place.lock().await;
        if let Some(p) = &*g {
            return p.clone();
        }
        let ddl = if db.is_mysql() { MYSQL_DDL } else { SQLITE_DDL };
        let created = on_pool!(db, |pool| sqlx::query(ddl).execute(pool).await.map(|_| ()));
        let p = match created {
            Ok(()) => Place::Table,
            Err(_) if table_exists(db).await => Place::Table,
            Err(e) => {
                tracing::warn!(error = %e, "cannot create the history table: history kept in a local file");
                Place::File {
                    reason: "this database user may not create the console's history table, so changes are recorded only on this computer".into(),
                }
            }
        };
        *g = Some(p.clone());
        p
    }

    async fn actor(&self, db: &Db) -> Actor {
        let mut g = self.actor.lock().await;
        if let Some(a) = &*g {
            return a.clone();
        }
        let db_user = match db {
            Db::MySql(pool) => {
                sqlx::query_scalar::<_, String>("SELECT CURRENT_USER()").fetch_one(pool).await.unwrap_or_default()
            }
            Db::Sqlite(_) => "(local workspace)".to_string(),
        };
        let a = Actor {
            db_user,
            os_user: whoami::username(),
            computer: whoami::fallible::hostname().unwrap_or_else(|_| whoami::devicename()),
            console_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        *g = Some(a.clone());
        a
    }

    /// Prepare the entry for `change` (before the transaction starts).
    pub async fn pending(&self, db: &Db, change: Change) -> AppResult<Pending> {
        let place = self.place(db).await;
        let entry = Entry {
            id: 0,
            at: now(),
            actor: self.actor(db).await,
            connection: format!("{} ({})", self.connection, self.location),
            change,
        };
        let changes_json = history::rows_to_json(&entry.change.rows)?;
        Ok(Pending { place, entry, changes_json, file: self.file(), location: self.location.clone() })
    }

    /// Every entry, newest first, optionally only those touching `section`.
    pub async fn list(&self, db: &Db, section: Option<&str>) -> AppResult<(Place, Vec<Entry>)> {
        let place = match &*self.place.lock().await {
            Some(p) => p.clone(),
            None if table_exists(db).await => Place::Table,
            None => Place::File { reason: String::new() },
        };
        let mut entries = match &place {
            Place::Table => read_table(db).await?,
            Place::File { .. } => read_file(&self.file())?
                .into_iter()
                .filter(|e| e.location == self.location)
                .map(FileEntry::into_entry)
                .collect(),
        };
        entries.sort_by_key(|e| std::cmp::Reverse(e.id));
        entries.retain(|e| section.is_none_or(|s| e.touches(s)));
        entries.truncate(history::MAX_LIST as usize);
        Ok((place, entries))
    }

    pub async fn get(&self, db: &Db, id: i64) -> AppResult<Entry> {
        let (_, all) = self.list(db, None).await?;
        all.into_iter().find(|e| e.id == id).ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, format!("There is no history entry {id}."))
                .with_hint("List the history (History view, `hesctl history`) for the entry numbers.")
        })
    }
}

/// Above this size the entry goes as its own prepared INSERT: hex doubles the entry, and the
/// query must stay well below the server's `max_allowed_packet` (1 MiB at the smallest default).
const MAX_FOLDED_ENTRY: usize = 128 * 1024;

impl Pending {
    /// The statement that opens the write's transaction *and* inserts this entry, run as one
    /// multi-statement query: the entry then costs no round trip to a MySQL server (the write
    /// alone is the pool's ping, BEGIN, the Data Protection read, the row changes and COMMIT) and
    /// no hop to SQLite's worker thread. Every text goes as a hex literal (`_utf8mb4 X'…'`,
    /// `CAST(X'…' AS TEXT)`), so nothing in an entry is ever parsed as SQL. None: the file
    /// fallback, or an entry too large to send as text (then it is a prepared INSERT).
    fn begin_statement(&self, db: &Db) -> Option<String> {
        if self.place != Place::Table {
            return None;
        }
        let e = &self.entry;
        let texts = [
            &e.at,
            &e.actor.db_user,
            &e.actor.os_user,
            &e.actor.computer,
            &e.actor.console_version,
            &e.connection,
            &e.change.action,
            &e.change.section,
            &e.change.summary,
        ];
        let size = texts.iter().map(|t| t.len()).sum::<usize>() + self.changes_json.len();
        if size > MAX_FOLDED_ENTRY {
            return None;
        }
        let columns = INSERT.split(" VALUES").next().unwrap_or(INSERT);
        let mut sql = String::with_capacity(2 * size + columns.len() + 200);
        sql.push_str("BEGIN; ");
        sql.push_str(columns);
        sql.push_str(" VALUES (");
        let mysql = db.is_mysql();
        for t in texts {
            push_text_literal(&mut sql, t, mysql);
            sql.push_str(", ");
        }
        match e.change.reverts {
            Some(id) => sql.push_str(&id.to_string()),
            None => sql.push_str("NULL"),
        }
        sql.push_str(", ");
        push_text_literal(&mut sql, &self.changes_json, mysql);
        sql.push(')');
        Some(sql)
    }

    /// After the change committed: an entry for the file is written now. A failure here cannot
    /// undo the committed change, so it is logged, not returned.
    pub fn after_commit(&self) {
        if let Place::File { .. } = self.place {
            if let Err(e) = append_file(&self.file, &self.location, &self.entry, &self.changes_json) {
                tracing::warn!(code = %e.code, "the change was written, but its local history entry was not: {}", e.message);
            }
        }
    }
}

/// `text` as a string literal that cannot be anything but data: MySQL's `_utf8mb4 X'…'`, or
/// SQLite's `CAST(X'…' AS TEXT)` (a bare `X'…'` would be stored as a BLOB).
fn push_text_literal(sql: &mut String, text: &str, mysql: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    sql.push_str(if mysql { "_utf8mb4 X'" } else { "CAST(X'" });
    for b in text.bytes() {
        sql.push(HEX[usize::from(b >> 4)] as char);
        sql.push(HEX[usize::from(b & 15)] as char);
    }
    sql.push_str(if mysql { "'" } else { "' AS TEXT)" });
}

/// UTC now, RFC 3339 with milliseconds (sorts as text).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn table_exists(db: &Db) -> bool {
    let probe = format!("SELECT count(*) FROM {TABLE} WHERE 1 = 0");
    on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(&probe).fetch_one(pool).await.is_ok())
}

async fn read_table(db: &Db) -> AppResult<Vec<Entry>> {
    let sql = format!("{SELECT} ORDER BY Id DESC LIMIT {}", history::MAX_LIST * 4);
    on_pool!(db, |pool| {
        let rows = sqlx::query(&sql).fetch_all(pool).await.map_err(db_err)?;
        rows.iter()
            .map(|r| {
                let t = TABLE;
                Ok(Entry {
                    id: cell(r, t, "Id", 0)?,
                    at: cell(r, t, "At", 1)?,
                    actor: Actor {
                        db_user: cell(r, t, "DbUser", 2)?,
                        os_user: cell(r, t, "OsUser", 3)?,
                        computer: cell(r, t, "Computer", 4)?,
                        console_version: cell(r, t, "ConsoleVersion", 5)?,
                    },
                    connection: cell(r, t, "Connection", 6)?,
                    change: Change {
                        action: cell(r, t, "Action", 7)?,
                        section: cell(r, t, "Section", 8)?,
                        summary: cell(r, t, "Summary", 9)?,
                        reverts: cell(r, t, "Reverts", 10)?,
                        rows: history::rows_from_json(&cell::<_, String>(r, t, "Changes", 11)?)?,
                    },
                })
            })
            .collect()
    })
}

/// An entry in the local file (for the database at `location`).
#[derive(Serialize, Deserialize)]
struct FileEntry {
    location: String,
    id: i64,
    at: String,
    actor: Actor,
    connection: String,
    action: String,
    section: String,
    summary: String,
    reverts: Option<i64>,
    rows: Vec<RowChange>,
}

impl FileEntry {
    fn into_entry(self) -> Entry {
        Entry {
            id: self.id,
            at: self.at,
            actor: self.actor,
            connection: self.connection,
            change: Change {
                action: self.action,
                section: self.section,
                summary: self.summary,
                reverts: self.reverts,
                rows: self.rows,
            },
        }
    }
}

fn read_file(path: &std::path::Path) -> AppResult<Vec<FileEntry>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    match crate::files::read_limited(path, MAX_FILE_BYTES)? {
        None => Ok(Vec::new()),
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            AppError::new(ErrorCode::Io, format!("{} is not a console history file: {e}", path.display()))
        }),
    }
}

fn append_file(path: &std::path::Path, location: &str, entry: &Entry, _json: &str) -> AppResult<()> {
    let mut all = read_file(path)?;
    let id = all.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    let c = &entry.change;
    all.push(FileEntry {
        location: location.to_string(),
        id,
        at: entry.at.clone(),
        actor: entry.actor.clone(),
        connection: entry.connection.clone(),
        action: c.action.clone(),
        section: c.section.clone(),
        summary: c.summary.clone(),
        reverts: c.reverts,
        rows: c.rows.clone(),
    });
    if all.len() > MAX_FILE_ENTRIES {
        let drop = all.len() - MAX_FILE_ENTRIES;
        all.drain(..drop);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir(dir)?;
    }
    let bytes = serde_json::to_vec(&all).map_err(|e| AppError::internal(e.to_string()))?;
    crate::files::write_private_atomic(path, &bytes)
}

/// Record `$pending` (an `Option<&Pending>`) inside the open transaction `$tx` when the history
/// lives in the database; the file form is written by [`Pending::after_commit`].
#[macro_export]
macro_rules! record_in_tx {
    ($tx:ident, $pending:expr) => {{
        if let Some(p) = $pending {
            if p.place == $crate::history::Place::Table {
                let e = &p.entry;
                sqlx::query($crate::history::INSERT)
                    .bind(&e.at)
                    .bind(&e.actor.db_user)
                    .bind(&e.actor.os_user)
                    .bind(&e.actor.computer)
                    .bind(&e.actor.console_version)
                    .bind(&e.connection)
                    .bind(&e.change.action)
                    .bind(&e.change.section)
                    .bind(&e.change.summary)
                    .bind(e.change.reverts)
                    .bind(&p.changes_json)
                    .execute(&mut *$tx)
                    .await
                    .map_err($crate::db::db_err)?;
            }
        }
    }};
}

/// One transaction: Data Protection re-read, the settings rows, the SAML rows, and the history
/// entry. A failure anywhere leaves the database exactly as it was, entry included.
pub async fn write(
    db: &Db,
    dp: &DpRows,
    cols: SamlColumns,
    rows: &[StoreRow],
    saml: &[SamlChange<'_>],
    pending: Option<&Pending>,
) -> AppResult<()> {
    // No control characters in any SAML column (the same check every SAML write makes).
    crate::saml_rows::check_changes(saml)?;
    let sql = SamlSql::new(db, cols);
    let begin_and_record = pending.and_then(|p| p.begin_statement(db));
    let folded = begin_and_record.is_some();
    on_pool!(db, |pool| {
        let mut conn = pool.acquire().await.map_err(db_err)?;
        // Ok(the write's outcome) once the transaction began; Err(why it could not begin).
        let outcome: Result<AppResult<()>, sqlx::Error> = {
            let begun = match begin_and_record {
                None => sqlx::Connection::begin(&mut *conn).await,
                Some(statement) => sqlx::Connection::begin_with(&mut *conn, statement).await,
            };
            match begun {
                Err(e) => Err(e),
                Ok(mut tx) => Ok(async {
                    crate::verify_dp_in_tx!(db, tx, dp);
                    crate::apply_rows_in_tx!(db, tx, rows);
                    crate::apply_saml_in_tx!(tx, sql, saml);
                    if !folded {
                        crate::record_in_tx!(tx, pending);
                    }
                    tx.commit().await.map_err(db_err)
                }
                .await),
            }
        };
        match outcome {
            Ok(written) => written,
            Err(e) => {
                // BEGIN may have run before the folded INSERT failed: this connection must not
                // go back to the pool with a transaction open on the server.
                if folded {
                    conn.close_on_drop();
                }
                Err(db_err(e))
            }
        }
    })?;
    if let Some(p) = pending {
        p.after_commit();
    }
    Ok(())
}

/// The history rows of a set of settings and SAML writes.
pub fn rows_of(rows: &[StoreRow], saml: &[SamlChange<'_>]) -> Vec<RowChange> {
    let sp = |s: Option<&SamlSp>| s.map(saml_json);
    rows.iter()
        .map(|r| RowChange {
            kind: RowKind::Setting,
            key: r.key.clone(),
            before: r.expected.clone(),
            after: r.new.clone(),
        })
        .chain(saml.iter().map(|c| RowChange {
            kind: RowKind::Saml,
            key: c.old.or(c.new).map(|s| s.id.clone()).unwrap_or_default(),
            before: sp(c.old),
            after: sp(c.new),
        }))
        .collect()
}

/// A SAML row as the history keeps it (every column, as read).
pub fn saml_json(s: &SamlSp) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

pub fn saml_from_json(text: &str) -> AppResult<SamlSp> {
    serde_json::from_str(text).map_err(|e| {
        AppError::new(ErrorCode::CorruptSetting, format!("A history entry's SAML row cannot be read: {e}"))
    })
}
