//! HES Console storage and services.
//!
//! - [`db`]: opening a database (the embedded SQLite workspace now; HES's MySQL next) and its schema.
//! - [`rows`]: `AppSettings` reads and compare-and-swap writes, one transaction per change.
//! - [`saml_rows`]: the `SamlRelyingParties` table.
//! - [`console`]: the services the desktop app and `hesctl` share (load, set, delete, show).
//! - [`files`]: reading a file an admin chose, with a size cap.
//! - [`log_file`]: the app's private, size-rotated log file.
//! - [`paths`]: where the local workspace lives.
//! - [`profiles`]: saved connection profiles (`connections.json`) and "Test connection".
//! - [`dp_archive`]: copies of the Data Protection params rows seen, to recover stale secrets.
//! - [`keychain`]: the OS keychain that holds the profiles' passwords.

pub mod cell;
pub mod console;
pub mod db;
pub mod dp_archive;
pub mod files;
pub mod guard;
pub mod history;
pub mod keychain;
pub mod licenses;
pub mod log_file;
pub mod mysql;
pub mod paths;
pub mod pins;
pub mod profiles;
pub mod rows;
pub mod saml_rows;
pub mod tls;
pub mod trust;
pub mod workspace_key;

pub use console::Console;
pub use db::Db;
/// The database connection's pinned path lives with the MySQL connection; the old path stays.
pub use mysql::tls as mysql_tls;
pub use mysql::MySqlTarget;
