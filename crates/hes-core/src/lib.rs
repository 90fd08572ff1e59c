//! HES Console core: everything that needs no I/O.
//!
//! - [`secret`]: the `Secret` type and the masking contract (read `NotSet|Stored`, write `Keep|Replace|Clear`).
//! - [`error`]: the one error type with stable codes.
//! - [`validate`]: HES's DataAnnotations rules plus the console's stricter ones.
//! - [`stj`]: JSON written the way HES's System.Text.Json writes it.
//! - [`settings`]: one module per Parameters section: stored format, view, input, validation.
//! - [`protect`]: HES Data Protection: the crypto, and the `Protector` that turns a secret field into
//!   its stored form and back (plaintext, locked, unlocked, the workspace key).

pub mod config_file;
pub mod connections;
pub mod dates;
pub mod error;
pub mod hes_version;
pub mod history;
pub mod licenses;
pub mod logo;
pub mod protect;
pub mod revision;
pub mod secret;
pub mod settings;
pub mod stage;
pub mod stj;
pub mod validate;
pub mod workspace;

pub use error::{AppError, ErrorCode, FieldError};
/// The health of stored secrets lives with Data Protection; the old path stays for callers.
pub use protect::health as secret_health;
pub use secret::{Secret, SecretInput, SecretState};
