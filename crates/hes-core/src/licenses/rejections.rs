//! The rejections of one import, bounded: every rejected record is counted (per table and per
//! code), only the first [`KEPT_REJECTIONS`] of each table are kept. A crafted document of
//! millions of bad records (`[0,0,0,…]`) so costs a few counters, not a `Rejection` each.

use std::collections::BTreeMap;
use std::ops::Deref;

use super::codes::{LicenseTable, RejectCode, Rejection};

/// How many rejections an import keeps (for the preview and the report); the rest are counted.
pub const KEPT_REJECTIONS: usize = 1000;

/// Rejections counted exactly, the first [`KEPT_REJECTIONS`] per table kept (document order per
/// table). Derefs to the kept ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RejectionLog {
    kept: Vec<Rejection>,
    per_table: [u32; 3],
    by_code: BTreeMap<RejectCode, u32>,
}

impl RejectionLog {
    /// Count `r`; keep it while its table has fewer than [`KEPT_REJECTIONS`] kept.
    pub fn push(&mut self, r: Rejection) {
        let t = r.table as usize;
        self.per_table[t] = self.per_table[t].saturating_add(1);
        let c = self.by_code.entry(r.code).or_default();
        *c = c.saturating_add(1);
        if self.per_table[t] as usize <= KEPT_REJECTIONS {
            self.kept.push(r);
        }
    }

    /// Every rejected record, kept or not.
    pub fn total(&self) -> u32 {
        self.per_table.iter().fold(0u32, |a, b| a.saturating_add(*b))
    }

    /// Rejected records of one table.
    pub fn in_table(&self, t: LicenseTable) -> u32 {
        self.per_table[t as usize]
    }

    /// Rejected records per code (codes in their declaration order).
    pub fn by_code(&self) -> impl Iterator<Item = (RejectCode, u32)> + '_ {
        self.by_code.iter().map(|(c, n)| (*c, *n))
    }

    /// The kept rejections.
    pub fn kept(&self) -> &[Rejection] {
        &self.kept
    }

    /// Rejections counted but not kept.
    pub fn not_kept(&self) -> u32 {
        self.total().saturating_sub(self.kept.len() as u32)
    }

    /// Both logs as one: counts added, the first [`KEPT_REJECTIONS`] of all (by table, then
    /// position in the document) kept, in that order.
    pub fn merged(&self, other: &RejectionLog) -> RejectionLog {
        let mut kept: Vec<Rejection> = self.kept.iter().chain(other.kept.iter()).cloned().collect();
        kept.sort_by_key(|r| (r.table, r.index));
        kept.truncate(KEPT_REJECTIONS);
        let mut by_code = self.by_code.clone();
        for (c, n) in &other.by_code {
            let e = by_code.entry(*c).or_default();
            *e = e.saturating_add(*n);
        }
        let mut per_table = self.per_table;
        for (a, b) in per_table.iter_mut().zip(other.per_table) {
            *a = a.saturating_add(b);
        }
        RejectionLog { kept, per_table, by_code }
    }
}

impl Deref for RejectionLog {
    type Target = [Rejection];
    fn deref(&self) -> &[Rejection] {
        &self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rej(table: LicenseTable, index: u32) -> Rejection {
        Rejection {
            table,
            index,
            key: None,
            code: RejectCode::NotAnObject,
            field: None,
            message: String::new(),
            record: "0".into(),
        }
    }

    #[test]
    fn counts_everything_keeps_the_first_per_table_and_merges_in_order() {
        let mut a = RejectionLog::default();
        for i in 0..(KEPT_REJECTIONS as u32 + 500) {
            a.push(rej(LicenseTable::HardwareVaults, i));
        }
        a.push(rej(LicenseTable::LicenseOrders, 7));
        assert_eq!((a.total(), a.kept().len()), (KEPT_REJECTIONS as u32 + 501, KEPT_REJECTIONS + 1));
        let mut b = RejectionLog::default();
        b.push(rej(LicenseTable::LicenseOrders, 3));
        let m = a.merged(&b);
        assert_eq!(m.total(), KEPT_REJECTIONS as u32 + 502);
        assert_eq!(m.kept().len(), KEPT_REJECTIONS);
        assert_eq!(m.not_kept(), 502);
        assert_eq!((m[0].table, m[0].index, m[1].index), (LicenseTable::LicenseOrders, 3, 7));
        assert_eq!(m.in_table(LicenseTable::HardwareVaults), KEPT_REJECTIONS as u32 + 500);
        assert_eq!(m.by_code().collect::<Vec<_>>(), vec![(RejectCode::NotAnObject, KEPT_REJECTIONS as u32 + 502)]);
    }
}
