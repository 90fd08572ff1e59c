//! Why a record of a license document is not imported: stable codes (scripts and the UI match on
//! them; never rename one) with the table, position and a short rendering of the record.

use serde::Serialize;
use ts_rs::TS;

/// The HES table a record of the document goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
pub enum LicenseTable {
    /// `LicenseOrdersDto` → `LicenseOrders`.
    LicenseOrders,
    /// `DevicesDto` → `HardwareVaults`.
    HardwareVaults,
    /// `DeviceLicensesDto` → `HardwareVaultLicenses`.
    HardwareVaultLicenses,
}

impl LicenseTable {
    pub const ALL: [LicenseTable; 3] =
        [LicenseTable::LicenseOrders, LicenseTable::HardwareVaults, LicenseTable::HardwareVaultLicenses];

    pub fn as_str(self) -> &'static str {
        match self {
            LicenseTable::LicenseOrders => "LicenseOrders",
            LicenseTable::HardwareVaults => "HardwareVaults",
            LicenseTable::HardwareVaultLicenses => "HardwareVaultLicenses",
        }
    }

    /// The array of the document that feeds this table.
    pub fn document_key(self) -> &'static str {
        match self {
            LicenseTable::LicenseOrders => "LicenseOrdersDto",
            LicenseTable::HardwareVaults => "DevicesDto",
            LicenseTable::HardwareVaultLicenses => "DeviceLicensesDto",
        }
    }
}

/// Stable rejection codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
pub enum RejectCode {
    /// The array element is not a JSON object.
    NotAnObject,
    /// A required field is missing, null or blank.
    Required,
    /// An id longer than the 255 characters of HES's `varchar(255)` columns.
    TooLong,
    /// A field has the wrong JSON type (e.g. an object where a string belongs).
    WrongType,
    /// A date HES (Newtonsoft) would not read.
    BadDate,
    /// `Data` is not valid base64.
    BadData,
    /// `OrderStatus` is not one of HES's `LicenseOrderStatus` values (0-7 or their names).
    BadStatus,
    /// The same id (or, for a license, the same order + device) appears earlier in the file.
    DuplicateInFile,
    /// Another vault (earlier in the file, or in the database) has this MAC (HES's unique index).
    DuplicateMac,
    /// Another vault (earlier in the file, or in the database) has this RFID (HES's unique index).
    DuplicateRfid,
    /// The license's order is neither in the file nor in the database.
    UnknownOrder,
    /// The license's device is neither in the file nor in the database.
    UnknownDevice,
    /// The license's order is in the file but was rejected.
    OrderRejected,
    /// The license's device is in the file but was rejected.
    DeviceRejected,
    /// The record holds more data than one record may ([`super::parse::MAX_RECORD_BYTES`]).
    RecordTooLarge,
    /// The record is nested deeper than one record may be ([`super::parse::MAX_RECORD_DEPTH`]).
    RecordTooDeep,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::NotAnObject => "NotAnObject",
            RejectCode::Required => "Required",
            RejectCode::TooLong => "TooLong",
            RejectCode::WrongType => "WrongType",
            RejectCode::BadDate => "BadDate",
            RejectCode::BadData => "BadData",
            RejectCode::BadStatus => "BadStatus",
            RejectCode::DuplicateInFile => "DuplicateInFile",
            RejectCode::DuplicateMac => "DuplicateMac",
            RejectCode::DuplicateRfid => "DuplicateRfid",
            RejectCode::UnknownOrder => "UnknownOrder",
            RejectCode::UnknownDevice => "UnknownDevice",
            RejectCode::OrderRejected => "OrderRejected",
            RejectCode::DeviceRejected => "DeviceRejected",
            RejectCode::RecordTooLarge => "RecordTooLarge",
            RejectCode::RecordTooDeep => "RecordTooDeep",
        }
    }
}

impl std::fmt::Display for RejectCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record that will not be imported, and why (the first problem found in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct Rejection {
    pub table: LicenseTable,
    /// Position in its array of the document, from 0.
    pub index: u32,
    /// The record's id as given (`DeviceId`, order `Id`, license `Id` or `LicenseOrderId/DeviceId`).
    #[ts(optional)]
    pub key: Option<String>,
    pub code: RejectCode,
    /// The document's field name, e.g. `MAC`.
    #[ts(optional)]
    pub field: Option<String>,
    pub message: String,
    /// The record as compact JSON, long strings (e.g. `Data`) shortened.
    pub record: String,
}
