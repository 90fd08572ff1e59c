//! License import: the document HLS serves and Hideez
//! sends as a file, read as a stream ([`parse`]), checked record by record ([`fields`]) and
//! across records against the database ([`plan`]), with the preview and report the user sees
//! before anything is written ([`preview`]), HES's license status ([`status`]) and the progress
//! and cancel handle of a running import ([`progress`]). No I/O here: hes-store does the SQL.

pub mod codes;
pub mod dates;
pub mod fields;
pub mod model;
pub mod parse;
pub mod plan;
pub mod preview;
pub mod progress;
pub mod rejections;
pub mod sample;
mod scan;
pub mod status;

pub use codes::{LicenseTable, RejectCode, Rejection};
pub use model::{DataMark, ImportHardwareVaultDto, ParsedDocument};
pub use parse::{
    parse_document, parse_document_as, LicenseData, DEFAULT_MAX_BYTES, MAX_RECORD_BYTES, MAX_RECORD_DEPTH,
};
pub use plan::{plan, Existing, ImportPlan};
pub use preview::{ApplyResult, HesSkip, ImportPreview, TablePreview};
pub use progress::{ImportControl, ImportPhase, ImportProgress};
pub use rejections::{RejectionLog, KEPT_REJECTIONS};
pub use status::{LicenseSummary, VaultLicenseStatus};
