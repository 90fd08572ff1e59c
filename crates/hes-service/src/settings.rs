//! Settings and list items: read, write, delete, reveal. The store's `Console` already is the
//! one implementation (validation, compare-and-swap, Data Protection); this module bounds each
//! call in time, so neither front end has to remember to.

use hes_core::error::AppResult;
use hes_core::settings::view::SettingsView;
use hes_core::workspace::SecretRef;
use hes_core::Secret;
use hes_store::console::{SetMode, SetOutcome};
use hes_store::mysql::bounded;
use hes_store::Console;

/// Every section as the Settings view shows it (secrets only as stored / not set).
pub async fn view(console: &Console) -> AppResult<SettingsView> {
    bounded(console.view()).await
}

/// Set a section from its JSON text (`hesctl settings set`).
pub async fn set_section(console: &Console, section: &str, json: &str, mode: SetMode) -> AppResult<SetOutcome> {
    bounded(console.set_section(section, json, mode)).await
}

/// Delete a section (lists: every item).
pub async fn delete_section(console: &Console, section: &str) -> AppResult<SettingsView> {
    bounded(console.delete_section(section)).await
}

/// One stored secret in clear, because the admin asked to see it.
pub async fn reveal(console: &Console, target: &SecretRef) -> AppResult<Secret> {
    bounded(console.reveal(target)).await
}
