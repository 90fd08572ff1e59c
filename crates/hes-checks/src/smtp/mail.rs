//! The test e-mail (RFC 5322, plain text) and the checks on the addresses that go into it.

use std::time::{SystemTime, UNIX_EPOCH};

pub const SUBJECT: &str = "HES Console test e-mail";

/// An address for `MAIL FROM`/`RCPT TO` and a header: `local@domain`, nothing that could break out
/// of the command or header line. Err: why not, in words.
pub(crate) fn check_address(a: &str) -> Result<(), &'static str> {
    if a.is_empty() {
        return Err("is empty");
    }
    if a.chars().any(|c| c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';')) {
        return Err("must be one plain address like name@example.com, without spaces or <>");
    }
    match a.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(()),
        _ => Err("must be an e-mail address like name@example.com"),
    }
}

/// The whole message, CRLF line ends, without the final `.`.
pub(crate) fn message(sender: &str, recipient: &str, now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let nanos = now.duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let domain = sender.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost");
    let lines = [
        format!("From: {sender}"),
        format!("To: {recipient}"),
        format!("Subject: {SUBJECT}"),
        format!("Date: {}", rfc5322_date(secs)),
        format!("Message-ID: <hes-console-check.{secs}.{nanos}.{}@{domain}>", std::process::id()),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=us-ascii".into(),
        "Content-Transfer-Encoding: 7bit".into(),
        "Auto-Submitted: auto-generated".into(),
        String::new(),
        "This is a test e-mail from the HES Console's SMTP check.".into(),
        "It shows that the console's e-mail settings can deliver mail to this address.".into(),
        "No action is needed.".into(),
    ];
    lines.join("\r\n") + "\r\n"
}

/// `Thu, 01 Jan 1970 00:00:00 +0000` (RFC 5322 3.3), in UTC.
fn rfc5322_date(secs: u64) -> String {
    hes_core::dates::format_utc(i64::try_from(secs).unwrap_or(i64::MAX), "%a, %d %b %Y %H:%M:%S +0000")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc5322_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(rfc5322_date(1_767_225_599), "Wed, 31 Dec 2025 23:59:59 +0000");
    }

    #[test]
    fn addresses() {
        assert!(check_address("a@b.c").is_ok());
        for bad in ["", "a", "@b", "a@", "a b@c", "a@b\r\nRCPT TO:<x@y>", "<a@b>", "a@b,c@d"] {
            assert!(check_address(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn message_headers() {
        let m = message("hes@hes.test", "to@hes.test", UNIX_EPOCH + Duration::from_secs(86_400));
        assert!(m.starts_with("From: hes@hes.test\r\nTo: to@hes.test\r\nSubject: HES Console test e-mail\r\n"));
        assert!(m.contains("Date: Fri, 02 Jan 1970 00:00:00 +0000\r\n") && m.contains("@hes.test>\r\n"));
        assert!(m.ends_with("\r\n") && !m.contains("\n\n"));
    }
}
