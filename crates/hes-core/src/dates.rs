//! Unix time as text, through chrono: the one place the console turns seconds into a calendar
//! date (certificate validity, the SMTP test mail's `Date:`), so no module carries its own
//! civil-from-days arithmetic.

/// `secs` (Unix time, UTC) in a chrono `format` (`%Y-%m-%dT%H:%M:%SZ`, …). A time chrono cannot
/// represent (beyond ±262 000 years) reads as the epoch.
pub fn format_utc(secs: i64, format: &str) -> String {
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().format(format).to_string()
}

/// The system clock in Unix seconds (0 before 1970).
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp().max(0)
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn formats() {
        const ISO: &str = "%Y-%m-%dT%H:%M:%SZ";
        assert_eq!(format_utc(0, ISO), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400, ISO), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(4_102_444_799, ISO), "2099-12-31T23:59:59Z");
        assert_eq!(format_utc(-1, ISO), "1969-12-31T23:59:59Z");
        assert_eq!(format_utc(i64::MAX, ISO), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_767_225_599, "%a, %d %b %Y %H:%M:%S +0000"), "Wed, 31 Dec 2025 23:59:59 +0000");
    }
}
