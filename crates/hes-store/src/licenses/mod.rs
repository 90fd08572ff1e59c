//! License import into the HES database: check a parsed
//! document against the database (the preview), then write it in ONE transaction with multi-row
//! INSERTs, or nothing. Progress goes to the [`ImportControl`]'s callback (a heartbeat re-sends
//! it every 200 ms while a statement runs); Cancel rolls the transaction back. Works the same on
//! the SQLite workspace and on MySQL/MariaDB. The `Console` methods add the read-only check.
//!
//! A file is read twice so that its decoded licenses are never all in memory: first as an index
//! for the preview ([`index_file`]: every check, licenses without their `Data`), then by the
//! apply, whose blocking reader streams the licenses through a bounded channel into the
//! transaction's INSERTs while the database works ([`apply_file_recorded`]). A document from the
//! licensing server is parsed whole ([`apply_recorded`]).

mod backend;
mod summary;

pub use backend::{INSERT_BYTES, INSERT_ROWS, LOOKUP_BATCH};
pub use summary::summary;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::dates::{db_datetime, utc_now};
use hes_core::licenses::model::License;
use hes_core::licenses::{
    parse_document, parse_document_as, plan, ApplyResult, ImportControl, ImportPhase, ImportPlan, LicenseData,
    ParsedDocument,
};

use crate::db::{db_err, Db};

/// Run `work` while the control's heartbeat re-sends the latest progress (see
/// [`ImportControl::heartbeat`]: a thread of its own, so a non-yielding step cannot silence it).
pub async fn with_heartbeat<F: Future>(ctl: &ImportControl, work: F) -> F::Output {
    let _beat = ctl.heartbeat();
    work.await
}

/// Parse a license file on a blocking thread (with the size limit), reporting bytes read.
pub async fn parse_file(path: &Path, max_bytes: u64, ctl: &ImportControl) -> AppResult<ParsedDocument> {
    let (file, size) = open_file(path)?;
    let c = ctl.clone();
    let job = tokio::task::spawn_blocking(move || parse_document(file, Some(size), max_bytes, &c));
    with_heartbeat(ctl, job).await.map_err(|e| AppError::internal(format!("the parser stopped: {e}")))?
}

/// A license file read as an index for its preview ([`LicenseData::Index`]: every check done,
/// licenses kept without their `Data`), and what identifies the file read, so that
/// [`apply_file_recorded`] can stream the same file again into the database.
pub struct IndexedFile {
    pub doc: ParsedDocument,
    pub path: PathBuf,
    stamp: FileStamp,
}

/// The file's length and modification time when it was indexed.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |e| AppError::new(ErrorCode::Io, format!("Cannot read {}: {e}", path.display()))
}

fn open_file(path: &Path) -> AppResult<(std::fs::File, u64)> {
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    let size = file.metadata().map_err(io_err(path))?.len();
    Ok((file, size))
}

fn stamp_of(file: &std::fs::File, path: &Path) -> AppResult<FileStamp> {
    let m = file.metadata().map_err(io_err(path))?;
    Ok(FileStamp { len: m.len(), modified: m.modified().ok() })
}

/// Index a license file on a blocking thread (with the size limit), reporting bytes read.
pub async fn index_file(path: &Path, max_bytes: u64, ctl: &ImportControl) -> AppResult<IndexedFile> {
    let (file, size) = open_file(path)?;
    let stamp = stamp_of(&file, path)?;
    let c = ctl.clone();
    let job =
        tokio::task::spawn_blocking(move || parse_document_as(file, Some(size), max_bytes, &c, LicenseData::Index));
    let doc = with_heartbeat(ctl, job).await.map_err(|e| AppError::internal(format!("the parser stopped: {e}")))??;
    Ok(IndexedFile { doc, path: path.to_path_buf(), stamp })
}

/// Licenses per message from the streaming read to the writer, and the messages in flight: the
/// parser runs at most this far ahead of the database (the writer gathers an INSERT's worth).
const STREAM_CHUNK: usize = INSERT_ROWS / 4;
const STREAM_DEPTH: usize = 2;

fn file_changed(path: &Path) -> AppError {
    AppError::new(
        ErrorCode::ConcurrentChange,
        format!("The license file {} changed after its preview. Nothing was written.", path.display()),
    )
    .with_hint("Preview the file again and apply.")
}

/// Whether a license read again is the one the preview indexed.
fn same_license(indexed: &License, read: &License) -> bool {
    indexed.index == read.index
        && indexed.order_id == read.order_id
        && indexed.device_id == read.device_id
        && indexed.end_date == read.end_date
        && indexed.id == read.id
        && indexed.data_mark == read.data_mark
}

/// What an import of `doc` would do now: the plan (the preview and every rejection). Reads only.
pub async fn check(db: &Db, doc: &ParsedDocument, ctl: &ImportControl) -> AppResult<ImportPlan> {
    with_heartbeat(ctl, async {
        ctl.begin(ImportPhase::Validate, doc.records());
        let existing = match db {
            Db::Sqlite(pool) => {
                let mut c = pool.acquire().await.map_err(db_err)?;
                backend::sqlite::existing(&mut c, doc, ctl).await?
            }
            Db::MySql(pool) => {
                let mut c = pool.acquire().await.map_err(db_err)?;
                backend::mysql::existing(&mut c, doc, ctl).await?
            }
        };
        Ok(plan(doc, &existing, hes_core::licenses::status::utc_today(), ctl))
    })
    .await
}

fn no_default_profile() -> AppError {
    AppError::new(ErrorCode::NotHesDatabase, "HES's `default` vault profile is missing, so no vault can be imported.")
        .with_hint("HES creates it at start-up: start HES once against this database. Nothing was written.")
}

/// Check again inside one transaction and write everything, or nothing. `source` names the
/// document in the result (a file name, the server's address; never the API key).
pub async fn apply(db: &Db, doc: &ParsedDocument, source: &str, ctl: &ImportControl) -> AppResult<ApplyResult> {
    apply_expecting(db, None, doc, source, ctl).await
}

/// [`apply`], refused inside its transaction when Data Protection is no longer `dp` (the Console
/// passes what it opened with, so an import never lands in a database HES re-keyed meanwhile).
pub async fn apply_expecting(
    db: &Db,
    dp: Option<&crate::db::DpRows>,
    doc: &ParsedDocument,
    source: &str,
    ctl: &ImportControl,
) -> AppResult<ApplyResult> {
    apply_recorded(db, dp, doc, source, ctl, None).await
}

/// [`apply_expecting`] that also writes `pending` (its summary: the counts) into the history
/// inside the import's transaction.
/// The import's one history entry, its summary carrying the counts written.
fn counted(p: &crate::history::Pending, source: &str, plan: &ImportPlan) -> crate::history::Pending {
    let mut p = p.clone();
    p.entry.change.summary = format!(
        "{}: {} order(s), {} vault(s), {} license(s) imported",
        source,
        plan.orders.len(),
        plan.vaults.len(),
        plan.licenses.len()
    );
    p
}

pub async fn apply_recorded(
    db: &Db,
    dp: Option<&crate::db::DpRows>,
    doc: &ParsedDocument,
    source: &str,
    ctl: &ImportControl,
    pending: Option<&crate::history::Pending>,
) -> AppResult<ApplyResult> {
    if doc.index_only {
        return Err(AppError::internal("an indexed license document is applied from its file only"));
    }
    apply_from(db, dp, doc, None, source, ctl, pending).await
}

/// [`apply_recorded`] of an indexed file: the orders and vaults from the index, the licenses
/// streamed from a second read of the file into the transaction's INSERTs while it is read
/// (a bounded channel: the decoded `Data` of a few thousand licenses in memory at a time).
/// Every license read must be the one the preview indexed, or nothing is written
/// (`ConcurrentChange`: the file changed).
pub async fn apply_file_recorded(
    db: &Db,
    dp: Option<&crate::db::DpRows>,
    file: &IndexedFile,
    source: &str,
    ctl: &ImportControl,
    pending: Option<&crate::history::Pending>,
) -> AppResult<ApplyResult> {
    apply_from(db, dp, &file.doc, Some(file), source, ctl, pending).await
}

/// The streaming read of a file for [`apply_file_recorded`]: a blocking thread parses it again
/// and sends its licenses through a bounded channel; [`LicenseStream::next`] checks each
/// against the index and yields the planned ones, chunk by chunk, for the INSERTs. Dropped
/// early (an error, Cancel), it closes the channel and the read stops at its next send.
struct LicenseStream<'f> {
    file: &'f IndexedFile,
    rx: tokio::sync::mpsc::Receiver<Vec<License>>,
    reader: tokio::task::JoinHandle<AppResult<ParsedDocument>>,
    /// Indices of the planned licenses in `file.doc.licenses`, ascending (document order).
    planned: std::iter::Peekable<std::vec::IntoIter<usize>>,
    /// The index of the next license to be read.
    at: usize,
}

impl<'f> LicenseStream<'f> {
    fn start(file: &'f IndexedFile, plan: &ImportPlan) -> AppResult<Self> {
        let path = &file.path;
        let (f, size) = open_file(path)?;
        if stamp_of(&f, path)? != file.stamp {
            return Err(file_changed(path));
        }
        let (tx, rx) = tokio::sync::mpsc::channel::<Vec<License>>(STREAM_DEPTH);
        let max = file.doc.bytes;
        // A control of its own: the write phase's progress is the rows written, not the bytes
        // read; the writer stops the read by closing the channel (on Cancel too).
        let reader = tokio::task::spawn_blocking(move || {
            let mut chunk = Vec::with_capacity(STREAM_CHUNK);
            let mut send = |l: License| {
                chunk.push(l);
                chunk.len() < STREAM_CHUNK
                    || tx.blocking_send(std::mem::replace(&mut chunk, Vec::with_capacity(STREAM_CHUNK))).is_ok()
            };
            let read = parse_document_as(f, Some(size), max, &ImportControl::new(), LicenseData::Stream(&mut send));
            if read.is_ok() && !chunk.is_empty() && tx.blocking_send(chunk).is_err() {
                return Err(AppError::internal("the license writer stopped"));
            }
            read
        });
        let planned = plan.licenses.clone().into_iter().peekable();
        Ok(LicenseStream { file, rx, reader, planned, at: 0 })
    }

    /// The next planned licenses read, up to an INSERT's worth (possibly none), or `None` at the end.
    async fn next(&mut self, ctl: &ImportControl) -> AppResult<Option<Vec<License>>> {
        let mut rows = Vec::with_capacity(INSERT_ROWS);
        let mut ended = true;
        while rows.len() + STREAM_CHUNK <= INSERT_ROWS {
            let Some(chunk) = self.rx.recv().await else { break };
            ended = false;
            if ctl.is_cancelled() {
                return Err(backend::cancelled());
            }
            let indexed = &self.file.doc.licenses;
            for l in chunk {
                if !indexed.get(self.at).is_some_and(|i| same_license(i, &l)) {
                    return Err(file_changed(&self.file.path));
                }
                if self.planned.peek() == Some(&self.at) {
                    self.planned.next();
                    rows.push(l);
                }
                self.at += 1;
            }
        }
        Ok((!ended || !rows.is_empty()).then_some(rows))
    }

    /// After the last chunk: the read's own outcome, and the rest of the file as indexed.
    async fn finish(self, ctl: &ImportControl) -> AppResult<()> {
        let LicenseStream { file, rx, reader, at, .. } = self;
        drop(rx);
        let read = reader.await.map_err(|e| AppError::internal(format!("the parser stopped: {e}")))?;
        if ctl.is_cancelled() {
            return Err(backend::cancelled());
        }
        let again = read?;
        let d = &file.doc;
        if at != d.licenses.len()
            || again.devices != d.devices
            || again.orders != d.orders
            || (again.device_records, again.license_records, again.order_records)
                != (d.device_records, d.license_records, d.order_records)
            || again.rejections.total() != d.rejections.total()
        {
            return Err(file_changed(&file.path));
        }
        Ok(())
    }
}

async fn apply_from(
    db: &Db,
    dp: Option<&crate::db::DpRows>,
    doc: &ParsedDocument,
    file: Option<&IndexedFile>,
    source: &str,
    ctl: &ImportControl,
    pending: Option<&crate::history::Pending>,
) -> AppResult<ApplyResult> {
    let started = Instant::now();
    let now = db_datetime(&utc_now());
    let today = hes_core::licenses::status::utc_today();
    macro_rules! run {
        ($pool:expr, $backend:ident) => {{
            let mut tx = $pool.begin().await.map_err(db_err)?;
            if let Some(dp) = dp {
                crate::verify_dp_in_tx!(db, tx, dp);
            }
            let result: AppResult<ImportPlan> = async {
                ctl.begin(ImportPhase::Validate, doc.records());
                let existing = backend::$backend::existing(&mut tx, doc, ctl).await?;
                let plan = plan(doc, &existing, today, ctl);
                if !plan.vaults.is_empty() && !backend::$backend::has_default_profile(&mut tx).await? {
                    return Err(no_default_profile());
                }
                ctl.begin(ImportPhase::Write, plan.rows());
                backend::$backend::write_orders_vaults(&mut tx, doc, &plan, &now, ctl).await?;
                match file {
                    None => {
                        let rows: Vec<&License> = plan.licenses.iter().map(|i| &doc.licenses[*i]).collect();
                        backend::$backend::write_licenses(&mut tx, &rows, &now, ctl).await?;
                    }
                    Some(file) => {
                        let mut stream = LicenseStream::start(file, &plan)?;
                        while let Some(rows) = stream.next(ctl).await? {
                            let rows: Vec<&License> = rows.iter().collect();
                            backend::$backend::write_licenses(&mut tx, &rows, &now, ctl).await?;
                        }
                        stream.finish(ctl).await?;
                    }
                }
                if ctl.is_cancelled() {
                    return Err(backend::cancelled());
                }
                let counted = pending.map(|p| counted(p, source, &plan));
                let counted = counted.as_ref();
                crate::record_in_tx!(tx, counted);
                Ok(plan)
            }
            .await;
            match result {
                Ok(plan) => {
                    tx.commit().await.map_err(db_err)?;
                    plan
                }
                Err(e) => {
                    // Explicit, so the rollback is done when the error reaches the caller.
                    let _ = tx.rollback().await;
                    return Err(e);
                }
            }
        }};
    }
    let plan = with_heartbeat(ctl, async {
        Ok::<_, AppError>(match db {
            Db::Sqlite(pool) => run!(pool, sqlite),
            Db::MySql(pool) => run!(pool, mysql),
        })
    })
    .await?;
    ctl.emit_now();
    if let Some(p) = pending {
        counted(p, source, &plan).after_commit();
    }
    tracing::info!(
        target: "audit",
        orders = plan.orders.len(),
        vaults = plan.vaults.len(),
        licenses = plan.licenses.len(),
        rejected = plan.rejections.total(),
        "licenses imported"
    );
    Ok(ApplyResult {
        applied: plan.preview(source, doc.bytes),
        duration_ms: started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32,
    })
}
