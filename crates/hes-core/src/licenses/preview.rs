//! What the preview shows before anything is written, and the exportable rejection report.

use serde::Serialize;
use std::io::Write;
use ts_rs::TS;

use super::codes::{LicenseTable, RejectCode, Rejection};
use super::status::StatusCount;

/// How many rejections the preview carries; the report has the first
/// [`super::KEPT_REJECTIONS`], and every rejection is counted.
pub const PREVIEW_REJECTIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct TablePreview {
    pub table: LicenseTable,
    /// Records of the document for this table.
    pub records: u32,
    /// Rows that will be inserted.
    pub new: u32,
    /// Already in the database: skipped, as HES skips them.
    pub present: u32,
    pub rejected: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CodeCount {
    pub code: RejectCode,
    pub count: u32,
}

/// Licenses the console imports where HES's own import would skip them (its skip rule compares
/// order and vault ids across rows, not as pairs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct HesSkip {
    pub count: u32,
    /// One line: HES's rule and what the console does instead.
    pub reason: String,
}

/// The preview of one import (also what an apply reports it did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ImportPreview {
    /// Where the document came from: a file name or the licensing server's address (no key).
    pub source: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// LicenseOrders, HardwareVaults, HardwareVaultLicenses, in that order.
    pub tables: Vec<TablePreview>,
    /// Vaults already in the database that get a new license. As HES's import does, the import
    /// leaves their rows as they are (`HasNewLicense`, `LicenseEndDate`, `LicenseStatus`).
    pub existing_vaults_licensed: u32,
    /// The new vaults by the license status HES will set: they are inserted with None (0), as
    /// HES's import inserts them, and HES's license status update (after its own import, and
    /// every 30 minutes) sets this status and e-mails the admins the change. An expectation for
    /// today (UTC), not what the import writes. All five statuses, in HES's order.
    pub new_vaults_status_after_hes_update: Vec<StatusCount>,
    /// Licenses this import writes that HES's own import would have skipped, and why.
    pub hes_would_skip: HesSkip,
    pub rejected_total: u32,
    /// Rejections per code, most frequent first.
    pub rejection_codes: Vec<CodeCount>,
    /// The first rejections (at most 100), in document order per table.
    pub rejections: Vec<Rejection>,
    /// Rejections the report lists: the first 1 000 (`KEPT_REJECTIONS`); the other
    /// `RejectedTotal - RejectionsKept` are counted only ("and 12 345 more").
    pub rejections_kept: u32,
}

impl ImportPreview {
    pub fn table(&self, t: LicenseTable) -> TablePreview {
        self.tables.iter().copied().find(|p| p.table == t).unwrap_or(TablePreview {
            table: t,
            records: 0,
            new: 0,
            present: 0,
            rejected: 0,
        })
    }

    /// Rows the apply would insert.
    pub fn new_rows(&self) -> u64 {
        self.tables.iter().map(|t| u64::from(t.new)).sum()
    }
}

/// One CSV cell: quoted when it holds a separator, a quote or a line break, and a cell that a
/// spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR; the
/// text comes from the document, so from whoever wrote it) prefixed with `'`.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The rejection report as CSV (`Table,Index,Key,Code,Field,Message,Record`), written as it goes
/// (pass a `BufWriter` on a file): the kept rejections ([`super::RejectionLog`], the first
/// [`super::KEPT_REJECTIONS`]), then, when more were counted, one last row saying how many
/// (code `NotListed`).
pub fn write_report_csv<W: Write>(rejections: &[Rejection], not_listed: u32, mut w: W) -> std::io::Result<()> {
    writeln!(w, "Table,Index,Key,Code,Field,Message,Record")?;
    for r in rejections {
        writeln!(
            w,
            "{},{},{},{},{},{},{}",
            r.table.as_str(),
            r.index,
            csv_field(r.key.as_deref().unwrap_or("")),
            r.code.as_str(),
            csv_field(r.field.as_deref().unwrap_or("")),
            csv_field(&r.message),
            csv_field(&r.record)
        )?;
    }
    if not_listed > 0 {
        writeln!(
            w,
            ",,,NotListed,,{},",
            csv_field(&format!(
                "{not_listed} more rejected records are counted but not listed: the first {} are kept.",
                rejections.len()
            ))
        )?;
    }
    w.flush()
}

/// What an apply did: the preview as computed inside the transaction (the database may have
/// changed since the preview the user saw), and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct ApplyResult {
    pub applied: ImportPreview,
    pub duration_ms: u32,
}
