//! Vault license status as HES computes it (`UpdateHardwareVaultsLicenseStatusAsync`, reference
//! 4.2): whole days from today (UTC) to `LicenseEndDate` — more than 90 Valid, more than 30
//! Warning, more than 0 Critical, otherwise Expired; no end date is None. And the Licensing tab's
//! summary: vaults by status, licenses ending per month for the next 12 months.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;
use ts_rs::TS;

/// HES's `VaultLicenseStatus` (`HardwareVaults.LicenseStatus`, the C# ordinal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
pub enum VaultLicenseStatus {
    None = 0,
    Valid = 1,
    Warning = 2,
    Critical = 3,
    Expired = 4,
}

impl VaultLicenseStatus {
    pub const ALL: [VaultLicenseStatus; 5] = [
        VaultLicenseStatus::None,
        VaultLicenseStatus::Valid,
        VaultLicenseStatus::Warning,
        VaultLicenseStatus::Critical,
        VaultLicenseStatus::Expired,
    ];

    pub fn ordinal(self) -> i32 {
        self as i32
    }

    /// From days left until the end date.
    pub fn from_days_left(days: i64) -> Self {
        match days {
            d if d > 90 => VaultLicenseStatus::Valid,
            d if d > 30 => VaultLicenseStatus::Warning,
            d if d > 0 => VaultLicenseStatus::Critical,
            _ => VaultLicenseStatus::Expired,
        }
    }
}

/// Whole days from `today` to the end date's day (negative when past).
pub fn days_left(end: &NaiveDateTime, today: NaiveDate) -> i64 {
    (end.date() - today).num_days()
}

pub fn license_status(end: Option<&NaiveDateTime>, today: NaiveDate) -> VaultLicenseStatus {
    end.map_or(VaultLicenseStatus::None, |e| VaultLicenseStatus::from_days_left(days_left(e, today)))
}

/// Today in UTC, as HES's `DateTime.UtcNow.Date`.
pub fn utc_today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct StatusCount {
    pub status: VaultLicenseStatus,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u32,
}

/// The Licensing tab at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct LicenseSummary {
    /// The day the statuses are computed for (UTC), `YYYY-MM-DD`.
    pub today: String,
    pub vaults: u32,
    /// Vaults by status computed from their `LicenseEndDate` today (all five, in HES's order).
    pub by_status: Vec<StatusCount>,
    pub licenses: u32,
    /// Licenses (`HardwareVaultLicenses.EndDate`) ending from today to the end of the 12th month
    /// (this month first), one entry per month.
    pub ending_by_month: Vec<MonthCount>,
}

/// The 12 months of the chart: (`YYYY-MM`, first day), this month first, and the first day after.
pub fn next_months(today: NaiveDate) -> (Vec<(String, NaiveDate)>, NaiveDate) {
    let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).expect("valid month");
    let (mut y, mut m) = (today.year(), today.month());
    let mut out = Vec::with_capacity(12);
    for _ in 0..12 {
        out.push((format!("{y:04}-{m:02}"), first(y, m)));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    (out, first(y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn thresholds_are_hes_ones() {
        let today = day("2025-01-01");
        let at = |d: i64| {
            let end = (today + chrono::Duration::days(d)).and_hms_opt(23, 59, 0).unwrap();
            license_status(Some(&end), today)
        };
        assert_eq!(at(91), VaultLicenseStatus::Valid);
        assert_eq!(at(90), VaultLicenseStatus::Warning);
        assert_eq!(at(31), VaultLicenseStatus::Warning);
        assert_eq!(at(30), VaultLicenseStatus::Critical);
        assert_eq!(at(1), VaultLicenseStatus::Critical);
        assert_eq!(at(0), VaultLicenseStatus::Expired, "ending today: 0 days left");
        assert_eq!(at(-400), VaultLicenseStatus::Expired);
        assert_eq!(license_status(None, today), VaultLicenseStatus::None);
    }

    #[test]
    fn twelve_months_cross_the_year() {
        let (months, end) = next_months(day("2025-11-17"));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].0, "2025-11");
        assert_eq!(months[2].0, "2026-01");
        assert_eq!(months[11].0, "2026-10");
        assert_eq!(end, day("2026-11-01"));
    }
}
