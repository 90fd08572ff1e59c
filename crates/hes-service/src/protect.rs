//! HES Data Protection operations on the open database, bounded in time as a whole.

use hes_core::error::AppResult;
use hes_core::secret_health::SecretFinding;
use hes_core::Secret;
use hes_store::console::SecretRepairReport;
use hes_store::mysql::bounded;
use hes_store::Console;

/// The stored secrets that need attention under the current Data Protection state.
pub async fn audit(console: &Console) -> AppResult<Vec<SecretFinding>> {
    bounded(console.secret_findings()).await
}

/// Encrypt the secrets left in plaintext after HES enabled Data Protection.
pub async fn now(console: &Console) -> AppResult<SecretRepairReport> {
    bounded(console.protect_now()).await
}

/// Re-encrypt secrets left under a key HES replaced, with the old Data Protection password.
pub async fn recover(console: &Console, old_password: &Secret) -> AppResult<SecretRepairReport> {
    bounded(console.recover_secrets(old_password)).await
}
