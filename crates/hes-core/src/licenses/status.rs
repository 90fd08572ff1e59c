//! Vault license status as HES's license status update sets it (HES's `LicenseService`): whole
//! days from today (UTC) to `LicenseEndDate`'s day — more than 90 Valid,
//! more than 30 Warning, more than 0 Critical, less than 0 Expired. Exactly 0 days (a license
//! ending today) and a vault without `LicenseEndDate` change nothing: the status stays as it was.
//! HES runs that update right after its own import and every 30 minutes, and e-mails the admins
//! every vault whose status it changed, so the console never writes a status itself (a license
//! import inserts vaults with `None`, as HES's import does). And the Licensing tab's summary:
//! vaults by status, licenses ending per month for the next 12 months.

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

    /// From the stored ordinal; an ordinal HES does not define reads as `None`.
    pub fn from_ordinal(n: i64) -> Self {
        match n {
            1 => VaultLicenseStatus::Valid,
            2 => VaultLicenseStatus::Warning,
            3 => VaultLicenseStatus::Critical,
            4 => VaultLicenseStatus::Expired,
            _ => VaultLicenseStatus::None,
        }
    }

    /// The status HES's update sets for `days` left until the end date, or `None` when it
    /// changes nothing: exactly 0 days (a license ending today) keeps the previous status.
    pub fn from_days_left(days: i64) -> Option<Self> {
        match days {
            d if d > 90 => Some(VaultLicenseStatus::Valid),
            d if d > 30 => Some(VaultLicenseStatus::Warning),
            d if d > 0 => Some(VaultLicenseStatus::Critical),
            d if d < 0 => Some(VaultLicenseStatus::Expired),
            _ => None,
        }
    }

    /// The status after HES's update, for a vault that has `self` now and `days` left (`None`:
    /// no `LicenseEndDate`, which HES's update skips).
    pub fn after_update(self, days: Option<i64>) -> Self {
        days.and_then(Self::from_days_left).unwrap_or(self)
    }
}

/// Whole days from `today` to the end date's day (negative when past), as HES's
/// `LicenseEndDate.Value.Date.Subtract(DateTime.UtcNow.Date).TotalDays`.
pub fn days_left(end: &NaiveDateTime, today: NaiveDate) -> i64 {
    (end.date() - today).num_days()
}

/// The status HES's next license status update leaves on a vault whose status is `previous` and
/// whose `LicenseEndDate` is `end`, on `today` (UTC).
pub fn status_after_update(
    previous: VaultLicenseStatus,
    end: Option<&NaiveDateTime>,
    today: NaiveDate,
) -> VaultLicenseStatus {
    previous.after_update(end.map(|e| days_left(e, today)))
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
    /// Vaults by the status HES's license status update leaves today: computed from
    /// `LicenseEndDate` by HES's rule, the stored status where that rule changes nothing (no end
    /// date, or ending today). All five, in HES's order.
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
        let at = |prev: VaultLicenseStatus, d: i64| {
            let end = (today + chrono::Duration::days(d)).and_hms_opt(23, 59, 0).unwrap();
            status_after_update(prev, Some(&end), today)
        };
        use VaultLicenseStatus::*;
        assert_eq!(at(None, 91), Valid);
        assert_eq!(at(None, 90), Warning);
        assert_eq!(at(None, 31), Warning);
        assert_eq!(at(None, 30), Critical);
        assert_eq!(at(None, 1), Critical);
        assert_eq!(at(None, -1), Expired);
        assert_eq!(at(Valid, -400), Expired);
        for prev in VaultLicenseStatus::ALL {
            assert_eq!(at(prev, 0), prev, "ending today changes nothing");
            assert_eq!(status_after_update(prev, Option::None, today), prev, "no end date changes nothing");
        }
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
