//! Dates as HES's Newtonsoft reads them from HLS (`2027-11-25T00:00:00`, optional fraction of up
//! to 7 digits, optional `Z` or offset) and as the database stores them: `datetime(6)`, naive UTC
//!. An offset is converted to UTC, since HES treats every value as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parse a Newtonsoft date; `None` when it is not one.
pub fn parse_date(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    let naive = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')).unwrap_or(s);
    if let Ok(t) = NaiveDateTime::parse_from_str(naive, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t);
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(naive, "%Y-%m-%dT%H:%M") {
        return Some(t);
    }
    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%:z").ok().map(|t| t.naive_utc())
}

/// The `datetime(6)` text both databases accept: `2027-11-25 00:00:00.000000`.
pub fn db_datetime(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
}

/// The current time as HES's `DateTime.UtcNow`, truncated to microseconds like `datetime(6)`.
pub fn utc_now() -> NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    let micros = now.and_utc().timestamp_micros();
    DateTime::from_timestamp_micros(micros).map(|t| t.naive_utc()).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_newtonsoft_writes() {
        let t = |s| parse_date(s).map(|d| db_datetime(&d));
        assert_eq!(t("2027-11-25T00:00:00").as_deref(), Some("2027-11-25 00:00:00.000000"));
        assert_eq!(t("2021-07-08T10:44:12.1234567").as_deref(), Some("2021-07-08 10:44:12.123456"));
        assert_eq!(t("2021-07-08T10:44:12Z").as_deref(), Some("2021-07-08 10:44:12.000000"));
        assert_eq!(t("2021-07-08T02:00:00+02:00").as_deref(), Some("2021-07-08 00:00:00.000000"));
        assert_eq!(t("2021-07-08").as_deref(), Some("2021-07-08 00:00:00.000000"));
        for bad in ["", "tomorrow", "2021-13-01T00:00:00", "2021-02-30", "08/07/2021", "2021-07-08T25:00:00"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
