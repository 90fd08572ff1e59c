//! An `AppSettings` row read or written as the other writer (the test's own SQL, not the
//! console's), on a SQLite or a MySQL pool alike: macros, so one text serves both databases.

/// `Option<String>`: the stored `Value` of row `$key`, exactly as stored.
#[macro_export]
macro_rules! app_setting {
    ($pool:expr, $key:expr) => {
        $crate::sqlx::query_scalar::<_, String>("SELECT Value FROM AppSettings WHERE Id = ?")
            .bind($key)
            .fetch_optional($pool)
            .await
            .unwrap()
    };
}

/// Overwrite the `Value` of row `$key` (it must exist: exactly one row changes).
#[macro_export]
macro_rules! set_app_setting {
    ($pool:expr, $key:expr, $value:expr) => {{
        let n = $crate::sqlx::query("UPDATE AppSettings SET Value = ? WHERE Id = ?")
            .bind($value)
            .bind($key)
            .execute($pool)
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(n, 1, "the other writer changed {}", $key);
    }};
}
