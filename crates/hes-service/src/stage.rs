//! Staging: preview copying sections from one connection to another, then apply that preview.
//! The plan holds stored secrets: it stays in the caller's process, a front end shows only the preview.

use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_store::console::{stage_keys, StagePlan};
use hes_store::mysql::bounded;
use hes_store::Console;

/// The plan of copying `sections` (none: every stageable section) from `source` to `target`.
/// `allow_newer`: the admin confirmed writing to a target of a HES release newer than 3.8.4.
pub async fn preview(
    source: &Console,
    target: &Console,
    sections: &[String],
    allow_newer: bool,
) -> AppResult<StagePlan> {
    if allow_newer {
        target.acknowledge_newer_release();
    }
    let keys: Vec<String> =
        if sections.is_empty() { stage_keys().iter().map(|k| k.to_string()).collect() } else { sections.to_vec() };
    bounded(source.stage_plan(target, &keys)).await
}

/// Apply a preview; `ConcurrentChange` if the target changed since. `remove`: the sections whose
/// removals (a section the source lacks, or a list's items) the admin confirmed; anything else the
/// preview would remove is kept.
pub async fn apply(target: &Console, mut plan: StagePlan, remove: &[String]) -> AppResult<()> {
    plan.confirm_removals(remove);
    bounded(Console::stage_apply(target, plan)).await
}

/// Copying a connection onto itself.
pub fn same_connection() -> AppError {
    AppError::new(ErrorCode::BadRequest, "Choose two different connections to copy between.")
}

/// Apply asked for without a preview waiting.
pub fn no_preview() -> AppError {
    AppError::new(ErrorCode::BadRequest, "There is no preview to apply: preview the copy first.")
}
