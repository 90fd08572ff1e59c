//! The operations of HES Console, one function each, for both front ends: the desktop app's Tauri
//! commands (`src-tauri/src/commands`) and `hesctl` (`crates/hesctl`). A front end maps its
//! arguments, calls one function here and shows the result; the rules (which inputs a check reads,
//! its timeout, which CA a TLS client trusts, what a preview keeps for its apply) live here only.
//!
//! Layers, top-down (no cycles):
//! `src-tauri`, `hesctl` → `hes-service` → `hes-checks` → `hes-store` → `hes-core`.
//!
//! - [`profiles`]: the saved connections (a blocking keychain behind an async door), opening one.
//! - [`connections`]: a profile or `mysql://` URL as a target (keychain, pins, SSH leg, what a
//!   front end lays over it), opening it (SSH tunnel, MySQL, Data Protection unlock), testing one.
//! - [`checks`]: diagnostics and an edit dialog's "Test": selection, timeout, extra CA, pins.
//! - [`licenses`]: license import preview / apply / cancel, from the server or a file.
//! - [`stage`]: copying sections from one connection to another.
//! - [`protect`]: Data Protection audit, protect now, recover.
//! - [`settings`]: reading and writing settings and list items, reveal (the store's `Console`).
//!
//! History, revert, export and import are methods of the store's `Console` (the settings service
//! both front ends hold); an SSH tunnel is opened by [`connections::open_target`] before the MySQL
//! connect (the tunnel crate sits beside hes-store, below this one).

pub mod checks;
pub mod connections;
pub mod licenses;
pub mod profiles;
pub mod protect;
pub mod settings;
pub mod stage;

pub use hes_checks::CancellationToken;
pub use profiles::ProfileStore;
