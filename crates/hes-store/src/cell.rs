//! Reading one column of a fetched row without panicking. sqlx's `Row::get` panics on a NULL or a
//! value of another type; a database edited by hand (or a future HES release) can hold either, and
//! one odd row must become an error the admin can act on, not a crash.

use hes_core::error::{AppError, AppResult, ErrorCode};
use sqlx::{ColumnIndex, Decode, Row, Type};

/// Column `i` (named `column` in `table`, for the message) as `T`, or `CorruptSetting`. The
/// message names the table and column and whether the value was NULL, never the value itself.
pub fn cell<'r, R, T>(row: &'r R, table: &str, column: &str, i: usize) -> AppResult<T>
where
    R: Row,
    usize: ColumnIndex<R>,
    T: Decode<'r, R::Database> + Type<R::Database>,
{
    row.try_get::<T, _>(i).map_err(|e| cell_error(table, column, &e))
}

/// The error for a column that cannot be read as the type the console expects.
pub fn cell_error(table: &str, column: &str, e: &sqlx::Error) -> AppError {
    let null = matches!(e, sqlx::Error::ColumnDecode { source, .. } if source.is::<sqlx::error::UnexpectedNullError>());
    let what = if null { "is NULL" } else { "holds a value of an unexpected type" };
    // The sqlx detail (type names only) goes to the log for a developer; the value never does.
    tracing::warn!(table, column, error = %e, "unreadable column");
    AppError::new(ErrorCode::CorruptSetting, format!("A row of {table} cannot be read: its {column} column {what}."))
        .with_hint(format!("Fix the row in the database ({table}.{column}); nothing was changed."))
}
