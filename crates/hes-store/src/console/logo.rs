//! Customization logos, one slot at a time: the image pipeline (hes_core::logo) runs off the async
//! threads before the write lock is taken; the `customization` row is then compare-and-swapped.

use super::{to_stj, Console};
use crate::rows;
use hes_core::error::{AppError, AppResult};
use hes_core::logo;
use hes_core::settings::customization::{with_logo, Customization};
use hes_core::settings::view::{Revisions, SettingsView};
use hes_core::settings::{parse_stored, SingleSection};

impl Console {
    /// Check, scale and store a logo file's bytes in `slot`.
    pub async fn logo_set(&self, slot: &str, bytes: Vec<u8>, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        logo::slot_size(slot)?;
        let owned = slot.to_string();
        let processed = tokio::task::spawn_blocking(move || logo::process(&owned, &bytes))
            .await
            .map_err(|e| AppError::internal(format!("the logo pipeline stopped: {e}")))??;
        self.write_logo(slot, Some(processed.stored()), revisions).await?;
        tracing::info!(target: "audit", slot, sha256 = %processed.sha256, "logo set");
        self.view().await
    }

    /// Put `slot` back to HES's default logo.
    pub async fn logo_reset(&self, slot: &str, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        logo::slot_size(slot)?;
        self.write_logo(slot, None, revisions).await?;
        tracing::info!(target: "audit", slot, "logo reset");
        self.view().await
    }

    async fn write_logo(
        &self,
        slot: &str,
        logo: Option<hes_core::settings::customization::LogoStored>,
        revisions: &Revisions,
    ) -> AppResult<()> {
        let _guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        self.check_revision(&rows, Customization::KEY, Customization::TITLE, revisions)?;
        let old = rows
            .get(Customization::KEY)
            .map(|raw| parse_stored::<<Customization as SingleSection>::Stored>(Customization::KEY, raw))
            .transpose()?;
        let next = with_logo(old.as_ref(), slot, logo);
        let value = if old.is_none() && next == Default::default() { None } else { Some(to_stj(&next)?) };
        self.write_rows(&rows, revisions, vec![(Customization::KEY, Customization::TITLE, value)]).await
    }
}
