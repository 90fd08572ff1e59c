//! Customization: `AppSettings['customization']` = `{"ServerName","Logos":{slot:{...}}}`.
//! Logos are set by the image pipeline (a later issue); here they are kept as they are.

use super::{clean, SingleSection};
use crate::error::AppResult;
use crate::protection::Protector;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The logo slots and their target sizes (width, height) in pixels.
pub const LOGO_SLOTS: [(&str, u32, u32); 5] =
    [("main", 240, 60), ("sidebar", 180, 40), ("sidebar-small", 40, 40), ("email", 200, 50), ("favicon", 32, 32)];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogoStored {
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub sha256: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizationStored {
    #[serde(default)]
    pub server_name: Option<String>,
    #[serde(default)]
    pub logos: BTreeMap<String, LogoStored>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct LogoView {
    pub slot: String,
    pub width: u32,
    pub height: u32,
    /// Whether a custom logo is stored; otherwise HES's default is used.
    pub custom: bool,
    #[ts(optional)]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizationView {
    pub server_name: String,
    pub logos: Vec<LogoView>,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomizationInput {
    #[serde(default)]
    pub server_name: String,
}

pub struct Customization;

impl SingleSection for Customization {
    const KEY: &'static str = "customization";
    const TITLE: &'static str = "customization";
    type Stored = CustomizationStored;
    type View = CustomizationView;
    type Input = CustomizationInput;

    fn view(s: &CustomizationStored) -> CustomizationView {
        CustomizationView {
            server_name: s.server_name.clone().unwrap_or_default(),
            logos: LOGO_SLOTS
                .iter()
                .map(|(slot, w, h)| {
                    let stored = s.logos.get(*slot);
                    LogoView {
                        slot: slot.to_string(),
                        width: *w,
                        height: *h,
                        custom: stored.is_some(),
                        sha256: stored.map(|l| l.sha256.clone()),
                    }
                })
                .collect(),
        }
    }

    fn apply(
        input: CustomizationInput,
        old: Option<&CustomizationStored>,
        _p: &dyn Protector,
    ) -> AppResult<CustomizationStored> {
        let mut v = Validator::new();
        let name = clean(&input.server_name);
        v.max_len("ServerName", "Server Name", &name, 64);
        if name.chars().any(char::is_control) {
            v.error("ServerName", "The Server Name must be a single line of text.");
        }
        v.finish()?;
        Ok(CustomizationStored {
            server_name: Some(name).filter(|n| !n.is_empty()),
            logos: old.map(|o| o.logos.clone()).unwrap_or_default(),
        })
    }
}
