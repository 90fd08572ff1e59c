//! Sections stored as one JSON object: licensing, splunk, fido, email, customization.

use super::{to_stj, Console};
use crate::rows;
use hes_core::error::AppResult;
use hes_core::settings::view::{Revisions, SettingsView};
use hes_core::settings::{parse_stored, SingleSection};

impl Console {
    pub async fn set_single<S: SingleSection>(
        &self,
        input: S::Input,
        revisions: &Revisions,
    ) -> AppResult<SettingsView> {
        self.check_writable()?;
        let _guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        self.check_revision(&rows, S::KEY, S::TITLE, revisions)?;
        let old = rows.get(S::KEY).map(|raw| parse_stored::<S::Stored>(S::KEY, raw)).transpose()?;
        let stored = S::apply(input, old.as_ref(), self.protector().as_ref())?;
        self.write_rows(&rows, revisions, vec![(S::KEY, S::TITLE, Some(to_stj(&stored)?))]).await?;
        drop(_guard);
        self.view().await
    }

    pub async fn delete_single<S: SingleSection>(&self, revisions: &Revisions) -> AppResult<SettingsView> {
        self.check_writable()?;
        let _guard = self.write_lock.lock().await;
        let rows = rows::read_all(&self.db).await?;
        if !rows.contains_key(S::KEY) {
            self.check_revision(&rows, S::KEY, S::TITLE, revisions)?;
            return Err(hes_core::AppError::new(
                hes_core::ErrorCode::NotFound,
                format!("There are no {} settings to delete.", S::TITLE),
            ));
        }
        self.write_rows(&rows, revisions, vec![(S::KEY, S::TITLE, None)]).await?;
        drop(_guard);
        self.view().await
    }
}
