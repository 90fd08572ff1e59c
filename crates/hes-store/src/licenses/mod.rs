//! License import into the HES database: check a parsed
//! document against the database (the preview), then write it in ONE transaction with multi-row
//! INSERTs, or nothing. Progress goes to the [`ImportControl`]'s callback (a heartbeat re-sends
//! it every 200 ms while a statement runs); Cancel rolls the transaction back. Works the same on
//! the SQLite workspace and on MySQL/MariaDB. The `Console` methods add the read-only check.

mod backend;
mod summary;

pub use backend::{INSERT_BYTES, INSERT_ROWS, LOOKUP_BATCH};
pub use summary::summary;

use std::future::Future;
use std::path::Path;
use std::time::Instant;

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::dates::{db_datetime, utc_now};
use hes_core::licenses::{parse_document, plan, ApplyResult, ImportControl, ImportPhase, ImportPlan, ParsedDocument};

use crate::db::{db_err, Db};

/// Run `work` while the control's heartbeat re-sends the latest progress (see
/// [`ImportControl::heartbeat`]: a thread of its own, so a non-yielding step cannot silence it).
pub async fn with_heartbeat<F: Future>(ctl: &ImportControl, work: F) -> F::Output {
    let _beat = ctl.heartbeat();
    work.await
}

/// Parse a license file on a blocking thread (with the size limit), reporting bytes read.
pub async fn parse_file(path: &Path, max_bytes: u64, ctl: &ImportControl) -> AppResult<ParsedDocument> {
    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let c = ctl.clone();
    let job = tokio::task::spawn_blocking(move || parse_document(file, Some(size), max_bytes, &c));
    with_heartbeat(ctl, job).await.map_err(|e| AppError::internal(format!("the parser stopped: {e}")))?
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
                backend::$backend::write(&mut tx, doc, &plan, &now, ctl).await?;
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
