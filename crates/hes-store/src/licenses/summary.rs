//! The Licensing tab at a glance: vaults by license status (the status HES's license status
//! update leaves `today`: from `LicenseEndDate` by HES's rule, the stored status where the rule
//! changes nothing), and licenses ending in each of the next 12 months.

use chrono::NaiveDate;
use hes_core::error::AppResult;
use hes_core::licenses::status::{next_months, LicenseSummary, MonthCount, StatusCount, VaultLicenseStatus};
use std::collections::HashMap;

use crate::db::{db_err, Db};
use crate::on_pool;

/// (days left, stored status, vaults) groups, (stored status, vaults) of vaults without end date,
/// licenses, (month, licenses) groups.
type Counts = (Vec<(i64, i64, i64)>, Vec<(i64, i64)>, i64, Vec<(String, i64)>);

pub async fn summary(db: &Db, today: NaiveDate) -> AppResult<LicenseSummary> {
    let (days, status, month) = if db.is_mysql() {
        (
            "CAST(DATEDIFF(LicenseEndDate, ?) AS SIGNED)",
            "CAST(LicenseStatus AS SIGNED)",
            "DATE_FORMAT(EndDate, '%Y-%m')",
        )
    } else {
        (
            "CAST(julianday(substr(LicenseEndDate, 1, 10)) - julianday(?) AS INTEGER)",
            "CAST(LicenseStatus AS INTEGER)",
            "substr(EndDate, 1, 7)",
        )
    };
    let by_days = format!(
        "SELECT {days} AS d, {status} AS s, COUNT(*) FROM HardwareVaults WHERE LicenseEndDate IS NOT NULL GROUP BY d, s"
    );
    let no_date = format!("SELECT {status} AS s, COUNT(*) FROM HardwareVaults WHERE LicenseEndDate IS NULL GROUP BY s");
    let by_month = format!(
        "SELECT {month} AS m, COUNT(*) FROM HardwareVaultLicenses WHERE EndDate >= ? AND EndDate < ? GROUP BY m"
    );
    let (months, end) = next_months(today);
    let day = today.format("%Y-%m-%d").to_string();
    let (from, to) = (format!("{day} 00:00:00"), format!("{} 00:00:00", end.format("%Y-%m-%d")));
    let (days_rows, no_date, licenses, month_rows): Counts = on_pool!(db, |pool| {
        let a = sqlx::query_as(&by_days).bind(&day).fetch_all(pool).await.map_err(db_err)?;
        let b = sqlx::query_as(&no_date).fetch_all(pool).await.map_err(db_err)?;
        let c =
            sqlx::query_scalar("SELECT COUNT(*) FROM HardwareVaultLicenses").fetch_one(pool).await.map_err(db_err)?;
        let d = sqlx::query_as(&by_month).bind(&from).bind(&to).fetch_all(pool).await.map_err(db_err)?;
        (a, b, c, d)
    });
    let mut status: HashMap<VaultLicenseStatus, i64> = HashMap::new();
    for (s, n) in no_date {
        *status.entry(VaultLicenseStatus::from_ordinal(s)).or_default() += n;
    }
    for (d, s, n) in days_rows {
        *status.entry(VaultLicenseStatus::from_ordinal(s).after_update(Some(d))).or_default() += n;
    }
    let months_found: HashMap<String, i64> = month_rows.into_iter().collect();
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(LicenseSummary {
        today: day,
        vaults: count(status.values().sum()),
        by_status: VaultLicenseStatus::ALL
            .iter()
            .map(|s| StatusCount { status: *s, count: count(status.get(s).copied().unwrap_or(0)) })
            .collect(),
        licenses: count(licenses),
        ending_by_month: months
            .into_iter()
            .map(|(m, _)| MonthCount { count: count(months_found.get(&m).copied().unwrap_or(0)), month: m })
            .collect(),
    })
}
