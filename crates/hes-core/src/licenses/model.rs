//! The license document HLS serves from `GET api/Devices/GetDevicesWithLicenses/{ApiKey}` and
//! Hideez sends as a file (HES's `ImportHardwareVaultDto`, Newtonsoft names), and the checked
//! records the parser makes of it.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use super::rejections::RejectionLog;

/// The wire form of the whole document (for writing test files and benchmarks; the importer
/// reads records leniently instead, so that one bad record does not fail the document).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportHardwareVaultDto {
    #[serde(rename = "DevicesDto")]
    pub devices_dto: Vec<DeviceDto>,
    #[serde(rename = "DeviceLicensesDto")]
    pub device_licenses_dto: Vec<DeviceLicenseDto>,
    #[serde(rename = "LicenseOrdersDto")]
    pub license_orders_dto: Vec<LicenseOrderDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceDto {
    #[serde(rename = "DeviceId")]
    pub device_id: String,
    #[serde(rename = "MAC")]
    pub mac: String,
    #[serde(rename = "Model")]
    pub model: String,
    #[serde(rename = "RFID")]
    pub rfid: String,
    #[serde(rename = "Firmware")]
    pub firmware: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceLicenseDto {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "LicenseOrderId")]
    pub license_order_id: String,
    #[serde(rename = "DeviceId")]
    pub device_id: String,
    /// Newtonsoft form, e.g. `2027-11-25T00:00:00`.
    #[serde(rename = "EndDate")]
    pub end_date: Option<String>,
    /// Base64.
    #[serde(rename = "Data")]
    pub data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseOrderDto {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "ContactEmail")]
    pub contact_email: String,
    #[serde(rename = "Note")]
    pub note: Option<String>,
    #[serde(rename = "StartDate")]
    pub start_date: Option<String>,
    #[serde(rename = "EndDate")]
    pub end_date: String,
    #[serde(rename = "ProlongExistingLicenses")]
    pub prolong_existing_licenses: bool,
    #[serde(rename = "CreatedAt")]
    pub created_at: String,
    /// `LicenseOrderStatus` ordinal: 0 New … 4 Completed … 7 Undefined.
    #[serde(rename = "OrderStatus")]
    pub order_status: i32,
}

/// A `DevicesDto` record that passed the field checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub index: u32,
    pub id: String,
    pub mac: String,
    pub model: String,
    pub rfid: String,
    pub firmware: String,
}

/// A `DeviceLicensesDto` record that passed the field checks. HES gives each imported license a
/// new GUID, so the document's `Id` is kept only to name the record in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    pub index: u32,
    pub id: Option<String>,
    pub order_id: String,
    pub device_id: String,
    pub end_date: Option<NaiveDateTime>,
    /// Base64-decoded; `None` for an absent or null `Data` (HES stores NULL), and in a document
    /// read as an index ([`ParsedDocument::index_only`]), which keeps only [`License::data_mark`].
    pub data: Option<Vec<u8>>,
    /// The decoded `Data`'s length and fingerprint; `None` for an absent or null `Data`.
    pub data_mark: Option<DataMark>,
}

/// What an index keeps of a license's decoded `Data`: its length and a 64-bit fingerprint, so
/// that the apply's second, streaming read of the file can tell it reads the same bytes the
/// preview counted (a file changed between the two is refused, not imported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataMark {
    pub len: u32,
    pub sum: u64,
}

impl DataMark {
    /// A word-wise multiply-rotate fingerprint (several GB/s: it runs on every license twice).
    /// It detects a changed file, not a forged one; the file is the admin's own.
    pub fn of(b: &[u8]) -> DataMark {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut h: u64 = (b.len() as u64).wrapping_mul(K);
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            h = (h ^ x).wrapping_mul(K).rotate_left(29);
        }
        let mut tail = [0u8; 8];
        tail[..words.remainder().len()].copy_from_slice(words.remainder());
        h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K).rotate_left(29);
        DataMark { len: u32::try_from(b.len()).unwrap_or(u32::MAX), sum: h ^ (h >> 31) }
    }
}

/// A `LicenseOrdersDto` record that passed the field checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub index: u32,
    pub id: String,
    pub contact_email: String,
    pub note: Option<String>,
    pub start_date: Option<NaiveDateTime>,
    pub end_date: NaiveDateTime,
    pub prolong_existing_licenses: bool,
    pub created_at: NaiveDateTime,
    pub order_status: i32,
}

/// A parsed document: the records that passed the field checks, and the ones that did not.
/// Holds each record once (licenses' `Data` decoded); the document text itself is never kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDocument {
    pub devices: Vec<Device>,
    pub licenses: Vec<License>,
    pub orders: Vec<Order>,
    /// Records refused by the field checks, in document order per array: all counted, the
    /// first [`super::KEPT_REJECTIONS`] per array kept.
    pub rejections: RejectionLog,
    /// Ids of the orders and of the devices refused by the field checks ([`id_digest`]: 16
    /// bytes each, whatever the id, so that millions of bad records stay small), so that their
    /// licenses are rejected as `OrderRejected` / `DeviceRejected`. Ids of at most 255
    /// characters: a longer one is no id HES could hold.
    pub rejected_orders: HashSet<[u8; 16]>,
    pub rejected_devices: HashSet<[u8; 16]>,
    /// Records per array as found in the document (valid + rejected).
    pub device_records: u32,
    pub license_records: u32,
    pub order_records: u32,
    /// Size of the document read.
    pub bytes: u64,
    /// Read as an index ([`super::parse::LicenseData::Index`]): licenses keep their
    /// [`DataMark`] but not their `Data`, so only a streaming apply that reads the file again
    /// can write them.
    pub index_only: bool,
}

impl ParsedDocument {
    pub fn records(&self) -> u64 {
        u64::from(self.device_records) + u64::from(self.license_records) + u64::from(self.order_records)
    }
}

/// A key ([`key_of`]-normalised) as 16 bytes of its SHA-256: what [`ParsedDocument`] keeps of
/// rejected records' ids (collision-resistant, so a crafted id cannot pass for another).
pub fn id_digest(normalised_key: &str) -> [u8; 16] {
    use sha2::Digest;
    let d = sha2::Sha256::digest(normalised_key.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

/// How MySQL's `utf8mb4_*_ci` collations compare keys (HES's unique indexes and primary keys):
/// case-insensitively and ignoring trailing spaces. Used for every duplicate check.
pub fn key_of(s: &str) -> String {
    key_ref(s).into_owned()
}

/// [`key_of`] without a copy when `s` is already in that form (ASCII without capitals or
/// trailing spaces, as .NET writes GUIDs): the planner looks up a few keys per record, and
/// allocating each was most of its time.
pub fn key_ref(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim_end_matches(' ');
    if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(t)
    } else {
        std::borrow::Cow::Owned(t.to_lowercase())
    }
}
