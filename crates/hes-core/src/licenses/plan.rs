//! Checks across records — duplicates in the file, MAC/RFID uniqueness (HES's unique indexes),
//! licenses whose order or device is nowhere — against what the database already holds, and the
//! rows HES's own import would write: orders and vaults whose id exists are skipped,
//! a license is skipped when its (order, vault) pair exists; new vaults take `HasNewLicense` and
//! `LicenseEndDate` from their newest imported license and `LicenseStatus` None (0): HES's
//! license status update sets the status afterwards (and e-mails the change), not the import.
//!
//! HES's own skip rule compares ids across rows: it also skips a license whose order licenses
//! *some* vault and whose vault holds *some* license, although that (order, vault) pair is new
//! (`HardwareVaultService.ImportVaultsAsync`). Such a license is a real, new license the vault
//! needs, so the console imports it (exact pairs only) and counts it separately
//! ([`ImportPlan::hes_would_skip`]) for the preview to say where it differs from HES.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::codes::{LicenseTable, RejectCode, Rejection};
use super::fields::render_record;
use super::model::{id_digest, key_ref, Device, License, Order, ParsedDocument};
use super::preview::{CodeCount, HesSkip, ImportPreview, TablePreview, PREVIEW_REJECTIONS};
use super::progress::{ImportControl, ImportPhase};
use super::rejections::RejectionLog;
use super::status::{status_after_update, StatusCount, VaultLicenseStatus};
use serde_json::json;

/// What the database holds for the keys of one document (filled by the store's lookups). Every
/// key is normalised with [`super::model::key_of`], as MySQL's collations compare them.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    pub vaults: HashSet<String>,
    pub orders: HashSet<String>,
    /// (order, vault) pairs of `HardwareVaultLicenses`.
    pub licenses: HashSet<(String, String)>,
    /// For HES's skip rule, ids exactly as stored (HES compares them in memory, ordinally, not
    /// as MySQL's collation does): orders of the document that license some vault, and vaults
    /// of the document that hold some license, in `HardwareVaultLicenses`.
    pub licensed_orders: HashSet<String>,
    pub licensed_vaults: HashSet<String>,
    /// MAC → the id of the vault that has it.
    pub macs: HashMap<String, String>,
    /// RFID → the id of the vault that has it.
    pub rfids: HashMap<String, String>,
}

/// A vault to insert (index into `ParsedDocument::devices`) and the license columns HES's import
/// sets. `LicenseStatus` is always written as None (0), as HES's import writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVault {
    pub device: usize,
    pub has_new_license: bool,
    pub license_end_date: Option<NaiveDateTime>,
    /// The status HES's next license status update will set (not written by the import).
    pub expected_status: VaultLicenseStatus,
}

/// The one-line reason shown with [`ImportPlan::hes_would_skip`].
pub const HES_SKIP_REASON: &str =
    "HES's own import skips a license when its order already licenses any vault and its vault \
already holds any license, even if that order-vault pair is new; the console imports these licenses (it skips only \
existing order-vault pairs).";

/// The rows to write (indices into the [`ParsedDocument`]) and everything that is not written.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub orders: Vec<usize>,
    pub vaults: Vec<NewVault>,
    pub licenses: Vec<usize>,
    /// Ids (as in the document) of vaults already in the database that get a new license. As in
    /// HES's import, their rows are not changed.
    pub existing_vaults: Vec<String>,
    /// Licenses in `licenses` that HES's own import would have skipped ([`HES_SKIP_REASON`]).
    pub hes_would_skip: u32,
    /// Every rejection (field checks and cross-record checks) counted, the first
    /// [`super::KEPT_REJECTIONS`] kept, per table in document order.
    pub rejections: RejectionLog,
    pub tables: Vec<TablePreview>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// To be inserted: its place among the new rows of its table.
    New(usize),
    Present,
    Rejected,
}

/// Ids the store must look up: orders and vaults named anywhere in the document.
pub fn lookup_keys(doc: &ParsedDocument) -> (Vec<&str>, Vec<&str>) {
    let mut orders: Vec<&str> = doc.orders.iter().map(|o| o.id.as_str()).collect();
    orders.extend(doc.licenses.iter().map(|l| l.order_id.as_str()));
    let mut vaults: Vec<&str> = doc.devices.iter().map(|d| d.id.as_str()).collect();
    vaults.extend(doc.licenses.iter().map(|l| l.device_id.as_str()));
    for list in [&mut orders, &mut vaults] {
        let mut seen = HashSet::with_capacity(list.len());
        list.retain(|k| seen.insert(key_ref(k)));
    }
    (orders, vaults)
}

struct Builder {
    rejections: RejectionLog,
    counts: HashMap<LicenseTable, TablePreview>,
}

impl Builder {
    fn count(&mut self, t: LicenseTable) -> &mut TablePreview {
        self.counts.entry(t).or_insert(TablePreview { table: t, records: 0, new: 0, present: 0, rejected: 0 })
    }

    fn reject(&mut self, at: (LicenseTable, u32, &str, String), code: RejectCode, field: &str, message: String) {
        let (table, index, key, record) = at;
        self.rejections.push(Rejection {
            table,
            index,
            key: Some(key.to_string()),
            code,
            field: Some(field.to_string()),
            message,
            record,
        });
    }
}

// The records rendered back from their checked form (the raw JSON is not kept).
fn date(t: &Option<NaiveDateTime>) -> Option<String> {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
}

fn device_at(d: &Device) -> (LicenseTable, u32, &str, String) {
    let v = json!({"DeviceId": d.id, "MAC": d.mac, "Model": d.model, "RFID": d.rfid, "Firmware": d.firmware});
    (LicenseTable::HardwareVaults, d.index, &d.id, render_record(&v))
}

fn order_at(o: &Order) -> (LicenseTable, u32, &str, String) {
    let v = json!({"Id": o.id, "ContactEmail": o.contact_email, "Note": o.note, "StartDate": date(&o.start_date),
        "EndDate": date(&Some(o.end_date)), "ProlongExistingLicenses": o.prolong_existing_licenses,
        "CreatedAt": date(&Some(o.created_at)), "OrderStatus": o.order_status});
    (LicenseTable::LicenseOrders, o.index, &o.id, render_record(&v))
}

fn license_at<'a>(l: &License, key: &'a str) -> (LicenseTable, u32, &'a str, String) {
    let v = json!({"Id": l.id, "LicenseOrderId": l.order_id, "DeviceId": l.device_id, "EndDate": date(&l.end_date),
        "Data": l.data_mark.map(|m| format!("<{} bytes>", m.len))});
    (LicenseTable::HardwareVaultLicenses, l.index, key, render_record(&v))
}

/// Count records in steps of 1024, so the (throttled) progress callback is offered a report
/// often even though this runs without an await point.
fn tick(ctl: &ImportControl, i: usize) {
    if i % 1024 == 1023 {
        ctl.advance(1024);
    }
}

/// Decide, record by record, what an import of `doc` into a database holding `existing` writes.
/// `today` (UTC) is the day for the status HES's next update will give the new vaults.
pub fn plan(doc: &ParsedDocument, existing: &Existing, today: NaiveDate, ctl: &ImportControl) -> ImportPlan {
    ctl.begin(ImportPhase::Validate, doc.records());
    let mut b = Builder { rejections: RejectionLog::default(), counts: HashMap::new() };
    let mut out = ImportPlan::default();
    b.count(LicenseTable::LicenseOrders).records = doc.order_records;
    b.count(LicenseTable::HardwareVaults).records = doc.device_records;
    b.count(LicenseTable::HardwareVaultLicenses).records = doc.license_records;

    // Orders.
    let mut orders: HashMap<Cow<str>, State> = HashMap::with_capacity(doc.orders.len());
    for (i, o) in doc.orders.iter().enumerate() {
        tick(ctl, i);
        let entry = match orders.entry(key_ref(&o.id)) {
            Entry::Occupied(_) => {
                let msg = format!("Order {} appears earlier in the file.", o.id);
                b.reject(order_at(o), RejectCode::DuplicateInFile, "Id", msg);
                continue;
            }
            Entry::Vacant(v) => v,
        };
        if existing.orders.contains(entry.key().as_ref()) {
            entry.insert(State::Present);
            b.count(LicenseTable::LicenseOrders).present += 1;
        } else {
            entry.insert(State::New(out.orders.len()));
            out.orders.push(i);
        }
    }

    // Vaults: MAC and RFID must be unique among the vaults that will exist afterwards.
    let mut vaults: HashMap<Cow<str>, State> = HashMap::with_capacity(doc.devices.len());
    let mut macs: HashMap<Cow<str>, &str> = HashMap::with_capacity(doc.devices.len());
    let mut rfids: HashMap<Cow<str>, &str> = HashMap::with_capacity(doc.devices.len());
    // The new vaults (document indices), in order; `State::New(n)` is the place in this list.
    let mut new_vaults: Vec<usize> = Vec::new();
    for (i, d) in doc.devices.iter().enumerate() {
        tick(ctl, i);
        let k = key_ref(&d.id);
        if vaults.contains_key(&k) {
            let msg = format!("Device {} appears earlier in the file.", d.id);
            b.reject(device_at(d), RejectCode::DuplicateInFile, "DeviceId", msg);
            continue;
        }
        if existing.vaults.contains(k.as_ref()) {
            vaults.insert(k, State::Present);
            b.count(LicenseTable::HardwareVaults).present += 1;
            continue;
        }
        let (mk, rk) = (key_ref(&d.mac), key_ref(&d.rfid));
        // The first clash found, in the order MAC (database, file), RFID (database, file).
        let clash = existing
            .macs
            .get(mk.as_ref())
            .map(|owner| {
                (RejectCode::DuplicateMac, "MAC", format!("MAC {} belongs to vault {owner} in the database.", d.mac))
            })
            .or_else(|| {
                macs.get(&mk).map(|other| {
                    let m = format!("MAC {} is also the MAC of device {other} earlier in the file.", d.mac);
                    (RejectCode::DuplicateMac, "MAC", m)
                })
            })
            .or_else(|| {
                existing.rfids.get(rk.as_ref()).map(|owner| {
                    let m = format!("RFID {} belongs to vault {owner} in the database.", d.rfid);
                    (RejectCode::DuplicateRfid, "RFID", m)
                })
            })
            .or_else(|| {
                rfids.get(&rk).map(|other| {
                    let m = format!("RFID {} is also the RFID of device {other} earlier in the file.", d.rfid);
                    (RejectCode::DuplicateRfid, "RFID", m)
                })
            });
        if let Some((code, field, msg)) = clash {
            vaults.insert(k, State::Rejected);
            b.reject(device_at(d), code, field, msg);
            continue;
        }
        macs.insert(mk, &d.id);
        rfids.insert(rk, &d.id);
        vaults.insert(k, State::New(new_vaults.len()));
        new_vaults.push(i);
    }

    // Records refused by the field checks still name their order or device for the licenses
    // (a valid record with the same id counts first).
    let rejected = |set: &HashSet<[u8; 16]>, k: &str| set.contains(&id_digest(k)).then_some(State::Rejected);

    // Licenses.
    let mut pairs: HashSet<(Cow<str>, Cow<str>)> = HashSet::with_capacity(doc.licenses.len());
    // Per new vault: the end date of its newest license, once it has one.
    let mut newest: Vec<Option<Option<NaiveDateTime>>> = vec![None; new_vaults.len()];
    let mut touched: HashSet<Cow<str>> = HashSet::new();
    const T: LicenseTable = LicenseTable::HardwareVaultLicenses;
    for (i, l) in doc.licenses.iter().enumerate() {
        tick(ctl, i);
        // Named in a rejection only (most licenses have none).
        let key = || l.id.clone().unwrap_or_else(|| format!("{}/{}", l.order_id, l.device_id));
        let (ok, dk) = (key_ref(&l.order_id), key_ref(&l.device_id));
        let order = orders
            .get(&ok)
            .copied()
            .or_else(|| rejected(&doc.rejected_orders, &ok))
            .or_else(|| existing.orders.contains(ok.as_ref()).then_some(State::Present));
        let vault = vaults
            .get(&dk)
            .copied()
            .or_else(|| rejected(&doc.rejected_devices, &dk))
            .or_else(|| existing.vaults.contains(dk.as_ref()).then_some(State::Present));
        let problem = match (order, vault) {
            (None, _) => Some((
                RejectCode::UnknownOrder,
                "LicenseOrderId",
                format!("Order {} is neither in the file nor in the database.", l.order_id),
            )),
            (Some(State::Rejected), _) => {
                Some((RejectCode::OrderRejected, "LicenseOrderId", format!("Order {} was rejected.", l.order_id)))
            }
            (_, None) => Some((
                RejectCode::UnknownDevice,
                "DeviceId",
                format!("Device {} is neither in the file nor in the database.", l.device_id),
            )),
            (_, Some(State::Rejected)) => {
                Some((RejectCode::DeviceRejected, "DeviceId", format!("Device {} was rejected.", l.device_id)))
            }
            _ => None,
        };
        if let Some((code, field, msg)) = problem {
            b.reject(license_at(l, &key()), code, field, msg);
            continue;
        }
        let pair = (ok, dk);
        if pairs.contains(&pair) {
            let msg =
                format!("A license of order {} for device {} appears earlier in the file.", l.order_id, l.device_id);
            b.reject(license_at(l, &key()), RejectCode::DuplicateInFile, "DeviceId", msg);
            continue;
        }
        // Only orders already in the database have licenses there (none on a first import).
        if !existing.licenses.is_empty() && existing.licenses.contains(&(pair.0.to_string(), pair.1.to_string())) {
            b.count(T).present += 1;
        } else {
            out.licenses.push(i);
            if existing.licensed_orders.contains(&l.order_id) && existing.licensed_vaults.contains(&l.device_id) {
                out.hes_would_skip += 1;
            }
            if let Some(State::New(n)) = vault {
                let best = newest[n].get_or_insert(None);
                if l.end_date > *best {
                    *best = l.end_date;
                }
            } else if touched.insert(pair.1.clone()) {
                out.existing_vaults.push(l.device_id.clone());
            }
        }
        pairs.insert(pair);
    }

    for (i, end) in new_vaults.into_iter().zip(newest) {
        let license_end_date = end.flatten();
        out.vaults.push(NewVault {
            device: i,
            has_new_license: end.is_some(),
            license_end_date,
            expected_status: status_after_update(VaultLicenseStatus::None, license_end_date.as_ref(), today),
        });
    }

    b.count(LicenseTable::LicenseOrders).new = out.orders.len() as u32;
    b.count(LicenseTable::HardwareVaults).new = out.vaults.len() as u32;
    b.count(T).new = out.licenses.len() as u32;
    let rejections = doc.rejections.merged(&b.rejections);
    for t in LicenseTable::ALL {
        b.count(t).rejected = rejections.in_table(t);
    }
    out.tables = LicenseTable::ALL.iter().map(|t| *b.count(*t)).collect();
    out.rejections = rejections;
    ctl.set_done(doc.records());
    ctl.emit_now();
    out
}

impl ImportPlan {
    pub fn preview(&self, source: &str, bytes: u64) -> ImportPreview {
        let mut rejection_codes: Vec<CodeCount> =
            self.rejections.by_code().map(|(code, count)| CodeCount { code, count }).collect();
        rejection_codes.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
        let expected_status = VaultLicenseStatus::ALL
            .iter()
            .map(|s| StatusCount {
                status: *s,
                count: self.vaults.iter().filter(|v| v.expected_status == *s).count() as u32,
            })
            .collect();
        ImportPreview {
            source: source.to_string(),
            bytes,
            tables: self.tables.clone(),
            existing_vaults_licensed: self.existing_vaults.len() as u32,
            new_vaults_status_after_hes_update: expected_status,
            hes_would_skip: HesSkip { count: self.hes_would_skip, reason: HES_SKIP_REASON.to_string() },
            rejected_total: self.rejections.total(),
            rejection_codes,
            rejections: self.rejections.iter().take(PREVIEW_REJECTIONS).cloned().collect(),
            rejections_kept: self.rejections.kept().len() as u32,
        }
    }

    /// Rows the write inserts (the progress total).
    pub fn rows(&self) -> u64 {
        (self.orders.len() + self.vaults.len() + self.licenses.len()) as u64
    }
}
